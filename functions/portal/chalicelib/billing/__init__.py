"""The monthly billing run (chalicelib/billing/service.py)."""
