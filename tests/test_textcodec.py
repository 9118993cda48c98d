"""The one decoding rule shared by exports and screening hand-backs."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma.sources._text import decode as decode_export
from prisma.spreadsheet import decode as decode_sheet
from prisma.textcodec import Undecodable, decode_bytes

TEXT = "study_id,title\nK1,Naïve Bayes – a test\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        ("\ufeff".encode("utf-16-le") + TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: NULs in every other byte
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-8"), "utf-8"),
    ],
)
def test_each_encoding_gives_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.not_utf8_at) == (TEXT, encoding, None)
    assert decode_sheet(data, Path("x.csv"))[0] == TEXT
    assert decode_export(data, "x.csv")[0] == TEXT


def test_windows_1252_is_the_fallback_and_says_where_utf8_failed() -> None:
    data = TEXT.encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.text == TEXT and decoded.encoding == "cp1252"
    assert decoded.not_utf8_at == data.index("ï".encode("cp1252"))


def test_bytes_no_encoding_fits_are_refused() -> None:
    with pytest.raises(Undecodable) as caught:
        decode_bytes(b"abc\x81\x8d\xff")  # not UTF-8; 0x81 is undefined in cp1252
    assert (caught.value.encoding, caught.value.offset, caught.value.declared) == (
        "cp1252",
        3,
        False,
    )
    with pytest.raises(Undecodable) as caught:
        decode_bytes(b"\xef\xbb\xbfok \xff")  # a UTF-8 BOM, then a byte UTF-8 never has
    assert caught.value.declared and caught.value.offset == 3
