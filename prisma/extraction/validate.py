"""Checking a returned extraction file row by row (pure): every problem, with its row.

Two shapes come back. An extractor's hand-out: one row per study, one column per
field. The arbiter's conflicts file: one row per (study, field) in conflict, with
the settling ``value``. A row whose field cells are all empty is "not extracted yet"
and skipped. Row identity (study id, check code, handed to this person) is checked
by screening's :func:`~prisma.screening.validate.check_identity`; every cell by the
form's :func:`~prisma.form.parse_value`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from prisma.config import _did_you_mean
from prisma.errors import Problem
from prisma.form import Form, column_field, parse_value
from prisma.screening.validate import Context, check_identity, once_per_study
from prisma.spreadsheet import unneutralise


@dataclass(frozen=True)
class Value:
    """One valid value from the file."""

    line: int
    record_id: str  # as named in the file
    study: str
    field: str
    value: str  # canonical
    notes: str


def field_columns(header: tuple[str, ...], form: Form) -> tuple[dict[str, str], list[str]]:
    """Field name -> header cell, and the fields the header lacks."""
    found: dict[str, str] = {}
    for cell in header:
        name = column_field(cell)
        if name in form.names and name not in found:
            found[name] = cell
    return found, [n for n in form.names if n not in found]


def _cell(cells: Mapping[str, str], column: str) -> str:
    return unneutralise(cells.get(column, "")).strip()


def validate_handback(
    rows: list[tuple[int, dict[str, str]]], columns: Mapping[str, str], form: Form, ctx: Context
) -> tuple[list[Value], list[Problem], list[int]]:
    """An extractor's file: valid values, problems, row numbers left empty."""
    valid: list[Value] = []
    problems: list[Problem] = []
    pending: list[int] = []
    first_row: dict[str, int] = {}
    unknown = 0
    for line, cells in rows:
        texts = {f.name: _cell(cells, columns[f.name]) for f in form.fields}
        if not any(texts.values()):
            pending.append(line)
            continue
        bad = len(problems)
        study, found = check_identity(line, cells, ctx, suggest=unknown < 20)
        problems.extend(found)
        if study is None and cells.get("study_id", "").strip():
            unknown += 1
        problems.extend(once_per_study(study, line, first_row))
        checked = []
        for field in form.fields:
            result = parse_value(field, texts[field.name])
            if not result.ok:
                problems.append(Problem(result.problem, line, result.hint))
            checked.append((field.name, result.value))
        if len(problems) == bad and study is not None:
            notes = _cell(cells, "notes")
            record_id = cells.get("study_id", "").strip()
            valid.extend(Value(line, record_id, study, n, v, notes) for n, v in checked)
    return valid, problems, pending


def validate_settlements(
    rows: list[tuple[int, dict[str, str]]],
    form: Form,
    ctx: Context,
    in_conflict: Collection[tuple[str, str]],
) -> tuple[list[Value], list[Problem], list[int]]:
    """The arbiter's conflicts file: one settling value per (study, field) row."""
    valid: list[Value] = []
    problems: list[Problem] = []
    pending: list[int] = []
    first_row: dict[tuple[str, str], int] = {}
    for line, cells in rows:
        text = _cell(cells, "value")
        if not text:
            pending.append(line)
            continue
        bad = len(problems)
        study, found = check_identity(line, cells, ctx)
        problems.extend(found)
        name = cells.get("field", "").strip().casefold()
        field = form.field(name)
        if field is None:
            problems.append(
                Problem(
                    f"unknown field {name!r}",
                    line,
                    _did_you_mean(name, list(form.names)) or "copy the row from the conflicts file",
                )
            )
            continue
        result = parse_value(field, text)
        if not result.ok:
            problems.append(Problem(result.problem, line, result.hint))
        if study is not None:
            key = (study, field.name)
            if key in first_row:
                problems.append(
                    Problem(
                        f"{field.name} of study {study} appears again (first on row "
                        f"{first_row[key]})",
                        line,
                        "keep one row per study and field",
                    )
                )
            else:
                first_row[key] = line
            if key not in in_conflict and not found:
                problems.append(
                    Problem(
                        f"{field.name} of study {study} is not in conflict",
                        line,
                        "only conflicts go to the arbiter; run `extract conflicts` for the "
                        "current list",
                    )
                )
        if len(problems) == bad and study is not None:
            record_id = cells.get("study_id", "").strip()
            notes = _cell(cells, "notes")
            valid.append(Value(line, record_id, study, field.name, result.value, notes))
    return valid, problems, pending
