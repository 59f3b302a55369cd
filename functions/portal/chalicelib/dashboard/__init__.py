"""Übersicht: one request for the dashboard's cards (contract, next debit, newest invoice, tickets, orders)."""
