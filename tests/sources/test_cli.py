"""``inspect``, ``import`` and ``searches`` end to end through the real CLI and workspace."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.searchlog import read_log
from tests.conftest import shared_path

CONFIG = """[review]
title = "Test review"

[[sources]]
name = "scopus"
label = "Scopus"
platform = "scopus.com"
query = "queries/scopus.txt"
hits_reported = 10

[[sources]]
name = "scholar"
label = "Google Scholar"
query = "queries/scholar.txt"
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "scopus.txt").write_text('TITLE-ABS-KEY("digital twin")\n')
    (tmp_path / "queries" / "scholar.txt").write_text('"digital twin" imaging\n')
    (tmp_path / "config.toml").write_text(CONFIG)
    return tmp_path


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_inspect_summary_and_jsonl(tmp_path: Path) -> None:
    path = shared_path(
        "exports", "scopus_csv", "asreview__citation-file-formatting__cff_scopus.csv"
    )
    before = _tree(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "format:   scopus_csv" in result.output
    assert "records:  10" in result.output
    assert "title            10    100%" in result.output
    result = runner.invoke(cli, ["inspect", "--jsonl", str(path)])
    lines = result.output.strip().split("\n")
    assert len(lines) == 10
    first = json.loads(lines[0])
    assert first["id"].startswith("file:2-s2.0-") and first["title"] and first["line"] == 2
    assert _tree(tmp_path) == before


def test_inspect_bad_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "x.ris"
    path.write_text("nothing here\n")
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert "not a format" in result.output


def test_import_copies_logs_and_refuses_twice(workspace: Path) -> None:
    path = shared_path(
        "exports", "scopus_csv", "asreview__citation-file-formatting__cff_scopus.csv"
    )
    runner = CliRunner()
    result = runner.invoke(
        cli, ["import", str(path), "--workspace", str(workspace), "--date", "2026-01-15"]
    )
    assert result.exit_code == 0, result.output
    stored = (
        workspace
        / "records"
        / "raw"
        / "scopus"
        / "2026-01-15_asreview__citation-file-formatting__cff_scopus.csv"
    )
    assert stored.read_bytes() == path.read_bytes()
    (entry,) = read_log(workspace / "records" / "searches.csv")
    assert entry.source == "scopus" and entry.round == 1 and entry.records_retrieved == 10
    assert entry.query == 'TITLE-ABS-KEY("digital twin")' and entry.hits_reported == "10"
    assert entry.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry.file == stored.relative_to(workspace).as_posix()
    before = _tree(workspace)
    again = runner.invoke(cli, ["import", str(path), "--workspace", str(workspace)])
    assert again.exit_code == 2 and "already imported" in again.output
    assert _tree(workspace) == before

    searches = runner.invoke(cli, ["searches", "--markdown", "--workspace", str(workspace)])
    assert searches.exit_code == 0
    assert "| 1 | scopus | scopus.com | 2026-01-15 | 10 | 10 |" in searches.output
    assert 'TITLE-ABS-KEY("digital twin")' in searches.output


def test_import_guesses_source_and_takes_hits(workspace: Path) -> None:
    path = shared_path("exports", "pop_json", "CoLRev-Environment__colrev__google_scholar.json")
    result = CliRunner().invoke(
        cli,
        [
            "import",
            str(path),
            "-w",
            str(workspace),
            "--hits",
            "about 800",
            "--round",
            "2",
            "--date",
            "2026-02-01",
        ],
    )
    assert result.exit_code == 0, result.output
    (entry,) = read_log(workspace / "records" / "searches.csv")
    assert (entry.source, entry.round, entry.hits_reported, entry.records_retrieved) == (
        "scholar",
        2,
        "about 800",
        7,
    )


def test_import_bad_file_leaves_workspace_untouched(workspace: Path) -> None:
    bad_xml = workspace / "incoming" / "cut.xml"
    bad_xml.parent.mkdir()
    bad_xml.write_text("<?xml version='1.0'?>\n<PubmedArticleSet><PubmedArticle>")
    before = _tree(workspace)
    result = CliRunner().invoke(
        cli, ["import", str(bad_xml), "--source", "scopus", "-w", str(workspace)]
    )
    assert result.exit_code == 2
    assert "cut.xml" in result.output and "XML" in result.output
    assert _tree(workspace) == before


def test_searches_plain_and_empty(workspace: Path) -> None:
    runner = CliRunner()
    empty = runner.invoke(cli, ["searches", "-w", str(workspace)])
    assert empty.exit_code == 0 and "No searches logged" in empty.output
    path = shared_path("exports", "wos_plaintext", "diging__tethne__wos.txt")
    result = runner.invoke(
        cli,
        ["import", str(path), "--source", "scopus", "-w", str(workspace), "--date", "2026-03-01"],
    )
    assert result.exit_code == 0, result.output
    plain = runner.invoke(cli, ["searches", "-w", str(workspace)])
    header, row = plain.output.split("\n")[:2]
    assert header.split()[:6] == [
        "round",
        "source",
        "platform",
        "date_searched",
        "hits_reported",
        "records_retrieved",
    ]
    assert row.split()[:6] == ["1", "scopus", "scopus.com", "2026-03-01", "10", "10"]


def test_inspect_forced_format(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("TY  - JOUR\nTI  - Forced\nER  - \n")
    result = CliRunner().invoke(cli, ["inspect", "--format", "ris", str(path)])
    assert result.exit_code == 0
    assert "format:   ris (format 'ris' given)" in result.output
    unknown = CliRunner().invoke(cli, ["inspect", "--format", "riss", str(path)])
    assert unknown.exit_code == 2 and "did you mean 'ris'" in unknown.output


def test_import_without_files_logs_what_the_config_globs_name(tmp_path: Path) -> None:
    from tests.builders import Rec, ris

    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "embase.txt").write_text("'digital twin'/exp\n")
    (tmp_path / "config.toml").write_text(
        '[review]\ntitle = "Globs"\n\n[[sources]]\nname = "embase"\nlabel = "Embase"\n'
        'query = "queries/embase.txt"\nfiles = ["exports/embase/*.ris", '
        '"records/raw/embase/*.ris"]\n'
    )
    exports = tmp_path / "exports" / "embase"
    exports.mkdir(parents=True)
    (exports / "2026-03-02_batch1.ris").write_text(ris([Rec("Twin of a liver"), Rec("Twin B")]))
    (exports / "batch2.ris").write_text(ris([Rec("Cardiac twin models")]))
    kept = tmp_path / "records" / "raw" / "embase"
    kept.mkdir(parents=True)
    (kept / "2026-03-01_by_hand.ris").write_text(ris([Rec("Lung twin")]))
    runner = CliRunner()

    # before the import the records count (round 1) and status says what is unlogged
    status = runner.invoke(cli, ["status", "-w", str(tmp_path)])
    assert status.exit_code == 0, status.output
    assert "round 1: 4 records" in status.output
    assert "3 file(s) named by the config's globs" in status.output

    result = runner.invoke(cli, ["import", "-w", str(tmp_path), "--date", "2026-03-05"])
    assert result.exit_code == 0, result.output
    log = read_log(tmp_path / "records" / "searches.csv")
    assert sorted((e.file, e.date_searched, e.records_retrieved) for e in log) == [
        ("records/raw/embase/2026-03-01_by_hand.ris", "2026-03-01", 1),  # logged in place
        ("records/raw/embase/2026-03-02_batch1.ris", "2026-03-02", 2),
        ("records/raw/embase/2026-03-05_batch2.ris", "2026-03-05", 1),  # no date in its name
    ]
    assert all(e.source == "embase" and e.query == "'digital twin'/exp" for e in log)
    # the copies are byte-exact and the hand-copied file was not copied again
    assert (kept / "2026-03-05_batch2.ris").read_bytes() == (exports / "batch2.ris").read_bytes()
    assert len(list(kept.iterdir())) == 3

    status = runner.invoke(cli, ["status", "-w", str(tmp_path)])
    assert "round 1: 4 records from 3 search(es)" in status.output
    assert "globs" not in status.output
    again = runner.invoke(cli, ["import", "-w", str(tmp_path)])
    assert again.exit_code == 0 and "nothing to import" in again.output


def test_import_without_files_or_globs_says_what_to_do(workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "-w", str(workspace)])
    assert result.exit_code == 2
    assert "no file to import" in result.output and "files = [" in result.output


