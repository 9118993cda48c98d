"""Cochrane Library plain-text export: ``Record #N of M`` then ``XX: value`` lines.

Files may use CR-only line ends and carry a second BOM mid-file where two exports
were pasted together (both handled when the text is decoded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import Adapter, register
from prisma.sources._build import build, map_fields
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
_RECORD = re.compile(r"^Record #\d+ of \d+\s*$")
_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3}): ?(.*)$")


def read(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    tags: dict[str, list[str]] = {}
    start = 0
    last = ""
    found = 0

    def flush() -> Record:
        fields = map_fields(tags, FIELDS)
        pmid = re.sub(r"\D", "", str(fields["pmid"]))
        fields["pmid"] = pmid
        keywords = [k for value in tags.get("KY", []) for k in value.split(";")]
        return build(
            fields,
            source=source,
            path=path,
            line=start,
            native_id=tags.get("ID", [""])[0].strip(),
            authors=tags.get("AU", []),
            keywords=keywords,
        )

    for number, line in enumerate(text.split("\n"), 1):
        if _RECORD.match(line):
            if tags:
                found += 1
                yield flush()
            tags, start, last = {}, number, ""
            continue
        if not line.strip():
            continue
        match = _TAG.match(line)
        if match and start:
            last = match.group(1)
            tags.setdefault(last, []).append(match.group(2).strip())
        elif last:
            tags[last][-1] += " " + line.strip()
        elif not start:
            raise ReviewError(
                f"expected 'Record #1 of N', found {line[:30]!r}",
                file=path,
                line=number,
                kind="parse",
                hint="this is not a Cochrane Library plain-text export",
            )
    if tags:
        found += 1
        yield flush()
    if not found:
        raise ReviewError("no Cochrane record found", file=path, line=1, kind="parse")


def detect(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if re.search(r"^Record #\d+ of \d+\s*$", text, re.MULTILINE) and re.search(
        r"^(?:TI|AU|ID): ", text, re.MULTILINE
    ):
        return 0.9, "Cochrane Library text ('Record #1 of N' then 'TI: ...' lines)"
    return 0.0, ""


register(Adapter("cochrane_txt", "Cochrane Library plain text", detect, read, "hand"))
