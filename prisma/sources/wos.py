"""Web of Science plain text (``FN … PT … ER … EF``) and tab-delimited exports.

Plain text is parsed here rather than with rispy's ``WokParser``: WoS headers vary
(``FN Thomson Reuters Web of Knowledge`` … ``FN Clarivate Analytics Web of
Science``), some files lack ``FN``/``EF``, and record start lines are needed for
provenance. Tab-delimited files contain literal ``"`` and are read with no quote
handling; older ones carry one more (empty) field per row than the header.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record, new_record
from prisma.sources import Adapter, _structure, register
from prisma.sources._build import (
    clean,
    clean_authors,
    clean_short,
    doi_from,
    pages,
    record_id,
    year_of,
)
from prisma.sources._tagged import TaggedFormat, read_lines
from prisma.sources._text import read_text, sample_text

# Record field -> WoS tags, first non-empty wins (same tags in both layouts).
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("TI",),
    "year": ("PY", "EA", "PD"),
    "journal": ("SO", "SE", "BS"),
    "volume": ("VL",),
    "issue": ("IS",),
    "abstract": ("AB",),
    "language": ("LA",),
    "type": ("DT", "PT"),
    "issn": ("SN", "EI"),
    "publisher": ("PU",),
    "pmid": ("PM",),
    "doi": ("DI", "D2"),
}
# Tags whose continuation lines are separate values rather than wrapped text.
LIST_TAGS = frozenset(
    {
        "AU",
        "AF",
        "BA",
        "BF",
        "CA",
        "GP",
        "BE",
        "CR",
        "C1",
        "C3",
        "RP",
        "EM",
        "RI",
        "OI",
        "FU",
        "CT",
        "HO",
        "SP",
    }
)


def _value(get: Callable[[str], list[str] | None], keys: tuple[str, ...]) -> str:
    """The first value of the first tag present with a non-blank first value."""
    for key in keys:
        values = get(key)
        if values:
            value = values[0]
            if value and not value.isspace():
                return value
    return ""


_F = FIELDS
_AUTHOR_TAGS = ("AU", "AF", "BA", "BF", "CA", "GP")  # book chapters may name only BA/BF/CA/GP
_AUTHORS_CUT = frozenset({"authors"})


def _record(tags: dict[str, list[str]], source: str, file: str, line: int) -> Record:
    """One record's tags as a Record, built in one pass (the per-record hot path)."""
    get = tags.get
    title = clean(_value(get, _F["title"]))
    raw_year = _value(get, _F["year"])
    year = year_of(raw_year) if raw_year else None
    raw_doi = _value(get, _F["doi"])
    start, end = get("BP"), get("EP")
    page_range = pages(start[0] if start else "", end[0] if end else "")
    if not page_range:
        number = get("AR")
        page_range = clean(number[0]) if number else ""
    authors: list[str] = []
    for key in _AUTHOR_TAGS:
        names = get(key)
        if names:
            authors = names
            break
    authors, cut = clean_authors(authors)
    keywords: list[str] = []
    for key in ("DE", "ID"):
        for value in get(key) or ():
            # Whitespace collapsed once per value, then split: the same keywords as
            # collapsing each one, in a third of the time.
            keywords += [k.strip() for k in " ".join(value.split()).split(";")]
    native = get("UT")
    native_id = native[0].strip() if native else ""
    return new_record(  # positional: 23 keywords cost a microsecond per Record
        record_id(source, native_id, title, year, authors),  # id
        source,  # source
        title,  # title
        tuple(authors),  # authors
        year,  # year
        clean_short(_value(get, _F["journal"])),  # journal
        clean_short(_value(get, _F["volume"])),  # volume
        clean_short(_value(get, _F["issue"])),  # issue
        page_range,  # pages
        doi_from(raw_doi) if raw_doi else "",  # doi
        clean(_value(get, _F["pmid"])),  # pmid
        native_id,  # native_id
        clean(_value(get, _F["abstract"])),  # abstract
        tuple(filter(None, keywords)),  # keywords (already collapsed)
        "",  # url
        clean_short(_value(get, _F["language"])),  # language
        clean_short(_value(get, _F["type"])),  # type
        clean_short(_value(get, _F["issn"])),  # issn
        clean_short(_value(get, _F["publisher"])),  # publisher
        _AUTHORS_CUT if cut else frozenset(),  # truncated
        file,  # file
        line,  # line
    )


PLAIN = TaggedFormat(
    family="wos",
    tag=re.compile(r"([A-Z][A-Z0-9])(?: |$)"),
    head=3,
    start_tags=frozenset({"PT"}),
    end="ER",
    indent="  ",
    indent_value=3,
    list_tags=LIST_TAGS,
    outside=frozenset({"FN", "VR", "EF"}),
    header="FN",
    expected="two-letter WoS tags ('PT J', 'AU ...', 'TI ...') and 'ER' after each record",
    not_this="this is not a Web of Science plain-text export",
)


def read_plaintext(path: Path, source: str) -> Iterator[Record]:
    file = str(path)
    for tags, line in read_lines(PLAIN, read_text(path), path):
        yield _record(tags, source, file, line)


def read_tabdelim(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    file = str(path)
    reader = csv.reader(text.split("\n"), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [h.strip() for h in next(reader)]
    if "PT" not in header or not ({"TI", "UT"} & set(header)):
        raise ReviewError(
            "missing columns: a WoS tab-delimited header has PT, TI and UT",
            file=path,
            line=1,
            kind="parse",
            hint="export from Web of Science as 'Tab delimited file'",
        )
    rows = (
        (number, row) for number, row in enumerate(reader, 2) if any(cell.strip() for cell in row)
    )
    title_at = header.index("TI") if "TI" in header else None
    for number, row in _structure.table_rows(rows, header, path, title_at, "wos_tab", notes=False):
        tags = {key: [value] for key, value in zip(header, row, strict=False) if key}
        for key in ("AU", "AF", "BA", "BF", "CA", "GP"):
            if key in tags:
                tags[key] = [a.strip() for a in tags[key][0].split(";") if a.strip()]
        yield _record(tags, source, file, number)


def detect_plaintext(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    has_records = re.search(r"^PT [A-Z]\s*$", text, re.MULTILINE) and re.search(
        r"^(?:AU|TI|UT|SO) ", text, re.MULTILINE
    )
    if re.match(r"\s*FN ", text) and has_records:
        header = text.strip().split("\n", 1)[0]
        return 0.95, f"Web of Science plain text (header {header[:60]!r}, PT … ER records)"
    if has_records and re.search(r"^ER\s*$", text, re.MULTILINE):
        return 0.8, "Web of Science plain-text records (PT … ER) without the FN header"
    if has_records:
        return 0.5, "Web of Science plain-text tags (PT, AU, TI) without ER lines"
    return 0.0, ""


def detect_tabdelim(sample: bytes, path: Path) -> tuple[float, str]:
    first = sample_text(sample).lstrip("\n").split("\n", 1)[0]
    cells = first.split("\t")
    if cells and cells[0].strip() == "PT" and {"AU", "TI"} <= {c.strip() for c in cells}:
        return 0.95, "tab-separated header of WoS field tags (PT, AU, TI, …, UT)"
    return 0.0, ""


register(
    Adapter("wos_plaintext", "Web of Science plain text", detect_plaintext, read_plaintext, "hand")
)
register(
    Adapter("wos_tabdelim", "Web of Science tab-delimited", detect_tabdelim, read_tabdelim, "csv")
)
