"""A conflict made by a dedup merge after screening reaches the arbiter: `check` reports
it, `screen conflicts` hands it out, and the arbiter's hand-back clears the finding."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from prisma.cli import cli
from prisma.decisions.settle import Status
from prisma.load import load_state
from tests.screening_workspace import fill_and_import, make_review, papers


def _check(root):  # type: ignore[no-untyped-def]
    out = CliRunner().invoke(cli, ["check", "--json", "-w", str(root)])
    assert out.exit_code in (0, 1), out.output
    return json.loads(out.output)


def test_merge_conflict_goes_to_the_arbiter_end_to_end(tmp_path):  # type: ignore[no-untyped-def]
    review = make_review(tmp_path / "ws", papers(4))  # ann + bob, 2 required, arbiter cat
    state = load_state(review.ws)
    a, b = sorted(state.members)[:2]
    # Both screeners agree on each record while they are two studies: a in, b out.
    agreed = {a: ("include", ""), b: ("exclude", "")}
    fill_and_import(review, "ann", "title_abstract", agreed)
    fill_and_import(review, "bob", "title_abstract", agreed)
    runner = CliRunner()
    before = runner.invoke(
        cli, ["screen", "conflicts", "-w", str(review.root), "--stage", "title_abstract"]
    )
    assert "0 conflict(s)" in before.output
    assert not [f for f in _check(review.root)["findings"] if f["code"] == "moved_decision"]

    # Later a person decides the maybe-duplicate pair is one study.
    (review.root / "records" / "duplicates_review.csv").write_text(
        f"a,b,decision,reviewer,note\n{a},{b},same,dora,same trial registration\n",
        encoding="utf-8",
    )
    state = load_state(review.ws)
    study = state.study_of[a]
    assert state.study_of[b] == study
    assert state.decision(study, "title_abstract").status is Status.CONFLICT
    found = {f["code"]: f for f in _check(review.root)["findings"]}
    assert "now conflict" in found["moved_decision"]["message"]
    assert study in found["open_conflicts"]["record_ids"]

    out = runner.invoke(
        cli, ["screen", "conflicts", "-w", str(review.root), "--stage", "title_abstract"]
    )
    assert out.exit_code == 0 and "1 conflict(s)" in out.output
    path = review.root / "build" / "screening" / "title_abstract_conflicts.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    assert [r["study_id"] for r in rows] == [study]
    sides = {(rows[0][f"screener_{n}"], rows[0][f"decision_{n}"]) for n in range(1, 5)}
    assert sides == {
        (f"ann on {a}", "include"),
        (f"ann on {b}", "exclude"),
        (f"bob on {a}", "include"),
        (f"bob on {b}", "exclude"),
    }
    # The arbiter's file says it is cat's: no --screener or --arbiter needed.
    text = path.read_text("utf-8-sig")
    rows[0]["decision"] = "include"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    assert text.count("title_abstract/arbiter/cat/1/") == 1
    path.write_text(buffer.getvalue(), encoding="utf-8")
    done = runner.invoke(cli, ["screen", "import", "-w", str(review.root), str(path)])
    assert done.exit_code == 0, done.output
    assert "1 decision(s) recorded for arbiter cat at title_abstract" in done.output

    state = load_state(review.ws)
    assert state.decision(study, "title_abstract").status is Status.SETTLED
    report = _check(review.root)
    assert report["ok"] and report["findings"] == []
    # `screen status` still tells the story, settled by the arbiter.
    status = runner.invoke(cli, ["screen", "status", "-w", str(review.root)])
    assert f"study {study} now holds decisions made apart on {a}, {b}; the arbiter" in (
        status.output
    )
