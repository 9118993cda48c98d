"""Hand-out cells survive any separator, quoting, BOM and line ending a spreadsheet uses."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prisma.screening.sheet import neutralise, read_sheet, unneutralise
from prisma.spreadsheet import handout_text

cells = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(["=", "+", "-", "@", ";", ",", '"', "\t", "\n"]),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(cells, cells), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
    crlf=st.booleans(),
    quote_all=st.booleans(),
)
def test_cells_round_trip(tmp_path_factory, rows, delimiter, bom, crlf, quote_all):  # type: ignore[no-untyped-def]
    header = ["study_id", "notes"]
    written = handout_text(header, [[f"medline:{i}", b] for i, (_, b) in enumerate(rows)])
    assert written.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(written[1:], newline="")))
    for row in parsed[1:]:
        assert not row[1].startswith(("=", "+", "-", "@", "\t"))
    # The spreadsheet writes it back its own way.
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator="\r\n" if crlf else "\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerows(parsed)
    path = tmp_path_factory.mktemp("s") / "back.csv"
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))
    sheet = read_sheet(path, header)
    assert sheet.delimiter == delimiter
    got = {cells["study_id"]: unneutralise(cells.get("notes", "")) for _, cells in sheet.rows}
    expected = {f"medline:{i}": b for i, (_, b) in enumerate(rows)}
    # Rows whose every cell is blank are skipped as blank rows; none here: ids are set.
    assert got == {k: v.replace("\r\n", "\n") for k, v in expected.items()}


def test_neutralise_examples():  # type: ignore[no-untyped-def]
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-2 mutations") == "'-2 mutations"
    assert neutralise("+ve") == "'+ve"
    assert neutralise("Plain title") == "Plain title"
    assert neutralise(None) == "" and neutralise(2020) == "2020"
    assert unneutralise("'=1+1") == "=1+1" and unneutralise("'quoted'") == "'quoted'"


def test_check_codes_match_the_worked_example_handbacks():  # type: ignore[no-untyped-def]
    """The example's hand-back files (records/screening) carry codes made by the same rule,
    from id, title and the file's identity cell."""
    from prisma.screening.sheet import check_code

    root = Path(__file__).resolve().parents[2] / "records" / "screening"
    files = sorted(root.glob("*.csv"))
    if not files:
        pytest.skip(f"the worked example's hand-back files are absent from {root}")
    checked = 0
    for path in files:
        sheet = read_sheet(path, ["study_id", "check", "title", "handout"])
        for _, row in sheet.rows:
            title = unneutralise(row["title"])
            assert row["check"] == check_code(row["study_id"], title, row["handout"])
            assert row["check"] != check_code(row["study_id"], title)  # identity folded in
            checked += 1
    assert checked > 500


def test_non_ascii_titles_fold_like_records_fold():  # type: ignore[no-untyped-def]
    from prisma.records import fold
    from prisma.screening.sheet import _fold

    for title in ["Ödem der Lunge", "Ａｂｃ ｆｕｌｌ-width", "naïve café", "ß and ẞ", "x_y z"]:
        assert _fold(title) == fold(title)
