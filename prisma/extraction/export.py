"""``extract export``: the hand-out file of included studies still awaiting one extractor.

Like a screening hand-out (``prisma.screening.sheet``): UTF-8 with a BOM, every cell
quoted and formula-safe, a check code per row, the study's citation and link. One
column per field of the form; its header states what goes in it, and for several
choices that they are separated by ";". The file is blind: nobody's values are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prisma.decisions.ledger import Role
from prisma.errors import ReviewError
from prisma.extraction.queue import awaiting, check_extractor, extraction_of, form_of
from prisma.extraction.reference import reference_labels
from prisma.form import Form, column_title
from prisma.load import load_state
from prisma.screening import identity
from prisma.screening.export import link
from prisma.screening.sheet import check_code
from prisma.spreadsheet import write_handout
from prisma.state import ReviewState
from prisma.workspace import Workspace

INFO = ["study_id", "check", "reference", "title", "authors", "year", "journal", "doi", "link"]


STAGE = "extraction"  # the stage word of the hand-out identity (screening.identity)


def header(form: Form) -> list[str]:
    return INFO + [column_title(f) for f in form.fields] + ["notes", identity.COLUMN]


def handout_cell(state: ReviewState, role: Role, name: str) -> str:
    """Whose file it is (``extraction/screener/alice/1/R…``), as screening writes it."""
    return identity.identity_for(state, STAGE, role, name).cell


def info_cells(state: ReviewState, study: str, label: str, cell: str = "") -> list[object]:
    """The study's identity and citation, as screening's hand-outs give them; the file's
    identity ``cell`` is folded into the check code."""
    record = state.study_record(study)
    return [
        study,
        check_code(study, check_title(state, study), cell),
        label,
        record.title,
        "; ".join(record.authors),
        record.year or "",
        record.journal,
        record.doi,
        link(record),
    ]


def check_title(state: ReviewState, study: str) -> str:
    """The title the check code is built from (the state's rule, as for screening)."""
    return state.check_title(study)


def expected_code(state: ReviewState, study: str, cell: str = "") -> str:
    return check_code(study, check_title(state, study), cell)


def form_rows(form: Form) -> list[list[object]]:
    """The form as a sheet to keep beside the hand-out: one row per field, and one per
    choice of a choice field (the header of a long list only says "choices from the form")."""
    rows: list[list[object]] = []
    for field in form.fields:
        required = "yes" if field.required else "no"
        kind = field.type.value + (
            " (separate several with ;)" if field.type.value == "multi_choice" else ""
        )
        for choice in field.choices or ("",):
            rows.append([field.name, field.display, kind, required, choice])
    return rows


@dataclass(frozen=True)
class Export:
    path: Path
    extractor: str
    studies: tuple[str, ...]
    form_path: Path | None = None


def export(
    ws: Workspace,
    extractor: str | None,
    *,
    out: str | Path | None = None,
    state: ReviewState | None = None,
) -> Export:
    state = state or load_state(ws)
    form = form_of(state)
    if extractor is None:
        if len(form.extractors) != 1:
            raise ReviewError(
                f"the form has {len(form.extractors)} extractors: say whose file this is",
                kind="extraction",
                hint="pass --extractor " + " or --extractor ".join(form.extractors or ("NAME",)),
            )
        extractor = form.extractors[0]
    check_extractor(form, extractor, arbiter=False, path=state.config.path)
    extraction = extraction_of(state)
    studies = awaiting(extraction, extractor)
    labels = reference_labels(state, extraction.included)
    path = Path(out) if out else ws.build_dir / "extraction" / f"extraction_{extractor}.csv"
    blanks = [""] * (len(form.fields) + 1)
    cell = handout_cell(state, Role.SCREENER, extractor)
    write_handout(
        path,
        header(form),
        (info_cells(state, s, labels[s], cell) + blanks + [cell] for s in studies),
    )
    form_path = path.with_name("extraction_form.csv")
    write_handout(form_path, ["field", "label", "type", "required", "choice"], form_rows(form))
    return Export(path, extractor, tuple(studies), form_path)
