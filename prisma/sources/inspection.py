"""What ``prisma-review inspect`` shows: the detected format and why, the record count,
field coverage, and each Record as JSON. Pure functions over a ReadResult."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path

from prisma.records import Record
from prisma.sources import ReadResult, read_file_with_warnings

COVERAGE_FIELDS = (
    "title",
    "authors",
    "year",
    "doi",
    "abstract",
    "journal",
    "volume",
    "issue",
    "pages",
    "pmid",
    "native_id",
    "keywords",
    "url",
    "language",
    "type",
    "issn",
    "publisher",
)


@dataclass(frozen=True)
class Inspection:
    path: str
    result: ReadResult

    @property
    def records(self) -> list[Record]:
        return self.result.records

    def coverage(self) -> list[tuple[str, int, float]]:
        """(field, records with it, share) for every field in COVERAGE_FIELDS."""
        total = len(self.records) or 1
        rows = []
        for name in COVERAGE_FIELDS:
            count = sum(1 for r in self.records if getattr(r, name) not in ("", (), None))
            rows.append((name, count, count / total))
        return rows

    def truncated(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for record in self.records:
            for name in record.truncated:
                counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items()))

    def summary(self) -> str:
        lines = [
            f"file:     {self.path}",
            f"format:   {self.result.fmt} ({self.result.reason})",
            f"records:  {len(self.records)}",
            "",
            f"{'field':<10} {'records':>8} {'share':>7}",
        ]
        for name, count, share in self.coverage():
            lines.append(f"{name:<10} {count:>8} {share:>7.0%}")
        truncated = self.truncated()
        if truncated:
            lines.append("")
            lines.append(
                "truncated by the source ('…'): "
                + ", ".join(f"{name} {count}" for name, count in truncated.items())
            )
        for warning in self.result.warnings:
            lines.append(f"warning: {warning}")
        return "\n".join(lines)


def inspect_file(path: str | Path, fmt: str = "", source: str = "") -> Inspection:
    """Read a file without touching any workspace. ``source`` defaults to the format name."""
    result = read_file_with_warnings(path, source or "file", fmt)
    return Inspection(str(path), result)


def record_to_dict(record: Record) -> dict[str, object]:
    out: dict[str, object] = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if isinstance(value, frozenset):
            value = sorted(value)
        elif item.name == "extra":
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[item.name] = value
    return out


def record_to_json(record: Record) -> str:
    return json.dumps(record_to_dict(record), ensure_ascii=False, sort_keys=False)
