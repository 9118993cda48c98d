"""The worked example's data extraction: the seed's Tables 2-8 as extractors' hand-back files.

Called by ``make_seed_workspace.py`` after it has written the workspace. It asks the
tool itself for the hand-out (``extract export``'s header and rows), fills in each
included study's row with the values the seed prints in Tables 2-8
(``seed_tables.py``), saves it the way each person's spreadsheet saves, and imports
it with ``extract import`` at a fixed time; then the same for the arbiter's copy of
``extract conflicts``. Deterministic: no clock, no random numbers.

Fields (the ``[extraction]`` form in config.toml):
- ``body_system``: the table the study is in (the seed's grouping);
- ``clinical_site`` ... ``computational_models``: the table's five columns, as printed;
- ``modalities``: each modality the Data Modality cell names, as printed (the cell
  split at ", " and " + "; "N/A" names none);
- ``data_access``: the Data Publicity cell coded into four classes (``ACCESS``).

The extractors agree on every printed value but five: bob codes two data-access cells
differently from alice (Moore et al. 2024: registry "upon registration"; Lachinov et al.
2023: "available partially"), leaves a modality out twice and the controls out of one
data quantity. carol settles each to the value printed. The five included studies the
tables do not hold (Zilberman et al. 2003, Gamage et al. 2023 and the three synthetic
ones) come back empty: the seed prints no values for them.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from seed_tables import ROWS, Row  # noqa: E402

SYSTEMS = (
    "Cardiovascular system",
    "Central nervous system",
    "Musculoskeletal system",
    "Breast",
    "Urinary system",
    "Digestive system",
    "Respiratory system",
)
TEXT_FIELDS = (
    ("clinical_site", "Clinical Site"),
    ("data_modality", "Data Modality"),
    ("data_quantity", "Data Quantity"),
    ("data_publicity", "Data Publicity"),
    ("computational_models", "Computational Models"),
)
# The Data Publicity cells as printed, coded into four classes.
ACCESS = {
    "Public": (
        "Available",
        "Available On Zenodo",
        "GitHub Repository Available",
        "Available at Radiopaedia and Kaggle",
        "Available partially at ADNI and TADPOLE Dataset",
        "Public Dataset (Kaggle)",
        "Public Datasets (Kaggle)",
    ),
    "On request": (
        "Available Upon Request",
        "Available upon request from authors",
        "Available upon request from hospital",
        "Available Upon Registration",
        "Contact Corresponding Author",
    ),
    "Not public": ("Not Public", "Not public"),
    "Not reported": ("N/A",),
}
CODED = {cell: code for code, cells in ACCESS.items() for cell in cells}
# bob's values where they differ from alice's; carol settles each to alice's.
BOB_DIFFERS = {
    ("moore2024", "data_access"): "Public",
    ("lachinov2023", "data_access"): "On request",
    ("rudnicka2024", "modalities"): "MRI;CT",
    ("chakshu2021", "modalities"): "MRI;CT",
    ("tai2022", "data_quantity"): "90 Patients",
}
DAYS = {"alice": "2024-12-02", "bob": "2024-12-04", "carol": "2024-12-06"}


def modalities(cell: str) -> list[str]:
    return [] if cell == "N/A" else [m for m in re.split(r", | \+ ", cell) if m]


def modality_choices() -> list[str]:
    seen: list[str] = []
    for row in ROWS:
        seen.extend(m for m in modalities(row.data_modality) if m not in seen)
    return seen


def _toml_list(items: list[str] | tuple[str, ...], indent: str = "    ") -> str:
    return "[\n" + "".join(f'{indent}"{i}",\n' for i in items) + "]"


def extraction_toml() -> str:
    """The ``[extraction]`` form of the worked example's config.toml."""
    text_fields = "".join(
        f'\n[[extraction.fields]]\nname = "{name}"\nlabel = "{label}"\ntype = "text"\n'
        "required = true\n"
        for name, label in TEXT_FIELDS
    )
    return f"""
# Data extraction: one field per column of the seed's Tables 2-8, plus two coded fields
# for the charts. Tables are grouped by body system (one per system, as in the paper).
[extraction]
extractors = ["alice", "bob"]
required = 2
arbiter = "carol"
group_by = "body_system"
chart = ["body_system", "data_access"]
bar_charts = ["modalities", "data_access"]

[[extraction.fields]]
name = "body_system"
label = "Body system"
type = "choice"
required = true
choices = {_toml_list(SYSTEMS)}
{text_fields}
[[extraction.fields]]
name = "modalities"
label = "Imaging and data modality"
type = "multi_choice"
table = false
choices = {_toml_list(modality_choices())}

[[extraction.fields]]
name = "data_access"
label = "Data access"
type = "choice"
required = true
table = false
choices = {_toml_list(list(ACCESS))}
"""


