"""RIS: generic (Zotero, EndNote, Mendeley, Embase, Ovid, EBSCO, Cochrane, Scholar),
Scopus RIS and Web of Science RIS, all parsed by rispy.

rispy drops a last record that has no ``ER`` and merges a record whose ``ER`` is
missing into the next one; both are found here by scanning the record boundaries
first, repaired (an ``ER`` inserted) and reported as warnings, so no record is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import rispy

from prisma.errors import ReviewError
from prisma.records import Record, is_placeholder, new_record
from prisma.sources import Adapter, _structure, register
from prisma.sources._build import (
    as_list,
    clean,
    clean_authors,
    clean_short,
    doi_from,
    first,
    keyword_tuple,
    pages,
    record_id,
    year_of,
)
from prisma.sources._text import read_text, sample_text, warn

_TAGGED = re.compile(r"^[A-Z][A-Z0-9]  - ?", re.MULTILINE)
# rispy reads these tags as lists; a set makes its per-line membership test O(1). Of its
# default list tags only those read here stay lists: A2-A4 and N1 come back as one
# string (nothing reads them), which spares rispy a caught KeyError per record.
_LIST_TAGS = frozenset({"AU", "A1", "KW", "UR"})
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


_TITLE_LINE = re.compile(r"^(?:TI|T1)  - ?(.*)$", re.MULTILINE)


def _scan(text: str, path: Path) -> tuple[str, list[int]]:
    """(text with missing ERs inserted, 1-based start line of every record).

    A record runs from a line starting ``TY  -`` to the next such line; it must hold
    an ``ER  -`` line. A middle record without one is ended at the next ``TY`` (with
    a warning); a last record without one was cut short and is left out (with a
    warning). Text outside the records (before the first, between ``ER`` and the next
    ``TY``, after the last) is harmless unless another format's records start in it:
    then two exports were joined and the file is refused. ``str.find``/``count`` do
    the scanning in C (a regex visiting every line took as long as building Records).
    """
    starts: list[int] = []
    inserts: list[int] = []  # offsets where an ER is missing
    find, rfind, count = text.find, text.rfind, text.count
    line = 1  # the line of text[pos]
    pos = 0
    # The offset of each "TY  -" line; -1 once there is none left.
    start = 0 if text.startswith("TY  -") else (find("\nTY  -") + 1 or -1)
    if start != 0:
        _structure.check_region(text, "ris", path, 0, start if start > 0 else len(text))
    cut_at = -1
    while start >= 0:
        line += count("\n", pos, start)
        pos = start
        end = find("\nTY  -", start)  # the newline before the next record
        if end < 0:
            end = len(text)
        closing = rfind("\nER  -", start, end)  # from the end: ER closes a record
        if closing < 0:
            _structure.check_region(text, "ris", path, start, end)
            if end < len(text):
                inserts.append(end)
                warn(
                    f"record at line {line} has no ER line before the next TY; ended it there",
                    path,
                    line,
                )
            else:
                cut_at = start
                title = _TITLE_LINE.search(text, start)
                if not starts:
                    _structure.refuse(
                        path,
                        line,
                        "the only record has no ER line: the file was cut inside it",
                        _structure.CUT_HINT,
                    )
                _structure.drop_last(
                    path,
                    line,
                    title.group(1).strip() if title else "",
                    "it has no ER line, so the file was cut inside it",
                )
                break
        else:
            after = find("\n", closing + 1)  # the end of the ER line
            if after >= 0 and end - after > 2 and not text[after:end].isspace():
                _structure.check_region(text, "ris", path, after, end)
        starts.append(line)
        start = end + 1 if end < len(text) else -1
    if cut_at >= 0:
        text = text[:cut_at]
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
    text, starts = _scan(read_text(path), path)
    if not starts:
        raise ReviewError(
            "no RIS record found (no line starts with 'TY  - ')",
            file=path,
            line=1,
            kind="parse",
            hint="this is not a RIS file; try `prisma-review inspect` on it",
        )
    try:
        # rispy.loads without its generator wrapped around the lines (same parse); tags
        # rispy has no name for are dropped rather than collected, as nothing reads them.
        parser = rispy.RisParser(list_tags=_LIST_TAGS, skip_unknown_tags=True)
        entries = parser.parse_lines(iter(text.split("\n")))
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


def _pick(get: Callable[[str], object], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = get(key)
        if value:
            return value
    return None


# Each field's keys after the first: the first is looked up inline (the usual hit).
_TITLE, _YEAR, _JOURNAL = FIELDS["title"][1:], FIELDS["year"][1:], FIELDS["journal"][1:]


def to_record(
    entry: dict,
    source: str,
    path: Path | str,
    line: int,
    native_id: str = "",
) -> Record:
    """One rispy entry as a Record, built in one pass (the per-record hot path)."""
    get = entry.get
    title = clean(get("title") or _pick(get, _TITLE))
    year_value = get("year") or _pick(get, _YEAR)
    year = year_of(year_value) if year_value else None
    start, end = get("start_page"), get("end_page")
    urls = get("urls")
    url = ""
    doi = get("doi")
    doi = doi_from(doi) if doi else ""
    if urls:
        if urls.__class__ is not list:
            urls = as_list(urls)
        if urls and urls[0].strip():
            # The first token: no whitespace left for clean() to collapse.
            url = urls[0].split(None, 1)[0]
            if len(url) < 32 and url[0] in "[nN" and is_placeholder(url):
                url = ""
        if not doi:
            doi = doi_from(*(unquote(u) for u in urls))
    # rispy gives list tags as lists of str: as_list only for anything else.
    names = get("authors") or get("first_authors") or ()
    authors, cut = clean_authors(names if names.__class__ is list else as_list(names))
    keywords = get("keywords")
    native_id = native_id.strip()
    return new_record(  # positional: 23 keywords cost a microsecond per Record
        record_id(source, native_id, title, year, authors),  # id
        source,  # source
        title,  # title
        tuple(authors),  # authors
        year,  # year
        clean_short(get("secondary_title") or _pick(get, _JOURNAL)),  # journal
        clean_short(get("volume")),  # volume
        clean_short(get("number")),  # issue
        pages(start, end) if start or end else "",  # pages
        doi,  # doi
        "",  # pmid
        native_id,  # native_id
        clean(get("abstract") or get("notes_abstract")),  # abstract
        keyword_tuple(keywords if keywords.__class__ is list else as_list(keywords))
        if keywords
        else (),  # keywords
        url,  # url
        clean_short(get("language")),  # language
        clean_short(get("type_of_reference")),  # type
        clean_short(get("issn")),  # issn
        clean_short(get("publisher")),  # publisher
        _AUTHORS_CUT if cut else frozenset(),  # truncated
        str(path),  # file
        line,  # line
    )


_AUTHORS_CUT = frozenset({"authors"})


def _read(path: Path, source: str, native: str = "") -> Iterator[Record]:
    entries, starts = parse_entries(path)
    file = str(path)
    for index, line in enumerate(starts):
        # let each parsed dict go as its Record is made: the Records reuse its memory
        # instead of the process growing by the size of both
        entry, entries[index] = entries[index], {}
        native_id = ""
        if native == "scopus":
            urls = entry.get("urls")
            for url in urls if urls.__class__ is list else as_list(urls):
                match = _EID.search(url)
                if match:
                    native_id = match.group(1)
                    break
        elif native == "wos":
            accession = first(entry.get("accession_number")).strip()
            if accession.startswith(("WOS:", "ISI:")):
                native_id = accession
        yield to_record(entry, source, file, line, native_id)


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
