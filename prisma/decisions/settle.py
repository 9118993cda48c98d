"""Settlement: what the ledger says about one study at one stage (pure).

Per screener the latest decision counts. An arbiter's latest decision overrides
the screeners. With no human decision an automation tool's decision settles the
study (and is counted apart on the diagram). Otherwise the study is settled when
``required`` screeners have decided and agree; at title/abstract "include" and
"maybe" agree (both send the study on to full text).

Agreement is judged per screener *and record*: when dedup later merges records that
were screened apart (a person's "same" in records/duplicates_review.csv), their
decisions meet in one study; if they disagree, even two words of one screener, the
study is in conflict and goes to the arbiter like any other conflict. At full text, screeners who mark a report as a companion of another study agree only
when they name the same study (an arbiter's link, like an arbiter's decision, settles
it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

from prisma.decisions.ledger import Decision, LedgerEntry, Role


class Status(StrEnum):
    NONE = "none"  # nobody has decided
    PARTIAL = "partial"  # fewer screeners than required
    CONFLICT = "conflict"  # screeners disagree and no arbiter has settled it
    SETTLED = "settled"


@dataclass(frozen=True)
class Settled:
    status: Status
    decision: Decision | None = None
    reasons: tuple[str, ...] = ()  # every reason code given by those who settled it
    role: Role | None = None  # who settled it (arbiter, screener or automation)
    record_ids: tuple[str, ...] = ()  # ledger record ids behind the settling decisions
    same_study_as: str = ""  # full text: the study this report is a companion of

    @property
    def passes(self) -> bool:
        return self.status is Status.SETTLED and self.decision in (Decision.INCLUDE, Decision.MAYBE)


def _agreement_class(decision: Decision) -> str:
    return "pass" if decision in (Decision.INCLUDE, Decision.MAYBE) else decision.value


class Said(Protocol):
    """Anything a person said in a ledger: a screening decision, an extracted value."""

    @property
    def role(self) -> Role: ...

    @property
    def screener(self) -> str: ...


S = TypeVar("S", bound=Said)


def latest_by_screener(entries: Iterable[S]) -> dict[tuple[Role, str], S]:
    """The last word of each (role, person); ledger order is time order."""
    latest: dict[tuple[Role, str], S] = {}
    for entry in entries:
        latest[(entry.role, entry.screener)] = entry
    return latest


def latest_by_record(entries: Iterable[LedgerEntry]) -> dict[tuple[Role, str, str], LedgerEntry]:
    """The last word of each (role, screener) on each record of a study."""
    latest: dict[tuple[Role, str, str], LedgerEntry] = {}
    for entry in entries:
        latest[(entry.role, entry.screener, entry.record_id)] = entry
    return latest


def settle(entries: Iterable[LedgerEntry], required: int = 1) -> Settled:
    """Settle one study at one stage from its ledger rows (in ledger order)."""
    entries = entries if isinstance(entries, list) else list(entries)
    if len(entries) == 1:  # the common case, kept cheap for large ledgers
        only = entries[0]
        if only.role is Role.SCREENER and required > 1:
            return Settled(Status.PARTIAL, record_ids=(only.record_id,))
        return Settled(
            Status.SETTLED,
            only.decision,
            only.reasons,
            only.role,
            (only.record_id,),
            only.same_study_as,
        )
    latest = latest_by_screener(entries)
    if not latest:
        return Settled(Status.NONE)
    arbiters = [e for (role, _), e in latest.items() if role is Role.ARBITER]
    if arbiters:
        final = arbiters[-1] if len(arbiters) == 1 else max(arbiters, key=lambda e: e.time)
        return Settled(
            Status.SETTLED,
            final.decision,
            final.reasons,
            Role.ARBITER,
            (final.record_id,),
            final.same_study_as,
        )
    humans = [e for (role, _), e in latest.items() if role is Role.SCREENER]
    if not humans:
        tools = [e for (role, _), e in latest.items() if role is Role.AUTOMATION]
        final = max(tools, key=lambda e: e.time)
        return Settled(
            Status.SETTLED,
            final.decision,
            final.reasons,
            Role.AUTOMATION,
            (final.record_id,),
            final.same_study_as,
        )
    classes = {
        (_agreement_class(e.decision), e.same_study_as)
        for (role, _, _), e in latest_by_record(entries).items()
        if role is Role.SCREENER
    }
    if len(classes) > 1:
        return Settled(Status.CONFLICT, record_ids=tuple(sorted({e.record_id for e in humans})))
    if len(humans) < required:
        return Settled(Status.PARTIAL, record_ids=tuple(sorted({e.record_id for e in humans})))
    decisions = {e.decision for e in humans}
    decision = Decision.INCLUDE if Decision.INCLUDE in decisions else decisions.pop()
    reasons: list[str] = []
    for entry in sorted(humans, key=lambda e: e.screener):
        reasons.extend(r for r in entry.reasons if r not in reasons)
    return Settled(
        Status.SETTLED,
        decision,
        tuple(reasons),
        Role.SCREENER,
        tuple(sorted({e.record_id for e in humans})),
        humans[0].same_study_as,
    )


def settle_ledger(
    ledger: Iterable[LedgerEntry],
    study_of: Mapping[str, str],
    required: Callable[[str], int],
) -> tuple[dict[tuple[str, str], Settled], list[LedgerEntry]]:
    """Every (study, stage) the ledger names, settled; and the rows naming no known record.

    A decision names any member's record id and applies to its study; ``required``
    gives how many screeners a stage needs.
    """
    grouped: dict[tuple[str, str], list[LedgerEntry]] = defaultdict(list)
    unknown = []
    for entry in ledger:
        study = study_of.get(entry.record_id)
        if study is None:
            unknown.append(entry)
            continue
        grouped[(study, entry.stage)].append(entry)
    settled = {
        (study, stage): settle(entries, required(stage))
        for (study, stage), entries in grouped.items()
    }
    return settled, unknown
