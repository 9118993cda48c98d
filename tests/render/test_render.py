"""The flow outputs: deterministic bytes, official wording, the app's CSV layout."""

from __future__ import annotations

import csv
import io
import json
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.render.layout import CITATION, FOOTNOTE_1, FOOTNOTE_2, build_boxes
from prisma.render.prisma2020 import REASON_PLACEHOLDER, REGISTER_PLACEHOLDER
from prisma.render.tables import prisma2020_csv
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder
from tests.test_flow import study_of

OUTPUTS = [
    "counts.json",
    "flow_records.csv",
    "prisma2020.csv",
    "prisma_flow.pdf",
    "prisma_flow.png",
    "prisma_flow.svg",
    "report.html",
]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    b = WorkspaceBuilder(
        tmp_path / "ws",
        [
            Source("scopus", "Scopus"),
            Source("scholar", "Google Scholar", note="first 80 of about 800 results"),
        ],
    )
    b.write_config()
    b.add_search("scopus", [Rec("Alpha", doi="10.1/a"), Rec("Beta"), Rec("Gamma")])
    b.add_search("scholar", [Rec("Alpha", doi="10.1/a"), Rec("Delta")])
    b.decide(study_of(b.root, "Alpha"), "title_abstract", "include")
    b.decide(study_of(b.root, "Alpha"), "full_text", "include")
    b.decide(study_of(b.root, "Beta"), "title_abstract", "include")
    b.decide(study_of(b.root, "Beta"), "full_text", "exclude", "wrong_design")
    b.decide(study_of(b.root, "Gamma"), "title_abstract", "exclude")
    b.decide(study_of(b.root, "Delta"), "title_abstract", "exclude")
    return b.root


