"""``screen conflicts``: the studies two screeners disagree on, side by side, for the arbiter.

The arbiter fills the ``decision``/``reason`` columns and hands the file back with
``screen import --arbiter``; their decision settles the study.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prisma.config import Stage
from prisma.decisions.ledger import Role
from prisma.decisions.settle import latest_by_record
from prisma.load import load_state
from prisma.screening import identity
from prisma.screening.export import IDENTITY_COLUMNS, columns, decision_columns, info_cells
from prisma.screening.queue import conflicts, entries_by_study, stage_name
from prisma.screening.sheet import write_handout
from prisma.state import ReviewState
from prisma.workspace import Workspace


@dataclass(frozen=True)
class ConflictFile:
    path: Path
    stage: str
    studies: tuple[str, ...]


def conflict_rows(state: ReviewState, stage: str) -> tuple[list[str], list[list[object]]]:
    """Header and rows: study information, then each screener's latest decision (one
    per record they decided: after a dedup merge one screener may have two sides)."""
    stage = stage_name(stage)
    grouped = entries_by_study(state)
    studies = conflicts(state, stage)
    cell = identity.identity_for(
        state, stage, Role.ARBITER, state.config.stage(stage).arbiter or ""
    ).cell
    # At full text each side also shows the study the screener linked the report to.
    linked = stage == Stage.FULL_TEXT
    sides: list[list[tuple[str, ...]]] = []
    for study in studies:
        latest = latest_by_record(grouped[(study, stage)])
        records = {record for (role, _, record) in latest if role is Role.SCREENER}
        sides.append(
            sorted(
                (
                    name if len(records) == 1 else f"{name} on {record}",
                    e.decision.value,
                    e.reason,
                    e.notes,
                )
                + ((e.same_study_as,) if linked else ())
                for (role, name, record), e in latest.items()
                if role is Role.SCREENER
            )
        )
    width = max((len(s) for s in sides), default=2)
    header = columns(stage)
    for n in range(1, width + 1):
        header += [f"screener_{n}", f"decision_{n}", f"reason_{n}", f"notes_{n}"]
        header += [f"same_study_as_{n}"] if linked else []
    header += decision_columns(stage) + IDENTITY_COLUMNS
    blank = [""] * len(decision_columns(stage))
    rows = []
    for study, side in zip(studies, sides, strict=True):
        cells = info_cells(state, study, stage, cell)
        for n in range(width):
            cells += list(side[n]) if n < len(side) else [""] * (5 if linked else 4)
        rows.append(cells + blank + [cell])
    return header, rows


def write_conflicts(
    ws: Workspace, stage: str, out: str | Path | None = None, state: ReviewState | None = None
) -> ConflictFile:
    state = state or load_state(ws)
    stage = stage_name(stage)
    header, rows = conflict_rows(state, stage)
    path = Path(out) if out else ws.build_dir / "screening" / f"{stage}_conflicts.csv"
    write_handout(path, header, rows)
    return ConflictFile(path, stage, tuple(str(r[0]) for r in rows))
