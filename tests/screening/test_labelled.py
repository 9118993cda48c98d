"""A labelled set is read as a spreadsheet saved it, like a hand-back."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma.errors import ReviewError
from prisma.screening.labelled import read_labelled

ROWS = [
    ["title", "abstract", "label_included"],
    ["Caffeine; sleep latency", 'A "randomised" trial.', "1"],
    ["Coffee and naps", "Cross-over, 12 adults.", "0"],
    ["Tea at night", "", "1"],
    ["Energy drinks", "Survey.", "0"],
]


def _text(delimiter: str) -> str:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"'

    return "\r\n".join(delimiter.join(cell(v) for v in row) for row in ROWS) + "\r\n"


def test_utf16_tab_and_semicolon_files_read_like_utf8(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text(_text(","), encoding="utf-8")
    expected = read_labelled(plain)
    assert expected.labels == (1, 0, 1, 0)
    # Excel's "Unicode text" (UTF-16 with BOM, tabs) and LibreOffice's `;` CSV
    unicode_text = tmp_path / "unicode.txt"
    unicode_text.write_bytes(_text("\t").encode("utf-16"))
    semicolon = tmp_path / "semi.csv"
    semicolon.write_text("\ufeff" + _text(";"), encoding="utf-8")
    for path in (unicode_text, semicolon):
        got = read_labelled(path)
        assert (got.texts, got.labels) == (expected.texts, expected.labels), path


def test_a_missing_label_column_names_what_the_set_needs(tmp_path: Path) -> None:
    path = tmp_path / "set.csv"
    path.write_text("title,abstract\nA,B\n", encoding="utf-8")
    with pytest.raises(ReviewError) as info:
        read_labelled(path)
    assert info.value.message == "missing column(s) label_included"
    assert info.value.line == 1
    assert info.value.hint == "the header must include title, abstract, label_included"
    assert info.value.kind == "simulate"
