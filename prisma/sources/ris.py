"""Generic RIS (Zotero, EndNote, Mendeley, Embase, Ovid, EBSCO, Cochrane), via rispy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import rispy

from prisma.errors import ReviewError
from prisma.records import Record, clean_text, make_record_id, normalise_doi, parse_year
from prisma.sources import Adapter, register

_TAG = re.compile(rb"^\s*(?:\xef\xbb\xbf)?TY  - ", re.MULTILINE)


def detect(sample: bytes, path: Path) -> float:
    return 0.6 if _TAG.search(sample) and re.search(rb"^ER  -", sample, re.MULTILINE) else 0.0


def read(path: Path, source: str) -> Iterator[Record]:
    text = path.read_text(encoding="utf-8-sig", errors="strict")
    starts = len(re.findall(r"^TY  - ", text, re.MULTILINE))
    try:
        entries = rispy.loads(text)
    except Exception as exc:  # rispy raises bare IOError/ValueError on malformed input
        raise ReviewError(f"not readable as RIS: {exc}", file=path, kind="parse") from exc
    if len(entries) != starts:
        raise ReviewError(
            f"{starts} records start with TY but {len(entries)} end with ER",
            file=path,
            kind="parse",
            hint="the file may be truncated; export it again",
        )
    for number, entry in enumerate(entries, 1):
        title = clean_text(entry.get("title") or entry.get("primary_title"))
        authors = tuple(
            clean_text(a)
            for a in entry.get("authors", []) or entry.get("first_authors", [])
            if clean_text(a)
        )
        year = parse_year(entry.get("year") or entry.get("date") or entry.get("publication_year"))
        native = ""
        yield Record(
            id=make_record_id(
                source, native, title=title, year=year, first_author=authors[0] if authors else ""
            ),
            source=source,
            title=title,
            authors=authors,
            year=year,
            journal=clean_text(
                entry.get("secondary_title")
                or entry.get("journal_name")
                or entry.get("alternate_title3")
                or ""
            ),
            volume=clean_text(entry.get("volume")),
            issue=clean_text(entry.get("number")),
            pages="-".join(
                p
                for p in (clean_text(entry.get("start_page")), clean_text(entry.get("end_page")))
                if p
            ),
            doi=normalise_doi(entry.get("doi")),
            abstract=clean_text(entry.get("abstract")),
            keywords=tuple(clean_text(k) for k in entry.get("keywords", []) if clean_text(k)),
            url=clean_text((entry.get("urls") or [""])[0]),
            type=clean_text(entry.get("type_of_reference")),
            file=str(path),
            line=number,
        )


register(Adapter("ris", "RIS (generic)", detect, read))
