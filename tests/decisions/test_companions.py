"""Reports linked to studies (same_study_as): counted per report and per study."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from prisma.check import check_state
from prisma.cli import cli
from prisma.decisions.companions import report_study_findings, resolve_links
from prisma.errors import ReviewError
from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.render.layout import build_boxes
from prisma.screening.conflicts import conflict_rows
from prisma.screening.importer import import_decisions
from prisma.workspace import Workspace
from tests import companion_workspace as cw
from tests.builders import Rec


def counts_of(root: Path) -> dict[str, object]:
    return compute_flow(load_state(Workspace.at(root))).counts().to_dict()


def test_reports_are_counted_per_report_and_studies_per_study(tmp_path: Path) -> None:
    ws = cw.companion_workspace(tmp_path / "ws")
    state = load_state(ws)
    flow = compute_flow(state)
    c = flow.counts().to_dict()
    assert c["dbr_sought_reports"] == 8
    assert c["dbr_notretrieved_reports"] == 1
    assert c["dbr_assessed"] == 7
    assert c["dbr_excluded_reasons"] == {"Wrong study design": 2}
    assert (c["new_reports"], c["new_studies"]) == (5, 3)
    assert (c["total_reports"], c["total_studies"]) == (5, 3)
    ids = cw.study_ids(ws.root)
    assert flow.boxes["new_studies"] == sorted(
        ids[t] for t in (cw.ALPHA.title, cw.BETA.title, cw.EPSILON.title)
    )
    assert flow.study_of_report[ids[cw.ALPHA_PROTOCOL.title]] == ids[cw.ALPHA.title]
    assert check_state(state, flow).ok, check_state(state, flow).findings


def test_diagram_csv_and_trace_show_both_numbers(tmp_path: Path) -> None:
    ws = cw.companion_workspace(tmp_path / "ws")
    runner = CliRunner()
    done = runner.invoke(cli, ["flow", "-w", str(ws.root)])
    assert done.exit_code == 0, done.output
    assert "studies included              3  (5 reports)" in done.output
    rows, _, _ = build_boxes(compute_flow(load_state(ws)))
    text = "\n".join(box.text for row in rows for box in row).replace("\u00a0", " ")
    assert "Studies included in review (n = 3)" in text
    assert "Reports of included studies (n = 5)" in text
    assert "Reports assessed for eligibility\n(n = 7)" in text
    table = {
        r["data"]: r["n"]
        for r in csv.DictReader(io.StringIO((ws.build_dir / "prisma2020.csv").read_text()))
    }
    assert (table["new_studies"], table["new_reports"]) == ("3", "5")
    assert (table["total_studies"], table["total_reports"]) == ("3", "5")
    counts = json.loads((ws.build_dir / "counts.json").read_text())
    assert (counts["new_studies"], counts["new_reports"]) == (3, 5)
    trace = list(csv.DictReader(io.StringIO((ws.build_dir / "flow_records.csv").read_text())))
    ids = cw.study_ids(ws.root)
    linked = {r["record_id"]: r["same_study_as"] for r in trace if r["same_study_as"]}
    assert linked == {
        ids[cw.ALPHA_PROTOCOL.title]: ids[cw.ALPHA.title],
        ids[cw.ALPHA_FOLLOW_UP.title]: ids[cw.ALPHA.title],
        ids[cw.BETA_ABSTRACT.title]: ids[cw.BETA.title],
        ids[cw.GAMMA_SECONDARY.title]: ids[cw.GAMMA.title],
    }
    check = runner.invoke(cli, ["check", "-w", str(ws.root)])
    assert check.exit_code == 0, check.output
    published = runner.invoke(cli, ["check", "--published", str(ws.build_dir / "prisma2020.csv")])
    assert published.exit_code == 0, published.output
    assert (
        "7 assessed − 2 excluded (sum of reasons) = 5 = reports of included studies"
        in published.output
    )


def test_a_new_report_of_an_earlier_study_adds_a_report_not_a_study(tmp_path: Path) -> None:
    ws = cw.companion_workspace(tmp_path / "ws")
    b = cw.WorkspaceBuilder(
        ws.root, [cw.Source("scopus", "Scopus"), cw.Source("wos", "Web of Science")]
    )
    later = Rec("Alpha trial: 10-year follow-up", 2025, authors=("Ames, A.",))
    b.add_search(
        "scopus", [later, Rec("Zeta study", authors=("Zed, Z.",))], round_=2, date="2025-01-10"
    )
    ids = cw.study_ids(ws.root)
    for title in (later.title, "Zeta study"):
        b.decide(ids[title], "title_abstract", "include", round_=2)
    b.decide(ids[later.title], "full_text", "include", round_=2, same_study_as=ids[cw.ALPHA.title])
    b.decide(ids["Zeta study"], "full_text", "include", round_=2)
    state = load_state(ws)
    flow = compute_flow(state)
    c = flow.counts().to_dict()
    assert (c["previous_studies"], c["previous_reports"]) == (3, 5)
    assert (c["new_studies"], c["new_reports"]) == (1, 2)  # Zeta; Zeta and Alpha's follow-up
    assert (c["total_studies"], c["total_reports"]) == (4, 7)
    assert check_state(state, flow).ok, check_state(state, flow).findings


def test_full_text_hand_out_has_the_link_column_and_validates_it(tmp_path: Path) -> None:
    b = cw.build(tmp_path / "ws")
    ws = Workspace.at(b.root)
    ta = cli_export(ws, "title_abstract")
    assert "same_study_as" not in ta
    path = cw.fill_full_text(
        ws.root,
        links={cw.ALPHA_PROTOCOL.title: "scopus:nonexistent1", cw.EPSILON.title: "SELF"},
    )
    ids = cw.study_ids(ws.root)
    text = path.read_text().replace("SELF", ids[cw.EPSILON.title])
    path.write_text(text)
    before = ws.decisions_csv.read_bytes()
    with pytest.raises(ReviewError) as caught:
        import_decisions(ws, path, "ann", stage="full_text")
    message = str(caught.value) + "\n".join(str(p) for p in caught.value.problems)
    assert "same_study_as names 'scopus:nonexistent1', which is not a study or record" in message
    assert f"same_study_as names '{ids[cw.EPSILON.title]}', the report itself" in message
    assert ws.decisions_csv.read_bytes() == before  # nothing half-written


def cli_export(ws: Workspace, stage: str) -> str:
    out = ws.root / f"{stage}.csv"
    done = CliRunner().invoke(
        cli,
        [
            "screen",
            "export",
            "-w",
            str(ws.root),
            "--stage",
            stage,
            "--screener",
            "bob",
            "--out",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    return out.read_text(encoding="utf-8-sig").splitlines()[0]


def test_a_link_is_settled_like_a_decision(tmp_path: Path) -> None:
    b = cw.build(tmp_path / "ws")
    b.required = 2
    b.write_config()
    ws = Workspace.at(b.root)
    ids = cw.study_ids(ws.root)
    for study in cw.study_ids(ws.root).values():
        b.decide(study, "title_abstract", "include", screener="bob")
    assert "same_study_as" in cli_export(ws, "full_text")
    for screener, link in (("ann", ids[cw.ALPHA.title]), ("bob", "")):
        path = cw.fill_full_text(ws.root, screener, links={cw.ALPHA_PROTOCOL.title: link})
        import_decisions(ws, path, screener, stage="full_text")
    state = load_state(ws)
    protocol = ids[cw.ALPHA_PROTOCOL.title]
    # Same decision, different study named: a conflict for the arbiter, with both links.
    assert state.decision(protocol, "full_text").status.value == "conflict"
    header, rows = conflict_rows(state, "full_text")
    row = dict(zip(header, next(r for r in rows if r[0] == protocol), strict=True))
    assert {row["same_study_as_1"], row["same_study_as_2"]} == {ids[cw.ALPHA.title], ""}
    assert header[-5:-1] == ["decision", "reason", "notes", "same_study_as"]
    b.decide(
        protocol,
        "full_text",
        "include",
        screener="cat",
        role="arbiter",
        same_study_as=ids[cw.ALPHA.title],
        time="2024-04-01T00:00:00Z",
    )
    state = load_state(ws)
    assert state.decision(protocol, "full_text").same_study_as == ids[cw.ALPHA.title]
    assert state.links.study(protocol) == ids[cw.ALPHA.title]


def test_broken_links_are_check_errors_naming_the_ids(tmp_path: Path) -> None:
    b = cw.build(tmp_path / "ws")
    ws = Workspace.at(b.root)
    ids = cw.study_ids(ws.root)
    alpha, protocol, follow_up = (
        ids[t] for t in (cw.ALPHA.title, cw.ALPHA_PROTOCOL.title, cw.ALPHA_FOLLOW_UP.title)
    )
    # A chain through the importer: the protocol names the follow-up, itself a companion.
    path = cw.fill_full_text(ws.root, links={cw.ALPHA_PROTOCOL.title: follow_up})
    import_decisions(ws, path, "ann", stage="full_text")
    # A link to an id no search returned (a ledger row from a removed export).
    b.decide(
        ids[cw.EPSILON.title],
        "full_text",
        "include",
        same_study_as="wos:gone",
        time="2024-05-01T00:00:00Z",
    )
    done = CliRunner().invoke(cli, ["check", "-w", str(ws.root)])
    assert done.exit_code == 1
    assert (
        f"link_chain: report {protocol} names {follow_up} as its study, but {follow_up} is itself a companion of {alpha}"
        in done.output
    )
    assert (
        f"link_unknown: report {ids[cw.EPSILON.title]} is marked as the same study as wos:gone"
        in done.output
    )
    # The counts go on: each broken link leaves its report its own study.
    c = counts_of(ws.root)
    assert (c["new_reports"], c["new_studies"]) == (5, 4)


def test_an_included_study_without_an_assessed_report_is_named() -> None:
    # What check guards against: a flow that counts a study none of whose reports
    # was assessed, or a report whose study is not counted.
    links = resolve_links({"r2": "r1"}, {"r1": "r1", "r2": "r2"})
    boxes = {"dbr_assessed": ["r2"], "new_reports": ["r2"], "new_studies": ["r1", "r9"]}
    found = {(p.code, p.ids) for p in report_study_findings(links, boxes, {"r2": "r1"})}
    assert found == {("study_without_assessed_report", ("r9",))}
    boxes = {"dbr_assessed": ["r2"], "new_reports": ["r2"], "new_studies": ["r2"]}
    found = {(p.code, p.ids) for p in report_study_findings(links, boxes, {"r2": "r1"})}
    assert ("report_without_study", ("r2", "r1")) in found
    assert ("study_without_assessed_report", ("r2",)) in found


def test_the_worked_example_stays_69_studies_69_reports() -> None:
    from tests.test_seed_pipeline import ROOT

    c = compute_flow(load_state(Workspace.at(ROOT), use_cache=False)).counts().to_dict()
    assert (c["new_studies"], c["new_reports"]) == (69, 69)
    assert "same_study_as" not in (ROOT / "records" / "decisions.csv").read_text().split("\n", 1)[0]


def test_exports_give_one_entry_per_study_or_per_report(tmp_path: Path) -> None:
    from prisma.render.box_export import export_box

    ws = cw.companion_workspace(tmp_path / "ws")
    state = load_state(ws)
    flow = compute_flow(state)
    studies = export_box(state, flow, "included")
    reports = export_box(state, flow, "included_reports")
    titles = sorted(e.record.title for e in studies.entries)
    assert titles == sorted([cw.ALPHA.title, cw.BETA.title, cw.EPSILON.title])
    assert len(reports.entries) == 5
    assert studies.text("ris") == export_box(state, flow, "included").text("ris")  # same bytes
