"""``extract conflicts``: the fields two extractors disagree on, side by side, for the arbiter.

One row per (study, field): the study's identity and citation, the field, each
extractor's latest value, and an empty ``value`` column. The arbiter fills it in and
hands the file back with ``extract import --arbiter``; their value settles the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prisma.decisions.ledger import Role
from prisma.extraction.export import info_cells
from prisma.extraction.queue import conflicts, extraction_of
from prisma.extraction.reference import reference_labels
from prisma.form import column_title
from prisma.load import load_state
from prisma.screening import identity
from prisma.spreadsheet import write_handout
from prisma.state import ReviewState
from prisma.workspace import Workspace


@dataclass(frozen=True)
class ConflictFile:
    path: Path
    pairs: tuple[tuple[str, str], ...]  # (study, field)


def conflict_rows(state: ReviewState) -> tuple[list[str], list[list[object]]]:
    from prisma.extraction.export import INFO, handout_cell

    extraction = extraction_of(state)
    cell = handout_cell(state, Role.ARBITER, extraction.form.arbiter)
    pairs = conflicts(extraction)
    labels = reference_labels(state, extraction.included)
    sides = [extraction.value(s, f).values for s, f in pairs]
    width = max((len(s) for s in sides), default=2)
    header = INFO + ["field", "form"]
    for n in range(1, width + 1):
        header += [f"extractor_{n}", f"value_{n}"]
    header += ["value", "notes", identity.COLUMN]
    rows = []
    for (study, name), side in zip(pairs, sides, strict=True):
        field = extraction.form.field(name)
        cells = info_cells(state, study, labels[study], cell) + [
            name,
            column_title(field).split("(", 1)[1].rstrip(")") if field else "",
        ]
        for n in range(width):
            cells += list(side[n]) if n < len(side) else ["", ""]
        rows.append(cells + ["", "", cell])
    return header, rows


def write_conflicts(
    ws: Workspace, out: str | Path | None = None, state: ReviewState | None = None
) -> ConflictFile:
    state = state or load_state(ws)
    header, rows = conflict_rows(state)
    path = Path(out) if out else ws.build_dir / "extraction" / "extraction_conflicts.csv"
    write_handout(path, header, rows)
    field_at = header.index("field")
    return ConflictFile(path, tuple((str(r[0]), str(r[field_at])) for r in rows))
