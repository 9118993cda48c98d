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
