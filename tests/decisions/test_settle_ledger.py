"""Settling the whole ledger: decisions apply to studies, unknown records are kept apart."""

from __future__ import annotations

from prisma.decisions.ledger import Decision, LedgerEntry, Role
from prisma.decisions.settle import Status, settle_ledger


def row(record: str, stage: str, decision: Decision, screener: str = "ann") -> LedgerEntry:
    return LedgerEntry(
        "2024-01-01T00:00:00Z", 1, stage, record, decision, "", screener, Role.SCREENER, "f", "s"
    )


def test_a_decision_on_any_member_settles_its_study() -> None:
    study_of = {"a:1": "a:1", "b:1": "a:1", "c:1": "c:1"}
    ledger = [
        row("b:1", "title_abstract", Decision.INCLUDE, "ann"),
        row("a:1", "title_abstract", Decision.INCLUDE, "bob"),
        row("c:1", "title_abstract", Decision.EXCLUDE, "ann"),
        row("x:9", "title_abstract", Decision.EXCLUDE, "ann"),
    ]
    settled, unknown = settle_ledger(ledger, study_of, lambda stage: 2)
    assert settled[("a:1", "title_abstract")].status is Status.SETTLED
    assert settled[("c:1", "title_abstract")].status is Status.PARTIAL  # one of two screeners
    assert [e.record_id for e in unknown] == ["x:9"]
    assert set(settled) == {("a:1", "title_abstract"), ("c:1", "title_abstract")}
