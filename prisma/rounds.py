"""What each round brought and what is left to do (pure: from ReviewState)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from prisma.config import SCREENING_STAGES, Group, Stage
from prisma.decisions.settle import Status
from prisma.overlap import round_overlaps
from prisma.state import ReviewState


@dataclass
class RoundStatus:
    round: int
    searches: list[tuple[str, str, int]]  # (source, date searched, records retrieved)
    records: int
    refound: int  # records that joined a study of an earlier round
    within_round_duplicates: int
    new_studies: list[str] = field(default_factory=list)
    stages: dict[Stage, Counter[str]] = field(default_factory=dict)  # stage -> status counts
    overlaps: list[str] = field(default_factory=list)  # exports holding each other's records


def review_status(state: ReviewState) -> list[RoundStatus]:
    by_id = state.by_id()
    out = []
    for round_ in state.rounds:
        items = [i for i in state.identified if i.round == round_]
        refound = within = 0
        new: list[str] = []
        for item in items:
            study = state.study_of[item.record.id]
            if study == item.record.id:
                new.append(study)
            elif by_id[study].round < round_:
                refound += 1
            else:
                within += 1
        stages: dict[Stage, Counter[str]] = {}
        for stage in SCREENING_STAGES:
            counter: Counter[str] = Counter()
            for study in new:
                if state.decision(study, Stage.IDENTIFICATION).status is Status.SETTLED:
                    continue
                if stage is Stage.TITLE_ABSTRACT and state.group_of(study) is Group.OTHER:
                    continue
                screened_first = state.group_of(study) is not Group.OTHER
                if (
                    stage is Stage.FULL_TEXT
                    and screened_first
                    and not state.decision(study, Stage.TITLE_ABSTRACT).passes
                ):
                    continue
                settled = state.decision(study, stage)
                label = (
                    settled.decision.value
                    if settled.status is Status.SETTLED and settled.decision
                    else (settled.status.value if settled.status is not Status.NONE else "awaiting")
                )
                counter[label] += 1
            stages[stage] = counter
        searches = [
            (e.source, e.date_searched, e.records_retrieved)
            for e in sorted(state.log, key=lambda e: (e.date_searched, e.source))
            if e.round == round_
        ]
        overlaps = [o.describe() for o in round_overlaps(state) if o.round == round_]
        out.append(
            RoundStatus(
                round_, searches, len(items), refound, within, sorted(new), stages, overlaps
            )
        )
    return out
