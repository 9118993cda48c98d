"""``screen status``: per stage and screener, what was handed out, returned, awaiting,
in conflict, and how well screeners agreed before resolution (pure).

"Handed out" is derived, not logged: the studies this screener has returned plus
those still awaiting them (exactly what ``screen export`` would give them now).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from prisma.config import SCREENING_STAGES
from prisma.decisions.ledger import LedgerEntry, Role
from prisma.decisions.settle import Status, latest_by_screener
from prisma.screening.agreement import RULE, Agreement, agreement
from prisma.screening.moved import MovedDecision, moved_decisions
from prisma.screening.queue import awaiting, conflicts, eligible, entries_by_study
from prisma.screening.stop import StopStatus, format_stop_status, stop_status
from prisma.state import ReviewState


@dataclass(frozen=True)
class ScreenerCount:
    screener: str
    role: Role
    handed_out: int
    returned: int
    awaiting: int
    conflicts: int  # studies in conflict where this screener's decision is one side


@dataclass(frozen=True)
class StageStatus:
    stage: str
    eligible: int  # studies that reach this stage
    settled: int
    conflicts: int
    unscreened: int  # eligible studies nobody has decided yet
    screeners: tuple[ScreenerCount, ...]
    agreement: tuple[Agreement, ...]


@dataclass(frozen=True)
class ScreeningStatus:
    stages: tuple[StageStatus, ...]
    moved: tuple[MovedDecision, ...]
    unknown: tuple[LedgerEntry, ...] = field(default=())
    rule: str = RULE
    stopping: StopStatus | None = None  # title/abstract's stopping rule, once anyone screened


def stage_status(
    state: ReviewState, stage: str, grouped: dict[tuple[str, str], list[LedgerEntry]]
) -> StageStatus:
    studies = eligible(state, stage)
    statuses = {s: state.decision(s, stage).status for s in studies}
    in_conflict = set(conflicts(state, stage))
    latest: dict[str, dict[tuple[Role, str], LedgerEntry]] = {
        s: latest_by_screener(grouped.get((s, stage), ())) for s in studies
    }
    names = set(state.config.stage(stage).screeners)
    arbiter_names: set[str] = set()
    for per in latest.values():
        for role, name in per:
            (arbiter_names if role is Role.ARBITER else names).add(name)
    if state.config.stage(stage).arbiter:
        arbiter_names.add(state.config.stage(stage).arbiter)
    counts = []
    for name in sorted(names):
        returned = sum(1 for per in latest.values() if (Role.SCREENER, name) in per)
        waiting = len(awaiting(state, stage, name, grouped))
        mine = sum(1 for s in in_conflict if (Role.SCREENER, name) in latest[s])
        counts.append(
            ScreenerCount(name, Role.SCREENER, returned + waiting, returned, waiting, mine)
        )
    for name in sorted(arbiter_names):
        returned = sum(1 for per in latest.values() if (Role.ARBITER, name) in per)
        counts.append(
            ScreenerCount(
                name, Role.ARBITER, returned + len(in_conflict), returned, len(in_conflict), 0
            )
        )
    pairs = []
    for first, second in combinations(sorted(names), 2):
        both = [
            (per[(Role.SCREENER, first)].decision, per[(Role.SCREENER, second)].decision)
            for per in latest.values()
            if (Role.SCREENER, first) in per and (Role.SCREENER, second) in per
        ]
        if both:
            pairs.append(agreement(first, second, both))
    return StageStatus(
        stage=stage,
        eligible=len(studies),
        settled=sum(1 for v in statuses.values() if v is Status.SETTLED),
        conflicts=len(in_conflict),
        unscreened=sum(1 for v in statuses.values() if v is Status.NONE),
        screeners=tuple(counts),
        agreement=tuple(pairs),
    )


def screening_status(state: ReviewState) -> ScreeningStatus:
    grouped = entries_by_study(state)
    stages = tuple(stage_status(state, s.value, grouped) for s in SCREENING_STAGES)
    stopping = stop_status(state)
    # Whether to stop is a question while studies wait unscreened, or once a stop is made.
    asked = (stopping.verdict.screened and stopping.evidence.remainder) or stopping.stops
    return ScreeningStatus(
        stages,
        tuple(moved_decisions(state)),
        tuple(state.unknown_decisions),
        stopping=stopping if asked else None,
    )


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_status(status: ScreeningStatus) -> str:
    """Plain-text report for the terminal."""
    lines = []
    for st in status.stages:
        lines.append(
            f"{st.stage}: {st.eligible} studies, {st.settled} settled, "
            f"{st.conflicts} in conflict, {st.unscreened} not screened by anyone"
        )
        for c in st.screeners:
            lines.append(
                f"  {c.role.value} {c.screener}: handed out {c.handed_out}, "
                f"returned {c.returned}, awaiting {c.awaiting}, "
                f"conflicts {c.conflicts}"
            )
        for a in st.agreement:
            lines.append(
                f"  agreement {a.first} vs {a.second} (n={a.n}): "
                f"kappa {_figure(a.kappa)}, PABAK {_figure(a.pabak)}, "
                f"observed {_figure(a.observed)}"
            )
    if any(st.agreement for st in status.stages):
        lines.append(f"  (agreement before resolution; {status.rule})")
    if status.stopping is not None:
        lines.extend(format_stop_status(status.stopping))
    if status.moved:
        lines.append(f"decisions affected by a later dedup run: {len(status.moved)}")
        lines.extend(f"  {m}" for m in status.moved)
    return "\n".join(lines)
