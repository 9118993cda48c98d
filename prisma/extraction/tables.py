"""Evidence tables and ``extraction.csv`` from the settled values (pure, deterministic).

One table per choice of the form's grouping field, in the form's order of choices
(studies without a group come last), rows by reference then study id. A table row is
an included study whose every field is settled; each row keeps its study id, so the
tables trace back to the ledger and the flow.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from prisma.csvio import to_csv_text
from prisma.extraction.settle import Extraction
from prisma.form import MULTI_SEPARATOR, Field, FieldType
from prisma.records import fold


@dataclass(frozen=True)
class TableRow:
    study: str
    reference: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceTable:
    number: int
    group: str  # the grouping field's value ("" when the form has no grouping field)
    group_field: str  # its label
    columns: tuple[str, ...]  # "Reference", then the table fields' labels
    rows: tuple[TableRow, ...]

    @property
    def slug(self) -> str:
        name = "_".join(fold(self.group).split()) or "studies"
        return f"{self.number:02d}_{name}"

    @property
    def caption(self) -> str:
        n = len(self.rows)
        what = f"{n} stud{'y' if n == 1 else 'ies'}"
        if not self.group:
            return f"Table {self.number}. Summary of the included studies ({what})"
        return f"Table {self.number}. {self.group_field}: {self.group} ({what})"


def display(field: Field, value: str) -> str:
    """A settled value as a reader sees it: several choices joined by commas."""
    if field.type is FieldType.MULTI_CHOICE and value:
        return ", ".join(p.strip() for p in value.split(MULTI_SEPARATOR))
    return value


def table_fields(extraction: Extraction) -> list[Field]:
    form = extraction.form
    return [f for f in form.fields if f.table and f.name != form.group_by]


def evidence_tables(extraction: Extraction, labels: Mapping[str, str]) -> list[EvidenceTable]:
    form = extraction.form
    shown = table_fields(extraction)
    group_field = form.field(form.group_by) if form.group_by else None
    groups: dict[str, list[TableRow]] = {}
    for study in extraction.complete:
        group = extraction.value(study, form.group_by).value if group_field else ""
        cells = tuple(display(f, extraction.value(study, f.name).value) for f in shown)
        groups.setdefault(group, []).append(TableRow(study, labels[study], cells))
    order = list(group_field.choices) if group_field else []
    keys = sorted(groups, key=lambda g: (g == "", order.index(g) if g in order else len(order)))
    columns = ("Reference", *(f.display for f in shown))
    return [
        EvidenceTable(
            number,
            group,
            group_field.display if group_field else "",
            columns,
            tuple(sorted(groups[group], key=lambda r: (r.reference.casefold(), r.study))),
        )
        for number, group in enumerate(keys, 1)
    ]


def _md_cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("|", "\\|")


def table_markdown(table: EvidenceTable) -> str:
    header = (*table.columns, "Study ID")
    lines = [
        f"**{table.caption}**",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row in table.rows:
        cells = (row.reference, *row.cells, row.study)
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def table_csv(table: EvidenceTable) -> str:
    return to_csv_text(
        ["study_id", *table.columns],
        [(row.study, row.reference, *row.cells) for row in table.rows],
    )


def extraction_csv(extraction: Extraction, labels: Mapping[str, str]) -> str:
    """One row per included study: its status and settled values (empty where unsettled)."""
    form = extraction.form
    rows = []
    for study in sorted(extraction.included):
        values = []
        for field in form.fields:
            settled = extraction.value(study, field.name)
            values.append(settled.value if settled.status.value == "settled" else "")
        status = extraction.study_status(study).value
        rows.append([study, labels[study], status, *values])
    return to_csv_text(["study_id", "reference", "status", *form.names], rows)
