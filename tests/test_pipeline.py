"""`run`: load, deduplicate, count, draw and check in one call, the same bytes each time."""

from __future__ import annotations

from pathlib import Path

from prisma.pipeline import flow_outputs, run
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder


def test_run_writes_every_output_and_checks_them(tmp_path: Path) -> None:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus"), Source("wos", "Web of Science")])
    b.write_config()
    b.add_search("scopus", [Rec("Alpha trial"), Rec("Beta cohort")])
    b.add_search("wos", [Rec("ALPHA TRIAL.")])
    ws = Workspace.at(tmp_path)
    result = run(ws)
    names = [ws.relative(p) for p in result.written]
    assert names[:3] == [
        "build/dedup/studies.csv",
        "build/dedup/duplicates.csv",
        "build/dedup/maybe_duplicates.csv",
    ]
    assert {"build/counts.json", "build/prisma_flow.svg", "build/flow_records.csv"} <= set(names)
    assert result.flow.counts().duplicates == 1 and result.report.ok
    first = {p: p.read_bytes() for p in result.written}
    again = run(ws)  # warm cache
    assert {p: p.read_bytes() for p in again.written} == first


def test_flow_outputs_for_an_earlier_round_go_where_asked(tmp_path: Path) -> None:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")])
    b.write_config()
    b.add_search("scopus", [Rec("Alpha trial")])
    b.add_search("scopus", [Rec("Gamma model")], round_=2, date="2024-04-15")
    result = flow_outputs(Workspace.at(tmp_path), 1, tmp_path / "round1")
    assert result.flow.round == 1 and not result.flow.updated
    assert all(p.parent == tmp_path / "round1" for p in result.written)
