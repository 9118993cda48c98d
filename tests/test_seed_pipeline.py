"""The worked example end to end: raw exports -> adapters -> rule-based dedup -> flow.

Round 1 must give the seed's Figure 3 box for box; round 2 (the next quarter) runs the
PubMed search against the fake E-utilities server, imports the new Scopus and Scholar
exports, adds the new studies' decisions and must give the updated-review diagram.
The expected boxes are the generator's ground truth (``examples/seed_truth.json``).

Needs the sources, PubMed, dedup and screening work merged; until then it skips
(``pytest.importorskip``) and ``tests/test_seed_workspace.py`` checks the data alone.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from prisma.check import check_state
from prisma.flow import Counts, compute_flow
from prisma.load import load_state
from prisma.render.outputs import write_flow_outputs
from prisma.screening.export import export
from prisma.screening.importer import import_decisions
from prisma.workspace import Workspace

importing = pytest.importorskip("prisma.intake.files", reason="needs the sources branch merged")
pubmed = pytest.importorskip("prisma.intake.pubmed", reason="needs the PubMed branch merged")
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


def boxes_of(counts: Counts, expected: dict[str, object]) -> dict[str, object]:
    return {key: counts.to_dict().get(key) for key in expected}


def test_round1_reproduces_figure3(tmp_path: Path) -> None:
    ws = copy_workspace(tmp_path)
    state = load_state(ws)
    assert state.dedup.maybe == []
    assert state.unknown_decisions == []
    expected = {s["study"]: sorted(s["members"]) for s in TRUTH["round1"]["studies"]}
    assert {k: sorted(v) for k, v in state.members.items()} == expected
    flow = compute_flow(state)
    counts = flow.counts()
    assert boxes_of(counts, TRUTH["round1"]["boxes"]) == TRUTH["round1"]["boxes"]
    assert counts.database_specific_results == {
        "Scopus": 117,
        "PubMed": 115,
        "Web of Science": 17,
        "Google Scholar": 80,
    }
    assert (
        counts.duplicates,
        counts.records_screened,
        counts.records_excluded,
        counts.dbr_assessed,
        counts.new_studies,
    ) == (69, 260, 79, 181, 69)
    assert counts.dbr_excluded_reasons == {
        "Not in English": 3,
        "Solely ethical concerns": 6,
        "Pre-clinical": 1,
        "Unrelated to medical imaging": 15,
        "Insufficient technical detail": 87,
    }
    assert {s.name: s.note for s in counts.sources}["scholar"] == ("first 80 of about 800 results")
    assert check_state(state, flow).ok


def test_published_figure3_is_reported_inconsistent() -> None:
    from click.testing import CliRunner

    from prisma.cli import cli

    result = CliRunner().invoke(
        cli, ["check", "--published", str(ROOT / "records" / "published" / "figure3.toml")]
    )
    assert result.exit_code == 1
    assert "sum to 112, not 97" in result.output
    assert "181 assessed − 97 excluded (stated total) = 84 ≠ 69" in result.output
    assert "181 assessed − 112 excluded (sum of reasons) = 69" in result.output
    assert "duplicates removed = 329 identified − 260 screened = 69" in result.output
    assert "records excluded at screening = 260 screened − 181 sought = 79" in result.output


def fake_pubmed(shared: Path, ws: Workspace) -> object:
    """The fake server's PubMed, holding round 1's and round 2's articles for our query."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fake_pubmed", EXAMPLES / "fake_pubmed.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.build(ws.root, shared / "entrez")


@dataclass
class Round2:
    fetched: list[str]
    handed: dict[str, set[str]]
    ledger_before: bytes
    expected_ledger: list[dict[str, str]]
    imported: list[tuple[str, str, bool]]  # (screener, kept copy, same bytes as the sheet)


def run_round2(ws: Workspace, tmp_path: Path) -> Round2:
    """The documented quarter: PubMed through the fake server, two exports, hand-backs."""
    from prisma.config import load_config
    from tests.conftest import shared_path

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
    exports = EXAMPLES / "round2" / "exports"
    importing.import_file(ws, exports / "scopus.csv", "scopus", date="2024-12-16", round_=2)
    importing.import_file(ws, exports / "PoPCites.csv", "scholar", date="2024-12-18", round_=2)
    expected_ledger = list(
        csv.DictReader(
            io.StringIO((EXAMPLES / "round2" / "decisions_round2.csv").read_text(encoding="utf-8"))
        )
    )
    ledger_before = ws.decisions_csv.read_bytes()
    handed = {
        screener: set(
            export(ws, "title_abstract", screener, out=tmp_path / f"ta_{screener}.csv").studies
        )
        for screener in ("alice", "bob")
    }
    # The screeners' files come back through the real importer, in the order they arrived;
    # each says whose it is, and the import keeps it byte-exact in records/screening/.
    imported = []
    for sheet in sorted((EXAMPLES / "round2" / "screening").glob("*.csv")):
        day = sheet.name[:10]
        done = import_decisions(ws, sheet, clock=lambda day=day: f"{day}T17:00:00Z")
        kept = (ws.root / done.file).read_bytes() == sheet.read_bytes()
        imported.append((done.screener, sheet.stem.rsplit("_", 1)[1], kept))
    return Round2(sorted(result.fetched, key=int), handed, ledger_before, expected_ledger, imported)


def test_round2_is_an_updated_review(tmp_path: Path) -> None:
    ws = copy_workspace(tmp_path)
    done = run_round2(ws, tmp_path)
    new_pmids = (EXAMPLES / "round2/pubmed/pmids_new.txt").read_text().split()
    assert done.fetched == new_pmids
    expected_ledger = done.expected_ledger
    # Only the new studies are handed out; every round-1 decision still holds.
    new_ta = {r["record_id"] for r in expected_ledger if r["stage"] == "title_abstract"}
    assert done.handed == {"alice": new_ta, "bob": new_ta}
    for screener, named, kept in done.imported:
        assert screener == named and kept
    ledger_before = done.ledger_before
    ledger = ws.decisions_csv.read_bytes()
    assert ledger.startswith(ledger_before)  # append-only: round 1 untouched

    def key(row: dict[str, str]) -> tuple[str, ...]:
        return (
            row["round"],
            row["stage"],
            row["record_id"],
            row["decision"],
            row["reason"],
            row["screener"],
            row["role"],
            row["file"],
            row["sha256"],
        )

    appended = list(csv.DictReader(io.StringIO(ledger.decode("utf-8"))))[-len(expected_ledger) :]
    assert sorted(map(key, appended)) == sorted(map(key, expected_ledger))

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
    assert check_state(state, flow).ok
    notes = {s.name: s.note for s in counts.sources}
    assert notes["pubmed"] == "10 new of 125 matching the query"
    assert notes["scholar"].startswith("first 20 of ")
    assert notes["scopus"] == ""
    # Both rounds' outputs are deterministic.
    for round_ in (1, 2):
        first = write_flow_outputs(compute_flow(state, round_), tmp_path / f"a{round_}")
        second = write_flow_outputs(compute_flow(state, round_), tmp_path / f"b{round_}")
        assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
