"""End to end on real reviewers' decisions (the first 300 records of the Cohen 2006 ADHD
set, title/abstract labels): batches handed out in relevance order and handed back
through the real CLI until `screen status` says the stopping rule is met; `screen stop`;
the flow's automation box is exactly the unscreened remainder; `check` is clean; a new
search round hands out only the new studies; an undo hands the remainder out again."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from click.testing import CliRunner

from prisma.cli import cli
from prisma.decisions.ledger import Role, read_ledger
from prisma.flow import compute_flow
from prisma.load import load_state
from tests.conftest import shared_path
from tests.screening_workspace import Paper, make_review

N = 300
BATCH = 50


def _papers() -> tuple[list[Paper], dict[str, str]]:
    path = shared_path("screening", "Cohen_2006_ADHD.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:N]
    papers = [
        Paper(
            title=r["title"] or f"Untitled record {r['pubmedID']}",
            abstract=r["abstract"],
            doi=f"10.9999/adhd.{r['pubmedID']}",
            authors=("Doe, J.",),
        )
        for r in rows
    ]
    decision = {
        f"10.9999/adhd.{r['pubmedID']}": (
            "include" if r["label_abstract_screening"] == "1" else "exclude"
        )
        for r in rows
    }
    return papers, decision


def _fill(path: Path, decision: dict[str, str]) -> int:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    for row in rows:
        row["decision"] = decision[row["doi"]]
    if rows:
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return len(rows)


def _handed_out(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    return [row["study_id"] for row in csv.DictReader(text.splitlines())]


def test_batches_until_the_rule_says_stop_then_a_new_round(tmp_path):  # type: ignore[no-untyped-def]
    papers, decision = _papers()
    review = make_review(
        tmp_path / "ws", papers, ta_screeners=("ann",), ta_required=1, ta_arbiter=""
    )
    runner = CliRunner()
    w = ["-w", str(review.root)]
    handout = review.root / "build" / "screening" / "title_abstract_ann.csv"
    limit, status = BATCH, ""
    for _ in range(20):
        result = runner.invoke(
            cli,
            [
                "screen",
                "export",
                *w,
                "--stage",
                "title_abstract",
                "--order",
                "relevance",
                "--limit",
                str(limit),
            ],
        )
        assert result.exit_code == 0, result.output
        assert _fill(handout, decision) > 0
        result = runner.invoke(cli, ["screen", "import", *w, str(handout), "--screener", "ann"])
        assert result.exit_code == 0, result.output
        status = runner.invoke(cli, ["screen", "status", *w]).output
        if "the rule is met" in status:
            break
        # A team screens no more than the rule still needs.
        more = re.search(r"at least (\d+) more to screen", status)
        assert more, status
        limit = min(BATCH, int(more.group(1)))
    assert "the rule is met" in status
    assert "hypergeometric (target recall 0.95, confidence 0.95)" in status
    p = float(re.search(r"p = ([0-9.e-]+) for H0", status).group(1))  # type: ignore[union-attr]
    assert p < 0.05
    state = load_state(review.ws)
    from prisma.screening.queue import awaiting

    unscreened = set(awaiting(state, "title_abstract", "ann"))
    assert f"would exclude the {len(unscreened)} unscreened studies" in status
    assert 0 < len(unscreened) < N - BATCH  # the rule saved work
    # The promise held on the real decisions: what the stop leaves out holds at most 5%.
    by_study = {s: state.by_id()[s].record.doi for s in state.members}
    missed = sum(decision[by_study[s]] == "include" for s in unscreened)
    found = sum(v == "include" for v in decision.values()) - missed
    assert found / (found + missed) >= 0.95

    stop = runner.invoke(cli, ["screen", "stop", *w, "--stage", "title_abstract", "--by", "ann"])
    assert stop.exit_code == 0, stop.output
    assert f"{len(unscreened)} unscreened studies excluded by automation" in stop.output
    ledger = read_ledger(review.ws.decisions_csv)
    auto = [e for e in ledger if e.role is Role.AUTOMATION]
    assert {e.record_id for e in auto} == unscreened
    assert {e.reason for e in auto} == {"stopped: hypergeometric"}
    assert {e.screener for e in auto} == {"ann"}
    assert all("confidence=0.95" in e.notes and "p=" in e.notes for e in auto)

    state = load_state(review.ws)
    flow = compute_flow(state)
    assert set(flow.boxes["records_excluded_automatic"]) == unscreened
    assert not flow.boxes.get("awaiting_screening")
    check = runner.invoke(cli, ["check", *w])
    assert check.exit_code == 0, check.output
    assert "stop_evidence" not in check.output
    methods = runner.invoke(cli, ["methods", *w]).output
    assert f"the remaining {len(unscreened)} were excluded" in methods
    assert "Callaghan and Müller-Hansen" in methods

    # Next quarter: five new records arrive; only they are handed out.
    new = [
        Paper(
            title=f"Methylphenidate trial number {i} in adults",
            doi=f"10.9999/new.{i}",
            abstract="A randomised trial.",
        )
        for i in range(5)
    ]
    review.add_search(new, round_=2, date="2024-04-15")
    result = runner.invoke(
        cli, ["screen", "export", *w, "--stage", "title_abstract", "--order", "relevance"]
    )
    assert result.exit_code == 0, result.output
    state = load_state(review.ws)
    handed = set(_handed_out(handout))
    assert len(handed) == 5
    assert {state.by_id()[s].record.doi for s in handed} == {p.doi for p in new}
    assert runner.invoke(cli, ["check", *w]).exit_code == 0

    # The stop can be taken back: the remainder awaits screening again, nothing is lost.
    undo = runner.invoke(
        cli, ["screen", "stop", *w, "--stage", "title_abstract", "--by", "ann", "--undo"]
    )
    assert undo.exit_code == 0, undo.output
    after = read_ledger(review.ws.decisions_csv, raw=True)
    assert after[: len(ledger)] == ledger  # appended, never rewritten
    result = runner.invoke(cli, ["screen", "export", *w, "--stage", "title_abstract"])
    assert set(_handed_out(handout)) == handed | unscreened
    flow = compute_flow(load_state(review.ws), 1)
    assert not flow.boxes.get("records_excluded_automatic")
