"""`status --json` and `check --json` say what the text says, for scripts; `dedup` in a
workspace refuses options it would otherwise ignore."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from tests.screening_workspace import fill_and_import, make_review, papers


@pytest.fixture
def review(tmp_path):  # type: ignore[no-untyped-def]
    review = make_review(tmp_path / "ws", papers(3))
    from prisma.load import load_state

    s = sorted(load_state(review.ws).members)
    fill_and_import(review, "ann", "title_abstract", {s[0]: ("include", ""), s[1]: ("exclude", "")})
    fill_and_import(review, "bob", "title_abstract", {s[0]: ("exclude", ""), s[1]: ("exclude", "")})
    return review


def test_status_json_matches_the_text(review):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["status", "--json", "-w", str(review.root)]).output)
    text = runner.invoke(cli, ["status", "-w", str(review.root)]).output
    assert data["schema"] == 1
    (round1,) = data["rounds"]
    assert (round1["round"], round1["records"], round1["new_studies"]) == (1, 3, 3)
    assert round1["stages"]["title_abstract"] == {"awaiting": 1, "conflict": 1, "exclude": 1}
    assert "title/abstract: awaiting 1, conflict 1, exclude 1" in text
    ta = data["screening"]["title_abstract"]
    assert (ta["eligible"], ta["settled"], ta["conflicts"], ta["unscreened"]) == (3, 1, 1, 1)
    people = {(p["role"], p["name"]): p for p in ta["people"]}
    assert people[("screener", "ann")]["returned"] == 2
    assert people[("arbiter", "cat")]["awaiting"] == 1
    assert ta["agreement"][0]["n"] == 2
    screen = json.loads(
        runner.invoke(cli, ["screen", "status", "--json", "-w", str(review.root)]).output
    )
    assert screen == data["screening"]


def test_check_json_lists_findings_with_the_same_exit_code(review):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    out = runner.invoke(cli, ["check", "--json", "-w", str(review.root)])
    text = runner.invoke(cli, ["check", "-w", str(review.root)])
    data = json.loads(out.output)
    assert out.exit_code == text.exit_code == (0 if data["ok"] else 1)
    assert data["errors"] == 0 and data["warnings"] == len(data["findings"]) >= 1
    conflict = next(f for f in data["findings"] if f["code"] == "open_conflicts")
    assert conflict["severity"] == "warning" and len(conflict["record_ids"]) == 1
    assert "open_conflicts" in text.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--review", "pairs.csv"], "records/duplicates_review.csv"),
        (["--conference-abstracts", "merge"], "[dedup] of config.toml"),
        (["--no-progress"], "--progress/--no-progress: only with FILE"),
        (["--format", "ris"], "--format: only with FILE"),
    ],
)
def test_dedup_in_a_workspace_refuses_options_it_would_ignore(review, args, said):  # type: ignore[no-untyped-def]
    out = CliRunner().invoke(cli, ["dedup", "-w", str(review.root), *args])
    assert out.exit_code == 2 and said in out.output
    assert not (review.root / "build" / "dedup").exists()
    ok = CliRunner().invoke(cli, ["dedup", "-w", str(review.root)])
    assert ok.exit_code == 0 and "3 records -> 3 studies" in ok.output
