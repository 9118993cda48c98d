"""``extract import``: a returned extraction file into the extraction ledger, all or nothing.

The file says whose it is, as a screening hand-out does (its ``handout`` column,
:mod:`prisma.screening.identity`, stage ``extraction``): a file of another person,
another review or a screening stage is refused naming its owner. The file is kept
byte-exact in records/extraction/ (:mod:`prisma.screening.archive`) and the ledger
rows name the kept copy.

Every row is validated first; one bad cell and nothing is written (the ledger stays
byte-identical). A value equal to the person's latest value for that study and field
is skipped, so importing a file twice changes nothing; a changed value needs
``replace`` (as in ``screen import``) and is appended, superseding the earlier one,
which stays in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prisma.decisions import extraction as ledger
from prisma.decisions.extraction import ExtractionEntry
from prisma.decisions.ledger import Role
from prisma.decisions.settle import latest_by_screener
from prisma.errors import Problem, ReviewError
from prisma.extraction.export import STAGE, expected_code
from prisma.extraction.queue import (
    awaiting,
    check_extractor,
    conflicts,
    extraction_of,
    form_of,
)
from prisma.extraction.validate import field_columns, validate_handback, validate_settlements
from prisma.load import load_state
from prisma.screening import archive, identity
from prisma.screening.identity import Identity
from prisma.screening.importer import file_identity, second_thoughts, utc_now
from prisma.screening.sheet import Sheet
from prisma.screening.validate import Context
from prisma.spreadsheet import read_bytes, read_spreadsheet
from prisma.state import ReviewState
from prisma.workspace import Workspace


@dataclass(frozen=True)
class Imported:
    file: str
    extractor: str
    role: Role
    studies: int  # studies with values in the file
    recorded: int  # new ledger rows (one per field value)
    changed: int  # of which supersede an earlier value of this person
    unchanged: int  # values equal to the person's latest (not written again)
    pending: int  # rows left empty
    warnings: tuple[str, ...] = ()
    dry_run: bool = False  # everything checked, nothing written


def _read(path: Path, data: bytes) -> Sheet:
    try:
        return read_spreadsheet(path, ("study_id", "check"), data)
    except ReviewError as exc:
        exc.kind = "extraction"
        raise


def whose(
    ws: Workspace,
    path: Path,
    found: Identity | None,
    state: ReviewState,
    extractor: str | None,
    arbiter: bool,
) -> tuple[str, Role, str, list[str]]:
    """Name, role, the identity cell check codes were built with, and warnings: what the
    file says (its ``handout`` column), checked against the flags given."""
    name = (extractor or "").strip() or None
    shown = ws.relative(path) if path.resolve().is_relative_to(ws.root) else str(path)
    take = f"prisma-review extract import {shown}"

    def refuse(message: str, hint: str) -> ReviewError:
        return ReviewError(message, file=path, kind="extraction", hint=hint)

    if found is None:
        if name is None:
            raise refuse(
                "the file carries no hand-out identity, so it cannot say whose values these are",
                "pass --extractor NAME (and --arbiter for a conflicts file)",
            )
        word = "arbiter" if arbiter else "extractor"
        return (
            name,
            Role.ARBITER if arbiter else Role.SCREENER,
            "",
            [f"{shown} carries no hand-out identity: recorded on your word as {word} {name}"],
        )
    if found.stage != STAGE:
        raise refuse(
            f"this is {found.describe()}, a screening file, not an extraction file; "
            "nothing was recorded",
            f"import it with `prisma-review screen import {shown}`",
        )
    own = identity.review_code(state.config.title)
    if found.review != own:
        raise refuse(
            f"this file was made for another review (review code {found.review}; this "
            f"review's is {own}): {found.describe()}",
            "import it into the workspace that exported it, or export a fresh file here",
        )
    if arbiter and found.role is not Role.ARBITER:
        raise refuse(
            f"this is {found.describe()}, an extractor's file, not the arbiter's conflicts "
            "file; nothing was recorded",
            f"leave out --arbiter: {take}",
        )
    if name is not None and found.name and name != found.name:
        raise refuse(
            f"this is {found.describe()}, handed to {found.name}, not to {name}; "
            "nothing was recorded",
            f"to record {found.name}'s values leave out --extractor (or pass --extractor "
            f"{found.name}): {take}",
        )
    current = identity.review_round(state)
    if found.round > current:
        raise refuse(
            f"this is {found.describe()}, but the search log only reaches round {current}",
            "import it into the workspace that exported it",
        )
    name = name or found.name
    if not name:
        raise refuse(
            f"this is {found.describe()}: config.toml named nobody when it was exported",
            "say who extracted: --extractor NAME",
        )
    return name, found.role, found.cell, []


def import_extraction(
    ws: Workspace,
    file: str | Path,
    extractor: str | None = None,
    *,
    arbiter: bool = False,
    clock: Callable[[], str] = utc_now,
    state: ReviewState | None = None,
    dry_run: bool = False,
    replace: bool = False,
) -> Imported:
    path = Path(file)
    data = read_bytes(path)
    sheet = _read(path, data)
    found = file_identity(sheet)
    state = state or load_state(ws)
    form = form_of(state)
    extractor, role, cell, warnings = whose(ws, path, found, state, extractor, arbiter)
    arbiter = role is Role.ARBITER
    check_extractor(form, extractor, arbiter, path=state.config.path)
    extraction = extraction_of(state)
    in_conflict = set(conflicts(extraction))
    extracted = {s for s in extraction.included if extraction.given_by(s, extractor, role)}
    if arbiter:
        handed = {s for s, _ in in_conflict} | extracted
        missing = [c for c in ("field", "value") if c not in sheet.header]
        if missing:
            raise ReviewError(
                f"missing column(s) {', '.join(missing)}",
                file=path,
                line=1,
                kind="extraction",
                hint="hand back the file `extract conflicts` wrote, with values filled in",
            )
    else:
        handed = set(awaiting(extraction, extractor)) | extracted
    ctx = Context(
        STAGE,
        state.config,
        state.study_of,
        lambda s: expected_code(state, s, cell),
        handed,
        "arbiter" if arbiter else "extractor",
        ("extract export", "extract conflicts"),
    )
    if arbiter:
        decided = {(s, f) for s in extracted for f in extraction.given_by(s, extractor, role)}
        values, problems, pending = validate_settlements(
            list(sheet.rows), form, ctx, in_conflict | decided
        )
    else:
        columns, missing = field_columns(sheet.header, form)
        if missing:
            raise ReviewError(
                f"missing column(s) for field(s) {', '.join(missing)}",
                file=path,
                line=1,
                kind="extraction",
                hint="keep the header row of the hand-out; export a fresh file if the form changed",
            )
        values, problems, pending = validate_handback(list(sheet.rows), columns, form, ctx)
    if problems:
        raise _refused(path, problems)
    time = clock()
    # The file is kept byte-exact in records/extraction/, as screening keeps its own.
    target = archive.planned_path(ws, path, data, time[:10], ws.records_dir / "extraction")
    rel = ws.relative(target)
    round_ = identity.review_round(state)
    new: list[ExtractionEntry] = []
    changes: list[Problem] = []
    changed = unchanged = 0
    order = {name: i for i, name in enumerate(form.names)}
    # Ledger rows in (study id, form) order: the same values give the same rows however
    # the spreadsheet sorted the file.
    for value in sorted(values, key=lambda v: (v.record_id, order[v.field], v.line)):
        latest = latest_by_screener(extraction.entries.get((value.study, value.field), ()))
        before = latest.get((role, extractor))
        if before is not None and (before.value, before.notes) == (value.value, value.notes):
            unchanged += 1
            continue
        if before is not None:
            changed += 1
            if before.value != value.value:
                changes.append(
                    Problem(
                        f"{value.study} {value.field}: {before.value or '(empty)'!s} -> "
                        f"{value.value or '(empty)'}",
                        value.line,
                    )
                )
        new.append(
            ExtractionEntry(
                time,
                round_,
                value.record_id,
                value.field,
                value.value,
                extractor,
                role,
                rel,
                sheet.sha256,
                value.notes,
            )
        )
    if changes and not replace and not dry_run:
        raise second_thoughts(path, extractor, "value(s)", changes, "extraction")
    if new and not dry_run:
        archive.keep(path, target, data)
        ledger.append(ws.extraction_csv, new)
    return Imported(
        rel,
        extractor,
        role,
        len({v.study for v in values}),
        len(new),
        changed,
        unchanged,
        len(pending),
        tuple(warnings),
        dry_run,
    )


def _refused(path: Path, problems: list[Problem]) -> ReviewError:
    return ReviewError(
        f"{len(problems)} problem(s); nothing was recorded",
        file=path,
        line=problems[0].line,
        kind="extraction",
        problems=problems,
        hint="fix every row listed and import the file again",
    )
