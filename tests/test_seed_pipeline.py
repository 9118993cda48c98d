"""The worked example end to end: raw exports -> adapters -> rule-based dedup -> flow.

Round 1 must give the seed's Figure 3 box for box; round 2 (the next quarter) runs the
PubMed search against the fake E-utilities server, imports the new Scopus and Scholar
exports, adds the new studies' decisions and must give the updated-review diagram.
The expected boxes are the generator's ground truth (``examples/seed_truth.json``).

Needs the sources, PubMed, dedup and screening work merged; until then it skips
(``pytest.importorskip``) and ``tests/test_seed_workspace.py`` checks the data alone.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from prisma.flow import compute_flow
from prisma.state import load_state
from prisma.workspace import Workspace

importing = pytest.importorskip("prisma.importing", reason="needs the sources branch merged")
pubmed = pytest.importorskip("prisma.sources.pubmed", reason="needs the PubMed branch merged")
pytest.importorskip("prisma.dedup.engine", reason="needs the dedup branch merged")
eutils_server = pytest.importorskip("tests.eutils_server", reason="needs the PubMed branch merged")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TRUTH = json.loads((EXAMPLES / "seed_truth.json").read_text(encoding="utf-8"))


def copy_workspace(target: Path) -> Workspace:
    shutil.copy(ROOT / "config.toml", target / "config.toml")
    shutil.copytree(ROOT / "queries", target / "queries")
    shutil.copytree(ROOT / "records", target / "records")
    return Workspace.at(target)


def boxes_of(counts: dict[str, object], expected: dict[str, object]) -> dict[str, object]:
    return {key: counts.get(key) for key in expected}


def test_round1_reproduces_figure3(tmp_path: Path) -> None:
    ws = copy_workspace(tmp_path)
    state = load_state(ws)
    assert state.dedup.maybe == []
    assert state.unknown_decisions == []
    expected = {s["study"]: sorted(s["members"]) for s in TRUTH["round1"]["studies"]}
    assert {k: sorted(v) for k, v in state.members.items()} == expected
    counts = compute_flow(state).counts()
    assert boxes_of(counts, TRUTH["round1"]["boxes"]) == TRUTH["round1"]["boxes"]


def fake_pubmed(shared: Path, ws: Workspace) -> object:
    """The fake server's PubMed, holding round 1's and round 2's articles for our query."""
    import re

    server = eutils_server.FakePubMed(shared / "entrez", synthetic=100)
    query = (ws.root / "queries" / "pubmed.txt").read_text(encoding="utf-8").strip()
    ids = []
    files = [
        ws.root / "records/raw/pubmed/2024-09-16_search/efetch_0001.xml",
        EXAMPLES / "round2/pubmed/efetch_new.xml",
    ]
    for path in files:
        data = path.read_bytes()
        header = data[: data.index(b"<PubmedArticleSet>")]
        for match in re.finditer(rb"<PubmedArticle>.*?</PubmedArticle>", data, re.S):
            block = match.group(0)
            pmid = re.search(rb"<PMID[^>]*>(\d+)</PMID>", block).group(1).decode()  # type: ignore[union-attr]
            entrez = re.search(
                rb'PubStatus="entrez"><Year>(\d+)</Year><Month>(\d+)</Month><Day>(\d+)</Day>',
                block,
            )
            day = date(*(int(g) for g in entrez.groups()))  # type: ignore[union-attr]
            server.articles[pmid] = eutils_server.Article(pmid, day, day, day, header, block)
            ids.append(pmid)
    server.queries[query] = ids
    return server


def test_round2_is_an_updated_review(tmp_path: Path) -> None:
    from prisma.config import load_config
    from tests.conftest import shared_path

    ws = copy_workspace(tmp_path)
    server = eutils_server.FakeEutils(fake_pubmed(shared_path(), ws)).start()
    try:
        source = load_config(ws.config_file).source("pubmed")
        result = pubmed.search(
            ws,
            source,
            known_pmids=pubmed.held_pmids(ws, "pubmed"),
            today=date(2024, 12, 16),
            base_url=server.url,
            progress=False,
            round_=2,
        )
    finally:
        server.stop()
    new_pmids = (EXAMPLES / "round2/pubmed/pmids_new.txt").read_text().split()
    assert sorted(result.fetched, key=int) == new_pmids
    exports = EXAMPLES / "round2" / "exports"
    importing.import_file(ws, exports / "scopus.csv", "scopus", date="2024-12-16", round_=2)
    importing.import_file(ws, exports / "PoPCites.csv", "scholar", date="2024-12-18", round_=2)
    # The screeners' round-2 files and the ledger rows their import appends.
    for sheet in sorted((EXAMPLES / "round2" / "screening").glob("*.csv")):
        shutil.copy(sheet, ws.root / "records" / "screening" / sheet.name)
    rows = (EXAMPLES / "round2" / "decisions_round2.csv").read_text(encoding="utf-8")
    with open(ws.decisions_csv, "a", encoding="utf-8") as ledger:
        ledger.write(rows.split("\n", 1)[1])

    state = load_state(ws)
    assert state.dedup.maybe == []
    assert state.unknown_decisions == []
    flow = compute_flow(state)
    assert flow.updated
    counts = flow.counts()
    assert boxes_of(counts, TRUTH["round2"]["boxes"]) == TRUTH["round2"]["boxes"]
    # round 1 is unchanged by what round 2 added
    again = compute_flow(state, round_=1).counts()
    assert boxes_of(again, TRUTH["round1"]["boxes"]) == TRUTH["round1"]["boxes"]
