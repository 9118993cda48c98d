"""Screening: hand-out and hand-back CSV files, the decision ledger, settlement."""
