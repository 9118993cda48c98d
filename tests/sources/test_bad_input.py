"""Bad input gives a ReviewError naming the file, a line, and a hint; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prisma.errors import ReviewError
from prisma.sources import REGISTRY, _load_adapters, detect, read_file

_load_adapters()
READ_SAFE = sorted(REGISTRY)


def _err(path: Path, fmt: str = "") -> ReviewError:
    with pytest.raises(ReviewError) as info:
        read_file(path, "x", fmt)
    assert info.value.file == str(path)
    assert info.value.hint
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.ris"
    path.write_bytes(b"\n  \n")
    assert "empty" in _err(path).message


def test_medline_continuation_before_any_tag(tmp_path: Path) -> None:
    # Bio.Medline raises a bare KeyError on this; the reader names the line instead.
    path = tmp_path / "records.nbib"
    path.write_text("PMID- 1\nTI  - A title\n\n      stray continuation\nTI  - B\n")
    error = _err(path, "pubmed_medline")
    assert "continuation" in error.message and error.line == 4


def test_not_what_it_claims(tmp_path: Path) -> None:
    path = tmp_path / "records.ris"
    path.write_text("Dear reviewer,\nplease find the records attached.\n")
    error = _err(path)
    assert "not a format" in error.message and error.line == 1
    # Forcing the claimed format still says what was expected, and where.
    forced = _err(path, "ris")
    assert forced.line == 1 and "TY" in forced.message


def test_truncated_xml(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle>\n'
        "<MedlineCitation><PMID>1</PMID>\n"
    )
    error = _err(path)
    assert error.line is not None and "XML" in error.message


def test_csv_missing_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Authors,Year,Source title,Volume\nSmith J.,2020,J Tests,1\n")
    error = _err(path, "scopus_csv")
    assert error.line == 1 and "title" in error.message


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bad.ris"
    path.write_bytes(b"TY  - JOUR\nTI  - \x81\x8d\x8f\x90\x9d\nER  - \n")
    error = _err(path, "ris")
    assert error.line == 2 and "undecodable" in error.message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "binary" in _err(path).message


def test_bibtex_unclosed_entry(tmp_path: Path) -> None:
    path = tmp_path / "b.bib"
    path.write_text("@article{a, title={One}}\n\n@article{b, title={Two\n")
    error = _err(path, "bib")
    assert error.line == 3


def test_csv_unclosed_quote_keeps_nothing_silently(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Title,Authors,Year\n"One,Smith,2020\nTwo,Doe,2021\n')
    # the quote swallows the rest into one cell: the only row is damaged, not a record
    with pytest.raises(ReviewError) as caught:
        read_file(path, "x", "csv")
    assert caught.value.line == 2 and "only row" in caught.value.message


# --- property: arbitrary bytes -> Records or ReviewError, for every adapter ------------

PREFIXES = [
    b"",
    b"TY  - JOUR\n",
    b"PMID- 1\n",
    b"FN Clarivate\nPT J\n",
    b"@article{",
    b"<?xml version='1.0'?><PubmedArticleSet>",
    b"Title,Authors,Year\n",
    b"Record #1 of 1\n",
    b"<1>\nTitle\n  ",
    b"[{",
    b"%T ",
    b'"TITLE",',
    b"PT\tAU\tTI\tUT\n",
    b"<xml><records><record>",
]


@pytest.mark.parametrize("fmt", READ_SAFE)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=300))
def test_any_bytes_give_records_or_review_error(
    tmp_path: Path, fmt: str, prefix: bytes, body: bytes
) -> None:
    path = tmp_path / "fuzz.dat"
    path.write_bytes(prefix + body)
    try:
        records = list(REGISTRY[fmt].read(path, "x"))
    except ReviewError as error:
        assert error.file == str(path)
        return
    assert all(r.id.startswith("x:") for r in records)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prefix=st.sampled_from(PREFIXES), body=st.text(max_size=300))
def test_any_text_detects_or_review_error(tmp_path: Path, prefix: bytes, body: str) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_bytes(prefix + body.encode("utf-8", "surrogatepass"))
    try:
        found = detect(path)
        records = read_file(path, "x", found.adapter.name)
    except ReviewError:
        return
    assert isinstance(records, list)
