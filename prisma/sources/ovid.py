"""Ovid display/tagged text: records open with ``<1>`` (or ``<3001. >``); each field is
a label line followed by indented value lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record, parse_year
from prisma.sources import Adapter, register
from prisma.sources._build import build, map_fields
from prisma.sources._text import read_text, sample_text

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("Title",),
    "journal": ("Journal Name", "Source"),
    "year": ("Year of Publication", "Publication Year", "Source", "Status"),
    "volume": ("Volume",),
    "issue": ("Issue",),
    "pages": ("Page",),
    "abstract": ("Abstract",),
    "doi": ("DOI Number", "Digital Object Identifier", "DOI"),
    "url": ("Link to the Ovid Full Text or citation", "URL"),
    "language": ("Language",),
    "type": ("Document Type", "Publication Type"),
    "issn": ("ISSN",),
    "publisher": ("Publisher",),
    "pmid": ("PubMed Identifier", "Unique Identifier"),
}
_START = re.compile(r"^<\s*\d+\.?\s*>\s*$")


def _authors(values: list[str]) -> list[str]:
    names = []
    for value in values:
        for part in value.split(";"):
            name = re.sub(r"\s+\d+(?:,\d+)*$", "", part.strip())
            if name:
                names.append(name)
    return names


def read(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    block: dict[str, list[str]] = {}
    start = 0
    label = ""
    found = 0

    def flush() -> Record:
        fields = map_fields(block, FIELDS)
        fields["year"] = next(
            (block[k][0] for k in FIELDS["year"] if block.get(k) and parse_year(block[k][0])), ""
        )
        if fields["pmid"] and not fields["pmid"].strip(". ").isdigit():
            fields["pmid"] = ""
        for name in ("journal", "language", "type"):
            fields[name] = fields[name].rstrip(". ")
        fields["title"] = re.sub(r"\.?\[[A-Za-z ]+\]\s*$", "", fields["title"])
        keywords = [
            k.strip(" .")
            for v in block.get("Author Keywords", []) + block.get("Keywords", [])
            for k in v.split(";")
        ]
        return build(
            fields,
            source=source,
            path=path,
            line=start,
            authors=_authors(block.get("Author", []) + block.get("Authors", [])),
            keywords=keywords,
        )

    for number, line in enumerate(text.split("\n"), 1):
        if _START.match(line):
            if block:
                found += 1
                yield flush()
            block, start, label = {}, number, ""
            continue
        if not line.strip() or not start:
            continue
        if line.startswith(" "):
            if not label:
                raise ReviewError(
                    "an indented value before any field label",
                    file=path,
                    line=number,
                    kind="parse",
                    hint="this is not an Ovid display/tagged export",
                )
            values = block.setdefault(label, [])
            if values and label not in ("Author", "Authors", "Institution"):
                values[-1] += " " + line.strip()
            else:
                values.append(line.strip())
        else:
            label = line.strip()
    if block:
        found += 1
        yield flush()
    if not found:
        raise ReviewError("no Ovid record found (no '<1>' line)", file=path, line=1, kind="parse")


def detect(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if re.search(r"^<\s*\d+\.?\s*>\s*$", text, re.MULTILINE) and re.search(
        r"^(?:Title|Author|Authors|Source)\s*\n {1,4}\S", text, re.MULTILINE
    ):
        return 0.85, "Ovid display text ('<1>' record lines, field labels, indented values)"
    return 0.0, ""


register(Adapter("ovid_tagged", "Ovid display/tagged text", detect, read, "hand"))
