"""Screening: hand-out and hand-back files, the decision ledger, settlement.

ledger (the append-only decisions.csv and its undo rows), settle (one study at one
stage), queue (who is handed what), sheet (check codes), identity (whose file),
export, validate + importer, archive (kept hand-backs), undo, conflicts, agreement
(kappa, PABAK), status, moved (decisions a later dedup run moved), prioritise
(relevance order and its simulation). Writing and reading the spreadsheet files
themselves is prisma.spreadsheet.
"""
