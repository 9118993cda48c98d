"""``extract import``: a returned extraction file into the extraction ledger, all or nothing.

Every row is validated first; one bad cell and nothing is written (the ledger stays
byte-identical). A value equal to the person's latest value for that study and field
is skipped, so importing a file twice changes nothing; a changed value is appended
and supersedes the earlier one, which stays in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prisma.decisions.ledger import Role
from prisma.decisions.settle import latest_by_screener
from prisma.errors import Problem, ReviewError
from prisma.extraction import ledger
from prisma.extraction.export import expected_code
from prisma.extraction.ledger import ExtractionEntry
from prisma.extraction.queue import (
    awaiting,
    check_extractor,
    conflicts,
    extraction_of,
    form_of,
)
from prisma.extraction.validate import field_columns, validate_handback, validate_settlements
from prisma.load import load_state
from prisma.screening.importer import utc_now
from prisma.screening.sheet import read_sheet
from prisma.screening.validate import Context
from prisma.searchlog import current_round
from prisma.state import ReviewState
from prisma.workspace import Workspace

STAGE = "extraction"


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


def import_extraction(
    ws: Workspace,
    file: str | Path,
    extractor: str,
    *,
    arbiter: bool = False,
    clock: Callable[[], str] = utc_now,
    state: ReviewState | None = None,
) -> Imported:
    path = Path(file)
    extractor = extractor.strip()
    if not extractor:
        raise ReviewError("--extractor must name who extracted the file", kind="extraction")
    state = state or load_state(ws)
    form = form_of(state)
    check_extractor(form, extractor, arbiter, path=state.config.path)
    role = Role.ARBITER if arbiter else Role.SCREENER
    extraction = extraction_of(state)
    in_conflict = set(conflicts(extraction))
    extracted = {s for s in extraction.included if extraction.given_by(s, extractor, role)}
    if arbiter:
        handed = {s for s, _ in in_conflict} | extracted
        sheet = read_sheet(path, ("study_id", "check", "field", "value"))
    else:
        handed = set(awaiting(extraction, extractor)) | extracted
        sheet = read_sheet(path, ("study_id", "check"))
    ctx = Context(
        STAGE,
        state.config,
        state.study_of,
        lambda s: expected_code(state, s),
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
    rel = ws.relative(path) if path.resolve().is_relative_to(ws.root) else path.name
    round_ = max(current_round(state.log), state.latest_round if state.identified else 1, 1)
    time = clock()
    new: list[ExtractionEntry] = []
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
        changed += before is not None
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
