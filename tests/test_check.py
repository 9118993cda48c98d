"""`check`: each invariant, broken on purpose, is reported with the record ids involved."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from prisma.check import check_state
from prisma.flow import Box, compute_flow
from prisma.load import load_state
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder
from tests.test_flow import study_of


def build(tmp_path: Path) -> WorkspaceBuilder:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")])
    b.write_config()
    b.add_search("scopus", [Rec("One"), Rec("Two"), Rec("Three"), Rec("Four")])
    return b


def findings(tmp_path: Path, tamper=None) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    state = load_state(Workspace.at(tmp_path))
    flow = compute_flow(state)
    if tamper:
        tamper(flow)
    return {f.code: f.record_ids for f in check_state(state, flow).findings}


def test_clean_state_has_no_findings(tmp_path: Path) -> None:
    b = build(tmp_path)
    for title in ("One", "Two", "Three", "Four"):
        b.decide(study_of(tmp_path, title), "title_abstract", "exclude")
    assert findings(tmp_path) == {}


def test_full_text_decision_after_title_exclusion(tmp_path: Path) -> None:
    b = build(tmp_path)
    one = study_of(tmp_path, "One")
    b.decide(one, "title_abstract", "exclude")
    b.decide(one, "full_text", "include")
    assert findings(tmp_path)["full_text_after_exclusion"] == (one,)


def test_exclusion_without_reason_and_unknown_reason(tmp_path: Path) -> None:
    b = build(tmp_path)
    one, two = study_of(tmp_path, "One"), study_of(tmp_path, "Two")
    for sid in (one, two):
        b.decide(sid, "title_abstract", "include")
    b.decide(one, "full_text", "exclude")
    b.decide(two, "full_text", "exclude", "wrong_planet")
    found = findings(tmp_path)
    assert found["exclusion_without_reason"] == (one,)
    assert found["unknown_reason"] == (two,)


def test_decision_on_unknown_record(tmp_path: Path) -> None:
    b = build(tmp_path)
    b.decide("scopus:000000000000", "title_abstract", "include")
    assert findings(tmp_path)["unknown_record"] == ("scopus:000000000000",)


def test_search_log_count_mismatch(tmp_path: Path) -> None:
    build(tmp_path)
    log = tmp_path / "records" / "searches.csv"
    log.write_text(log.read_text().replace(",4,records", ",5,records"))
    assert "log_count" in findings(tmp_path)


def test_arithmetic_invariants_name_the_records(tmp_path: Path) -> None:
    b = build(tmp_path)
    one, two = study_of(tmp_path, "One"), study_of(tmp_path, "Two")
    b.decide(one, "title_abstract", "include")
    b.decide(one, "full_text", "include")
    b.decide(two, "title_abstract", "include")
    b.decide(two, "full_text", "exclude", "wrong_design")

    def drop_from_screened(flow):  # type: ignore[no-untyped-def]
        flow.boxes[Box.RECORDS_SCREENED].remove(one)

    found = findings(tmp_path, drop_from_screened)
    assert found["screened_arithmetic"] == (one,)

    def drop_reason(flow):  # type: ignore[no-untyped-def]
        flow.dbr_reasons.clear()

    found = findings(tmp_path, drop_reason)
    assert "dbr_included_arithmetic" in found
    assert two in found["dbr_included_arithmetic"]

    def wrong_total(flow):  # type: ignore[no-untyped-def]
        flow.boxes[Box.PREVIOUS_STUDIES] = ["x"]
        flow.counts = lambda c=flow.counts: dataclasses.replace(c(), total_studies=1)

    assert "total_arithmetic" in findings(tmp_path, wrong_total)


def test_open_conflicts_are_warnings(tmp_path: Path) -> None:
    b = build(tmp_path)
    one = study_of(tmp_path, "One")
    b.decide(one, "title_abstract", "include", screener="ann")
    b.decide(one, "title_abstract", "exclude", screener="bob")
    state = load_state(Workspace.at(tmp_path))
    report = check_state(state, compute_flow(state))
    assert report.ok
    assert [(f.code, f.severity, f.record_ids) for f in report.findings] == [
        ("open_conflicts", "warning", (one,))
    ]


def test_decisions_that_moved_with_a_merge_are_reported(tmp_path: Path) -> None:
    # Two records decided apart, then found to be one study (a reviewed pair says so).
    b = build(tmp_path)
    one, two = study_of(tmp_path, "One"), study_of(tmp_path, "Two")
    b.decide(one, "title_abstract", "include")
    b.decide(two, "title_abstract", "exclude")
    (tmp_path / "records" / "duplicates_review.csv").write_text(f"a,b,decision\n{one},{two},same\n")
    found = findings(tmp_path)
    assert set(found["moved_decision"]) >= {one, two}


def test_maybe_pairs_warn_unless_the_config_keeps_them(tmp_path: Path) -> None:
    from prisma.config import DedupSettings
    from prisma.dedup import DedupResult, Match

    build(tmp_path)
    state = load_state(Workspace.at(tmp_path))
    a, b = sorted(state.members)[:2]
    state.dedup = DedupResult(state.dedup.clusters, state.dedup.matches, [Match(a, b, "maybe")])
    codes = {f.code for f in check_state(state, compute_flow(state)).findings}
    assert "maybe_duplicates" in codes
    state.config = dataclasses.replace(state.config, dedup=DedupSettings(maybe="keep"))
    codes = {f.code for f in check_state(state, compute_flow(state)).findings}
    assert "maybe_duplicates" not in codes
