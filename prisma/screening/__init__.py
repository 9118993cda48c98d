"""Screening: hand-out and hand-back CSV files, the decision ledger, settlement.

ledger (the append-only decisions.csv), settle (one study at one stage), queue (who is
handed what), sheet (spreadsheet-safe CSV), export, validate + importer, conflicts,
agreement (kappa, PABAK), status, moved (decisions a later dedup run moved),
prioritise (relevance order and its simulation).
"""
