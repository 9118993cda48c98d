"""The extraction form: config.toml validation and every cell type, good and bad."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from prisma.config import parse_config
from prisma.errors import ReviewError
from prisma.form import Field, FieldType, column_field, column_title, parse_value
from tests.extraction_workspace import FORM

BASE = """[review]
title = "t"

[[sources]]
name = "medline"
"""


def load(form: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    return parse_config(tomllib.loads(BASE + form), path)


def test_the_example_form_parses(tmp_path: Path) -> None:
    form = load(FORM, tmp_path).extraction
    assert form is not None
    assert form.names == ("design", "setting", "n", "outcomes", "summary")
    assert form.field("outcomes").type is FieldType.MULTI_CHOICE
    assert form.field("design").required and not form.field("setting").required
    assert (form.extractors, form.required, form.arbiter) == (("eve", "fay"), 2, "gus")
    assert form.group_by == "design" and form.chart == ("design", "setting")


def test_no_extraction_table_means_no_form(tmp_path: Path) -> None:
    assert load("", tmp_path).extraction is None


def field_form(body: str, extra: str = "") -> str:
    return f"[extraction]\n{extra}\n[[extraction.fields]]\n{body}\n"


@pytest.mark.parametrize(
    ("form", "message", "hint"),
    [
        (
            field_form('name = "x"\ntype = "multi-choice"\nchoices = ["a"]'),
            "expected one of",
            "multi_choice",
        ),
        (field_form('name = "x"\ntype = "choice"'), "without choices", None),
        (field_form('name = "x"\ntype = "text"\nchoices = ["a"]'), "only for choice fields", None),
        (field_form('name = "Bad Name"\ntype = "text"'), "must be lower-case", None),
        (field_form('name = "title"\ntype = "text"'), "taken by a column", None),
        (
            field_form('name = "x"\ntype = "text"\nrequird = true'),
            "unknown key extraction.fields[0].requird",
            "required",
        ),
        (field_form('name = "x"\ntype = "text"\nrequired = "yes"'), "must be bool", None),
        (field_form('name = "x"\ntype = "multi_choice"\nchoices = ["a;b"]'), "contains ';'", None),
        (field_form('name = "x"\ntype = "choice"\nchoices = ["CT", "ct"]'), "listed twice", None),
        (
            field_form('name = "x"\ntype = "choice"\nchoices = ["a"]', 'group_by = "y"'),
            "not a field",
            None,
        ),
        (
            field_form('name = "x"\ntype = "text"', 'group_by = "x"'),
            "is text, expected choice",
            None,
        ),
        (
            field_form('name = "x"\ntype = "choice"\nchoices = ["a"]', 'chart = ["x"]'),
            "expected 2",
            None,
        ),
        (
            field_form('name = "x"\ntype = "text"', 'bar_charts = ["x"]'),
            "expected choice or multi_choice",
            None,
        ),
        (
            field_form('name = "x"\ntype = "text"', 'extractors = ["a"]\nrequired = 2'),
            "only 1 extractors",
            None,
        ),
        (
            field_form('name = "x"\ntype = "text"', 'extractors = ["a", "b"]\narbiter = "a"'),
            "also an extractor",
            None,
        ),
        (
            field_form('name = "x"\ntype = "text"', 'extractor = ["a"]'),
            "unknown key extraction.extractor",
            "extractors",
        ),
        ("[extraction]\nextractors = []\n", "no fields", None),
        (
            field_form('name = "x"\ntype = "text"')
            + '[[extraction.fields]]\nname = "x"\ntype = "number"\n',
            "defined twice",
            None,
        ),
    ],
)
def test_bad_forms_are_refused_naming_the_key(
    tmp_path: Path, form: str, message: str, hint: str | None
) -> None:
    with pytest.raises(ReviewError) as info:
        load(form, tmp_path)
    assert message in info.value.message
    assert info.value.file == str(tmp_path / "config.toml")
    if hint:
        assert hint in (info.value.hint or "")


TEXT = Field("summary", FieldType.TEXT)
NUMBER = Field("n", FieldType.NUMBER, required=True)
CHOICE = Field("design", FieldType.CHOICE, choices=("Randomised trial", "Cohort"))
MULTI = Field("outcomes", FieldType.MULTI_CHOICE, choices=("Mortality", "Length of stay", "Pain"))


@pytest.mark.parametrize(
    ("field", "cell", "value"),
    [
        (TEXT, "  two   words ", "two words"),
        (TEXT, "", ""),
        (NUMBER, "12", "12"),
        (NUMBER, "3,5", "3.5"),
        (NUMBER, "-2.50", "-2.5"),
        (NUMBER, "1 234", "1234"),
        (NUMBER, "+7", "7"),
        (CHOICE, "cohort", "Cohort"),
        (CHOICE, " Randomised  TRIAL ", "Randomised trial"),
        (MULTI, "pain; mortality", "Mortality; Pain"),
        (MULTI, "Length of stay;Length of stay", "Length of stay"),
        (MULTI, "", ""),
    ],
)
def test_good_cells_take_their_canonical_form(field: Field, cell: str, value: str) -> None:
    checked = parse_value(field, cell)
    assert checked.ok, checked.problem
    assert checked.value == value


@pytest.mark.parametrize(
    ("field", "cell", "problem", "hint"),
    [
        (NUMBER, "", "n is required", "fill it in"),
        (NUMBER, "12 patients", "must be a number", "digits"),
        (NUMBER, "1,234,567", "must be a number", None),
        (NUMBER, "abc", "must be a number", None),
        (CHOICE, "cohrt", "'cohrt' is not one of the form's choices", "did you mean 'Cohort'?"),
        (CHOICE, "Cohort; Randomised trial", "is not one of", "only one choice"),
        (CHOICE, "Case report", "is not one of", "choose one of: Randomised trial, Cohort"),
        (MULTI, "Mortality; Pian", "'Pian' is not one of", "did you mean 'Pain'?"),
        (MULTI, "Mortality, Length of stay", "is not one of", "separate several choices with ';'"),
    ],
)
def test_bad_cells_say_what_is_wrong(
    field: Field, cell: str, problem: str, hint: str | None
) -> None:
    checked = parse_value(field, cell)
    assert not checked.ok
    assert problem in checked.problem
    if hint:
        assert hint in (checked.hint or "")


def test_the_header_states_the_rule_and_reads_back() -> None:
    title = column_title(MULTI)
    assert "separate several with ;" in title and "Mortality | Length of stay | Pain" in title
    assert column_field(title) == "outcomes"
    assert column_field(column_title(NUMBER)) == "n"
    assert "required" in column_title(NUMBER)
