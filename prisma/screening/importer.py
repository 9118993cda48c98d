"""``screen import``: a returned hand-out file into the decision ledger, all or nothing.

The file says whose it is (its ``handout`` column, see :mod:`identity`): stage, role,
name, round and review come from it, and a ``--stage``/``--screener``/``--arbiter``
that contradicts it is refused with the file's real owner named. Files written before
identities existed are still taken, on the word of ``--screener`` (and ``--stage`` or
the file name), with a warning.

Every row is validated first; one bad row and nothing is written (the ledger stays
byte-identical). Rows equal to the screener's latest decision on that study are
skipped, so importing a file twice changes nothing. A decision or reason that differs
from one already recorded is listed and needs ``replace``; it is appended and
supersedes the earlier one, which stays in the ledger. The file is kept byte-exact
under records/screening/ (see :mod:`archive`) and the ledger rows name the kept copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prisma.config import SCREENING_STAGES
from prisma.decisions import ledger
from prisma.decisions.ledger import LedgerEntry, Role
from prisma.errors import Problem, ReviewError
from prisma.load import load_state
from prisma.screening import archive, identity
from prisma.screening.identity import Identity
from prisma.screening.queue import (
    awaiting,
    check_screener,
    conflicts,
    decided_by,
    entries_by_study,
    stage_name,
)
from prisma.screening.sheet import Sheet, check_code, read_sheet
from prisma.screening.validate import Context, validate_rows
from prisma.spreadsheet import read_bytes
from prisma.state import ReviewState
from prisma.workspace import Workspace

REQUIRED = ("study_id", "check", "decision")


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Change:
    """A recorded decision the file changes."""

    study: str
    before: str  # "include", "exclude (not_english)"
    after: str

    def __str__(self) -> str:
        return f"{self.study}: {self.before} -> {self.after}"


@dataclass(frozen=True)
class Imported:
    file: str  # the kept copy, workspace-relative (what the ledger names)
    stage: str
    screener: str
    role: Role
    recorded: int  # new ledger rows
    changed: int  # of which supersede an earlier decision of this screener
    unchanged: int  # rows equal to the screener's latest decision (not written again)
    pending: int  # rows with no decision yet
    entries: tuple[LedgerEntry, ...] = ()
    changes: tuple[Change, ...] = ()  # decisions or reasons that differ from the ledger
    warnings: tuple[str, ...] = ()
    dry_run: bool = False
    source: str = ""  # the file as given
    kind: str = ""  # "csv (utf-8)", "xlsx", ...


def second_thoughts(
    path: Path, who: str, what: str, problems: list[Problem], kind: str
) -> ReviewError:
    """A hand-back that changes what ``who`` already recorded: refused unless asked for.

    One rule for screening and extraction: earlier answers stay in the ledger either way,
    but a changed answer is recorded only with ``--replace``, so a stale file cannot
    silently overwrite a newer one.
    """
    return ReviewError(
        f"the file changes {len(problems)} {what} {who} already recorded; nothing was recorded",
        file=path,
        kind=kind,
        problems=problems,
        hint=f"if these are second thoughts, import again with --replace (the earlier "
        f"{what.removesuffix('(s)')}s stay in the ledger); --dry-run shows everything the "
        "file would do",
    )


def infer_stage(path: Path) -> str:
    """The stage from the hand-out file name (``title_abstract_ann.csv``), if it says."""
    for stage in SCREENING_STAGES:
        if re.search(rf"(^|[^a-z]){stage.value}([^a-z]|$)", path.name.casefold()):
            return stage.value
    raise ReviewError(
        "the file carries no hand-out identity and its name does not say the stage",
        file=path,
        kind="screening",
        hint="pass --stage title_abstract or --stage full_text",
    )


def file_identity(sheet: Sheet) -> Identity | None:
    """The one identity the file's rows carry (None for a file without the column)."""
    if identity.COLUMN not in sheet.header:
        return None
    seen: dict[str, list[int]] = {}
    for line, cells in sheet.rows:
        cell = cells.get(identity.COLUMN, "").strip()
        if cell:
            seen.setdefault(cell, []).append(line)
    if not seen:
        return None
    problems = [
        Problem(f"{identity.COLUMN} cell {cell!r} is not a hand-out identity", lines[0])
        for cell, lines in seen.items()
        if identity.parse(cell) is None
    ]
    if problems:
        raise ReviewError(
            f"{len(problems)} unreadable {identity.COLUMN} cell(s); nothing was recorded",
            file=sheet.path,
            line=problems[0].line,
            kind="screening",
            problems=problems,
            hint=f"the {identity.COLUMN} column is written by the tool; copy it from the "
            "hand-out file again",
        )
    if len(seen) > 1:
        found = [identity.parse(c) for c in seen]
        raise ReviewError(
            "rows from different hand-outs: "
            + "; ".join(
                f"{i.describe()} on rows {', '.join(map(str, lines[:5]))}"
                + ("…" if len(lines) > 5 else "")
                for i, lines in zip(found, seen.values(), strict=True)
                if i is not None
            ),
            file=sheet.path,
            kind="screening",
            hint="hand back each person's file separately",
        )
    return identity.parse(next(iter(seen)))


