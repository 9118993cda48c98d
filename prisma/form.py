"""The extraction form: the ``[extraction]`` table of config.toml, and what a cell may hold.

A form is a list of named fields, each of a type (text, number, one choice from a
list, several choices from a list) and a required flag. One choice field may group
the evidence tables (the seed review groups by body system); two choice fields may
make the classification chart. :func:`parse_value` is the one place a cell is checked
against its field, for hand-backs and for the ledger alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prisma.errors import ReviewError

if TYPE_CHECKING:
    from prisma.config import _Table

# Several choices in one cell are separated by this (stated in the hand-out's header).
MULTI_SEPARATOR = ";"
# Hand-out columns that are not fields; a field may not take their names.
RESERVED = (
    "study_id",
    "check",
    "reference",
    "title",
    "authors",
    "year",
    "journal",
    "doi",
    "link",
    "notes",
    "field",
    "value",
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_DIGIT_GROUPS = re.compile(r"(?<=\d)[ \u00a0\u202f'](?=\d{3}(?!\d))")


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    CHOICE = "choice"  # exactly one of ``choices``
    MULTI_CHOICE = "multi_choice"  # any of ``choices``, separated by ";"


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    label: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    table: bool = True  # shown as a column of the evidence tables

    @property
    def display(self) -> str:
        return self.label or self.name

    @property
    def has_choices(self) -> bool:
        return self.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE)


@dataclass(frozen=True)
class Form:
    fields: tuple[Field, ...]
    extractors: tuple[str, ...] = ()
    required: int = 1  # independent extractors per study
    arbiter: str = ""
    group_by: str = ""  # a choice field; one evidence table per choice
    chart: tuple[str, ...] = ()  # two choice fields: inner and outer ring
    bar_charts: tuple[str, ...] = ()  # choice or multi-choice fields: counts per value

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Checked:
    """A cell checked against its field: the canonical value, or what is wrong."""

    value: str
    problem: str = ""
    hint: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


def split_multi(text: str) -> list[str]:
    return [p.strip() for p in text.split(MULTI_SEPARATOR) if p.strip()]


def _lookup(field: Field, text: str) -> str | None:
    key = " ".join(text.split()).casefold()
    for choice in field.choices:
        if " ".join(choice.split()).casefold() == key:
            return choice
    return None


def parse_value(field: Field, text: str) -> Checked:
    """Check one cell; canonical forms make equal answers compare equal.

    Choices match ignoring case and runs of spaces and are stored as the form spells
    them; several choices are stored in the form's order, so ``CT; MRI`` and
    ``mri;ct`` are the same answer. Numbers accept a decimal comma (a semicolon-locale
    spreadsheet writes one) and spaces between digit groups.
    """
    from prisma.config import _did_you_mean

    text = text.strip()
    if not text:
        if field.required:
            return Checked("", f"{field.name} is required", "fill it in")
        return Checked("")
    if field.type is FieldType.TEXT:
        return Checked(" ".join(text.split()) if "\n" not in text else text)
    if field.type is FieldType.NUMBER:
        compact = _DIGIT_GROUPS.sub("", text)
        if not _NUMBER.fullmatch(compact):
            return Checked(
                "",
                f"{field.name} must be a number, not {text!r}",
                "digits with an optional decimal point, e.g. 42 or 3.5; nothing else in the cell",
            )
        number = compact.replace(",", ".").lstrip("+")
        if "." in number:
            number = number.rstrip("0").rstrip(".")
        if number in ("-0", ""):
            number = "0"
        return Checked(number)
    choices = list(field.choices)
    if field.type is FieldType.CHOICE:
        found = _lookup(field, text)
        if found is None:
            parts = split_multi(text)
            if len(parts) > 1 and all(_lookup(field, p) for p in parts):
                hint: str | None = "only one choice is allowed here"
            else:
                hint = _did_you_mean(text, choices)
            return Checked(
                "",
                f"{field.name}: {text!r} is not one of the form's choices",
                hint or "choose one of: " + ", ".join(choices),
            )
        return Checked(found)
    picked: list[str] = []
    for part in split_multi(text):
        found = _lookup(field, part)
        if found is None:
            commas = [p for p in part.split(",") if p.strip()]
            if len(commas) > 1 and all(_lookup(field, p) for p in commas):
                hint = f"separate several choices with {MULTI_SEPARATOR!r}, not ','"
            else:
                hint = _did_you_mean(part, choices)
            return Checked(
                "",
                f"{field.name}: {part!r} is not one of the form's choices",
                hint or "choose from: " + ", ".join(choices),
            )
        if found not in picked:
            picked.append(found)
    picked.sort(key=choices.index)
    return Checked(f"{MULTI_SEPARATOR} ".join(picked))


def column_title(field: Field, width: int = 70) -> str:
    """The hand-out's header cell for a field: its name and, briefly, what goes in it."""
    required = ", required" if field.required else ""
    if field.type is FieldType.TEXT:
        return f"{field.name} (text{required})"
    if field.type is FieldType.NUMBER:
        return f"{field.name} (number{required})"
    listed = " | ".join(field.choices)
    if field.type is FieldType.CHOICE:
        what = f"one of: {listed}" if len(listed) <= width else "one choice from the form"
        return f"{field.name} ({what}{required})"
    what = f"any of: {listed}" if len(listed) <= width else "choices from the form"
    return f"{field.name} ({what}; separate several with {MULTI_SEPARATOR}{required})"


