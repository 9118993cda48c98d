"""Replaying the worked example's hand-back files (records/screening) through
`screen import` rebuilds its decision ledger byte for byte.

The full replay needs the source adapters and the rule dedup engine merged (the
example's exports are Scopus CSV, PubMed, WoS, Scholar; config says ``method =
"rules"``); the replay on the example's ground-truth clusters runs now.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prisma.screening.importer import import_decisions
from prisma.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
ORDER = [  # the order the files came back (their dates), arbiter after the screeners
    ("title_abstract", "alice", False),
    ("title_abstract", "bob", False),
    ("title_abstract", "carol", True),
    ("full_text", "alice", False),
    ("full_text", "bob", False),
    ("full_text", "carol", True),
]


def test_replaying_the_handbacks_rebuilds_the_ledger(tmp_path):  # type: ignore[no-untyped-def]
    pytest.importorskip("prisma.intake.files", reason="needs the sources branch merged")
    pytest.importorskip("prisma.dedup.engine", reason="needs the dedup branch merged")
    expected = (ROOT / "records" / "decisions.csv").read_bytes()
    ws = Workspace.at(tmp_path / "ws")
    shutil.copytree(ROOT / "records", ws.records_dir)
    shutil.copytree(ROOT / "queries", ws.queries_dir)
    shutil.copy(ROOT / "config.toml", ws.config_file)
    ws.decisions_csv.unlink()
    for stage, screener, arbiter in ORDER:
        (path,) = sorted((ws.records_dir / "screening").glob(f"*_{stage}_{screener}.csv"))
        day = path.name[:10]
        result = import_decisions(
            ws, path, screener, arbiter=arbiter, clock=lambda day=day: f"{day}T17:00:00Z"
        )
        assert result.recorded > 0 and result.pending == 0
    assert ws.decisions_csv.read_bytes() == expected


def test_replay_on_the_truth_clusters_rebuilds_the_ledger(tmp_path):  # type: ignore[no-untyped-def]
    """The same replay on the example's ground-truth clusters (no adapters needed): the
    records get the titles the hand-outs showed, so check codes can be verified."""
    from prisma.decisions.ledger import read_ledger
    from prisma.screening.sheet import read_sheet, unneutralise
    from prisma.state import Identified
    from tests.test_seed_workspace import truth_state

    state = truth_state(with_round2=False)
    titles = {}
    for path in sorted((ROOT / "records" / "screening").glob("*.csv")):
        for _, row in read_sheet(path, ["study_id", "title"]).rows:
            titles[row["study_id"]] = unneutralise(row["title"])
    state.identified = [
        Identified(i.record.with_(title=titles.get(i.record.id, "")), i.round, i.date, i.file)
        for i in state.identified
    ]
    ws = Workspace.at(tmp_path / "ws")
    shutil.copytree(ROOT / "records", ws.records_dir)
    shutil.copy(ROOT / "config.toml", ws.config_file)
    ws.decisions_csv.unlink()
    recorded = []
    for stage, screener, arbiter in ORDER:
        state.ledger = read_ledger(ws.decisions_csv)
        state.settled = {}
        state.settle()
        (path,) = sorted((ws.records_dir / "screening").glob(f"*_{stage}_{screener}.csv"))
        day = path.name[:10]
        result = import_decisions(
            ws,
            path,
            screener,
            arbiter=arbiter,
            state=state,
            clock=lambda day=day: f"{day}T17:00:00Z",
        )
        recorded.append(result.recorded)
    assert recorded == [260, 260, 8, 181, 181, 6]
    assert ws.decisions_csv.read_bytes() == (ROOT / "records" / "decisions.csv").read_bytes()
