"""Import and search guard what they log: overlapping re-exports, init's placeholder
query, hits as the database said them, the original path; dedup names every
unreadable file at once. Real exports from ../shared/data/exports, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.searchlog import read_log
from prisma.sources import read_file
from tests.conftest import shared_path

CONFIG = """[review]
title = "Guards"

[[sources]]
name = "scopus"
label = "Scopus"
query = "queries/scopus.txt"
hits_reported = "about 800"
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "scopus.txt").write_text('TITLE-ABS-KEY("digital twin")\n')
    (tmp_path / "config.toml").write_text(CONFIG)
    return tmp_path


def _scopus() -> tuple[Path, list[str]]:
    path = shared_path("exports", "scopus_csv", "jpruiz84__ScientoPy__scopus_2019.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    return path, lines


def _run(workspace: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--workspace", str(workspace)])
    return result.exit_code, result.output


def test_overlapping_reexport_is_counted_warned_and_checked(workspace: Path) -> None:
    path, lines = _scopus()
    total = len(read_file(path, "scopus"))
    first = workspace / "first.csv"
    first.write_text("".join(lines[:-40]), encoding="utf-8")  # all but the last 40 rows
    again = workspace / "again.csv"
    again.write_text(lines[0] + "".join(lines[-300:]), encoding="utf-8")  # overlaps it
    code, output = _run(workspace, "import", str(first), "--date", "2025-01-02")
    assert code == 0, output
    code, output = _run(workspace, "import", str(again), "--date", "2025-01-03")
    assert code == 0, output
    held = 300 - 40
    assert f"{held} of the 300 records of records/raw/scopus/2025-01-03_again.csv" in output
    assert f"from {again} as records/raw/scopus/2025-01-03_again.csv" in output
    entry = read_log(workspace / "records" / "searches.csv")[-1]
    assert f"{held} of 300 records already held from" in entry.method
    assert entry.hits_reported == "about 800"  # the config's words, kept
    code, output = _run(workspace, "check")
    assert "overlapping_export" in output and f"{held} of the 300 records" in output
    code, output = _run(workspace, "status")
    assert f"overlap: {held} of the 300 records" in output
    code, output = _run(workspace, "flow")
    counts = json.loads((workspace / "build" / "counts.json").read_text())
    scopus = next(s for s in counts["sources"] if s["name"] == "scopus")
    assert scopus["n"] == total - 40 + 300
    assert f"incl. {held} exported twice" in scopus["note"]


def test_a_file_wholly_held_is_refused_unless_rerun(workspace: Path) -> None:
    path, lines = _scopus()
    first = workspace / "first.csv"
    first.write_text("".join(lines), encoding="utf-8")
    inside = workspace / "inside.csv"
    inside.write_text(lines[0] + "".join(lines[1:51]), encoding="utf-8")
    assert _run(workspace, "import", str(first), "--date", "2025-01-02")[0] == 0
    code, output = _run(workspace, "import", str(inside), "--date", "2025-04-02")
    assert code == 2 and "every one of the 50 records" in output and "--rerun" in output
    assert len(read_log(workspace / "records" / "searches.csv")) == 1
    code, output = _run(
        workspace, "import", str(inside), "--date", "2025-04-02", "--round", "2", "--rerun"
    )
    assert code == 0, output
    assert len(read_log(workspace / "records" / "searches.csv")) == 2


def test_init_placeholder_query_is_never_logged(tmp_path: Path) -> None:
    target = tmp_path / "review"
    assert CliRunner().invoke(cli, ["init", str(target)]).exit_code == 0
    path, _ = _scopus()
    code, output = _run(target, "import", str(path), "--source", "scopus")
    assert code == 2
    assert "queries/scopus.txt" in output and "placeholder" in output
    assert not (target / "records" / "searches.csv").exists()
    result = CliRunner().invoke(
        cli,
        ["search", "--source", "pubmed", "--workspace", str(target)],
        env={"PRISMA_EUTILS_URL": "http://127.0.0.1:9/entrez/eutils/", "NCBI_EMAIL": "a@b.org"},
    )
    assert result.exit_code == 2, result.output
    assert "queries/pubmed.txt" in result.output and "placeholder" in result.output
    (target / "queries" / "scopus.txt").write_text('TITLE-ABS-KEY("digital twin")\n')
    code, output = _run(target, "import", str(path), "--source", "scopus")
    assert code == 0, output


def test_hits_must_name_a_number(workspace: Path) -> None:
    (workspace / "config.toml").write_text(CONFIG.replace('"about 800"', '"many"'))
    code, output = _run(workspace, "status")
    assert code == 2 and "hits_reported must name a number" in output


def test_asreview_pubmedid_column_is_the_pmid(tmp_path: Path) -> None:
    path = tmp_path / "asreview.csv"
    path.write_text(
        "record_id,title,abstract,authors,pubmedID,doi\n"
        '1,"Digital twins in MRI","An abstract.","Smith J; Doe A",31234567,10.1/x\n'
    )
    (record,) = read_file(path, "asreview")
    assert record.pmid == "31234567"


def test_glob_import_shows_the_original_path(workspace: Path) -> None:
    path, lines = _scopus()
    (workspace / "exports").mkdir()
    (workspace / "exports" / "scopus.csv").write_text("".join(lines), encoding="utf-8")
    with open(workspace / "config.toml", "a") as handle:
        handle.write('files = ["exports/*.csv"]\n')
    code, output = _run(workspace, "import", "--date", "2025-01-02")
    assert code == 0, output
    shown = workspace / "exports" / "scopus.csv"
    assert f"from {shown} as records/raw/scopus/2025-01-02_scopus.csv" in output


def test_dedup_names_every_unreadable_file(tmp_path: Path) -> None:
    good, _ = _scopus()
    empty = tmp_path / "empty.ris"
    empty.write_text("")
    junk = tmp_path / "junk.txt"
    junk.write_text("just a note, not an export\n")
    result = CliRunner().invoke(
        cli, ["dedup", str(empty), str(good), str(junk), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "2 of 3 files could not be read" in result.output
    assert str(empty) in result.output and str(junk) in result.output