def column_field(header_cell: str) -> str:
    """The field name of a header cell written by :func:`column_title`."""
    return header_cell.split("(", 1)[0].strip().casefold()


# --- config.toml ---------------------------------------------------------------------


def parse_form(table: _Table, path: Path) -> Form:
    """``[extraction]`` and its ``[[extraction.fields]]``, as strictly as the rest."""
    from prisma.config import _did_you_mean, _Table

    def fail(message: str, hint: str | None = None) -> ReviewError:
        return ReviewError(message, file=path, kind="config", hint=hint)

    fields: list[Field] = []
    raw_fields = table.get("fields", list, [])
    if not raw_fields:
        raise fail(
            "extraction has no fields",
            "add one [[extraction.fields]] table per item to extract (name, type, required)",
        )
    for index, raw in enumerate(raw_fields):
        fields.append(_parse_field(_Table(raw, f"extraction.fields[{index}]", path), path))
        if sum(1 for f in fields if f.name == fields[-1].name) > 1:
            raise fail(f"extraction field {fields[-1].name!r} is defined twice")
    names = [f.name for f in fields]
    extractors = tuple(table.get("extractors", list, []))
    for name in extractors:
        if not isinstance(name, str) or not name.strip():
            raise fail("extraction.extractors must be names")
    if len(set(extractors)) != len(extractors):
        raise fail("extraction.extractors lists a name twice")
    required = table.get("required", int, min(len(extractors), 2) or 1)
    if required < 1:
        raise fail("extraction.required must be at least 1")
    if extractors and required > len(extractors):
        raise fail(
            f"extraction.required is {required} but only {len(extractors)} extractors are listed"
        )
    arbiter = table.get("arbiter", str, "").strip()
    if arbiter and arbiter in extractors:
        raise fail(
            f"extraction.arbiter {arbiter!r} is also an extractor",
            "the arbiter settles the extractors' conflicts, so it must be someone else",
        )

    def field_ref(key: str, value: object, kinds: tuple[FieldType, ...]) -> str:
        if not isinstance(value, str):
            raise fail(f"extraction.{key} must name a field")
        found = next((f for f in fields if f.name == value), None)
        if found is None:
            raise fail(
                f"extraction.{key} names {value!r}, which is not a field",
                _did_you_mean(value, names) or "fields: " + ", ".join(names),
            )
        if found.type not in kinds:
            raise fail(
                f"extraction.{key}: field {value!r} is {found.type.value}, expected "
                + " or ".join(k.value for k in kinds)
            )
        return value

    group_raw = table.get("group_by", str, "")
    group_by = field_ref("group_by", group_raw, (FieldType.CHOICE,)) if group_raw else ""
    chart_raw = table.get("chart", list, [])
    if chart_raw and len(chart_raw) != 2:
        raise fail(
            f"extraction.chart names {len(chart_raw)} field(s), expected 2",
            'the inner ring and the outer ring, e.g. chart = ["system", "application"]',
        )
    chart = tuple(field_ref("chart", v, (FieldType.CHOICE,)) for v in chart_raw)
    if len(set(chart)) != len(chart):
        raise fail("extraction.chart names the same field twice")
    bars = tuple(
        field_ref("bar_charts", v, (FieldType.CHOICE, FieldType.MULTI_CHOICE))
        for v in table.get("bar_charts", list, [])
    )
    table.finish()
    return Form(tuple(fields), extractors, required, arbiter, group_by, chart, bars)


def _parse_field(table: _Table, path: Path) -> Field:
    from prisma.config import _did_you_mean

    def fail(message: str, hint: str | None = None) -> ReviewError:
        return ReviewError(message, file=path, kind="config", hint=hint)

    name = table.get("name", str, required=True).strip()
    if not _NAME.fullmatch(name):
        raise fail(
            f"{table.where}.name {name!r} must be lower-case letters, digits or _, "
            "starting with a letter",
            "it becomes a column of the hand-out and of extraction.csv",
        )
    if name in RESERVED:
        raise fail(
            f"{table.where}.name {name!r} is taken by a column of the hand-out",
            "reserved: " + ", ".join(RESERVED),
        )
    type_text = table.get("type", str, required=True)
    try:
        kind = FieldType(type_text)
    except ValueError:
        values = [t.value for t in FieldType]
        raise fail(
            f"{table.where}.type is {type_text!r}, expected one of {', '.join(values)}",
            _did_you_mean(type_text, values),
        ) from None
    raw_choices: list[Any] = table.get("choices", list, [])
    if kind in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        if not raw_choices:
            raise fail(f"{table.where} is a {kind.value} field without choices")
    elif raw_choices:
        raise fail(f"{table.where} is a {kind.value} field: choices are only for choice fields")
    choices: list[str] = []
    for choice in raw_choices:
        if not isinstance(choice, str) or not choice.strip():
            raise fail(f"{table.where}.choices must be non-empty strings")
        choice = " ".join(choice.split())
        if MULTI_SEPARATOR in choice:
            raise fail(
                f"{table.where}: choice {choice!r} contains {MULTI_SEPARATOR!r}",
                f"{MULTI_SEPARATOR!r} separates several choices in a cell",
            )
        if any(c.casefold() == choice.casefold() for c in choices):
            raise fail(f"{table.where}: choice {choice!r} is listed twice")
        choices.append(choice)
    field = Field(
        name=name,
        type=kind,
        label=table.get("label", str, "").strip(),
        required=table.get("required", bool, False),
        choices=tuple(choices),
        table=table.get("table", bool, True),
    )
    table.finish()
    return field