def test_import_of_several_files_is_all_or_nothing(workspace: Path) -> None:
    from tests.builders import Rec, ris

    good = workspace / "in" / "good.ris"
    good.parent.mkdir()
    good.write_text(ris([Rec("A good record")]))
    empty = workspace / "in" / "empty.ris"
    empty.write_text("")
    before = _tree(workspace)
    result = CliRunner().invoke(
        cli, ["import", str(good), str(empty), "--source", "scopus", "-w", str(workspace)]
    )
    assert result.exit_code == 2
    assert "empty.ris" in result.output
    assert _tree(workspace) == before


def test_one_batch_numbers_same_names_and_refuses_the_same_file_twice(workspace: Path) -> None:
    from tests.builders import Rec, ris

    first = workspace / "a" / "scopus.ris"
    second = workspace / "b" / "scopus.ris"
    for path, title in ((first, "First search"), (second, "Second search")):
        path.parent.mkdir()
        path.write_text(ris([Rec(title)]))
    runner = CliRunner()
    args = ["--source", "scopus", "--date", "2026-04-01", "-w", str(workspace)]
    before = _tree(workspace)
    twice = runner.invoke(cli, ["import", str(first), str(first), *args])
    assert twice.exit_code == 2 and "the same as" in twice.output
    assert _tree(workspace) == before

    result = runner.invoke(cli, ["import", str(first), str(second), *args])
    assert result.exit_code == 0, result.output
    log = read_log(workspace / "records" / "searches.csv")
    assert [e.file for e in log] == [
        "records/raw/scopus/2026-04-01_scopus.ris",
        "records/raw/scopus/2026-04-01_scopus_2.ris",
    ]
    kept = workspace / "records" / "raw" / "scopus"
    assert (kept / "2026-04-01_scopus_2.ris").read_bytes() == second.read_bytes()
