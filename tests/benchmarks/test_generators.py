"""The benchmark generators make the data they say they make: the messy export shapes
read back to the record's own numbers, and a million-record copy is another study."""

from __future__ import annotations

import random

from benchmarks import dedup_million, messy
from prisma.dedup.normalise import norm_issue, norm_pages, norm_volume, split_source_line
from prisma.records import Record


def _row() -> dict[str, str]:
    return {
        "journal": "Psychological Medicine",
        "volume": "35",
        "issue": "9",
        "pages": "1331-1342",
        "year": "2005",
    }


def test_every_source_line_style_reads_back_to_the_records_numbers() -> None:
    styles: set[str] = set()
    for seed in range(60):
        row = _row()
        assert messy.source_line(row, random.Random(seed))
        line = split_source_line(row["journal"])
        assert line is not None, row["journal"]
        assert norm_volume(line.volume) == "35", row["journal"]
        assert norm_issue(line.issue) == "9", row["journal"]
        assert norm_pages(line.pages)[0] == "1331", row["journal"]
        styles.add(line.journal)
    assert styles == {"Psychological Medicine"}


def test_a_meeting_line_restates_the_records_own_supplement_number() -> None:
    seen = 0
    for seed in range(40):
        row = _row() | {"issue": "22 Suppl 1", "pages": "S44-S45"}
        messy.supplement(row, random.Random(seed))
        if ".Conference:" in row["journal"]:
            seen += 1
            assert "(22 SUPPL. 1)" in row["journal"]
    assert seen


def test_a_million_record_copy_has_its_own_pages_and_review_number() -> None:
    original = Record(
        id="a",
        source="x",
        title="Gentamicin once a day compared with several doses a day for neonatal sepsis",
        authors=("Rao, S. C.",),
        year=2016,
        journal="Cochrane Database of Systematic Reviews",
        volume="12",
        issue="CD005091",
        pages="1251-60",
        doi="10.1002/14651858.CD005091.pub4",
    )
    words = ["alpha", "beta", "gamma", "delta"]
    (copy,) = dedup_million._new_study([original], copy=2, seed=7, vocab=words)
    assert copy.pages != original.pages
    assert norm_pages(copy.pages)[0] != norm_pages(original.pages)[0]
    assert "005091" not in copy.issue and "005091" not in copy.doi
    assert copy.volume != original.volume
