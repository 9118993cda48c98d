"""The extraction round trip: hand-out, all-or-nothing hand-back, the ledger, rounds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from prisma.decisions.extraction import read_extraction_ledger
from prisma.decisions.settle import Status
from prisma.errors import ReviewError
from prisma.extraction.export import export
from prisma.extraction.importer import import_extraction
from prisma.extraction.queue import extraction_of
from prisma.load import load_state
from tests.extraction_workspace import (
    decide,
    extraction_papers,
    fill,
    ids_by_title,
    make_extraction_review,
)

T = "2026-02-01T10:00:00Z"


@pytest.fixture
def review(tmp_path: Path):  # type: ignore[no-untyped-def]
    papers = extraction_papers(4)
    review = make_extraction_review(tmp_path / "ws", papers)
    ids = ids_by_title(review)
    studies = [ids[p.title] for p in papers]
    decide(review, studies[:3], "include")
    decide(review, studies[3:], "exclude")
    review.studies = studies  # type: ignore[attr-defined]
    return review


def good(studies: list[str]) -> dict[str, dict[str, str]]:
    return {
        studies[0]: {"design": "cohort", "n": "120", "outcomes": "mortality"},
        studies[1]: {
            "design": "Randomised trial",
            "n": "3,5",
            "outcomes": "Quality of life;Mortality",
        },
        studies[2]: {"design": "Case series", "setting": "Hospital", "n": "12"},
    }


def test_the_handout_holds_the_included_studies_spreadsheet_safe(review) -> None:  # type: ignore[no-untyped-def]
    result = export(review.ws, "eve")
    assert sorted(result.studies) == sorted(review.studies[:3])  # the excluded one is not there
    data = result.path.read_bytes()
    assert data.startswith(b'\xef\xbb\xbf"study_id","check","reference"')
    lines = data.decode("utf-8-sig").split("\r\n")
    assert all(line.startswith('"') and line.endswith('"') for line in lines if line)
    assert "separate several with ;" in lines[0]
    assert "https://doi.org/10.1000/x" in data.decode("utf-8-sig")
    assert "Author0, 2010" in data.decode("utf-8-sig")
    form = result.form_path.read_text(encoding="utf-8-sig").splitlines()
    assert form[0] == '"field","label","type","required","choice"'
    assert (
        '"outcomes","Outcomes","multi_choice (separate several with ;)","no","Length of stay"'
        in form
    )
    assert '"n","Participants","number","yes",""' in form


def test_a_formula_in_a_title_is_neutralised(tmp_path: Path) -> None:
    papers = extraction_papers(1)
    papers[0] = type(papers[0])(title="=HYPERLINK(1) trial", doi="10.1000/f")
    review = make_extraction_review(tmp_path / "ws", papers)
    decide(review, list(ids_by_title(review).values()), "include")
    text = export(review.ws, "eve").path.read_text(encoding="utf-8-sig")
    assert '"\'=HYPERLINK(1) trial"' in text


def test_import_records_every_field_and_a_second_import_is_a_no_op(review) -> None:  # type: ignore[no-untyped-def]
    path = fill(export(review.ws, "eve").path, good(review.studies))
    first = import_extraction(review.ws, path, "eve", clock=lambda: T)
    assert (first.studies, first.recorded, first.pending) == (3, 15, 0)
    before = review.ws.extraction_csv.read_bytes()
    again = import_extraction(review.ws, path, "eve", clock=lambda: T)
    assert (again.recorded, again.unchanged) == (0, 15)
    assert review.ws.extraction_csv.read_bytes() == before
    entries = read_extraction_ledger(review.ws.extraction_csv)
    values = {(e.record_id, e.field): e.value for e in entries}
    assert values[(review.studies[0], "design")] == "Cohort"  # canonical spelling
    assert values[(review.studies[1], "n")] == "3.5"
    assert values[(review.studies[1], "outcomes")] == "Mortality; Quality of life"
    assert values[(review.studies[0], "setting")] == ""  # left empty: not reported


def test_one_bad_cell_refuses_the_whole_file(review) -> None:  # type: ignore[no-untyped-def]
    values = good(review.studies)
    values[review.studies[1]]["design"] = "Randomized trial"
    values[review.studies[2]]["n"] = "twelve"
    path = fill(export(review.ws, "eve").path, values)
    with pytest.raises(ReviewError) as info:
        import_extraction(review.ws, path, "eve", clock=lambda: T)
    assert not review.ws.extraction_csv.exists()
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 2
    assert any("did you mean 'Randomised trial'?" in p for p in problems)
    assert any(p.startswith("row ") and ": n must be a number, not 'twelve'" in p for p in problems)
    assert "nothing was recorded" in info.value.message


def test_identity_checks_are_screenings(review) -> None:  # type: ignore[no-untyped-def]
    path = export(review.ws, "eve").path
    text = path.read_text(encoding="utf-8-sig")
    first = review.studies[0]
    lines = text.splitlines()
    cells = lines[1].split('","')
    cells[1] = "KAAAAA"
    lines[1] = '","'.join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fill(path, good(review.studies))
    with pytest.raises(ReviewError) as info:
        import_extraction(review.ws, path, "eve", clock=lambda: T)
    assert any("check code 'KAAAAA' does not match" in str(p) for p in info.value.problems)
    assert first in str(info.value)


def test_an_unknown_extractor_is_refused(review) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReviewError, match="not an extractor") as info:
        export(review.ws, "evee")
    assert "did you mean 'eve'?" in (info.value.hint or "")


def test_the_file_says_whose_it_is_and_is_kept(review) -> None:  # type: ignore[no-untyped-def]
    path = fill(export(review.ws, "eve").path, good(review.studies))
    assert ",extraction/screener/eve/1/R" in path.read_text(encoding="utf-8-sig")
    with pytest.raises(ReviewError, match="handed to eve, not to fay") as info:
        import_extraction(review.ws, path, "fay", clock=lambda: T)
    assert "leave out --extractor" in (info.value.hint or "")
    assert not review.ws.extraction_csv.exists()
    result = import_extraction(review.ws, path, None, clock=lambda: T)  # the file says eve
    assert result.extractor == "eve" and result.recorded == 15
    kept = review.ws.records_dir / "extraction" / "2026-02-01_extraction_eve.csv"
    assert kept.read_bytes() == path.read_bytes()
    assert result.file == "records/extraction/2026-02-01_extraction_eve.csv"
    entries = read_extraction_ledger(review.ws.extraction_csv)
    assert {e.file for e in entries} == {result.file}


def test_a_screening_hand_out_is_not_an_extraction_file(review) -> None:  # type: ignore[no-untyped-def]
    path = fill(export(review.ws, "eve").path, good(review.studies))
    text = path.read_text(encoding="utf-8-sig").replace(
        "extraction/screener/eve/", "title_abstract/screener/ann/"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReviewError, match="a screening file, not an extraction file") as info:
        import_extraction(review.ws, path, None, clock=lambda: T)
    assert "prisma-review screen import" in (info.value.hint or "")


def test_empty_rows_wait_and_a_changed_value_supersedes(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    values = good(review.studies)
    del values[review.studies[2]]
    path = fill(export(review.ws, "eve", out=tmp_path / "eve.csv").path, values)
    result = import_extraction(review.ws, path, "eve", clock=lambda: T)
    assert (result.studies, result.pending) == (2, 1)
    assert export(review.ws, "eve").studies == (review.studies[2],)
    values[review.studies[0]]["n"] = "121"
    path = fill(path, values)
    before = review.ws.extraction_csv.read_bytes()
    with pytest.raises(ReviewError, match="changes 1 value") as info:
        import_extraction(review.ws, path, "eve", clock=lambda: "2026-02-02T10:00:00Z")
    assert f"{review.studies[0]} n: 120 -> 121" in str(info.value)
    assert review.ws.extraction_csv.read_bytes() == before
    changed = import_extraction(
        review.ws, path, "eve", clock=lambda: "2026-02-02T10:00:00Z", replace=True
    )
    assert (changed.recorded, changed.changed) == (1, 1)
    entries = read_extraction_ledger(review.ws.extraction_csv)
    assert [e.value for e in entries if e.field == "n" and e.record_id == review.studies[0]] == [
        "120",
        "121",
    ]


def test_a_quarterly_round_hands_out_only_the_newly_included(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("eve", "fay"):
        path = fill(
            export(review.ws, name, out=tmp_path / f"{name}.csv").path, good(review.studies)
        )
        import_extraction(review.ws, path, name, clock=lambda: T)
    late = extraction_papers(6)[5]
    review.add_search([late], round_=2, date="2026-04-01")
    new = ids_by_title(review)[late.title]
    decide(review, [new], "include", time="2026-04-10T00:00:00Z")
    assert export(review.ws, "eve").studies == (new,)


def test_a_study_leaving_the_included_set_keeps_its_rows_but_leaves_the_tables(
    review, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from prisma.check import check_state
    from prisma.extraction.status import extraction_status, format_status
    from prisma.extraction.tables import evidence_tables
    from prisma.flow import compute_flow

    for name in ("eve", "fay"):
        path = fill(
            export(review.ws, name, out=tmp_path / f"{name}.csv").path, good(review.studies)
        )
        import_extraction(review.ws, path, name, clock=lambda: T)
    gone = review.studies[0]
    decide(review, [gone], "exclude", time="2026-03-01T00:00:00Z")  # a later decision
    state = load_state(review.ws, use_cache=False)
    extraction = extraction_of(state)
    assert gone in extraction.left and gone not in extraction.included
    assert any(e.record_id == gone for e in state.extraction_ledger)
    labels = {s: s for s in extraction.included}
    rows = [r.study for t in evidence_tables(extraction, labels) for r in t.rows]
    assert sorted(rows) == sorted(review.studies[1:3])
    assert (
        f"no longer included (kept in the ledger, left out of the tables): {gone}"
        in format_status(extraction_status(extraction))
    )
    report = check_state(state, compute_flow(state))
    left = [f for f in report.findings if f.code == "extracted_left_included"]
    assert left and left[0].severity == "warning" and left[0].record_ids == (gone,)
    assert report.ok


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: `make libreoffice` installs it",
)
def test_a_file_resaved_by_libreoffice_imports(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = fill(export(review.ws, "eve").path, good(review.studies))
    out = tmp_path / "saved"
    profile = tmp_path / "profile"
    # Open as CSV (UTF-8, comma) and save as CSV with ';' the way a semicolon locale does.
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = out / path.name
    data = saved.read_bytes()
    assert b";" in data.splitlines()[0] and data != path.read_bytes()
    result = import_extraction(review.ws, saved, "eve", clock=lambda: T)
    assert (result.studies, result.recorded) == (3, 15)
    values = {
        (e.record_id, e.field): e.value for e in read_extraction_ledger(review.ws.extraction_csv)
    }
    assert values[(review.studies[1], "n")] == "3.5"
    assert (
        extraction_of(load_state(review.ws, use_cache=False)).value(review.studies[0], "n").status
        is Status.PARTIAL
    )


def test_an_xlsx_hand_back_imports(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv

    from openpyxl import Workbook

    path = fill(export(review.ws, "eve").path, good(review.studies))
    book = Workbook()
    sheet = book.active
    for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines()):
        sheet.append(
            [int(c) if c.isdigit() and len(c) < 6 else c for c in row]
        )  # as Excel types it
    xlsx = tmp_path / "extraction_eve.xlsx"
    book.save(xlsx)
    result = import_extraction(review.ws, xlsx, None, clock=lambda: T)
    assert (result.extractor, result.studies, result.recorded) == ("eve", 3, 15)
    values = {
        (e.record_id, e.field): e.value for e in read_extraction_ledger(review.ws.extraction_csv)
    }
    assert values[(review.studies[0], "n")] == "120"
    assert (review.ws.records_dir / "extraction" / "2026-02-01_extraction_eve.xlsx").exists()
