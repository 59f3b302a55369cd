"""Operator tools that read the Kundencenter data (run from the repository root)."""
