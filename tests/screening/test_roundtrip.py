"""A hand-out file goes to a spreadsheet and comes back changed the ways spreadsheets
change it; the import still records exactly the decisions the screener made."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from prisma.decisions.ledger import Decision, Role, read_ledger
from prisma.errors import ReviewError
from prisma.load import load_state
from prisma.screening.export import export
from prisma.screening.importer import import_decisions
from prisma.screening.sheet import check_code
from tests.screening_workspace import Paper, make_review, papers


def fixed_clock(value: str = "2026-01-01T10:00:00Z"):  # type: ignore[no-untyped-def]
    return lambda: value


def read_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def spreadsheet_save(
    rows: list[dict[str, str]],
    *,
    delimiter: str = ";",
    bom: bool = False,
    newline: str = "\n",
    quote_all: bool = False,
    extra: bool = True,
    reverse: bool = True,
    blank_rows: bool = True,
    filtered: bool = False,
) -> str:
    """What LibreOffice/Excel write back: other separator, no BOM, LF, re-quoted cells,
    a column the screener added, rows re-sorted, blank rows."""
    header = list(rows[0])
    if extra:
        header.insert(2, "my_priority")
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    ordered = sorted(rows, key=lambda r: r["title"], reverse=reverse)
    if filtered:  # the screener filtered on decision = include and saved only those rows
        ordered = [r for r in ordered if r["decision"].strip().casefold() == "include"]
    for n, row in enumerate(ordered):
        writer.writerow([row.get(h, "high") for h in header])
        if blank_rows and n == 1:
            writer.writerow([""] * len(header))
    return ("\ufeff" if bom else "") + buffer.getvalue()


@pytest.fixture
def review(tmp_path):  # type: ignore[no-untyped-def]
    items = papers(6)
    items.append(Paper(title='=HYPERLINK("http://x","click") twins', doi="10.1000/f1"))
    items.append(Paper(title="-Methylation in Ödem; a twin study", doi="10.1000/f2"))
    return make_review(tmp_path / "ws", items)


DECISIONS = ["Include", "INCLUDE", "exclude ", "maybe", " Exclude", "include", "", "MAYBE"]


@pytest.mark.parametrize(
    "variant",
    [
        {"delimiter": ";"},
        {"delimiter": ",", "bom": True, "newline": "\r\n", "quote_all": True},
        {"delimiter": "\t", "quote_all": True},
        {"delimiter": ";", "newline": "\r\n", "reverse": False, "extra": False},
    ],
)
def test_round_trip_through_spreadsheet_transformations(review, variant):  # type: ignore[no-untyped-def]
    handout = export(review.ws, "title_abstract", "ann")
    rows = read_rows(handout.path)
    assert len(rows) == 8
    expected = {}
    for row, decision in zip(rows, DECISIONS, strict=True):
        row["decision"] = decision
        if decision.strip().casefold() == "exclude":
            row["reason"] = "Wrong population; wrong_outcome"
        if decision:
            expected[row["study_id"]] = decision.strip().casefold()
    returned = review.root / "returned" / "title_abstract_ann.csv"
    returned.parent.mkdir()
    returned.write_bytes(spreadsheet_save(rows, **variant).encode("utf-8"))

    result = import_decisions(review.ws, returned, "ann", clock=fixed_clock())
    kept = review.root / "records" / "screening" / "2026-01-01_title_abstract_ann.csv"
    assert kept.read_bytes() == returned.read_bytes()

    if variant.get("filtered"):
        expected = {k: v for k, v in expected.items() if v == "include"}
        assert (result.recorded, result.pending) == (len(expected), 0)
    else:
        assert (result.recorded, result.pending, result.unchanged) == (7, 1, 0)
    entries = read_ledger(review.ws.decisions_csv)
    assert {e.record_id: e.decision.value for e in entries} == expected
    for e in entries:
        assert (e.stage, e.screener, e.role, e.round) == ("title_abstract", "ann", Role.SCREENER, 1)
        assert e.time == "2026-01-01T10:00:00Z"
        # The hand-back is kept byte-exact, dated, and the ledger names the kept copy.
        assert e.file == "records/screening/2026-01-01_title_abstract_ann.csv"
        assert len(e.sha256) == 64
        if e.decision is Decision.EXCLUDE:
            assert e.reason == "wrong_population;wrong_outcome"
            assert e.reasons[0] == "wrong_population"  # first listed is primary


def test_import_twice_changes_nothing_and_a_change_supersedes(review):  # type: ignore[no-untyped-def]
    rows = read_rows(export(review.ws, "title_abstract", "ann").path)
    for row in rows:
        row["decision"] = "exclude"
    path = review.root / "back.csv"
    path.write_text(spreadsheet_save(rows), encoding="utf-8")
    first = import_decisions(review.ws, path, "ann", stage="title_abstract", clock=fixed_clock())
    assert first.recorded == 8
    before = review.ws.decisions_csv.read_bytes()
    again = import_decisions(
        review.ws, path, "ann", stage="title_abstract", clock=fixed_clock("2026-02-01T00:00:00Z")
    )
    assert (again.recorded, again.unchanged) == (0, 8)
    assert review.ws.decisions_csv.read_bytes() == before

    rows[0]["decision"] = "include"
    path.write_text(spreadsheet_save(rows), encoding="utf-8")
    # A second thought is listed and needs replace=True; without it nothing is written.
    with pytest.raises(ReviewError, match="changes 1 decision") as refused:
        import_decisions(review.ws, path, "ann", clock=fixed_clock("2026-03-01T00:00:00Z"))
    assert f"{rows[0]['study_id']}: exclude -> include" in str(refused.value)
    assert review.ws.decisions_csv.read_bytes() == before
    dry = import_decisions(review.ws, path, "ann", dry_run=True, clock=fixed_clock())
    assert (dry.recorded, len(dry.changes)) == (1, 1)
    assert review.ws.decisions_csv.read_bytes() == before
    changed = import_decisions(
        review.ws,
        path,
        "ann",
        stage="title_abstract",
        clock=fixed_clock("2026-03-01T00:00:00Z"),
        replace=True,
    )
    assert (changed.recorded, changed.changed, changed.unchanged) == (1, 1, 7)
    entries = [
        e for e in read_ledger(review.ws.decisions_csv) if e.record_id == rows[0]["study_id"]
    ]
    assert [e.decision for e in entries] == [Decision.EXCLUDE, Decision.INCLUDE]
    state = load_state(review.ws)
    # Still partial: the stage needs two screeners; ann's latest word is include.
    assert state.decision(rows[0]["study_id"], "title_abstract").status.value == "partial"


def test_handout_is_bom_utf8_neutralised_and_deterministic(review):  # type: ignore[no-untyped-def]
    first = export(review.ws, "title_abstract", "ann")
    data = first.path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    text = data.decode("utf-8-sig")
    rows = read_rows(first.path)
    titles = [r["title"] for r in rows]
    assert '\'=HYPERLINK("http://x","click") twins' in titles
    assert "'-Methylation in Ödem; a twin study" in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
    assert [r["study_id"] for r in rows] == sorted(r["study_id"] for r in rows)
    # Blind and empty: nothing but the record and three empty columns to fill in.
    assert all(r["decision"] == r["reason"] == r["notes"] == "" for r in rows)
    for r in rows:
        assert r["check"][0].isalpha()
    again = export(review.ws, "title_abstract", "ann")
    assert again.path.read_bytes() == data
    assert "Ödem" in text


def test_check_code_never_reads_as_a_number():  # type: ignore[no-untyped-def]
    for i in range(2000):
        code = check_code(f"medline:{i:012x}", f"title {i}")
        assert code[0] == "K" and len(code) == 6
        with pytest.raises(ValueError):
            float(code)
    assert check_code("a", "Title") == check_code("a", "  title ")  # folded title
    assert check_code("a", "Title") != check_code("b", "Title")


def test_limit_and_default_path(review):  # type: ignore[no-untyped-def]
    result = export(review.ws, "title_abstract", "bob", limit=3)
    assert result.path == review.root / "build" / "screening" / "title_abstract_bob.csv"
    assert (len(result.studies), result.awaiting) == (3, 8)
    assert len(read_rows(result.path)) == 3


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not on PATH on this machine"
)
def test_libreoffice_round_trip(review, tmp_path):  # type: ignore[no-untyped-def]
    handout = export(review.ws, "title_abstract", "ann")
    rows = read_rows(handout.path)
    for row in rows:
        row["decision"] = "Include"
    filled = tmp_path / "filled.csv"
    filled.write_text(
        spreadsheet_save(rows, delimiter=",", extra=False, reverse=False, blank_rows=False),
        encoding="utf-8",
    )
    outdir = tmp_path / "lo"
    # Re-save through Calc as a German install would: 59 = semicolon, 34 = quote, 76 = UTF-8.
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1",
            "--outdir",
            str(outdir),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = outdir / "title_abstract_ann.csv"
    (outdir / "filled.csv").rename(saved)
    result = import_decisions(review.ws, saved, "ann", clock=fixed_clock())
    assert result.recorded == 8


def test_excel_ansi_csv_is_read(review):  # type: ignore[no-untyped-def]
    """Excel's plain "CSV" on Windows saves in cp1252, not UTF-8."""
    rows = read_rows(export(review.ws, "title_abstract", "ann").path)
    rows[0]["decision"] = "include"
    rows[0]["notes"] = "vérifié par Zoë"
    path = review.root / "title_abstract_ann_excel.csv"
    path.write_bytes(spreadsheet_save(rows, extra=False).encode("cp1252", errors="replace"))
    result = import_decisions(review.ws, path, "ann", clock=fixed_clock())
    assert result.recorded == 1 and result.entries[0].notes == "vérifié par Zoë"
