"""A hand-out knows whose it is: the wrong person, stage or review is refused with the
file's real owner named, and the ledger stays byte-identical."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.decisions.ledger import Role, read_ledger
from prisma.errors import ReviewError
from prisma.screening.conflicts import write_conflicts
from prisma.screening.export import export
from prisma.screening.importer import import_decisions
from tests.screening_workspace import fill_and_import, make_review, papers


def _read(path):  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def _write(path, rows):  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _filled(review, stage, screener, decision="include", reason=""):  # type: ignore[no-untyped-def]
    path = export(review.ws, stage, screener, out=review.root / f"{stage}_{screener}_x.csv").path
    rows = _read(path)
    for row in rows:
        row["decision"], row["reason"] = decision, reason
    return _write(path, rows)


@pytest.fixture
def review(tmp_path):  # type: ignore[no-untyped-def]
    # title/abstract: ann and bob (2 required), arbiter cat; full text: ann alone.
    review = make_review(tmp_path / "ws", papers(4))
    studies = [r["study_id"] for r in _read(export(review.ws, "title_abstract", "ann").path)]
    both = {s: ("include", "") for s in studies[:2]}
    fill_and_import(review, "ann", "title_abstract", both)
    fill_and_import(review, "bob", "title_abstract", both)
    return review


def test_handouts_differ_per_person_in_every_row(review):  # type: ignore[no-untyped-def]
    ann = _read(export(review.ws, "title_abstract", "ann", out=review.root / "a.csv").path)
    bob = _read(export(review.ws, "title_abstract", "bob", out=review.root / "b.csv").path)
    assert [r["study_id"] for r in ann] == [r["study_id"] for r in bob]
    for a, b in zip(ann, bob, strict=True):
        assert a["handout"].startswith("title_abstract/screener/ann/1/R")
        assert b["handout"].startswith("title_abstract/screener/bob/1/R")
        assert a["check"] != b["check"]


def test_full_text_file_imported_as_title_abstract_is_refused(review):  # type: ignore[no-untyped-def]
    path = _filled(review, "full_text", "ann")
    before = review.ws.decisions_csv.read_bytes()
    kept = sorted((review.root / "records" / "screening").iterdir())
    out = CliRunner().invoke(
        cli,
        ["screen", "import", "-w", str(review.root), str(path), "--stage", "title_abstract"],
    )
    assert out.exit_code == 2, out.output
    assert "this is ann's full_text hand-out (screener, round 1), not a title_abstract file" in (
        out.output
    )
    assert "--stage full_text" in out.output and "Traceback" not in out.output
    assert review.ws.decisions_csv.read_bytes() == before
    assert sorted((review.root / "records" / "screening").iterdir()) == kept


def test_anns_file_imported_as_bobs_is_refused(review):  # type: ignore[no-untyped-def]
    path = _filled(review, "title_abstract", "ann")
    before = review.ws.decisions_csv.read_bytes()
    out = CliRunner().invoke(
        cli, ["screen", "import", "-w", str(review.root), str(path), "--screener", "bob"]
    )
    assert out.exit_code == 2, out.output
    assert "ann's title_abstract hand-out (screener, round 1), handed to ann, not to bob" in (
        out.output
    )
    assert "--screener ann" in out.output
    assert review.ws.decisions_csv.read_bytes() == before
    # Without --screener and --stage the file says both; it is recorded as ann's.
    ok = CliRunner().invoke(cli, ["screen", "import", "-w", str(review.root), str(path)])
    assert ok.exit_code == 0, ok.output
    assert "2 decision(s) recorded for screener ann at title_abstract" in ok.output
    new = read_ledger(review.ws.decisions_csv)[-2:]
    assert {(e.screener, e.stage, e.role) for e in new} == {
        ("ann", "title_abstract", Role.SCREENER)
    }


def test_screeners_file_passed_as_arbiters_and_arbiter_file_needs_no_flag(tmp_path):  # type: ignore[no-untyped-def]
    review = make_review(tmp_path / "ws", papers(2))
    studies = [r["study_id"] for r in _read(export(review.ws, "title_abstract", "ann").path)]
    fill_and_import(review, "ann", "title_abstract", {studies[0]: ("include", "")})
    fill_and_import(review, "bob", "title_abstract", {studies[0]: ("exclude", "")})
    screener_file = _filled(review, "title_abstract", "ann")
    with pytest.raises(ReviewError, match="a screener's file, not the arbiter's"):
        import_decisions(review.ws, screener_file, "cat", arbiter=True)
    conflicts = write_conflicts(review.ws, "title_abstract", review.root / "c.csv").path
    rows = _read(conflicts)
    assert rows[0]["handout"].startswith("title_abstract/arbiter/cat/1/")
    rows[0]["decision"] = "exclude"
    result = import_decisions(
        review.ws, _write(conflicts, rows), clock=lambda: "2026-02-02T00:00:00Z"
    )
    assert (result.role, result.screener, result.recorded) == (Role.ARBITER, "cat", 1)


def test_edited_identity_is_caught_by_the_check_code(review):  # type: ignore[no-untyped-def]
    path = _filled(review, "title_abstract", "ann")
    rows = _read(path)
    for row in rows:  # ann rewrites the column to pass her file off as bob's
        row["handout"] = row["handout"].replace("/ann/", "/bob/")
    _write(path, rows)
    before = review.ws.decisions_csv.read_bytes()
    with pytest.raises(ReviewError) as info:
        import_decisions(review.ws, path)
    assert "check code" in str(info.value) and len(info.value.problems) == 2
    assert review.ws.decisions_csv.read_bytes() == before


def test_rows_of_two_files_pasted_together_are_refused(review):  # type: ignore[no-untyped-def]
    ann = _read(_filled(review, "title_abstract", "ann"))
    bob = _read(_filled(review, "title_abstract", "bob"))
    path = _write(review.root / "mixed.csv", ann[:1] + bob[1:])
    with pytest.raises(ReviewError, match="rows from different hand-outs") as info:
        import_decisions(review.ws, path)
    assert "ann's title_abstract hand-out" in str(info.value)
    assert "bob's title_abstract hand-out" in str(info.value)


def test_a_file_of_another_review_is_refused(review, tmp_path):  # type: ignore[no-untyped-def]
    other = make_review(tmp_path / "other", papers(4))
    config = other.root / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Screening test review", "Another review"),
        encoding="utf-8",
    )
    path = _filled(other, "title_abstract", "ann")
    with pytest.raises(ReviewError, match="made for another review"):
        import_decisions(review.ws, path)


def test_file_without_identity_is_taken_on_the_word_of_screener(review):  # type: ignore[no-untyped-def]
    """Hand-outs written before identities existed are still in screeners' hands: they
    import as before (--screener required, stage from --stage or the name), with a
    warning; their rows carry the old check code."""
    from prisma.load import load_state
    from prisma.screening.sheet import check_code

    path = _filled(review, "title_abstract", "ann")
    rows = _read(path)
    state = load_state(review.ws)
    by_id = state.by_id()
    for row in rows:
        del row["handout"]
        row["check"] = check_code(row["study_id"], by_id[row["study_id"]].record.title)
    legacy = _write(review.root / "title_abstract_ann_old.csv", rows)
    with pytest.raises(ReviewError, match="carries no hand-out identity") as info:
        import_decisions(review.ws, legacy)
    assert "--screener" in str(info.value.hint)
    result = import_decisions(review.ws, legacy, "ann")
    assert result.recorded == 2 and result.stage == "title_abstract"
    assert "no hand-out identity" in result.warnings[0]


def test_yes_no_get_a_hint_and_are_never_taken(review):  # type: ignore[no-untyped-def]
    path = export(review.ws, "title_abstract", "ann", out=review.root / "yn.csv").path
    rows = _read(path)
    rows[0]["decision"], rows[1]["decision"] = "Yes", "0"
    _write(path, rows)
    before = review.ws.decisions_csv.read_bytes()
    with pytest.raises(ReviewError) as info:
        import_decisions(review.ws, path)
    text = str(info.value)
    assert "decision 'Yes' is not one of include, exclude, maybe (did you mean include?" in text
    assert "decision '0' is not one of include, exclude, maybe (did you mean exclude?" in text
    assert review.ws.decisions_csv.read_bytes() == before
