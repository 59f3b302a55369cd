"""Weitere Kontaktdaten: up to ten further e-mail addresses and ten phone numbers per customer."""
