"""Hand-backs are kept byte-exact and dated; an import can be undone by appending
reversing rows, and status and the flow return to what they were before it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.decisions.ledger import Decision, read_ledger
from prisma.errors import ReviewError
from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.screening.export import export
from prisma.screening.importer import import_decisions
from prisma.screening.queue import awaiting
from prisma.screening.undo import undo_import
from tests.screening_workspace import make_review, papers


def _fill(path, decisions):  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    for row, decision in zip(rows, decisions, strict=False):
        row["decision"] = decision
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _picture(root):  # type: ignore[no-untyped-def]
    """What a person sees: `status --json` and the flow's boxes."""
    out = CliRunner().invoke(cli, ["status", "--json", "-w", str(root)])
    assert out.exit_code == 0, out.output
    return json.loads(out.output), compute_flow(load_state_at(root)).counts()


def load_state_at(root):  # type: ignore[no-untyped-def]
    from prisma.workspace import Workspace

    return load_state(Workspace.at(root))


@pytest.fixture
def review(tmp_path):  # type: ignore[no-untyped-def]
    # ann screens title/abstract and full text alone (1 required) so decisions settle.
    return make_review(
        tmp_path / "ws", papers(5), ta_screeners=("ann",), ta_required=1, ta_arbiter=""
    )


def test_kept_copies_are_dated_and_never_overwritten(review):  # type: ignore[no-untyped-def]
    handout = export(review.ws, "title_abstract", "ann", out=review.root / "mine.csv").path
    first = _fill(handout, ["include"]).read_bytes()
    a = import_decisions(review.ws, handout, clock=lambda: "2026-04-01T08:00:00Z")
    assert a.file == "records/screening/2026-04-01_mine.csv"
    _fill(handout, ["include", "exclude"])
    b = import_decisions(review.ws, handout, clock=lambda: "2026-04-01T09:00:00Z")
    assert b.file == "records/screening/2026-04-01_mine_2.csv"
    assert (review.root / a.file).read_bytes() == first
    assert (review.root / b.file).read_bytes() == handout.read_bytes()
    assert [e.file for e in read_ledger(review.ws.decisions_csv)] == [a.file, b.file]
    # A file already kept in records/screening/ is not copied again.
    c = import_decisions(review.ws, review.root / b.file, clock=lambda: "2026-04-02T00:00:00Z")
    assert (c.recorded, c.file) == (0, b.file)
    assert len(list((review.root / "records" / "screening").iterdir())) == 2


def test_dry_run_writes_nothing(review):  # type: ignore[no-untyped-def]
    handout = _fill(export(review.ws, "title_abstract", "ann").path, ["include", "exclude"])
    out = CliRunner().invoke(
        cli, ["screen", "import", "-w", str(review.root), str(handout), "--dry-run"]
    )
    assert out.exit_code == 0, out.output
    assert "dry run:" in out.output and "2 decision(s) would be recorded" in out.output
    assert not review.ws.decisions_csv.exists()
    assert not (review.root / "records" / "screening").exists()


def test_undo_returns_status_and_flow_to_before(review):  # type: ignore[no-untyped-def]
    handout = export(review.ws, "title_abstract", "ann").path
    import_decisions(
        review.ws, _fill(handout, ["include", "exclude"]), clock=lambda: "2026-05-01T00:00:00Z"
    )
    before = _picture(review.root)
    ledger_before = review.ws.decisions_csv.read_bytes()
    second = export(review.ws, "title_abstract", "ann", out=review.root / "second.csv").path
    result = import_decisions(
        review.ws,
        _fill(second, ["exclude", "include", "maybe"]),
        clock=lambda: "2026-05-02T00:00:00Z",
    )
    assert result.recorded == 3
    after = _picture(review.root)
    assert after != before

    ledger_now = review.ws.decisions_csv.read_bytes()
    dry = CliRunner().invoke(
        cli, ["screen", "undo", "-w", str(review.root), str(second), "--dry-run"]
    )
    assert dry.exit_code == 0 and "would be undone (screener ann at title_abstract)" in dry.output
    assert review.ws.decisions_csv.read_bytes() == ledger_now
    out = CliRunner().invoke(cli, ["screen", "undo", "-w", str(review.root), str(second)])
    assert out.exit_code == 0, out.output
    assert "3 decision(s) from records/screening/" in out.output and "undone" in out.output
    assert _picture(review.root) == before
    # Append-only: the old bytes are a prefix; the undone studies are awaiting again.
    ledger = review.ws.decisions_csv.read_bytes()
    assert ledger.startswith(ledger_before)
    raw = read_ledger(review.ws.decisions_csv, raw=True)
    assert [e.decision for e in raw[-3:]] == [Decision.UNDONE] * 3
    state = load_state(review.ws)
    assert len(awaiting(state, "title_abstract", "ann")) == 3
    # Undoing twice says so; importing the file again records it again.
    with pytest.raises(ReviewError, match="undone already"):
        undo_import(review.ws, str(second), lambda: "2026-05-03T00:00:00Z")
    again = import_decisions(review.ws, second, clock=lambda: "2026-05-04T00:00:00Z")
    assert again.recorded == 3 and _picture(review.root) == after


def test_undo_a_replacement_brings_back_the_earlier_decision(review):  # type: ignore[no-untyped-def]
    handout = export(review.ws, "title_abstract", "ann", out=review.root / "h.csv").path
    import_decisions(review.ws, _fill(handout, ["exclude"]), clock=lambda: "2026-06-01T00:00:00Z")
    study = read_ledger(review.ws.decisions_csv)[0].record_id
    before = _picture(review.root)
    replaced = import_decisions(
        review.ws, _fill(handout, ["include"]), replace=True, clock=lambda: "2026-06-02T00:00:00Z"
    )
    assert [str(c) for c in replaced.changes] == [f"{study}: exclude -> include"]
    assert load_state(review.ws).decision(study, "title_abstract").decision is Decision.INCLUDE
    # By sha256 prefix this time.
    undone = undo_import(review.ws, replaced.entries[0].sha256[:10], lambda: "2026-06-03T00:00:00Z")
    assert len(undone.entries) == 1
    assert load_state(review.ws).decision(study, "title_abstract").decision is Decision.EXCLUDE
    assert _picture(review.root) == before


def test_undo_of_something_never_imported(review):  # type: ignore[no-untyped-def]
    with pytest.raises(ReviewError, match="neither a file nor an import"):
        undo_import(review.ws, "nothing-here.csv", lambda: "2026-01-01T00:00:00Z")
