"""Intake: what enters the workspace and how it is logged (PRISMA-S).

``files`` imports exports byte-exact into ``records/raw/``; ``pubmed`` runs the
PubMed search workflow (config, query file, progress, search log) on top of the
E-utilities client in :mod:`prisma.sources`; ``rules`` holds the search-log rules
(which round a new search joins, the date in a file's name, files the config's
globs name that the log lacks). Parsing bytes into records is :mod:`prisma.sources`.
"""
