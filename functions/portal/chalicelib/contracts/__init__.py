"""Vertragsdaten: licence, options, prices, scheduled changes and the prorated charges they cause."""
