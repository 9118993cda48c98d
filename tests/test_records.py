"""The fast paths in prisma.records give exactly what the plain definitions give."""

from __future__ import annotations

import dataclasses
import pickle
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prisma.records import Record, fold, new_record, unique_ids
from prisma.sources import read_file
from tests.conftest import shared_path

_WORD = re.compile(r"[^\W_]+")


def _fold_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(no_marks.casefold()))


def _real_records() -> list[Record]:
    path = shared_path("exports", "ris_generic", "camaradesuk__ASySD__zotero_export.ris")
    return read_file(path, "zotero", "ris")


def test_new_record_is_a_record_equal_to_the_dataclass_one() -> None:
    records = _real_records()
    assert len(records) == 1000
    for record in records:
        values = {f.name: getattr(record, f.name) for f in dataclasses.fields(Record)}
        plain = Record(**values)
        fast = new_record(**values)
        assert type(fast) is Record
        assert fast == plain and hash(fast) == hash(plain)
        assert repr(fast) == repr(plain)
        assert pickle.loads(pickle.dumps(fast)) == plain
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.title = "changed"  # type: ignore[misc]


def test_new_record_takes_the_same_arguments_and_defaults() -> None:
    assert new_record("s:1", "s") == Record("s:1", "s")
    assert new_record("s:1", "s", "T", ("A",), 2001) == Record("s:1", "s", "T", ("A",), 2001)
    with pytest.raises(TypeError):
        new_record("s:1")  # source is required, as for Record
    with pytest.raises(TypeError):
        new_record("s:1", "s", colour="red")


def test_unique_ids_renames_like_with_() -> None:
    records = _real_records()[:50]
    renamed = list(unique_ids(records + records + records))
    assert [r.id for r in renamed[50:100]] == [f"{r.id}~2" for r in records]
    assert renamed[120] == records[20].with_(id=f"{records[20].id}~3")
    assert renamed[120].title == records[20].title and renamed[120].line == records[20].line


def test_fold_of_real_titles_matches_its_definition() -> None:
    for record in _real_records():
        assert fold(record.title) == _fold_by_definition(record.title)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_fold_ascii_fast_path_matches_its_definition(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


@given(st.text())
def test_fold_matches_its_definition(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


def test_doi_in_text_stops_where_a_url_query_starts() -> None:
    from prisma.records import doi_in_text

    url = "https://onlinelibrary.wiley.com/doi/10.1002/mp.16021?af=R&x=1#sec"
    assert doi_in_text(url) == "10.1002/mp.16021"
    assert doi_in_text('see <10.1234/abc.5> "quoted"') == "10.1234/abc.5"
    assert doi_in_text("no identifier here 10.12/x") == ""
