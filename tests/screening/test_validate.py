"""Every validation rule of `screen import`: the message, the row, and a ledger left
byte-identical when anything is wrong."""

from __future__ import annotations

import csv
import io

import pytest

from prisma.errors import ReviewError
from prisma.screening.export import export
from prisma.screening.importer import import_decisions
from tests.screening_workspace import fill_and_import, make_review, papers


@pytest.fixture
def review(tmp_path):  # type: ignore[no-untyped-def]
    review = make_review(tmp_path / "ws", papers(10))
    handout = export(review.ws, "title_abstract", "ann").path
    review.studies = [r["study_id"] for r in _rows(handout.read_text(encoding="utf-8-sig"))]
    # Two studies passed title/abstract (both screeners include); one excluded by both.
    both = {
        review.studies[0]: ("include", ""),
        review.studies[1]: ("maybe", ""),
        review.studies[2]: ("exclude", ""),
    }
    fill_and_import(review, "ann", "title_abstract", both)
    fill_and_import(review, "bob", "title_abstract", both)
    return review


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _rejected(
    review,
    rows,
    header,
    screener="ann",
    stage="title_abstract",  # type: ignore[no-untyped-def]
    arbiter=False,
) -> ReviewError:
    path = review.root / "bad.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before = review.ws.decisions_csv.read_bytes()
    with pytest.raises(ReviewError) as info:
        import_decisions(review.ws, path, screener, stage=stage, arbiter=arbiter)
    assert review.ws.decisions_csv.read_bytes() == before
    return info.value


def _handout(review, screener="ann", stage="title_abstract"):  # type: ignore[no-untyped-def]
    path = export(review.ws, stage, screener, out=review.root / "h.csv").path
    return _rows(path.read_text(encoding="utf-8-sig"))


def test_all_problems_reported_at_once_with_rows(review):  # type: ignore[no-untyped-def]
    rows = _handout(review)
    header = list(rows[0])
    cells = [[r[h] for h in header] for r in rows]
    d, rs, ck, sid = (header.index(c) for c in ("decision", "reason", "check", "study_id"))
    cells[0][d] = "exlcude"  # row 2: typo in the decision
    cells[1][d] = "exclude"
    cells[1][rs] = "wrong populaton"  # row 3: typo in the reason
    cells[2][d] = "include"
    cells[2][ck] = "12345"  # row 4: code mangled (leading zeros lost)
    cells[3][d] = "include"
    cells[3][sid] = cells[3][sid][:-1] + "x"  # row 5: edited id
    cells[4][d] = "include"
    cells[5][d] = ""  # row 7: blank decision: not screened yet
    cells.append(list(cells[4]))  # row 9: the study of row 6 again
    err = _rejected(review, cells, header)
    text = str(err)
    assert len(err.problems) == 5, text
    by_row = {p.line: str(p) for p in err.problems}
    assert "decision 'exlcude' is not one of include, exclude, maybe" in by_row[2]
    assert "did you mean 'exclude'?" in by_row[2]
    assert "reason 'wrong populaton' is not in the vocabulary" in by_row[3]
    assert "did you mean 'wrong_population'?" in by_row[3]
    assert "check code '12345' does not match" in by_row[4]
    assert "unknown study id" in by_row[5] and "did you mean" in by_row[5]
    assert "appears again (first on row 6)" in by_row[9]
    assert "5 problem(s); nothing was recorded" in text


def test_full_text_exclusion_needs_a_reason(review):  # type: ignore[no-untyped-def]
    rows = _handout(review, stage="full_text")
    assert {r["study_id"] for r in rows} == set(review.studies[:2])
    assert "abstract" not in rows[0]
    header = list(rows[0])
    cells = [[r[h] for h in header] for r in rows]
    cells[0][header.index("decision")] = "Exclude"
    cells[1][header.index("decision")] = "not retrieved"  # a space for the underscore: fine
    err = _rejected(review, cells, header, stage="full_text")
    assert [p.line for p in err.problems] == [2]
    assert "a full-text exclusion needs a reason" in str(err.problems[0])
    # With a reason (by label, another by code, | as separator) it goes in.
    cells[0][header.index("reason")] = "Not in English | wrong_outcome"
    path = review.root / "ok_full_text.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter="\t").writerows([header, *cells])
    result = import_decisions(review.ws, path, "ann")
    assert result.recorded == 2 and result.stage == "full_text"
    assert result.entries[0].reason == "not_english;wrong_outcome"
    assert result.entries[1].decision.value == "not_retrieved"


def test_study_not_handed_to_this_screener(review):  # type: ignore[no-untyped-def]
    rows = _handout(review, stage="full_text")
    header = list(rows[0])
    # Study 2 was excluded at title/abstract: it never reaches full text.
    from prisma.load import load_state
    from prisma.screening.export import info_cells

    state = load_state(review.ws)
    cells = [info_cells(state, review.studies[2], "full_text") + ["include", "", ""]]
    err = _rejected(review, cells, header, stage="full_text")
    assert f"study {review.studies[2]} was not handed to this screener at full_text" in str(err)


def test_arbiter_may_only_decide_conflicts(review):  # type: ignore[no-untyped-def]
    from prisma.load import load_state
    from prisma.screening.export import info_cells

    state = load_state(review.ws)
    header = ["study_id", "check", "title", "decision", "reason", "notes"]
    row = info_cells(state, review.studies[0], "title_abstract")[:3] + ["exclude", "", ""]
    err = _rejected(review, [row], header, screener="cat", arbiter=True)
    assert "was not handed to this arbiter" in str(err)
    assert "screen conflicts" in str(err)


def test_missing_columns_and_unknown_screener(review):  # type: ignore[no-untyped-def]
    err = _rejected(review, [["x", "include"]], ["study_id", "verdict"])
    assert err.line == 1 and "missing column(s) check, decision" in err.message
    path = export(review.ws, "title_abstract", "ann", out=review.root / "h.csv").path
    # The file says it is ann's: a typo'd name is told whose file it is.
    with pytest.raises(ReviewError, match="handed to ann, not to anne") as info:
        import_decisions(review.ws, path, "anne", stage="title_abstract")
    assert "--screener ann" in str(info.value)
    # A file without identity (written before hand-outs carried one) is taken on the
    # word of --screener, which must then be a configured name.
    legacy = review.root / "title_abstract_old.csv"
    legacy.write_text("study_id,check,decision\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="'anne' is not a screener for title_abstract") as info:
        import_decisions(review.ws, legacy, "anne")
    assert "did you mean 'ann'?" in str(info.value)
