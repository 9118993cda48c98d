"""Screening decisions as data: the append-only ledger and how it settles a study.

Below both the review-state model (which holds the settled decisions) and the
screening workflow (which writes the ledger), so that every import points one way.
"""
