"""build/cache: a value comes back for the same key, never for changed inputs or code."""

from __future__ import annotations

from pathlib import Path

import pytest

import prisma.cache as cache_module
from prisma.cache import Cache, make_key
from prisma.records import Record


def test_a_value_comes_back_under_its_key(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    records = [Record(id="ris:1", source="ris", title="A", authors=("Smith, J.",), year=2020)]
    key = make_key("records", "sha-of-file", "records/raw/x.ris", "scopus", "")
    assert cache.get(key) is None
    cache.put(key, records)
    assert Cache(tmp_path / "cache").get(key) == records  # another process, same folder


def test_keys_follow_every_input_and_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    key = make_key("dedup", "rules", [("a", "b")])
    assert make_key("dedup", "rules", [("a", "b")]) == key
    assert make_key("dedup", "exact", [("a", "b")]) != key
    assert make_key("records", "rules", [("a", "b")]) != key
    # a changed adapter or rule (another fingerprint of the package) never hits old entries
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "other code")
    assert make_key("dedup", "rules", [("a", "b")]) != key


def test_an_unreadable_entry_is_a_miss_and_no_folder_stores_nothing(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    (tmp_path / "records-x.pickle").write_bytes(b"not a pickle")
    assert cache.get("records-x") is None
    off = Cache(None)
    off.put("records-y", [1])
    assert off.get("records-y") is None and not (tmp_path / "records-y.pickle").exists()
