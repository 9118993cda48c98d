"""What spreadsheets save besides UTF-8 CSV: Excel's "Unicode text" (UTF-16, tab), UTF-16
with commas and .xlsx go through the same validation and give the same ledger entries."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from prisma.decisions.ledger import read_ledger
from prisma.errors import ReviewError
from prisma.screening.export import export
from prisma.screening.importer import import_decisions
from prisma.workspace import Workspace
from tests.screening_workspace import Paper, make_review, papers

DECISIONS = ["Include", "exclude", "maybe", "", "EXCLUDE"]


def _filled_rows(review) -> list[list[str]]:  # type: ignore[no-untyped-def]
    path = export(review.ws, "title_abstract", "ann").path
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    header = rows[0]
    for row, decision in zip(rows[1:], DECISIONS, strict=True):
        row[header.index("decision")] = decision
        if decision.casefold() == "exclude":
            row[header.index("reason")] = "Wrong population; not_english"
        row[header.index("notes")] = "vérifié; «ok»\tsee p. 3" if decision else ""
    return rows


def _csv_text(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _xlsx(rows: list[list[str]], path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    header = rows[0]
    for row in rows:
        # A spreadsheet stores a year (and a PMID) as a number.
        sheet.append(
            [
                int(v) if header[i] in ("year", "pmid") and v.isdigit() else (v or None)
                for i, v in enumerate(row)
            ]
        )
    book.save(path)
    return path


@pytest.fixture
def review(tmp_path):  # type: ignore[no-untyped-def]
    items = papers(4)
    items.append(Paper(title='Twins; a review, with "quotes"', doi="10.1000/q", year=2021))
    return make_review(tmp_path / "ws", items)


def _import(review, tmp_path, name: str, write) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    root = tmp_path / f"copy_{name}"
    shutil.copytree(review.root, root)
    ws = Workspace.at(root)
    path = root / "back" / name
    path.parent.mkdir()
    write(path)
    result = import_decisions(ws, path, clock=lambda: "2026-03-03T09:00:00Z")
    assert result.recorded == 4 and result.pending == 1
    kept = root / result.file
    assert kept.read_bytes() == path.read_bytes() and kept.suffix == path.suffix
    return [
        (e.time, e.round, e.stage, e.record_id, e.decision, e.reason, e.screener, e.role, e.notes)
        for e in read_ledger(ws.decisions_csv)
    ]


def test_utf16_and_xlsx_give_the_csv_ledger(review, tmp_path):  # type: ignore[no-untyped-def]
    rows = _filled_rows(review)
    expected = _import(
        review,
        tmp_path,
        "title_abstract_ann.csv",
        lambda p: p.write_bytes(_csv_text(rows, ",").encode("utf-8-sig")),
    )
    assert {e[5] for e in expected} == {"", "wrong_population;not_english"}
    variants = {
        "unicode_text.txt": lambda p: p.write_bytes(_csv_text(rows, "\t").encode("utf-16")),
        "utf16_comma.csv": lambda p: p.write_bytes(_csv_text(rows, ",").encode("utf-16")),
        "utf16_be.csv": lambda p: p.write_bytes(
            b"\xfe\xff" + _csv_text(rows, ";").encode("utf-16-be")
        ),
        "book.xlsx": lambda p: _xlsx(rows, p),
    }
    for name, write in variants.items():
        assert _import(review, tmp_path, name, write) == expected, name


def test_other_binary_spreadsheets_are_refused_by_name(review, tmp_path):  # type: ignore[no-untyped-def]
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ReviewError, match=r"old Excel workbook \(.xls\)") as info:
        import_decisions(review.ws, xls, "ann")
    assert ".xlsx" in str(info.value.hint)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReviewError, match="not a readable Excel workbook"):
        import_decisions(review.ws, broken, "ann")
