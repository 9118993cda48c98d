"""Cochrane Library plain-text export: ``Record #N of M`` then ``XX: value`` lines.

Files may use CR-only line ends and carry a second BOM mid-file where two exports
were pasted together (both handled when the text is decoded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from prisma.records import Record
from prisma.sources import Adapter, register
from prisma.sources._build import build, map_fields
from prisma.sources._tagged import TaggedFormat, read_lines
from prisma.sources._text import read_text, sample_text

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("TI",),
    "journal": ("SO",),
    "year": ("YR",),
    "volume": ("VL",),
    "issue": ("NO",),
    "pages": ("PG",),
    "abstract": ("AB",),
    "doi": ("DOI",),
    "url": ("US",),
    "type": ("PT",),
    "issn": ("SN",),
    "publisher": ("PB",),
    "pmid": ("PM",),
}
FORMAT = TaggedFormat(
    family="cochrane",
    tag=re.compile(r"([A-Z][A-Z0-9]{1,3}): ?"),
    head=6,  # "DOI: 1": the longest tag, its colon and space, one more
    start=re.compile(r"Record #(?P<n>\d+) of (?P<of>\d+)\s*$"),
    start_prefix="Record #",
    numbered=True,
    expected="'Record #1 of N' lines, each followed by 'XX: value' lines",
    not_this="this is not a Cochrane Library plain-text export",
)


def _record(tags: dict[str, list[str]], line: int, source: str, path: Path) -> Record:
    fields = map_fields(tags, FIELDS)
    fields["pmid"] = re.sub(r"\D", "", str(fields["pmid"]))
    keywords = [k for value in tags.get("KY", []) for k in value.split(";")]
    return build(
        fields,
        source=source,
        path=path,
        line=line,
        native_id=tags.get("ID", [""])[0].strip(),
        authors=tags.get("AU", []),
        keywords=keywords,
    )


def read(path: Path, source: str) -> Iterator[Record]:
    for tags, line in read_lines(FORMAT, read_text(path), path):
        yield _record(tags, line, source, path)


def detect(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if re.search(r"^Record #\d+ of \d+\s*$", text, re.MULTILINE) and re.search(
        r"^(?:TI|AU|ID): ", text, re.MULTILINE
    ):
        return 0.9, "Cochrane Library text ('Record #1 of N' then 'TI: ...' lines)"
    return 0.0, ""


register(Adapter("cochrane_txt", "Cochrane Library plain text", detect, read, "hand"))
