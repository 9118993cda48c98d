"""`check --published`: auditing the seed review's Figure 3 as published."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.errors import ReviewError
from prisma.published import audit, load_published

# The paper's numbers as published, shipped with the worked example.
SEED_TOML = (
    Path(__file__).resolve().parent.parent / "records" / "published" / "figure3.toml"
).read_text(encoding="utf-8")


def test_seed_figure_reasons_do_not_add_up(tmp_path: Path) -> None:
    path = tmp_path / "figure3.toml"
    path.write_text(SEED_TOML)
    result = audit(load_published(path))
    assert not result.ok
    text = "\n".join(result.problems)
    assert "sum to 112, not 97" in text
    assert "181 assessed − 97 excluded (stated total) = 84 ≠ 69" in text
    assert any("181 assessed − 112 excluded (sum of reasons) = 69" in c for c in result.consistent)
    inferred = "\n".join(result.inferred)
    assert "duplicates removed = 329 identified − 260 screened = 69" in inferred
    assert "records excluded at screening = 260 screened − 181 sought = 79" in inferred


def test_cli_exits_non_zero_on_the_seed_figure(tmp_path: Path) -> None:
    path = tmp_path / "figure3.toml"
    path.write_text(SEED_TOML)
    result = CliRunner().invoke(cli, ["check", "--published", str(path)])
    assert result.exit_code == 1
    assert "sum to 112, not 97" in result.output
    assert "84 ≠ 69" in result.output


def test_consistent_diagram_passes_and_csv_form_is_read(tmp_path: Path) -> None:
    path = tmp_path / "prisma.csv"
    path.write_text(
        "data,node,box,description,boxtext,tooltips,url,n\n"
        'database_specific_results,NA,box2,x,x,NA,NA,"Scopus, 117; PubMed, 115"\n'
        "duplicates,node8,box3,x,x,x,x,32\n"
        "records_screened,node9,box4,x,x,x,x,200\n"
        "records_excluded,node10,box5,x,x,x,x,150\n"
        "dbr_sought_reports,node11,box6,x,x,x,x,50\n"
        "dbr_notretrieved_reports,node12,box7,x,x,x,x,0\n"
        "dbr_assessed,node13,box8,x,x,x,x,50\n"
        'dbr_excluded,node14,box9,x,x,x,x,"Wrong population, 20; Wrong design, 10"\n'
        "new_studies,node15,box10,x,x,x,x,20\n"
        "previous_studies,node5,box1,x,x,x,x,NA\n"
    )
    result = audit(load_published(path))
    assert result.ok, result.problems


def test_bad_published_input_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("records_screend = 260\n")
    with pytest.raises(ReviewError) as err:
        load_published(path)
    assert "records_screened" in (err.value.hint or "")
    path.write_text("records_screened = -5\n")
    with pytest.raises(ReviewError, match="negative"):
        load_published(path)


def _numbers() -> dict[str, int]:
    return {
        "database_results": 232,
        "duplicates": 32,
        "records_screened": 200,
        "records_excluded": 150,
        "dbr_sought_reports": 50,
        "dbr_notretrieved_reports": 2,
        "dbr_assessed": 48,
        "new_studies": 15,
        "new_reports": 18,
        "total_studies": 15,
        "total_reports": 18,
    }


def _v114(numbers: dict[str, int]) -> str:
    from prisma.render.prisma2020 import fill_template

    return fill_template(
        numbers,
        {"Scopus": 117, "PubMed": 115},
        {},
        {"Wrong population": 20, "Wrong design": 10},
        {},
        other_methods=False,
    )


# The same diagram in the template the app had before v1.1.4: NA where a box is unused,
# no meta-analysis rows.
OLD_TEMPLATE = (
    "data,node,box,description,boxtext,tooltips,url,n\n"
    "NA,node4,prevstud,x,Previous studies,x,prevstud.html,NA\n"
    "previous_studies,node5,box1,x,x,x,x,NA\n"
    "previous_reports,NA,box1,x,x,NA,x,NA\n"
    "database_results,node7,box2,x,x,x,x,232\n"
    'database_specific_results,NA,box2,x,x,NA,x,"Scopus, 117; PubMed, 115"\n'
    "register_results,NA,box2,x,x,NA,NA,NA\n"
    "register_specific_results,NA,box2,x,x,NA,x,NA\n"
    "website_results,node17,box11,x,x,x,x,NA\n"
    "duplicates,node8,box3,x,x,x,x,32\n"
    "records_screened,node9,box4,x,x,x,x,200\n"
    "records_excluded,node10,box5,x,x,x,x,150\n"
    "dbr_sought_reports,node11,box6,x,x,x,x,50\n"
    "dbr_notretrieved_reports,node12,box7,x,x,x,x,2\n"
    "dbr_assessed,node13,box8,x,x,x,x,48\n"
    'dbr_excluded,node14,box9,x,x,x,x,"Wrong population, 20; Wrong design, 10"\n'
    "other_excluded,node21,box15,x,x,x,x,NA\n"
    "new_studies,node15,box10,x,x,x,x,15\n"
    "new_reports,NA,box10,x,x,NA,NA,18\n"
    "total_studies,node22,box16,x,x,x,x,15\n"
    "total_reports,NA,box16,x,x,NA,NA,18\n"
    "identification,node1,identification,x,Identification,x,x,NA\n"
)


def test_old_and_new_templates_read_the_same(tmp_path: Path) -> None:
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text(OLD_TEMPLATE)
    new.write_text(_v114(_numbers()))
    before, after = load_published(old), load_published(new)
    # v1.1.4 also states the zeros and the (unused) meta-analysis box.
    assert {k: v for k, v in after.numbers.items() if v or k in before.numbers} == before.numbers
    assert after.numbers["total_studies_ma"] == 0
    assert after.tables == before.tables  # placeholders are "not filled in", not data
    for published in (before, after):
        result = audit(published)
        assert result.ok, result.problems
        assert any(
            "48 assessed − 30 excluded (sum of reasons) = 18" in c for c in result.consistent
        )


def test_v114_template_arithmetic_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        _v114(_numbers() | {"new_studies": 19, "previous_studies": 4, "total_studies": 20})
    )
    problems = "\n".join(audit(load_published(path)).problems)
    assert "new: 19 studies but only 18 reports" in problems
    assert "total studies: 4 previous + 19 new = 23, but the diagram says 20" in problems


def test_the_apps_own_example_reads_clean() -> None:
    from tests.prisma2020_client import prisma2020_dir

    result = audit(load_published(prisma2020_dir() / "PRISMA.csv"))
    assert result.ok, result.problems
