"""Embase CSV in both layouts: horizontal (one record per row, read by ``csvfiles``)
and the transposed "vertical" layout of the new Embase UI (one field per row as
``"FIELD","value","value2",…``, records separated by blank lines)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import REGISTRY, Adapter, Score, register
from prisma.sources._build import build, map_fields, pages
from prisma.sources._tagged import TaggedFormat, read_rows
from prisma.sources._text import read_text, sample_text

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("TITLE", "ARTICLE TITLE"),
    "journal": ("SOURCE TITLE", "SOURCE"),
    "year": ("PUBLICATION YEAR", "DATE OF PUBLICATION", "SOURCE"),
    "volume": ("VOLUME",),
    "issue": ("ISSUE",),
    "abstract": ("ABSTRACT",),
    "doi": ("DOI",),
    "language": ("LANGUAGE OF ARTICLE",),
    "type": ("PUBLICATION TYPE",),
    "issn": ("ISSN",),
    "publisher": ("PUBLISHER",),
    "pmid": ("MEDLINE PMID", "PUI"),
}
_LABEL = re.compile(r'^"[A-Z][A-Z0-9 /()&,.-]+",')


VERTICAL = TaggedFormat(
    family="embase",
    tag=_LABEL,
    head=0,
    blank_ends=True,
    expected='one field per row ("TITLE","...") and a blank row after each record',
    not_this="this is not a vertical Embase CSV",
)


def _record(block: dict[str, list[str]], line: int, source: str, path: Path) -> Record:
    fields: dict[str, object] = dict(map_fields(block, FIELDS))
    if fields["pmid"] and not str(fields["pmid"]).isdigit():
        fields["pmid"] = ""
    fields["pages"] = pages(block.get("FIRST PAGE", [""])[0], block.get("LAST PAGE", [""])[0])
    keywords = block.get("AUTHOR KEYWORDS", []) + block.get("EMTREE MEDICAL INDEX TERMS", [])
    return build(
        fields,
        source=source,
        path=path,
        line=line,
        authors=block.get("AUTHOR NAMES", []),
        keywords=keywords,
    )


def _rows(path: Path, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    previous = 0
    try:
        for row in reader:
            yield previous + 1, row
            previous = reader.line_num  # type: ignore[attr-defined]  # csv.reader's object; typed here as an Iterator
    except csv.Error as exc:
        raise ReviewError(
            f"not readable as CSV: {exc}",
            file=path,
            line=reader.line_num,  # type: ignore[attr-defined]  # csv.reader's object, typed as an Iterator
            kind="parse",
            hint="a quote is probably not closed",
        ) from exc


def read_vertical(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    reader = csv.reader(text.split("\n"), strict=False)
    for block, line in read_rows(VERTICAL, _rows(path, reader), path, text.endswith("\n")):
        yield _record(block, line, source, path)


def _is_vertical(text: str) -> bool:
    lines = [line for line in text.split("\n")[:40] if line.strip()]
    return (
        bool(lines)
        and lines[0].startswith('"TITLE",')
        and sum(1 for line in lines if _LABEL.match(line)) >= 0.6 * len(lines)
    )


_horizontal = REGISTRY["embase_csv"]


def detect(sample: bytes, path: Path) -> Score:
    if _is_vertical(sample_text(sample)):
        return 0.9, 'Embase CSV, vertical layout ("TITLE","…" one field per row)'
    return _horizontal.detect(sample, path)


def read(path: Path, source: str) -> Iterator[Record]:
    try:
        sample = path.read_bytes()[: 64 * 1024]
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
    if _is_vertical(sample_text(sample)):
        return read_vertical(path, source)
    return _horizontal.read(path, source)


register(Adapter("embase_csv", "Embase CSV (horizontal or vertical layout)", detect, read, "csv"))