def whose(
    ws: Workspace,
    path: Path,
    found: Identity | None,
    state: ReviewState,
    screener: str | None,
    stage: str | None,
    arbiter: bool,
) -> tuple[str, str, Role, str, list[str]]:
    """Stage, name, role, the identity cell to check codes against, and warnings."""
    stage = stage_name(stage) if stage else None
    name = (screener or "").strip() or None
    shown = ws.relative(path) if path.resolve().is_relative_to(ws.root) else str(path)
    if found is None:
        if name is None:
            raise ReviewError(
                "the file carries no hand-out identity (it was written before hand-outs "
                "named their screener), so it cannot say whose decisions these are",
                file=path,
                kind="screening",
                hint="pass --screener NAME (and --arbiter for a conflicts file)",
            )
        stage = stage or infer_stage(path)
        return (
            stage,
            name,
            Role.ARBITER if arbiter else Role.SCREENER,
            "",
            [
                f"{shown} carries no hand-out identity: recorded on your word as "
                f"{'arbiter' if arbiter else 'screener'} {name} at {stage}"
            ],
        )
    own = identity.review_code(state.config.title)
    take = f"prisma-review screen import {shown}"
    if found.review != own:
        raise ReviewError(
            f"this file was made for another review (review code {found.review}; this "
            f"review's is {own}): {found.describe()}",
            file=path,
            kind="screening",
            hint="import it into the workspace that exported it, or export a fresh file here",
        )
    if stage is not None and stage != found.stage:
        raise ReviewError(
            f"this is {found.describe()}, not a {stage} file; nothing was recorded",
            file=path,
            kind="screening",
            hint=f"leave out --stage (or pass --stage {found.stage}): {take}",
        )
    if arbiter and found.role is not Role.ARBITER:
        raise ReviewError(
            f"this is {found.describe()}, a screener's file, not the arbiter's conflicts "
            "file; nothing was recorded",
            file=path,
            kind="screening",
            hint=f"leave out --arbiter: {take}",
        )
    if name is not None and found.name and name != found.name:
        raise ReviewError(
            f"this is {found.describe()}, handed to {found.name}, not to {name}; "
            "nothing was recorded",
            file=path,
            kind="screening",
            hint=f"to record {found.name}'s decisions leave out --screener (or pass "
            f"--screener {found.name}): {take}; {name} should hand back the file "
            f"exported for {name}",
        )
    current = identity.review_round(state)
    if found.round > current:
        raise ReviewError(
            f"this is {found.describe()}, but the search log only reaches round {current}",
            file=path,
            kind="screening",
            hint="import it into the workspace that exported it",
        )
    name = name or found.name
    if not name:
        raise ReviewError(
            f"this is {found.describe()}: config.toml named nobody when it was exported",
            file=path,
            kind="screening",
            hint=f"say who decided: --screener NAME{' --arbiter' if found.role is Role.ARBITER else ''}",
        )
    return found.stage, name, found.role, found.cell, []


def _said(decision: str, reason: str) -> str:
    return f"{decision} ({reason})" if reason else decision


def import_decisions(
    ws: Workspace,
    file: str | Path,
    screener: str | None = None,
    *,
    stage: str | None = None,
    arbiter: bool = False,
    clock: Callable[[], str] = utc_now,
    state: ReviewState | None = None,
    dry_run: bool = False,
    replace: bool = False,
) -> Imported:
    path = Path(file)
    data = read_bytes(path)
    sheet = read_sheet(path, REQUIRED, data)
    found = file_identity(sheet)
    state = state or load_state(ws)
    stage, screener, role, cell, warnings = whose(ws, path, found, state, screener, stage, arbiter)
    arbiter = role is Role.ARBITER
    check_screener(state, stage, screener, arbiter)
    grouped = entries_by_study(state)
    previous = decided_by(grouped, stage, screener, role)
    handed = set(conflicts(state, stage) if arbiter else awaiting(state, stage, screener, grouped))
    handed.update(previous)  # a screener may change their mind on what they decided
    ctx = Context(
        stage,
        state.config,
        state.study_of,
        lambda s: check_code(s, state.check_title(s), cell),
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
    time = clock()
    target = archive.planned_path(ws, path, data, time[:10])
    rel = ws.relative(target)
    round_ = identity.review_round(state)
    new: list[LedgerEntry] = []
    changes: list[Change] = []
    changed = unchanged = 0
    # Ledger rows in study-id order: the same decisions give the same rows however the
    # spreadsheet sorted the file.
    for row in sorted(rows, key=lambda r: (r.record_id, r.line)):
        before = previous.get(row.study)
        reason = ";".join(row.reasons)
        if before is not None and (
            before.decision,
            before.reason,
            before.notes,
            before.same_study_as,
        ) == (row.decision, reason, row.notes, row.same_study_as):
            unchanged += 1
            continue
        if before is not None:
            changed += 1
            if (before.decision, before.reason) != (row.decision, reason):
                changes.append(
                    Change(
                        row.study,
                        _said(before.decision.value, before.reason),
                        _said(row.decision.value, reason),
                    )
                )
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
                row.same_study_as,
            )
        )
    if changes and not replace and not dry_run:
        raise second_thoughts(
            path, screener, "decision(s)", [Problem(str(c)) for c in changes], "screening"
        )
    if not dry_run and new:
        archive.keep(path, target, data)
        ledger.append(ws.decisions_csv, new)
    return Imported(
        rel,
        stage,
        screener,
        role,
        len(new),
        changed,
        unchanged,
        len(pending),
        tuple(new),
        tuple(changes),
        tuple(warnings),
        dry_run,
        str(file),
        sheet.kind,
    )
