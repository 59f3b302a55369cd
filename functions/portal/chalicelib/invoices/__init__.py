"""Invoices: gapless numbers, PDF with embedded e-invoice, stored once, mailed."""
