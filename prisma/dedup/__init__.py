"""Duplicate detection: which records report the same study.

The public seam is :func:`deduplicate`; everything a stage after it needs is in
:class:`DedupResult`. ``exact`` is the identifier-only engine; the rule engine
(normalise -> block -> compare -> classify -> cluster -> merge) slots in behind
the same call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from prisma.records import Record


@dataclass(frozen=True)
class Match:
    """Two records judged to be the same study (or maybe), and why."""

    a: str
    b: str
    rule: str  # name of the rule that decided, e.g. "same_doi"
    score: float = 1.0
    detail: str = ""


@dataclass(frozen=True)
class PairDecision:
    """A person's verdict on a "maybe" pair, from records/duplicates_review.csv."""

    a: str
    b: str
    same: bool


@dataclass
class DedupResult:
    clusters: list[tuple[str, ...]]  # every input record id in exactly one cluster, sorted
    matches: list[Match] = field(default_factory=list)  # the links that merged clusters
    maybe: list[Match] = field(default_factory=list)  # for a person to decide


def deduplicate(
    records: Sequence[Record],
    *,
    method: str = "exact",
    reviewed: Sequence[PairDecision] = (),
    options: dict[str, object] | None = None,
) -> DedupResult:
    """Group records into studies. ``reviewed`` pair decisions always win."""
    if method == "exact":
        from prisma.dedup.exact import deduplicate_exact

        return deduplicate_exact(records, reviewed=reviewed)
    from prisma.dedup.engine import deduplicate_rules

    return deduplicate_rules(records, reviewed=reviewed, options=options or {})
