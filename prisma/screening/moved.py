"""Decisions whose record moved: after a later dedup run, what the ledger says may
now sit in another study than the one it was made for (pure).

A decision names a record and applies to the study holding it. When dedup merges
studies that were decided apart, or a decided record joins another study, or a
decided record disappears, the decisions no longer mean what the screener saw;
``screen status`` and ``check`` list these studies for a person to look at.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from prisma.decisions.ledger import Decision, Role
from prisma.decisions.settle import Status
from prisma.state import ReviewState


class MoveKind(StrEnum):
    MERGED = "merged"  # decisions on two or more records now in one study
    JOINED = "joined"  # a decided record now belongs to a study led by another record
    MISSING = "missing"  # a decided record is no longer among the identified records


@dataclass(frozen=True)
class MovedDecision:
    study: str  # the study now holding the decisions ("" when the record is missing)
    stage: str
    kind: MoveKind
    records: tuple[str, ...]  # the decided record ids involved
    conflict: bool  # the study's decisions at this stage now disagree
    arbitrated: bool = False  # an arbiter's word settles the study: nothing left to look at

    def __str__(self) -> str:
        ids = ", ".join(self.records)
        if self.kind is MoveKind.MISSING:
            return f"{self.stage}: decisions on {ids}, which no search returns any more"
        text = {
            MoveKind.MERGED: f"{self.stage}: study {self.study} now holds decisions made "
            f"apart on {ids}",
            MoveKind.JOINED: f"{self.stage}: decided record(s) {ids} joined study {self.study}",
        }[self.kind]
        if self.arbitrated:
            return text + "; the arbiter has decided it"
        return text + (" and they now conflict" if self.conflict else "")


def moved_decisions(state: ReviewState) -> list[MovedDecision]:
    """Every study (and stage) whose ledger decisions were made on another grouping."""
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    # Latest class per (study, stage) and (role, screener, record): settlement keeps one
    # word per screener, so disagreement across merged records must be looked for here.
    latest: dict[tuple[str, str], dict[tuple[str, str, str], str]] = defaultdict(dict)
    missing: dict[str, set[str]] = defaultdict(set)
    for entry in state.ledger:
        study = state.study_of.get(entry.record_id)
        if study is None:
            missing[entry.stage].add(entry.record_id)
        else:
            named[(study, entry.stage)].add(entry.record_id)
            key = (entry.role.value, entry.screener, entry.record_id)
            latest[(study, entry.stage)][key] = (
                "pass"
                if entry.decision in (Decision.INCLUDE, Decision.MAYBE)
                else entry.decision.value
            )
    out = []
    for (study, stage), records in sorted(named.items()):
        settled = state.decision(study, stage)
        # An arbiter's word settles the disagreement; before it, any two differing
        # latest words on the study's records are a conflict.
        conflict = settled.status is Status.CONFLICT or (
            settled.role is not Role.ARBITER and len(set(latest[(study, stage)].values())) > 1
        )
        arbitrated = settled.role is Role.ARBITER
        if len(records) > 1:
            out.append(
                MovedDecision(
                    study, stage, MoveKind.MERGED, tuple(sorted(records)), conflict, arbitrated
                )
            )
        elif study not in records:
            out.append(
                MovedDecision(
                    study, stage, MoveKind.JOINED, tuple(sorted(records)), conflict, arbitrated
                )
            )
    for stage, records in sorted(missing.items()):
        out.append(MovedDecision("", stage, MoveKind.MISSING, tuple(sorted(records)), False))
    return out
