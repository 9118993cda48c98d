"""CSV with BibTeX field names and an ``ID`` column (CoLRev / bib-dedupe exports).

Columns: ``ID``, ``ENTRYTYPE``, ``author`` ("A and B"), ``title``, ``journal`` or
``booktitle``, ``year``, ``volume``, ``number`` or ``issue``, ``pages``, ``doi``,
``abstract``, ``url``, ``isbn``/``issn``, ``pmid``; any other column is kept in ``extra``.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record, clean_text, make_record_id, normalise_doi, parse_year
from prisma.sources import Adapter, register

_KNOWN = {
    "ID",
    "ENTRYTYPE",
    "author",
    "title",
    "journal",
    "booktitle",
    "year",
    "volume",
    "number",
    "issue",
    "pages",
    "doi",
    "abstract",
    "url",
    "isbn",
    "issn",
    "pmid",
    "publisher",
    "keywords",
    "language",
}
_PUBMED_URL = re.compile(r"ncbi\.nlm\.nih\.gov/pubmed/(\d+)")


def _field(row: dict[str, str], key: str) -> str:
    return clean_text(row.get(key))


def detect(sample: bytes, path: Path) -> float:
    first = sample.decode("utf-8-sig", errors="replace").splitlines()[0] if sample else ""
    columns = {c.strip().strip('"') for c in first.split(",")}
    return 0.7 if {"ID", "ENTRYTYPE", "title"} <= columns else 0.0


def read(path: Path, source: str) -> Iterator[Record]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewError(
            "not UTF-8 text", file=path, kind="parse", hint="save the file again as CSV UTF-8"
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "ID" not in reader.fieldnames:
        raise ReviewError(
            "no ID column",
            file=path,
            line=1,
            kind="parse",
            hint="a BibTeX-style CSV needs an ID column naming each record",
        )
    extra_columns = [c for c in reader.fieldnames if c not in _KNOWN]
    for row in reader:
        line = reader.line_num
        if None in row:
            raise ReviewError(
                f"row has {len(reader.fieldnames) + len(row[None])} values but "
                f"the header has {len(reader.fieldnames)}",
                file=path,
                line=line,
                kind="parse",
                hint="a field with a comma must be quoted",
            )
        native = clean_text(row.get("ID"))
        if not native:
            raise ReviewError(
                "empty ID",
                file=path,
                line=line,
                kind="parse",
                hint="every row needs the record's ID",
            )
        get = functools.partial(_field, row)
        authors = tuple(a.strip() for a in re.split(r"\s+and\s+", get("author")) if a.strip())
        url = get("url")
        pmid = get("pmid")
        if not pmid and url:
            found = _PUBMED_URL.search(url)
            pmid = found.group(1) if found else ""
        yield Record(
            id=make_record_id(source, native),
            source=source,
            native_id=native,
            title=get("title"),
            authors=authors,
            year=parse_year(get("year")),
            journal=get("journal") or get("booktitle"),
            volume=get("volume"),
            issue=get("number") or get("issue"),
            pages=get("pages"),
            doi=normalise_doi(get("doi")) or get("doi"),
            pmid=pmid,
            abstract=get("abstract"),
            url=url,
            type=get("ENTRYTYPE"),
            issn=get("issn") or get("isbn"),
            publisher=get("publisher"),
            language=get("language"),
            file=str(path),
            line=line,
            extra=tuple((c, get(c)) for c in extra_columns if get(c)),
        )


register(Adapter("bib_csv", "CSV with BibTeX field names and an ID column", detect, read))
