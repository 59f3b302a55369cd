"""Statistik: orders reported by unicorn 2 (ingest by licence key), aggregates, lists and exports."""
