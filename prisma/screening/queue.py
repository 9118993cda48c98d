"""Who still has to screen what (pure functions of the review state).

A study reaches title/abstract screening unless it was removed before screening
or came only from "other methods" (those go straight to retrieval, as on the
PRISMA diagram). It reaches full text when its title/abstract stage passed
(include or maybe) or it came from other methods. A screener is handed a study
at a stage while the stage is unsettled and not in conflict and that screener
has not decided it; an arbiter is handed the conflicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from prisma.config import SCREENING_STAGES, Group, Stage, _did_you_mean
from prisma.decisions.ledger import LedgerEntry, Role
from prisma.decisions.settle import Status, latest_by_screener
from prisma.errors import ReviewError
from prisma.state import ReviewState


def stage_name(stage: Stage | str) -> str:
    """The screening stage's name; an identification or unknown stage is an error."""
    if stage not in SCREENING_STAGES:
        raise ReviewError(
            f"unknown stage {stage!r}",
            kind="screening",
            hint="use " + " or ".join(s.value for s in SCREENING_STAGES),
        )
    return Stage(stage).value


def entries_by_study(state: ReviewState) -> dict[tuple[str, str], list[LedgerEntry]]:
    """Ledger rows per (study, stage), in ledger order (rows of unknown records left out)."""
    grouped: dict[tuple[str, str], list[LedgerEntry]] = defaultdict(list)
    for entry in state.ledger:
        study = state.study_of.get(entry.record_id)
        if study is not None:
            grouped[(study, entry.stage)].append(entry)
    return grouped


def skips_title_abstract(state: ReviewState, study: str) -> bool:
    return state.group_of(study) is Group.OTHER


def removed(state: ReviewState, study: str) -> bool:
    return state.decision(study, Stage.IDENTIFICATION).status is Status.SETTLED


def eligible(state: ReviewState, stage: str) -> list[str]:
    """Studies that reach this stage, sorted by (round, study id)."""
    stage = stage_name(stage)
    out = []
    for study in state.members:
        if removed(state, study):
            continue
        if stage == Stage.TITLE_ABSTRACT:
            if not skips_title_abstract(state, study):
                out.append(study)
        elif (
            skips_title_abstract(state, study) or state.decision(study, Stage.TITLE_ABSTRACT).passes
        ):
            out.append(study)
    return sorted(out, key=lambda s: (state.study_round(s), s))


def deciders(entries: Iterable[LedgerEntry], role: Role = Role.SCREENER) -> set[str]:
    return {name for (r, name) in latest_by_screener(entries) if r is role}


def awaiting(
    state: ReviewState,
    stage: str,
    screener: str | None,
    grouped: dict[tuple[str, str], list[LedgerEntry]] | None = None,
) -> list[str]:
    """Studies still to hand to ``screener`` (None: anyone) at ``stage``, in default order."""
    stage = stage_name(stage)
    grouped = entries_by_study(state) if grouped is None else grouped
    out = []
    for study in eligible(state, stage):
        status = state.decision(study, stage).status
        if status not in (Status.NONE, Status.PARTIAL):
            continue
        if screener is not None and screener in deciders(grouped.get((study, stage), ())):
            continue
        out.append(study)
    return out


def conflicts(state: ReviewState, stage: str) -> list[str]:
    stage = stage_name(stage)
    return [s for s in eligible(state, stage) if state.decision(s, stage).status is Status.CONFLICT]


def decided_by(
    grouped: dict[tuple[str, str], list[LedgerEntry]], stage: str, screener: str, role: Role
) -> dict[str, LedgerEntry]:
    """Study -> the latest entry of this screener in this role at this stage."""
    out: dict[str, LedgerEntry] = {}
    for (study, st), entries in grouped.items():
        if st != stage:
            continue
        latest = latest_by_screener(entries).get((role, screener))
        if latest is not None:
            out[study] = latest
    return out


def check_screener(state: ReviewState, stage: str, screener: str, arbiter: bool) -> None:
    """A name config.toml does not list for this stage is a typo until proven otherwise."""
    settings = state.config.stage(stage)
    if arbiter:
        if settings.arbiter and screener != settings.arbiter:
            raise ReviewError(
                f"{screener!r} is not the arbiter for {stage}",
                file=state.config.path,
                kind="screening",
                hint=f"config.toml names {settings.arbiter!r}",
            )
        return
    if settings.screeners and screener not in settings.screeners:
        raise ReviewError(
            f"{screener!r} is not a screener for {stage}",
            file=state.config.path,
            kind="screening",
            hint=_did_you_mean(screener, list(settings.screeners))
            or (
                "config.toml lists " + ", ".join(settings.screeners) + f" under [screening.{stage}]"
            ),
        )
