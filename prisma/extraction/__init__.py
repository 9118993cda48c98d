"""Data extraction: the form, the spreadsheet round trip, dual extraction, evidence tables.

Works like screening (``prisma/screening/``) and reuses its pieces: the spreadsheet-proof
CSV and check codes (``sheet``), row identity checks (``validate``), the append-only
ledger writer, "latest word per person, the arbiter overrides" (``settle``) and the
agreement statistics.
"""
