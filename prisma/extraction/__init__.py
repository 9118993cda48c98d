"""Data extraction: the form, the spreadsheet round trip, dual extraction, evidence tables.

Works like screening and reuses its pieces rather than copying them: the hand-out
writer and reader (``prisma.spreadsheet``), check codes and hand-out identities
(``screening.sheet``, ``screening.identity``), row identity checks
(``screening.validate.check_identity``), kept hand-back copies (``screening.archive``),
the ledger appender and "latest word per person, the arbiter overrides"
(``prisma.decisions``) and the agreement statistics (``screening.agreement``).
"""
