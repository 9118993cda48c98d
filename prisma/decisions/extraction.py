"""The extraction ledger, ``records/extraction.csv``: append-only, one row per value.

One row is one field of one study as one extractor (or the arbiter) gave it. A later
value of the same person for the same study and field supersedes the earlier one;
both stay. Rows of studies that later left the included set stay too: the ledger is
history, the tables are the present.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from prisma.csvio import read_table
from prisma.decisions.ledger import Role, append_rows
from prisma.errors import Problem, ReviewError

# Extractors are screeners of values: the same Role drives settlement, but the file
# says what they did.
_ROLE_TEXT = {Role.SCREENER: "extractor", Role.ARBITER: "arbiter"}
_TEXT_ROLE = {v: k for k, v in _ROLE_TEXT.items()}


@dataclass(frozen=True)
class ExtractionEntry:
    time: str  # ISO 8601 UTC, from the import
    round: int
    record_id: str  # as named in the hand-back (a study id or one of its records)
    field: str
    value: str  # canonical (form.parse_value); "" = the study does not report it
    extractor: str
    role: Role
    file: str
    sha256: str
    notes: str = ""

    @property
    def screener(self) -> str:
        """The person, under the name screening's settlement rules use."""
        return self.extractor


COLUMNS = [f.name for f in fields(ExtractionEntry)]


def read_extraction_ledger(path: str | Path) -> list[ExtractionEntry]:
    path = Path(path)
    entries: list[ExtractionEntry] = []
    problems: list[Problem] = []
    for row in read_table(path, required=COLUMNS[:9]):
        line = int(row["_row"])
        role = _TEXT_ROLE.get(row["role"])
        if role is None:
            problems.append(Problem(f"role {row['role']!r} is not extractor or arbiter", line))
            continue
        try:
            round_ = int(row["round"])
        except ValueError:
            problems.append(Problem(f"round {row['round']!r} is not a number", line))
            continue
        entries.append(
            ExtractionEntry(
                row["time"],
                round_,
                row["record_id"],
                row["field"],
                row["value"],
                row["extractor"],
                role,
                row["file"],
                row["sha256"],
                row.get("notes", ""),
            )
        )
    if problems:
        raise ReviewError(
            f"{len(problems)} bad row(s) in the extraction ledger",
            file=path,
            line=problems[0].line,
            kind="ledger",
            problems=problems,
            hint="the ledger is written by `extract import`; restore it from version control",
        )
    return entries


def append(path: str | Path, entries: Iterable[ExtractionEntry]) -> int:
    rows: list[list[object]] = []
    for entry in entries:
        values: list[object] = [getattr(entry, name) for name in COLUMNS]
        values[COLUMNS.index("role")] = _ROLE_TEXT[entry.role]
        rows.append(values)
    return append_rows(path, COLUMNS, rows)
