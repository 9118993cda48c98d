"""docs/formats.md is generated from the adapters and the corpus: it must be current."""

from __future__ import annotations

from benchmarks.formats_table import DOC, build
from tests.conftest import shared_path


def test_formats_doc_is_current() -> None:
    shared_path("exports")
    assert DOC.read_text(encoding="utf-8") == build(), (
        "docs/formats.md is stale: run `python -m benchmarks.formats_table`"
    )
