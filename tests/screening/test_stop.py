"""`screen stop` on small workspaces: it refuses until the rule says stop and while
screened studies are unsettled, records who/when/rule/evidence, can be undone without
losing a row, and `check` notices when the evidence no longer holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.config import load_config
from prisma.decisions.ledger import Decision, Role, read_ledger
from prisma.errors import ReviewError
from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.screening.export import export
from prisma.screening.queue import awaiting
from tests.screening_workspace import Review, fill_and_import, make_review, papers

STOPPING = '\n[screening.stopping]\nrule = "consecutive"\nrun = 5\n'


def _review(tmp_path: Path, n: int = 30, **config: object) -> Review:
    options = {"ta_screeners": ("ann",), "ta_required": 1, "ta_arbiter": ""} | config
    review = make_review(tmp_path / "ws", papers(n), **options)
    with open(review.root / "config.toml", "a", encoding="utf-8") as handle:
        handle.write(STOPPING)
    return review


def _ids(review: Review) -> list[str]:
    return list(export(review.ws, "title_abstract", "ann").studies)


def _stop(review: Review, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        cli,
        [
            "screen",
            "stop",
            "-w",
            str(review.root),
            "--stage",
            "title_abstract",
            "--by",
            "ann",
            *extra,
        ],
    )


def _screen(review: Review, ids: list[str], included: set[str], time: str, name: str):  # type: ignore[no-untyped-def]
    decisions = {s: ("include" if s in included else "exclude", "") for s in ids}
    return fill_and_import(review, "ann", "title_abstract", decisions, time=time, name=name)


def test_stop_waits_for_the_rule_then_settles_the_remainder(tmp_path):  # type: ignore[no-untyped-def]
    review = _review(tmp_path)
    ids = _ids(review)
    # One import = one batch; its order is unknown, so its includes count as read last.
    _screen(review, ids[:10], set(ids[:2]), "2026-01-01T10:00:00Z", "b1.csv")
    refused = _stop(review)
    assert refused.exit_code == 2
    assert "does not say stop yet" in refused.output and "at least 5 more" in refused.output
    _screen(review, ids[10:15], set(), "2026-01-02T10:00:00Z", "b2.csv")
    status = CliRunner().invoke(cli, ["screen", "status", "-w", str(review.root)]).output
    assert "consecutive (5 irrelevant records in a row)" in status
    assert "screened 15 of 30, relevant found 2, 15 not screened by anyone" in status
    assert "the rule is met" in status
    done = _stop(review)
    assert done.exit_code == 0, done.output
    assert "15 unscreened studies excluded by automation" in done.output
    auto = [e for e in read_ledger(review.ws.decisions_csv) if e.role is Role.AUTOMATION]
    assert sorted(e.record_id for e in auto) == sorted(ids[15:])
    assert {(e.decision, e.reason, e.screener) for e in auto} == {
        (Decision.EXCLUDE, "stopped: consecutive", "ann")
    }
    assert {e.notes for e in auto} == {"run=5 screened=15 relevant=2 total=30 tail_run=5"}
    state = load_state(review.ws)
    assert sorted(compute_flow(state).boxes["records_excluded_automatic"]) == sorted(ids[15:])
    assert awaiting(state, "title_abstract", "ann") == []
    # Nothing left: a second stop has nothing to do.
    again = _stop(review)
    assert again.exit_code == 2 and "nothing to stop" in again.output


def test_undo_hands_the_remainder_out_again_and_loses_nothing(tmp_path):  # type: ignore[no-untyped-def]
    review = _review(tmp_path)
    ids = _ids(review)
    _screen(review, ids[:12], {ids[0]}, "2026-01-01T10:00:00Z", "b1.csv")
    _screen(review, ids[12:17], set(), "2026-01-02T10:00:00Z", "b2.csv")
    assert _stop(review).exit_code == 0
    before = read_ledger(review.ws.decisions_csv)
    undo = _stop(review, "--undo")
    assert undo.exit_code == 0 and "13 studies await screening again" in undo.output
    raw = read_ledger(review.ws.decisions_csv, raw=True)
    assert raw[: len(before)] == before and len(raw) == len(before) + 13  # appended only
    assert {e.decision for e in raw[len(before) :]} == {Decision.UNDONE}
    state = load_state(review.ws)
    assert awaiting(state, "title_abstract", "ann") == ids[17:]
    assert not compute_flow(state).boxes.get("records_excluded_automatic")
    status = CliRunner().invoke(cli, ["screen", "status", "-w", str(review.root)]).output
    assert "stopped" not in status and "13 not screened by anyone" in status
    assert _stop(review, "--undo").exit_code == 2  # nothing standing to undo
    assert _stop(review).exit_code == 0  # and the rule still allows a stop


def test_check_notices_when_the_evidence_no_longer_holds(tmp_path):  # type: ignore[no-untyped-def]
    from prisma.screening.importer import import_decisions

    review = _review(tmp_path)
    ids = _ids(review)
    _screen(review, ids[:10], {ids[0]}, "2026-01-01T10:00:00Z", "b1.csv")
    _screen(review, ids[10:15], set(), "2026-01-02T10:00:00Z", "b2.csv")
    assert _stop(review).exit_code == 0
    check = CliRunner().invoke(cli, ["check", "-w", str(review.root)])
    assert check.exit_code == 0, check.output
    # The screener changes her mind on one of the last five (re-imports the edited file):
    # the run of 5 irrelevant records the stop rested on is gone.
    old = review.root / "returned" / "b2.csv"
    text = old.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith(ids[13]))
    old.write_text(text.replace(line, line.replace(",exclude,", ",include,")), encoding="utf-8")
    import_decisions(
        review.ws,
        old,
        "ann",
        stage="title_abstract",
        clock=lambda: "2026-01-04T10:00:00Z",
        replace=True,
    )
    check = CliRunner().invoke(cli, ["check", "-w", str(review.root)])
    assert check.exit_code == 1
    assert "stop_evidence" in check.output and "no longer holds" in check.output


def test_stop_refuses_while_screened_studies_are_unsettled(tmp_path):  # type: ignore[no-untyped-def]
    review = _review(tmp_path, ta_screeners=("ann", "bob"), ta_required=2, ta_arbiter="cat")
    ids = list(export(review.ws, "title_abstract", "ann").studies)
    fill_and_import(
        review, "ann", "title_abstract", {s: ("exclude", "") for s in ids[:10]}, name="a.csv"
    )
    refused = _stop(review)
    assert refused.exit_code == 2 and "not settled yet" in refused.output


def test_stopping_settings_in_config(tmp_path):  # type: ignore[no-untyped-def]
    review = _review(tmp_path)
    config = load_config(review.root / "config.toml")
    assert (config.stopping.rule, config.stopping.run) == ("consecutive", 5)
    assert config.stopping.recall == 0.95 and config.stopping.confidence == 0.95
    path = review.root / "config.toml"
    path.write_text(path.read_text().replace('"consecutive"', '"consecutiv"'))
    with pytest.raises(ReviewError, match="consecutive"):
        load_config(path)
    path.write_text(path.read_text().replace('"consecutiv"', '"hypergeometric"\nrecall = 1.5'))
    with pytest.raises(ReviewError, match="target recall"):
        load_config(path)


def _export_relevance(review: Review) -> tuple[list[str], str]:
    result = export(review.ws, "title_abstract", "ann", order="relevance")
    return list(result.studies), result.message


def test_a_dry_ranking_asks_for_a_random_sample_of_the_remainder(tmp_path):  # type: ignore[no-untyped-def]
    review = _review(tmp_path, n=40)
    path = review.root / "config.toml"
    path.write_text(path.read_text().replace('"consecutive"', '"hypergeometric"'))
    ids = _ids(review)
    _screen(review, ids[:10], set(ids[:3]), "2026-01-01T10:00:00Z", "b1.csv")
    ranked, message = _export_relevance(review)
    assert "ranked by relevance" in message
    _screen(review, ids[10:15], set(), "2026-01-02T10:00:00Z", "b2.csv")  # 5 dry: run = 5
    sample, message = _export_relevance(review)
    assert message.startswith("random order: the stopping rule (hypergeometric) asks for")
    assert sorted(sample) == sorted(ids[15:])  # every awaiting study, in a random order
    assert sample != ids[15:] and sample != ranked
    assert _export_relevance(review)[0] == sample  # the same file for every screener
    status = CliRunner().invoke(cli, ["screen", "status", "-w", str(review.root)]).output
    assert "hands out a random sample of the remainder" in status
    # A relevant record in the sample ends the dry run: relevance order again.
    _screen(review, sample[:5], {sample[0]}, "2026-01-03T10:00:00Z", "b3.csv")
    assert "ranked by relevance" in _export_relevance(review)[1]


def test_safe_switches_to_the_second_model_after_phase_a(tmp_path):  # type: ignore[no-untyped-def]
    review = _review(tmp_path, n=40)
    path = review.root / "config.toml"
    path.write_text(path.read_text().replace('"consecutive"', '"safe"'))
    ids = _ids(review)
    _screen(review, ids[:10], set(ids[:3]), "2026-01-01T10:00:00Z", "b1.csv")
    assert "logistic regression" in _export_relevance(review)[1]
    _screen(review, ids[10:15], set(), "2026-01-02T10:00:00Z", "b2.csv")  # >= 10%, run 5
    assert "naive Bayes" in _export_relevance(review)[1]
    status = CliRunner().invoke(cli, ["screen", "status", "-w", str(review.root)]).output
    assert "phase F: 0 irrelevant records in a row with the second model" in status
