"""RIS and BibTeX exports of a box: they import back through the project's own readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.records import Record
from prisma.render.box_export import export_box
from prisma.render.references import Entry, to_bibtex, to_ris
from prisma.sources import read_file_with_warnings
from tests.test_seed_pipeline import copy_workspace

FORMATS = {"ris": ".ris", "bibtex": ".bib"}


def read_back(text: str, path: Path) -> list[Record]:
    path.write_text(text, encoding="utf-8")
    result = read_file_with_warnings(path, "library")
    assert result.warnings == []
    return result.records


def same(a: Record) -> tuple[str, str, tuple[str, ...]]:
    return (a.title, a.doi, a.authors)


@pytest.mark.parametrize("fmt", ["ris", "bibtex"])
def test_included_studies_of_the_worked_example_import_back(tmp_path: Path, fmt: str) -> None:
    ws = copy_workspace(tmp_path)
    state = load_state(ws)
    exported = export_box(state, compute_flow(state), "included")
    assert len(exported.entries) == 69
    # Merged study fields: what the first member lacks comes from a duplicate.
    first = {e.key: state.by_id()[e.key].record for e in exported.entries}
    assert any(e.record.url and not first[e.key].url for e in exported.entries)
    back = read_back(exported.text(fmt), tmp_path / f"included{FORMATS[fmt]}")
    assert [same(r) for r in back] == [same(e.record) for e in exported.entries]
    assert all(r.title and r.authors for r in back)


AWKWARD = [
    Record(
        id="x:1",
        source="x",
        title="Costs & benefits of 100% {braced} text: $5 #1 under_score ~ tilde",
        authors=("Müller, Jörg", "Ødegård, Å.", "van der Berg, J.-P."),
        year=2019,
        journal="Journal of Things & Stuff",
        volume="12",
        issue="3",
        pages="101–109",
        doi="10.1002/(sici)1097-0258(19980430)17:8<857::aid-sim777>3.0.co;2-e",
        abstract="First line.\nSecond line with a tab\tand \\backslash.",
        keywords=("alpha", "beta gamma"),
        type="JOUR",
    ),
    Record(
        id="scholar:abc~2",
        source="scholar",
        title="Ünïcode — title with “quotes” and 中文",
        authors=("Cochrane Collaboration",),
        year=2024,
        doi="10.1000/xyz_123",
        type="inproceedings",
        journal="Proceedings of a Meeting",
    ),
    Record(id="x:3", source="x", title="No authors, no DOI", year=None),
]


@pytest.mark.parametrize("fmt", ["ris", "bibtex"])
def test_awkward_fields_survive_the_round_trip(tmp_path: Path, fmt: str) -> None:
    entries = [Entry(r.id, r, note=f"box; study {r.id}") for r in AWKWARD]
    text = to_ris(entries) if fmt == "ris" else to_bibtex(entries)
    back = read_back(text, tmp_path / f"awkward{FORMATS[fmt]}")
    assert [same(r) for r in back] == [same(r) for r in AWKWARD]
    assert [r.year for r in back] == [2019, 2024, None]
    assert back[0].pages.replace("--", "-") in ("101-109", "101–109")


def test_bibtex_keys_are_the_workspace_ids(tmp_path: Path) -> None:
    entries = [Entry(r.id, r) for r in AWKWARD]
    back = read_back(to_bibtex(entries), tmp_path / "keys.bib")
    assert [dict(r.extra)["key"] for r in back] == ["x:1", "scholar:abc-2", "x:3"]


def test_cli_exports_a_reason_and_names_the_boxes_on_a_typo(tmp_path: Path) -> None:
    ws = copy_workspace(tmp_path)
    runner = CliRunner()
    done = runner.invoke(cli, ["flow", "-w", str(ws.root)])
    assert done.exit_code == 0, done.output
    counts = json.loads((ws.build_dir / "counts.json").read_text())
    out = tmp_path / "detail.bib"
    done = runner.invoke(
        cli,
        [
            "export",
            "dbr_excluded",
            "--reason",
            "insufficient_detail",
            "--format",
            "bibtex",
            "-w",
            str(ws.root),
            "--out",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    n = counts["dbr_excluded_reasons"]["Insufficient technical detail"]
    assert f"({n} references)" in done.output
    assert len(read_back(out.read_text(), out)) == n
    bad = runner.invoke(cli, ["export", "includd", "-w", str(ws.root)])
    assert bad.exit_code == 2
    assert "no box 'includd'" in bad.output and "included (69)" in bad.output
