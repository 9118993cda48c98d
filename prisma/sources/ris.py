"""RIS: generic (Zotero, EndNote, Mendeley, Embase, Ovid, EBSCO, Cochrane, Scholar),
Scopus RIS and Web of Science RIS, all parsed by rispy.

rispy drops a last record that has no ``ER`` and merges a record whose ``ER`` is
missing into the next one; both are found here by scanning the record boundaries
first, repaired (an ``ER`` inserted) and reported as warnings, so no record is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import rispy
from rispy.config import LIST_TYPE_TAGS

from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import Adapter, register
from prisma.sources._build import as_list, build, doi_from, first, pages
from prisma.sources._text import read_text, sample_text, warn

# A literal first character lets the regex engine skip ahead (a MULTILINE "^" does not).
_BOUNDARY = re.compile(r"\n(TY|ER)  -")
_TAGGED = re.compile(r"^[A-Z][A-Z0-9]  - ?", re.MULTILINE)
# rispy tests every tag against its list of list-type tags; a set makes that O(1)
# (same output, about 10% less time in rispy).
_LIST_TAGS = frozenset(LIST_TYPE_TAGS)
_EID = re.compile(r"eid=(2-s2\.0-\d+)")

# Record field -> rispy keys, first non-empty wins (rispy's names for RIS tags).
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "primary_title", "translated_title", "short_title"),
    "year": ("year", "publication_year", "date"),
    "journal": (
        "secondary_title",
        "journal_name",
        "alternate_title3",
        "alternate_title2",
        "alternate_title1",
    ),
    "volume": ("volume",),
    "issue": ("number",),
    "abstract": ("abstract", "notes_abstract"),
    "language": ("language",),
    "type": ("type_of_reference",),
    "issn": ("issn",),
    "publisher": ("publisher",),
}
AUTHOR_KEYS = ("authors", "first_authors")
_FIELD_ITEMS = tuple(FIELDS.items())


def _scan(text: str, path: Path) -> tuple[str, list[int]]:
    """(text with missing ERs inserted, 1-based start line of every record)."""
    starts: list[int] = []
    inside = False
    inserts: list[int] = []  # offsets where an ER is missing
    line = 1
    pos = 0
    count = text.count
    for match in _BOUNDARY.finditer(text):  # lines counted at TY only (the hot loop)
        start = match.start()
        if text[start + 1] == "T":
            line += count("\n", pos, start)
            pos = start
            if inside:
                inserts.append(start)
                warn(
                    f"record at line {starts[-1]} has no ER line before the next TY; "
                    "ended it there",
                    path,
                    starts[-1],
                )
            starts.append(line)
            inside = True
        elif inside:
            inside = False
    if inside:
        warn(
            f"the last record (line {starts[-1]}) has no ER line: the file may be cut "
            "short; its record was kept",
            path,
            starts[-1],
        )
        inserts.append(len(text))
    if inserts:
        pieces = []
        previous = 0
        for offset in inserts:
            pieces.append(text[previous:offset])
            if pieces[-1] and not pieces[-1].endswith("\n"):
                pieces.append("\n")
            pieces.append("ER  - \n")
            previous = offset
        pieces.append(text[previous:])
        text = "".join(pieces)
    return text, starts


def parse_entries(path: Path) -> tuple[list[dict], list[int]]:
    # A leading "\n" lets line 1 match too; each match then starts on the line before
    # its tag in the shifted text, which is the tag's own line in the file.
    text, starts = _scan("\n" + read_text(path), path)
    if not starts:
        raise ReviewError(
            "no RIS record found (no line starts with 'TY  - ')",
            file=path,
            line=1,
            kind="parse",
            hint="this is not a RIS file; try `prisma-review inspect` on it",
        )
    try:
        entries = rispy.loads(text, list_tags=_LIST_TAGS)
    except Exception as exc:  # rispy raises bare errors on malformed input
        raise ReviewError(
            f"not readable as RIS: {exc}",
            file=path,
            kind="parse",
            hint="export the records again as RIS",
        ) from exc
    if len(entries) != len(starts):
        raise ReviewError(
            f"{len(starts)} records start with TY but rispy read {len(entries)}",
            file=path,
            kind="parse",
            hint="report this file: a record would be lost",
        )
    return entries, starts


def to_record(
    entry: dict, source: str, path: Path, line: int, native_id: str = "", scholar: bool = False
) -> Record:
    fields: dict[str, object] = {}
    get = entry.get
    for name, keys in _FIELD_ITEMS:  # first non-empty key wins (hot loop: no helper call)
        for key in keys:
            value = get(key)
            if value:
                fields[name] = value
                break
    start, end = get("start_page"), get("end_page")
    fields["pages"] = pages(start, end) if start or end else ""
    urls = as_list(get("urls"))
    fields["url"] = urls[0].split()[0] if urls and urls[0].strip() else ""
    doi = doi_from(get("doi")) or doi_from(*(unquote(u) for u in urls))
    fields["doi"] = doi
    authors = as_list(get("authors")) or as_list(get("first_authors"))
    return build(
        fields,
        source=source,
        path=path,
        line=line,
        native_id=native_id,
        authors=authors,
        keywords=as_list(get("keywords")),
        scholar=scholar,
    )


def _read(path: Path, source: str, native: str = "") -> Iterator[Record]:
    entries, starts = parse_entries(path)
    for entry, line in zip(entries, starts, strict=True):
        native_id = ""
        if native == "scopus":
            for url in as_list(entry.get("urls")):
                match = _EID.search(url)
                if match:
                    native_id = match.group(1)
                    break
        elif native == "wos":
            accession = first(entry.get("accession_number")).strip()
            if accession.startswith(("WOS:", "ISI:")):
                native_id = accession
        yield to_record(entry, source, path, line, native_id)


def read_generic(path: Path, source: str) -> Iterator[Record]:
    return _read(path, source)


def read_scopus(path: Path, source: str) -> Iterator[Record]:
    return _read(path, source, "scopus")


def read_wos(path: Path, source: str) -> Iterator[Record]:
    return _read(path, source, "wos")


# --- detection ------------------------------------------------------------------------


def _records(text: str) -> list[str]:
    return [
        chunk
        for chunk in re.split(r"^ER  -.*$", text, flags=re.MULTILINE)
        if re.search(r"^TY  -", chunk, re.MULTILINE)
    ]


def is_ris(text: str) -> bool:
    return bool(re.search(r"^TY  - ", text, re.MULTILINE)) and bool(
        re.search(r"^ER  -", text, re.MULTILINE) or len(_TAGGED.findall(text)) >= 3
    )


def detect_generic(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if not is_ris(text):
        return 0.0, ""
    return 0.6, "RIS: records open with 'TY  - ' and close with 'ER  -'"


def _share(text: str, marker: re.Pattern[str]) -> float:
    records = _records(text)
    if not records:
        return 0.0
    return sum(1 for r in records if marker.search(r)) / len(records)


# Markers of the database's own RIS (a Zotero/EndNote re-export keeps AN WOS: or
# DB Scopus on some records, but not J9/WE or Scopus' "Export Date" on all of them).
_SCOPUS = re.compile(
    r"^(?:DB  - Scopus|UR  - https?://www\.scopus\.com/|(?:N1  - )?Export Date:)", re.MULTILINE
)
_WOS = re.compile(r"^(?:J9  - |WE  - )", re.MULTILINE)


def detect_scopus(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if not is_ris(text):
        return 0.0, ""
    share = _share(text, _SCOPUS)
    if share >= 0.9:
        return 0.8, (
            f"RIS whose records name Scopus ({share:.0%} have 'DB  - Scopus', "
            "a scopus.com URL or 'Export Date:')"
        )
    return 0.0, ""


def detect_wos(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if not is_ris(text):
        return 0.0, ""
    share = _share(text, _WOS)
    if share >= 0.9:
        return 0.8, f"RIS with Web of Science tags ({share:.0%} of records have J9 or WE)"
    return 0.0, ""


register(
    Adapter(
        "ris",
        "RIS (Zotero, EndNote, Mendeley, Embase, Ovid, EBSCO, Cochrane, Scholar, ...)",
        detect_generic,
        read_generic,
        "rispy",
    )
)
register(Adapter("scopus_ris", "Scopus RIS", detect_scopus, read_scopus, "rispy"))
register(Adapter("wos_ris", "Web of Science RIS", detect_wos, read_wos, "rispy"))
