"""``screen import``: a returned hand-out file into the decision ledger, all or nothing.

Every row is validated first; one bad row and nothing is written (the ledger stays
byte-identical). Rows equal to the screener's latest decision on that study are
skipped, so importing a file twice changes nothing; a changed decision is appended
and supersedes the earlier one, which stays in the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prisma.config import Stage
from prisma.decisions import ledger
from prisma.decisions.ledger import LedgerEntry, Role
from prisma.errors import ReviewError
from prisma.load import load_state
from prisma.screening.export import study_record
from prisma.screening.queue import (
    awaiting,
    check_screener,
    conflicts,
    decided_by,
    entries_by_study,
    stage_name,
)
from prisma.screening.sheet import check_code, read_sheet
from prisma.screening.validate import Context, validate_rows
from prisma.searchlog import current_round
from prisma.state import ReviewState
from prisma.workspace import Workspace

REQUIRED = ("study_id", "check", "decision")


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Imported:
    file: str
    stage: str
    screener: str
    role: Role
    recorded: int  # new ledger rows
    changed: int  # of which supersede an earlier decision of this screener
    unchanged: int  # rows equal to the screener's latest decision (not written again)
    pending: int  # rows with no decision yet
    entries: tuple[LedgerEntry, ...] = ()


def infer_stage(path: Path) -> str:
    """The stage from the hand-out file name (``title_abstract_ann.csv``), if it says."""
    for stage in Stage:
        if re.search(rf"(^|[^a-z]){stage.value}([^a-z]|$)", path.name.casefold()):
            return stage.value
    raise ReviewError(
        "cannot tell the stage from the file name",
        file=path,
        kind="screening",
        hint="pass --stage title_abstract or --stage full_text",
    )


def import_decisions(
    ws: Workspace,
    file: str | Path,
    screener: str,
    *,
    stage: str | None = None,
    arbiter: bool = False,
    clock: Callable[[], str] = utc_now,
    state: ReviewState | None = None,
) -> Imported:
    path = Path(file)
    stage = stage_name(stage) if stage else infer_stage(path)
    screener = screener.strip()
    if not screener:
        raise ReviewError("--screener must name who screened the file", kind="screening")
    state = state or load_state(ws)
    check_screener(state, stage, screener, arbiter)
    role = Role.ARBITER if arbiter else Role.SCREENER
    sheet = read_sheet(path, REQUIRED)
    grouped = entries_by_study(state)
    previous = decided_by(grouped, stage, screener, role)
    handed = set(conflicts(state, stage) if arbiter else awaiting(state, stage, screener, grouped))
    handed.update(previous)  # a screener may change their mind on what they decided
    by_id = state.by_id()
    ctx = Context(
        stage,
        state.config,
        state.study_of,
        lambda s: check_code(s, by_id[s].record.title or study_record(state, s).title),
        handed,
        "arbiter" if arbiter else "screener",
    )
    rows, problems, pending = validate_rows(list(sheet.rows), ctx)
    if problems:
        raise ReviewError(
            f"{len(problems)} problem(s); nothing was recorded",
            file=path,
            line=problems[0].line,
            kind="screening",
            problems=problems,
            hint="fix every row listed and import the file again",
        )
    rel = ws.relative(path) if path.resolve().is_relative_to(ws.root) else path.name
    round_ = max(current_round(state.log), state.latest_round if state.identified else 1, 1)
    time = clock()
    new: list[LedgerEntry] = []
    changed = unchanged = 0
    # Ledger rows in study-id order: the same decisions give the same rows however the
    # spreadsheet sorted the file.
    for row in sorted(rows, key=lambda r: (r.record_id, r.line)):
        before = previous.get(row.study)
        reason = ";".join(row.reasons)
        if before is not None and (before.decision, before.reason, before.notes) == (
            row.decision,
            reason,
            row.notes,
        ):
            unchanged += 1
            continue
        changed += before is not None
        new.append(
            LedgerEntry(
                time,
                round_,
                stage,
                row.record_id,
                row.decision,
                reason,
                screener,
                role,
                rel,
                sheet.sha256,
                row.notes,
            )
        )
    ledger.append(ws.decisions_csv, new)
    return Imported(
        rel, stage, screener, role, len(new), changed, unchanged, len(pending), tuple(new)
    )