def test_flow_writes_its_files_byte_identical_twice(workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["flow", "-w", str(workspace), "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["flow", "-w", str(workspace), "--out", str(tmp_path / "b")])
    assert second.exit_code == 0, second.output
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == OUTPUTS
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_png_is_a_real_a4_readable_image(workspace: Path, tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["flow", "-w", str(workspace), "--out", str(tmp_path)])
    png = (tmp_path / "prisma_flow.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    # 200 dpi: the page is about A4 (8.3 x 11.7 in) or smaller, so 8 pt text stays 8 pt.
    assert 1200 <= width <= 2500 and 1200 <= height <= 2500
    assert (tmp_path / "prisma_flow.pdf").read_bytes().startswith(b"%PDF")
    svg = (tmp_path / "prisma_flow.svg").read_text()
    assert "<svg" in svg and "Date" not in svg


def test_counts_json_and_trace_file(workspace: Path, tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["flow", "-w", str(workspace), "--out", str(tmp_path)])
    counts = json.loads((tmp_path / "counts.json").read_text())
    assert counts["database_specific_results"] == {"Scopus": 3, "Google Scholar": 2}
    assert counts["duplicates"] == 1 and counts["records_screened"] == 4
    assert counts["dbr_excluded_reasons"] == {"Wrong study design": 1}
    rows = list(csv.DictReader(io.StringIO((tmp_path / "flow_records.csv").read_text())))
    assert len(rows) == 5
    assert sorted(r["box"] for r in rows) == sorted(
        [
            "duplicates",
            "dbr_included",
            "dbr_excluded",
            "records_excluded_human",
            "records_excluded_human",
        ]
    )
    assert next(r for r in rows if r["box"] == "dbr_excluded")["reason"] == "wrong_design"


def test_prisma2020_csv_has_every_template_row(workspace: Path) -> None:
    flow = compute_flow(load_state(Workspace.at(workspace)))
    rows = list(csv.DictReader(io.StringIO(prisma2020_csv(flow))))
    assert list(rows[0]) == [
        "data",
        "node",
        "box",
        "description",
        "boxtext",
        "tooltips",
        "url",
        "n",
    ]
    by_key = {r["data"]: r["n"] for r in rows if r["data"] != "NA"}
    for key in (
        "previous_studies",
        "database_results",
        "database_specific_results",
        "duplicates",
        "records_screened",
        "records_excluded",
        "dbr_sought_reports",
        "dbr_notretrieved_reports",
        "dbr_assessed",
        "dbr_excluded",
        "new_studies",
        "total_studies",
        "identification",
        "screening",
        "included",
    ):
        assert key in by_key, key
    assert by_key["database_specific_results"] == "Scopus, 3; Google Scholar, 2"
    assert by_key["dbr_excluded"] == "Wrong study design, 1"
    assert by_key["duplicates"] == "1"
    # A new review: 0 previous studies, which is what makes the app hide the grey column.
    assert by_key["previous_studies"] == "0" and by_key["previous_reports"] == "0"
    assert by_key["total_studies"] == by_key["new_studies"] == "1"
    assert by_key["register_specific_results"] == REGISTER_PLACEHOLDER
    assert by_key["other_excluded"] == REASON_PLACEHOLDER  # no other-methods column
    assert by_key["total_studies_ma"] == by_key["total_reports_ma"] == "0"
    assert all(r["n"] not in ("", "NA") and not r["n"].startswith("-") for r in rows)
    assert len({r["data"] for r in rows if r["data"] != "NA"}) == len(
        [r for r in rows if r["data"] != "NA"]
    )


@pytest.mark.parametrize("template", ["new_dbr", "new_other", "updated_dbr", "updated_other"])
def test_each_template_has_the_official_boxes(tmp_path: Path, template: str) -> None:
    updated, other = template.startswith("updated"), template.endswith("other")
    sources = [Source("scopus", "Scopus")]
    if other:
        sources.append(Source("web", "Websites", "other", "websites"))
    b = WorkspaceBuilder(tmp_path, sources)
    b.write_config()
    b.add_search("scopus", [Rec("One")])
    if other:
        b.add_search("web", [Rec("Web one")])
    if updated:
        b.add_search("scopus", [Rec("Two")], round_=2, date="2024-06-01")
    flow = compute_flow(load_state(Workspace.at(tmp_path)))
    assert flow.template == template
    rows, arrows, _ = build_boxes(flow)
    text = "\n".join(box.text for row in rows for box in row).replace("\u00a0", " ")
    assert "Records identified from*:" in text
    assert "Duplicate records removed (n = 0)" in text
    assert "Records marked as ineligible by automation tools" in text
    assert "Records excluded**" in text
    assert "Reports sought for retrieval" in text and "Reports not retrieved" in text
    assert "Reports assessed for eligibility" in text
    assert ("Identification of new studies via databases and registers" in text) == updated
    assert ("Studies included in previous version of review" in text) == updated
    assert ("Total studies included in review" in text) == updated
    assert (
        "Identification of new studies via other methods" in text
        or "Identification of studies via other methods" in text
    ) == other
    assert ("Citation searching" in text) == other
    keys = {box.key for row in rows for box in row}
    for a, b_, _how in arrows:
        assert a in keys and b_ in keys
    assert (
        "Page MJ" in CITATION
        and FOOTNOTE_1.startswith("*Consider")
        and FOOTNOTE_2.startswith("**If automation")
    )


def test_review_error_is_one_short_message_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[review]\ntitle = "x"\n[[sources]]\nnmae = "a"\n')
    result = CliRunner().invoke(cli, ["flow", "-w", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "config.toml" in result.output and "missing key sources[0].name" in result.output


def test_workspace_dedup_and_run_write_the_dedup_tables(workspace: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["dedup", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "5 records -> 4 studies (1 duplicates, 0 pairs to review)" in result.output
    rows = list(
        csv.DictReader(io.StringIO((workspace / "build" / "dedup" / "duplicates.csv").read_text()))
    )
    assert len(rows) == 1 and rows[0]["rule"]
    result = runner.invoke(cli, ["run", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "build/dedup/studies.csv" in result.output
    assert "check: 0 error(s)" in result.output
    # Files given on the command line need a folder to write to.
    bad = runner.invoke(cli, ["dedup", str(workspace / "config.toml")])
    assert bad.exit_code == 2 and "--out is required" in bad.output
