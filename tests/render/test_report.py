"""build/report.html without a browser: every count links to a list of that many ids, the
lists are the ids flow_records.csv gives each box, the bytes are stable and data stays text.

The same file in a real browser: tests/render/test_report_browser.py.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from prisma.check import check_state
from prisma.config import Group
from prisma.flow import Flow, compute_flow
from prisma.load import load_state
from prisma.render.report import report_html
from prisma.render.report_data import build_payload, export_command, list_boxes, payload_json
from prisma.render.report_svg import diagram_svg, paragraph_count
from prisma.render.tables import flow_records_csv
from prisma.state import ReviewState
from prisma.workspace import Workspace
from tests.companion_workspace import companion_workspace
from tests.report_workspace import HOSTILE_AUTHOR, make_report_workspace

ROOT = Path(__file__).resolve().parents[2]

# The PRISMA 2020 definitions, as unions of the boxes flow_records.csv names.
COUNT = re.compile(r"\(n\s=\s(\d+)")
SCREENED_PARTS = {"records_excluded_human", "records_excluded_automatic", "awaiting_screening"}


def expected_lists(
    flow_records: str, groups: dict[str, Group], kinds: dict[str, str]
) -> dict[str, set[str]]:
    """Each list key -> the record ids it must hold, from flow_records.csv alone."""
    rows = [r for r in csv.DictReader(io.StringIO(flow_records)) if r["column"] != "previous"]
    previous = [r for r in csv.DictReader(io.StringIO(flow_records)) if r["column"] == "previous"]
    out: dict[str, set[str]] = {}

    def where(test) -> set[str]:  # type: ignore[no-untyped-def]
        return {r["record_id"] for r in rows if test(r)}

    out["identified"] = where(lambda r: groups[r["source"]] is not Group.OTHER)
    out["identified/databases"] = where(lambda r: groups[r["source"]] is Group.DATABASE)
    out["identified/registers"] = where(lambda r: groups[r["source"]] is Group.REGISTER)
    out["other_identified"] = where(lambda r: groups[r["source"]] is Group.OTHER)
    for kind in ("websites", "organisations", "citation_searching"):
        out[f"other_identified/{kind}"] = where(lambda r, k=kind: kinds.get(r["source"]) == k)
    for source in {r["source"] for r in rows}:
        out[f"identified/{source}"] = where(lambda r, s=source: r["source"] == s)
    for key in (
        "duplicates",
        "other_duplicates",
        "excluded_automatic",
        "excluded_other",
        "records_excluded_human",
        "records_excluded_automatic",
        "awaiting_screening",
    ):
        out[key] = where(lambda r, k=key: r["box"] == k)
    out["records_excluded"] = out["records_excluded_human"] | out["records_excluded_automatic"]
    for col in ("dbr", "other"):
        for leaf in ("notretrieved_reports", "awaiting_assessment", "excluded"):
            out[f"{col}_{leaf}"] = where(lambda r, k=f"{col}_{leaf}": r["box"] == k)
        for reason in {r["reason"] for r in rows if r["box"] == f"{col}_excluded"}:
            out[f"{col}_excluded/{reason}"] = where(
                lambda r, c=col, s=reason: r["box"] == f"{c}_excluded" and r["reason"] == s
            )
        included = where(lambda r, k=f"{col}_included": r["box"] == k)
        out[f"{col}_assessed"] = out[f"{col}_excluded"] | included
        out[f"{col}_sought_reports"] = (
            out[f"{col}_assessed"]
            | out[f"{col}_notretrieved_reports"]
            | out[f"{col}_awaiting_assessment"]
        )
    out["records_screened"] = out["dbr_sought_reports"] | where(
        lambda r: r["box"] in SCREENED_PARTS
    )
    included = [r for r in rows if r["box"] in ("dbr_included", "other_included")]
    out["new_reports"] = {r["record_id"] for r in included}
    # A companion report counts as a report of the study it names (same_study_as).
    out["previous_reports"] = {r["record_id"] for r in previous}
    out["previous_studies"] = {r["same_study_as"] or r["record_id"] for r in previous}
    out["new_studies"] = {r["same_study_as"] or r["record_id"] for r in included} - out[
        "previous_studies"
    ]
    out["total_reports"] = out["new_reports"] | out["previous_reports"]
    out["total_studies"] = out["new_studies"] | out["previous_studies"]
    return out


def groups_of(state: ReviewState) -> tuple[dict[str, Group], dict[str, str]]:
    sources = state.config.sources
    return (
        {s.name: s.group for s in sources},
        {s.name: s.other_kind.value for s in sources if s.other_kind},
    )


def linked_counts(svg: str) -> list[tuple[str, str]]:
    """(href key, spoken text) of every count link on the diagram."""
    return [
        (unescape(key), unescape(label))
        for key, label in re.findall(
            r'<a href="#box-([^"]+)" class="count" aria-label="([^"]*)"', svg
        )
    ]


@pytest.fixture(scope="module")
def worked_example() -> tuple[ReviewState, Flow]:
    if not (ROOT / "records" / "searches.csv").exists():
        pytest.skip("the worked example's records/ are absent")
    state = load_state(Workspace.at(ROOT))
    return state, compute_flow(state)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> ReviewState:
    root = make_report_workspace(tmp_path_factory.mktemp("report") / "ws")
    return load_state(Workspace.at(root))


@pytest.fixture(scope="module")
def companions(tmp_path_factory: pytest.TempPathFactory) -> ReviewState:
    """Trials with several reports each, linked by same_study_as at full text."""
    return load_state(companion_workspace(tmp_path_factory.mktemp("companions") / "ws"))


def _states(worked_example, mixed, companions):  # type: ignore[no-untyped-def]
    yield worked_example
    for round_ in (1, 2):
        yield mixed, compute_flow(mixed, round_)
    yield companions, compute_flow(companions)


def test_reports_and_studies_are_listed_apart(companions) -> None:  # type: ignore[no-untyped-def]
    flow = compute_flow(companions)
    sizes = {box.key: len(box.ids) for box in list_boxes(companions, flow)}
    assert sizes["new_reports"] == 5 and sizes["new_studies"] == 3
    payload = json.loads(payload_json(build_payload(companions, flow, [])))
    ids = [r[0] for r in payload["records"]]
    linked = {ids[a]: ids[b] for a, b in payload["report_study"]}
    assert linked == flow.study_of_report and len(linked) >= 2


def test_every_count_on_the_diagram_links_to_a_list_of_that_many(
    worked_example, mixed, companions
) -> None:  # type: ignore[no-untyped-def]
    for state, flow in _states(worked_example, mixed, companions):
        svg = diagram_svg(flow, state.config.title)
        sizes = {box.key: len(box.ids) for box in list_boxes(state, flow)}
        links = linked_counts(svg)
        # Every "(n = ...)" printed in a box is inside a link (the (n = ...) on a line of
        # its own belongs to the label above it, and is spoken with it).
        # (Parsed here, not with the module's own helper, so the two cannot agree on a
        # mistake: any space or no-break space inside "(n = 12)".)
        shown = [int(n) for n in COUNT.findall(" ".join(re.findall(r">([^<>]*)<", svg)))]
        assert len(shown) >= 8
        spoken = [int(n) for _, label in links for n in COUNT.findall(label)]
        assert sorted(spoken) == sorted(shown), flow.round
        for key, label in links:
            assert key in sizes, key
            n = paragraph_count(label)
            if n is not None:
                assert sizes[key] == n, (flow.round, key, label)


def test_lists_hold_exactly_the_ids_flow_records_gives_each_box(
    worked_example, mixed, companions
) -> None:  # type: ignore[no-untyped-def]
    for state, flow in _states(worked_example, mixed, companions):
        expected = expected_lists(flow_records_csv(flow), *groups_of(state))
        boxes = list_boxes(state, flow)
        assert boxes, "no lists"
        for box in boxes:
            assert set(box.ids) == expected.get(box.key, set()), (flow.round, box.key)
            assert len(box.ids) == len(set(box.ids)), box.key


def test_worked_example_lists_match_its_published_counts(worked_example) -> None:  # type: ignore[no-untyped-def]
    state, flow = worked_example
    sizes = {box.key: len(box.ids) for box in list_boxes(state, flow)}
    assert sizes["identified"] == 329 and sizes["duplicates"] == 69
    assert sizes["records_screened"] == 260 and sizes["records_excluded"] == 79
    assert sizes["dbr_assessed"] == 181 and sizes["new_studies"] == 69
    assert sizes["dbr_excluded/insufficient_detail"] == 87


def test_payload_keeps_every_ledger_row_and_merge(worked_example) -> None:  # type: ignore[no-untyped-def]
    state, flow = worked_example
    payload = build_payload(state, flow, check_state(state, flow).findings)
    data: dict[str, Any] = json.loads(payload_json(payload))
    assert len(data["records"]) == len(state.identified)
    assert len(data["decisions"]) == len(state.ledger)
    assert len(data["matches"]) == len(state.dedup.matches)
    records = data["records"]
    ids = [r[0] for r in records]
    assert ids == sorted(ids)
    # A record's study is its index in the same table.
    for rid, study in list(state.study_of.items())[:50]:
        row = records[ids.index(rid)]
        assert records[row[9]][0] == study


def test_report_bytes_are_stable_and_carry_no_time(mixed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flow = compute_flow(mixed)
    report = check_state(mixed, flow).findings
    first = report_html(mixed, flow, report)
    again = load_state(Workspace.at(mixed.config.path.parent), use_cache=False)  # type: ignore[union-attr]
    flow2 = compute_flow(again)
    assert report_html(again, flow2, check_state(again, flow2).findings) == first
    # Times appear only where the ledger holds them (inside the data), never "now".
    assert not re.search(r"\d\d:\d\d:\d\d", first.split("report-data")[0])


def test_hostile_text_stays_text(mixed) -> None:  # type: ignore[no-untyped-def]
    flow = compute_flow(mixed, 1)
    html = report_html(mixed, flow, check_state(mixed, flow).findings)
    # Exactly our two scripts and one style: a title cannot open or close one.
    assert html.count("<script") == 2 and html.count("</script>") == 2
    assert html.count("<style>") == 1 and html.count("</style>") == 1
    assert (
        "<img" not in html and "<b>" not in html and "onerror=" not in html.split("report-data")[0]
    )
    data = html.split('<script type="application/json" id="report-data">')[1].split("</script>")[0]
    payload = json.loads(data)
    titles = [r[1] for r in payload["records"]]
    assert any(t.startswith("</script><img src=x onerror=") and "@@JS@@" in t for t in titles)
    assert HOSTILE_AUTHOR in [r[2] for r in payload["records"]]
    # The policy admits this file's own script and style only (by hash), and no network.
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1])  # type: ignore[index]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    script = html.rsplit("<script>", 1)[1].split("</script>")[0]
    style = html.split("<style>")[1].split("</style>")[0]
    for text in (script, style):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "http://" not in script and "https://" not in script


def test_a_lists_export_command_exports_that_list(worked_example, mixed, companions) -> None:  # type: ignore[no-untyped-def]
    from prisma.render.box_export import box_ids, box_names

    shown = 0
    for state, flow in _states(worked_example, mixed, companions):
        for box in list_boxes(state, flow):
            command = export_command(box.key, flow.round, box_names(flow))
            if not command:
                continue
            words = command.split()
            reason = words[words.index("--reason") + 1] if "--reason" in words else ""
            assert set(box_ids(flow, words[2], reason)) == set(box.ids), command
            shown += 1
    assert shown >= 20
