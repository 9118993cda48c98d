"""What a whole column of one file says about its values: a shape no single record shows.

Some reference-manager exports write the record number into the issue column
('1765', '1766', ... one per record). Read record by record, every pair of records then
sits in "different issues", which separates one article exported twice. A column of
issues repeats (many articles share an issue) and spreads thinly over its range; a
column of record numbers never repeats and fills its range, so the file gives the
shape away.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from prisma.records import Record

# Fewer numbers than this say nothing about the column (thirty records from thirty
# journals may by chance all carry another issue number).
MIN_NUMBERS = 50
# Share of the numbers that are distinct, and share of their range they fill.
MIN_DISTINCT = 0.95
MIN_FILLED = 0.5


def _file_of(record: Record) -> tuple[str, str]:
    return record.source, record.file


def record_number_files(records: Sequence[Record]) -> frozenset[tuple[str, str]]:
    """The (source, file) groups whose issue column holds running record numbers: at
    least ``MIN_NUMBERS`` whole numbers, nearly all distinct, filling at least half of
    the range they span. (The Lancet's issue numbers never repeat either, but a
    decade of them spreads over hundreds of numbers per article found.)"""
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for record in records:
        issue = record.issue.strip()
        if issue.isdigit():
            numbers[_file_of(record)].append(int(issue))
    found = set()
    for group, values in numbers.items():
        if len(values) < MIN_NUMBERS:
            continue
        distinct = set(values)
        span = max(distinct) - min(distinct) + 1
        if len(distinct) >= MIN_DISTINCT * len(values) and len(distinct) >= MIN_FILLED * span:
            found.add(group)
    return frozenset(found)


def numbered_issues(records: Sequence[Record]) -> list[bool] | None:
    """For each record, whether its issue field holds a record number (its file's column
    does: see ``record_number_files``); None when no file's does."""
    files = record_number_files(records)
    if not files:
        return None
    return [_file_of(r) in files for r in records]