def values_of(row: Row, person: str) -> dict[str, str]:
    joiner = "; " if person == "alice" else ";"
    values = {
        "body_system": row.system.lower() if person == "alice" else row.system,
        **{name: getattr(row, name) for name, _ in TEXT_FIELDS},
        "modalities": joiner.join(modalities(row.data_modality)),
        "data_access": CODED[row.data_publicity],
    }
    if person == "bob":
        for (key, name), value in BOB_DIFFERS.items():
            if key == row.key:
                values[name] = value
    return values


def saved(person: str, header: list[str], rows: list[list[str]]) -> bytes:
    """The file as that person's spreadsheet saves it (as for screening, records/README)."""
    buffer = io.StringIO()
    delimiter = ";" if person == "bob" else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if person == "bob":
        return text.encode("utf-8")  # LibreOffice (semicolon locale): no BOM, LF
    return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")  # Excel: BOM, CRLF


def write_extraction(root: Path, study_key: dict[str, str]) -> None:
    """Hand-back files in records/extraction/ and the ledger records/extraction.csv.

    ``study_key``: study id -> the generator's key (``seed_citations`` keys).
    """
    from prisma.decisions.extraction import read_extraction_ledger
    from prisma.decisions.ledger import Role
    from prisma.extraction.conflicts import conflict_rows
    from prisma.extraction.export import handout_cell, header, info_cells
    from prisma.extraction.importer import import_extraction
    from prisma.extraction.queue import awaiting, extraction_of
    from prisma.extraction.reference import reference_labels
    from prisma.load import load_state
    from prisma.workspace import Workspace

    ws = Workspace.at(root)
    ws.extraction_csv.unlink(missing_ok=True)  # rebuilt from the hand-backs below
    state = load_state(ws, use_cache=False)
    form = state.config.extraction
    assert form is not None
    by_key = {row.key: row for row in ROWS}
    folder = root / "records" / "extraction"
    for person in ("alice", "bob"):
        extraction = extraction_of(state)
        labels = reference_labels(state, extraction.included)
        rows = []
        cell = handout_cell(state, Role.SCREENER, person)
        for study in awaiting(extraction, person):
            cells = [str(c) for c in info_cells(state, study, labels[study], cell)]
            row = by_key.get(study_key[study])
            values = values_of(row, person) if row else {}
            rows.append(cells + [values.get(name, "") for name in form.names] + ["", cell])
        if person == "alice":
            rows.sort(key=lambda r: (r[2].casefold(), r[0]))  # she sorted by reference
        path = folder / f"{DAYS[person]}_extraction_{person}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(saved(person, header(form), rows))
        import_extraction(
            ws, path, person, clock=lambda p=person: f"{DAYS[p]}T17:00:00Z", state=state
        )
        state.extraction_ledger = read_extraction_ledger(ws.extraction_csv)
    head, rows = conflict_rows(state)
    value_at = head.index("value")
    field_at = head.index("field")
    filled = []
    for row in rows:
        cells = [str(c) for c in row]
        seed_row = by_key[study_key[cells[0]]]
        cells[value_at] = values_of(seed_row, "alice")[cells[field_at]]
        cells[value_at + 1] = "as printed in the paper"
        filled.append(cells)
    path = folder / f"{DAYS['carol']}_extraction_conflicts_carol.csv"
    path.write_bytes(saved("carol", head, filled))
    import_extraction(
        ws, path, "carol", arbiter=True, clock=lambda: f"{DAYS['carol']}T17:00:00Z", state=state
    )
