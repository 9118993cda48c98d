"""Screening: hand-out and hand-back files, the decision ledger, settlement.

queue (who is handed what), sheet (check codes), identity (whose file),
export, validate + importer, archive (kept hand-backs), undo, conflicts, agreement
(kappa, PABAK), status, moved (decisions a later dedup run moved), prioritise
(relevance order and its simulation). Writing and reading the spreadsheet files
themselves is prisma.spreadsheet; the ledger (with its undo rows) and settlement are
prisma.decisions.
"""
