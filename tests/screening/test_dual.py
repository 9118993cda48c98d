"""Dual screening end to end: blind hand-outs, conflicts for the arbiter, status with
agreement, decisions that follow studies across dedup runs and rounds."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from prisma.cli import cli
from prisma.decisions.settle import Status
from prisma.load import load_state
from prisma.screening.conflicts import write_conflicts
from prisma.screening.export import export
from prisma.screening.moved import MoveKind, moved_decisions
from prisma.screening.queue import awaiting
from prisma.screening.status import format_status, screening_status
from tests.screening_workspace import Paper, fill_and_import, make_review, papers


def _ids(path) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["study_id"] for r in csv.DictReader(path.read_text("utf-8-sig").splitlines())]


def test_blind_handouts_conflicts_arbiter_and_status(tmp_path):  # type: ignore[no-untyped-def]
    review = make_review(tmp_path / "ws", papers(6))
    studies = _ids(export(review.ws, "title_abstract", "ann").path)
    s = studies
    ann = {
        s[0]: ("include", ""),
        s[1]: ("exclude", ""),
        s[2]: ("maybe", ""),
        s[3]: ("exclude", ""),
        s[4]: ("exclude", ""),
    }
    fill_and_import(review, "ann", "title_abstract", ann)
    # bob's file is blind to ann's decisions: the same studies, no decision columns filled.
    bob_file = export(review.ws, "title_abstract", "bob").path
    assert _ids(bob_file) == studies
    text = bob_file.read_text("utf-8-sig")
    assert "include" not in text and "exclude" not in text and "maybe" not in text
    bob = {
        s[0]: ("include", ""),
        s[1]: ("include", ""),
        s[2]: ("include", ""),
        s[3]: ("exclude", ""),
        s[4]: ("maybe", ""),
    }
    fill_and_import(review, "bob", "title_abstract", bob)

    state = load_state(review.ws)
    # maybe and include agree (both send the study on); exclude vs include/maybe conflict.
    assert state.decision(s[2], "title_abstract").status is Status.SETTLED
    assert [state.decision(x, "title_abstract").status for x in (s[1], s[4])] == [
        Status.CONFLICT,
        Status.CONFLICT,
    ]
    assert awaiting(state, "title_abstract", "ann") == [s[5]]

    conflicts = write_conflicts(review.ws, "title_abstract")
    assert conflicts.path.name == "title_abstract_conflicts.csv"
    rows = list(csv.DictReader(conflicts.path.read_text("utf-8-sig").splitlines()))
    assert [r["study_id"] for r in rows] == sorted([s[1], s[4]], key=studies.index)
    side = {
        r["study_id"]: (r["screener_1"], r["decision_1"], r["screener_2"], r["decision_2"])
        for r in rows
    }
    assert side[s[1]] == ("ann", "exclude", "bob", "include")
    assert side[s[4]] == ("ann", "exclude", "bob", "maybe")

    status = screening_status(state)
    ta = status.stages[0]
    assert (ta.eligible, ta.settled, ta.conflicts, ta.unscreened) == (6, 3, 2, 1)
    counts = {c.screener: c for c in ta.screeners}
    assert (
        counts["ann"].handed_out,
        counts["ann"].returned,
        counts["ann"].awaiting,
        counts["ann"].conflicts,
    ) == (6, 5, 1, 2)
    assert (counts["cat"].awaiting, counts["cat"].returned) == (2, 0)
    (pair,) = ta.agreement
    # Table (ann rows, bob columns; maybe = include): a=2 (s0, s2), b=0, c=2 (s1, s4), d=1.
    assert (pair.table.a, pair.table.b, pair.table.c, pair.table.d) == (2, 0, 2, 1)
    assert pair.n == 5
    assert round(pair.pabak, 6) == 0.2  # po = 3/5
    report = format_status(status)
    assert "agreement ann vs bob (n=5)" in report and "maybe counts as include" in report

    result = fill_and_import(
        review,
        "cat",
        "title_abstract",
        {s[1]: ("exclude", "wrong_population"), s[4]: ("include", "")},
        arbiter=True,
    )
    assert result.recorded == 2 and result.role.value == "arbiter"
    state = load_state(review.ws)
    assert state.decision(s[1], "title_abstract").decision.value == "exclude"
    assert state.decision(s[4], "title_abstract").passes
    # Only the passed studies move on: s0, s2 (agreed), s4 (arbiter).
    assert awaiting(state, "full_text", "ann") == sorted([s[0], s[2], s[4]], key=studies.index)
    # Agreement is measured before resolution: the arbiter does not change it.
    assert screening_status(state).stages[0].agreement == (pair,)


def test_other_methods_and_removed_studies_skip_title_abstract(tmp_path):  # type: ignore[no-untyped-def]
    review = make_review(tmp_path / "ws", papers(3))
    review.add_search(
        [Paper(title="Found by citation chasing", doi="10.1000/cite")],
        date="2024-01-20",
        source="citations",
    )
    state = load_state(review.ws)
    cited = next(s for s in state.members if s.startswith("citations:"))
    assert cited not in awaiting(state, "title_abstract", "ann")
    assert cited in awaiting(state, "full_text", "ann")


def test_new_round_hands_out_only_unscreened_and_inherits(tmp_path):  # type: ignore[no-untyped-def]
    first = papers(4)
    review = make_review(
        tmp_path / "ws", first, ta_screeners=("ann",), ta_required=1, ta_arbiter=""
    )
    studies = _ids(export(review.ws, "title_abstract", "ann").path)
    fill_and_import(review, "ann", "title_abstract", {s: ("exclude", "") for s in studies})
    # Next quarter: one record of an already-screened study (same DOI), one new study.
    again = Paper(title=first[1].title + " (reprint)", doi=first[1].doi, year=2021)
    review.add_search(
        [again, Paper(title="A brand new twin study", doi="10.1000/new")],
        round_=2,
        date="2024-04-15",
    )
    state = load_state(review.ws)
    new = awaiting(state, "title_abstract", "ann")
    assert len(new) == 1 and state.study_round(new[0]) == 2
    # The reprint joined the screened study: it inherits its decision.
    reprint = next(i.record.id for i in state.identified if i.record.title == again.title)
    assert state.study_of[reprint] in studies
    assert state.decision(state.study_of[reprint], "title_abstract").decision.value == "exclude"
    result = fill_and_import(
        review, "ann", "title_abstract", {new[0]: ("include", "")}, name="round2.csv"
    )
    assert result.entries[0].round == 2
    assert moved_decisions(load_state(review.ws)) == []


def test_moved_decisions_after_a_later_merge(tmp_path):  # type: ignore[no-untyped-def]
    items = papers(3)
    review = make_review(
        tmp_path / "ws", items, ta_screeners=("ann",), ta_required=1, ta_arbiter=""
    )
    studies = _ids(export(review.ws, "title_abstract", "ann").path)
    fill_and_import(
        review,
        "ann",
        "title_abstract",
        {studies[0]: ("include", ""), studies[1]: ("exclude", ""), studies[2]: ("include", "")},
    )
    # A person now says studies 0 and 1 are the same: their decisions meet and disagree.
    (review.root / "records" / "duplicates_review.csv").write_text(
        f"a,b,decision\n{studies[0]},{studies[1]},same\n", encoding="utf-8"
    )
    state = load_state(review.ws)
    moved = moved_decisions(state)
    assert len(moved) == 1
    assert moved[0].kind is MoveKind.MERGED and moved[0].conflict
    assert set(moved[0].records) == {studies[0], studies[1]}
    assert "now conflict" in str(moved[0])
    assert "decisions affected by a later dedup run: 1" in format_status(screening_status(state))


def test_cli_screen_commands(tmp_path):  # type: ignore[no-untyped-def]
    review = make_review(
        tmp_path / "ws", papers(3), ta_screeners=("ann",), ta_required=1, ta_arbiter=""
    )
    runner = CliRunner()
    out = runner.invoke(
        cli, ["screen", "export", "-w", str(review.root), "--stage", "title_abstract"]
    )
    assert out.exit_code == 0, out.output
    assert "3 studies for ann at title_abstract" in out.output
    path = review.root / "build" / "screening" / "title_abstract_ann.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    rows[1][rows[0].index("decision")] = "exlcude"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    text = buffer.getvalue()
    path.write_text(text, encoding="utf-8")
    bad = runner.invoke(cli, ["screen", "import", "-w", str(review.root), str(path)])
    assert bad.exit_code == 2
    assert "did you mean 'exclude'?" in bad.output and "Traceback" not in bad.output
    assert not review.ws.decisions_csv.exists()
    path.write_text(text.replace("exlcude", "exclude"), encoding="utf-8")
    ok = runner.invoke(
        cli, ["screen", "import", "-w", str(review.root), str(path), "--screener", "ann"]
    )
    assert ok.exit_code == 0 and "1 decision(s) recorded" in ok.output
    status = runner.invoke(cli, ["screen", "status", "-w", str(review.root)])
    assert "screener ann: handed out 3, returned 1, awaiting 2" in status.output
    conflicts = runner.invoke(
        cli, ["screen", "conflicts", "-w", str(review.root), "--stage", "title_abstract"]
    )
    assert "0 conflict(s)" in conflicts.output


def test_moved_decisions_joined_and_missing(tmp_path):  # type: ignore[no-untyped-def]
    from prisma.decisions import ledger

    review = make_review(
        tmp_path / "ws", papers(3), ta_screeners=("ann",), ta_required=1, ta_arbiter=""
    )
    studies = _ids(export(review.ws, "title_abstract", "ann").path)
    fill_and_import(review, "ann", "title_abstract", {studies[1]: ("exclude", "")})
    (review.root / "records" / "duplicates_review.csv").write_text(
        f"a,b,decision\n{studies[0]},{studies[1]},same\n", encoding="utf-8"
    )
    entry = load_state(review.ws).ledger[0]
    ledger.append(
        review.ws.decisions_csv,
        [
            ledger.LedgerEntry(
                entry.time,
                1,
                "title_abstract",
                "medline:gone",
                entry.decision,
                "",
                "ann",
                entry.role,
                "x.csv",
                "",
            )
        ],
    )
    state = load_state(review.ws)
    moved = moved_decisions(state)
    assert [(m.kind, m.study, m.records) for m in moved] == [
        (MoveKind.JOINED, studies[0], (studies[1],)),
        (MoveKind.MISSING, "", ("medline:gone",)),
    ]
    # The joined record's decision now applies to the study it joined.
    assert state.decision(studies[0], "title_abstract").decision.value == "exclude"
    assert "which no search returns any more" in str(moved[1])
