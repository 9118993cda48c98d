"""Every file of the dev corpus (../shared/data/exports) against its MANIFEST row:
detected as its format from content, parsed without error, exactly the MANIFEST's
record count (or the documented exception), and titles on >= 95% of records."""

from __future__ import annotations

import pytest

from prisma.errors import ReviewError
from prisma.sources import detect, read_file_with_warnings
from tests.conftest import SHARED_DATA, shared_path
from tests.exports_manifest import EXCEPTIONS, FORMAT_ADAPTERS, manifest_rows

EXPORTS = SHARED_DATA / "exports"
ROWS = manifest_rows(EXPORTS) if (EXPORTS / "MANIFEST.tsv").exists() else []


def test_corpus_present() -> None:
    exports = shared_path("exports")
    assert len(manifest_rows(exports)) >= 100


def test_every_manifest_format_is_mapped() -> None:
    shared_path("exports")
    assert {row.format for row in ROWS} <= set(FORMAT_ADAPTERS)


@pytest.mark.parametrize("row", ROWS, ids=[r.path for r in ROWS])
def test_export_file(row) -> None:  # type: ignore[no-untyped-def]
    path = shared_path("exports", row.path)
    expect = EXCEPTIONS.get(row.path)
    if expect is not None and expect.refused:
        with pytest.raises(ReviewError) as info:
            read_file_with_warnings(path, "src")
        assert info.value.file == str(path)
        assert info.value.hint
        return
    found = detect(path)
    allowed = {expect.adapter} if expect and expect.adapter else FORMAT_ADAPTERS[row.format]
    assert found.adapter.name in allowed, found.reason
    assert found.reason
    result = read_file_with_warnings(path, "src")
    count = expect.count if expect and expect.count is not None else int(row.records)
    assert len(result.records) == count
    assert len({r.id for r in result.records}) == count  # ids unique within the file
    titled = sum(1 for r in result.records if r.title)
    if not (expect and expect.untitled_ok):
        assert titled >= 0.95 * count, f"{titled}/{count} records have a title"
    lines = [r.line for r in result.records]
    assert all(isinstance(n, int) and n >= 1 for n in lines)
    assert lines == sorted(lines)
