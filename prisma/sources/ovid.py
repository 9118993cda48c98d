"""Ovid display/tagged text: records open with ``<1>`` (or ``<3001. >``); each field is
a label line followed by indented value lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from prisma.records import Record, parse_year
from prisma.sources import Adapter, register
from prisma.sources._build import build, map_fields
from prisma.sources._tagged import TaggedFormat, read_lines
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
_START = re.compile(r"<\s*(?P<n>\d+)\.?\s*>\s*$")


def _authors(values: list[str]) -> list[str]:
    names = []
    for value in values:
        for part in value.split(";"):
            name = re.sub(r"\s+\d+(?:,\d+)*$", "", part.strip())
            if name:
                names.append(name)
    return names


FORMAT = TaggedFormat(
    family="ovid",
    tag=re.compile(r"(\S.*)"),
    head=0,  # a label is the whole line
    start=_START,
    start_prefix="<",
    numbered=True,
    indent=" ",
    list_tags=frozenset({"Author", "Authors", "Institution"}),
    label_only=True,
    skip_before_first=True,
    expected="'<1>' record lines, field labels and indented values",
    not_this="this is not an Ovid display/tagged export",
)


def _record(block: dict[str, list[str]], line: int, source: str, path: Path) -> Record:
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
        line=line,
        authors=_authors(block.get("Author", []) + block.get("Authors", [])),
        keywords=keywords,
    )


def read(path: Path, source: str) -> Iterator[Record]:
    for block, line in read_lines(FORMAT, read_text(path), path):
        yield _record(block, line, source, path)


def detect(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if re.search(r"^<\s*\d+\.?\s*>\s*$", text, re.MULTILINE) and re.search(
        r"^(?:Title|Author|Authors|Source)\s*\n {1,4}\S", text, re.MULTILINE
    ):
        return 0.85, "Ovid display text ('<1>' record lines, field labels, indented values)"
    return 0.0, ""


register(Adapter("ovid_tagged", "Ovid display/tagged text", detect, read, "hand"))
