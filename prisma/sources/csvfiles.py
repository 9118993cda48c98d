"""Spreadsheet exports: Scopus CSV, PubMed CSV (two layouts), Publish or Perish CSV,
Google Scholar library CSV, Cochrane CENTRAL CSV, Embase CSV (horizontal) and a
generic CSV/TSV (EBSCO, IEEE, Springer, Covidence, Rayyan, RefWorks, Zotero, Lens,
OpenAlex, Abstrackr, and the bib-dedupe benchmark CSVs with BibTeX field names).

Each layout is a declarative map: Record field -> the column names that carry it
(first non-empty wins). One reader serves them all; it copes with BOMs, quoted or
unquoted headers, multi-line quoted fields, tab files with literal quotes (read
with no quote handling), and rows with one field more than the header.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from prisma.errors import ReviewError
from prisma.records import Record, parse_year
from prisma.sources import Adapter, _structure, register
from prisma.sources._build import build, doi_from, pages, split_authors
from prisma.sources._text import read_text, sample_text, warn

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # Scopus reference lists exceed 128 kB

_EID = re.compile(r"eid=(2-s2\.0-\d+)")
_EMBASE_SOURCE = re.compile(r"^(.+?) \(\d{4}\)")


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    signature: tuple[str, ...]  # columns that identify the layout (all must be present)
    columns: dict[str, tuple[str, ...]]  # Record field -> column names
    native: tuple[str, ...] = ()  # columns holding the native id
    start_page: tuple[str, ...] = ()
    end_page: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    scholar: bool = False
    confidence: float = 0.9
    extra_columns: dict[str, str] = field(default_factory=dict)


COMMON: dict[str, tuple[str, ...]] = {
    "title": (
        "Title",
        "title",
        "TITLE",
        "Document Title",
        "Item Title",
        "Article Title",
        "Title Primary",
        "display_name",
        "書名",
        "標題",
        "Primary Title",
    ),
    "authors": (
        "Authors",
        "Author",
        "author",
        "authors",
        "Author Names",
        "Author(s)",
        "Author/s",
        "Authors, Primary",
        "authorships.author.display_name",
        "AUTHOR NAMES",
    ),
    "year": (
        "Year",
        "year",
        "Publication Year",
        "Published Year",
        "publication_year",
        "Pub Year",
        "PY",
        "Date Published",
        "Publication Date",
        "年份",
        "Date",
        "publication_date",
    ),
    "journal": (
        "Source title",
        "Source Title",
        "Journal",
        "journal",
        "Publication Title",
        "Journal Title",
        "Periodical Full",
        "Journal/Book",
        "Publication",
        "Source",
        "來源出版物名稱",
        "booktitle",
        "Journal/Book Title",
        "Venue",
        "primary_location.source.display_name",
        "host_venue.display_name",
    ),
    "volume": ("Volume", "volume", "Journal Volume"),
    "issue": ("Issue", "issue", "Number", "number", "Journal Issue", "Issue Number"),
    "pages": ("Pages", "pages", "Page"),
    "doi": ("DOI", "doi", "Item DOI", "Doi"),
    "abstract": ("Abstract", "abstract", "Abstract Note", "ABSTRACT"),
    # ASReview's datasets call it pubmedID
    "pmid": (
        "PMID",
        "PubMed ID",
        "pubmed id",
        "pubmed_id",
        "PubMed Id",
        "pubmedID",
        "PubmedID",
        "EntrezUID",
        "ids.pmid",
    ),
    "url": ("URL", "Url", "url", "Link", "ArticleURL", "連結", "PLink", "PDF Link", "Source URLs"),
    "language": ("Language", "language", "Language of Original Document"),
    "type": (
        "Document Type",
        "Type",
        "type",
        "Item Type",
        "ENTRYTYPE",
        "Content Type",
        "Reference Type",
        "Publication Type",
        "Doctype",
        "文獻類型",
    ),
    "issn": ("ISSN", "issn", "ISSNs", "ISSN/ISBN"),
    "publisher": ("Publisher", "publisher"),
}
START = ("Page start", "Start Page", "StartPage", "First Page")
END = ("Page end", "End Page", "EndPage", "Last Page")
KEYWORDS = ("Author Keywords", "Keywords", "keywords", "作者關鍵字", "Subjects")


def _layout(
    name: str,
    description: str,
    signature: tuple[str, ...],
    *,
    columns: dict[str, tuple[str, ...]] | None = None,
    native: tuple[str, ...] = (),
    start_page: tuple[str, ...] = START,
    end_page: tuple[str, ...] = END,
    keywords: tuple[str, ...] = KEYWORDS,
    scholar: bool = False,
    confidence: float = 0.9,
    extra_columns: dict[str, str] | None = None,
) -> Layout:
    """A layout with the columns every export shares, and this one's own on top."""
    return Layout(
        name,
        description,
        signature,
        {**COMMON, **(columns or {})},
        native=native,
        start_page=start_page,
        end_page=end_page,
        keywords=keywords,
        scholar=scholar,
        confidence=confidence,
        extra_columns=extra_columns or {},
    )


LAYOUTS: tuple[Layout, ...] = (
    _layout(
        "scopus_csv", "Scopus CSV", ("Authors", "Title", "Year", "Source title"), native=("EID",)
    ),
    _layout(
        "scopus_csv",
        "Scopus CSV (Traditional Chinese headers)",
        ("書名", "來源出版物名稱"),
        native=("EID",),
    ),
    _layout(
        "pubmed_csv",
        "PubMed CSV",
        ("PMID", "Title", "Authors", "Citation", "Journal/Book"),
        native=("PMID",),
        columns={"journal": ("Journal/Book",)},
    ),
    _layout(
        "pubmed_csv",
        "PubMed CSV (2019 layout)",
        ("Title", "URL", "Description", "Details", "EntrezUID"),
        native=("EntrezUID",),
        columns={
            "authors": ("Description",),
            "year": ("Details",),
            "journal": ("ShortDetails",),
            "doi": ("Details",),
            "url": ("URL",),
        },
    ),
    _layout(
        "pop_csv",
        "Publish or Perish CSV (Google Scholar and others)",
        ("Cites", "Authors", "Title", "Year", "Source", "GSRank"),
        scholar=True,
    ),
    _layout(
        "scholar_csv",
        "Google Scholar library CSV",
        ("Authors", "Title", "Publication", "Volume", "Number", "Pages", "Year", "Publisher"),
        scholar=True,
        confidence=0.8,
    ),
    _layout(
        "cochrane_csv",
        "Cochrane Library CENTRAL CSV",
        ("CENTRAL ID", "Title", "Author(s)"),
        native=("CENTRAL ID",),
    ),
    _layout(
        "embase_csv",
        "Embase CSV",
        ("Title", "Author Names", "Source"),
        columns={
            "journal": ("Source title", "Source"),
            "year": ("Publication Year", "Date of Publication", "Source"),
        },
        confidence=0.85,
    ),
    _layout("csv", "CSV or TSV with bibliographic columns", (), native=("ID",), confidence=0.4),
)


def _header_index(header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name.strip(), position)
    return index


def _dialect(first_line: str) -> tuple[str, Literal[0, 1, 2, 3]]:
    tabs, commas, semis = first_line.count("\t"), first_line.count(","), first_line.count(";")
    if tabs > commas and tabs >= semis:
        # Tab exports (WoS, RefWorks) carry literal quotes: no quote handling.
        return "\t", csv.QUOTE_NONE
    if semis > commas:
        return ";", csv.QUOTE_MINIMAL
    return ",", csv.QUOTE_MINIMAL


_PREAMBLE_END = re.compile(r"^-{5,}\s*$")


def _skip_preamble(lines: list[str]) -> int:
    """Index of the header line: Embase puts "SEARCH QUERY" and a dashed line first."""
    for number, line in enumerate(lines[:10]):
        if _PREAMBLE_END.match(line):
            rest = number + 1
            while rest < len(lines) and not lines[rest].strip():
                rest += 1
            return rest
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def _fix_row(
    row: list[str], header: list[str], funding: int | None, path: Path, line: int
) -> list[str]:
    if len(row) <= len(header):
        return row
    extra = row[len(header) :]
    if not any(cell.strip() for cell in extra):
        return row[: len(header)]  # a trailing separator (PubMed CSV 2019, old WoS)
    if funding is not None and len(row) == len(header) + 1:
        # Scopus wrote a second "Funding Text" value with no header of its own.
        return row[: funding + 1] + row[funding + 2 :]
    warn(
        f"row at line {line} has {len(row)} fields but the header has {len(header)}; "
        "the extra values were ignored",
        path,
        line,
    )
    return row[: len(header)]


def _rows(text: str, path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    lines = text.split("\n")
    start = _skip_preamble(lines)
    if start >= len(lines):
        raise ReviewError(
            "no header row", file=path, line=1, kind="parse", hint="the file holds no table"
        )
    delimiter, quoting = _dialect(lines[start])
    reader = csv.reader(lines[start:], delimiter=delimiter, quoting=quoting, strict=False)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise ReviewError(
            f"not readable as CSV: {exc}", file=path, line=start + 1, kind="parse"
        ) from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        previous = reader.line_num
        try:
            for row in reader:
                line = start + previous + 1
                previous = reader.line_num
                if row and any(cell.strip() for cell in row):
                    yield line, row
        except csv.Error as exc:
            raise ReviewError(
                f"not readable as CSV: {exc}",
                file=path,
                line=start + reader.line_num,
                kind="parse",
                hint="a quote is probably not closed",
            ) from exc

    return header, rows()


def _pick(row: list[str], index: dict[str, int], names: tuple[str, ...]) -> str:
    for name in names:
        position = index.get(name)
        if position is not None and position < len(row):
            value = row[position]
            if value.strip():
                return value
    return ""


def _present(index: dict[str, int], names: tuple[str, ...]) -> bool:
    return any(name in index for name in names)


_CITATION = re.compile(r";(?P<volume>[^(:;]+)?(?:\((?P<issue>[^)]+)\))?:(?P<pages>[\w-]+)")


def read_layout(layout: Layout, path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    header, rows = _rows(text, path)
    index = _header_index(header)
    if not _present(index, layout.columns["title"]):
        raise ReviewError(
            "missing required column: no title column",
            file=path,
            line=1,
            kind="parse",
            hint=f"expected one of {', '.join(layout.columns['title'][:6])}; the header has "
            f"{', '.join(header[:8])}",
        )
    year_columns = [index[n] for n in layout.columns["year"] if n in index]
    funding = None
    if "Funding Text 1" in index and "Funding Text 2" not in index:
        funding = index["Funding Text 1"]
    found = 0
    title_at = next((index[n] for n in layout.columns["title"] if n in index), None)
    for line, raw in _structure.table_rows(rows, header, path, title_at):
        if len(raw) == 1 and len(header) > 3:
            # A note row such as Abstrackr's "citations that are not yet labeled".
            warn(
                f"ignored a one-cell row that is not a record: {raw[0][:60]!r}",
                path,
                line,
            )
            continue
        row = _fix_row(raw, header, funding, path, line)
        fields: dict[str, object] = {
            name: _pick(row, index, names) for name, names in layout.columns.items()
        }
        if not parse_year(fields["year"]):  # e.g. Embase has the year only inside Source
            fields["year"] = next(
                (row[i] for i in year_columns if i < len(row) and parse_year(row[i])), ""
            )
        if not fields["pages"]:
            fields["pages"] = pages(
                _pick(row, index, layout.start_page), _pick(row, index, layout.end_page)
            )
        fields["doi"] = doi_from(fields["doi"])
        citation = _pick(row, index, ("Citation",))
        if citation:
            match = _CITATION.search(citation)
            if match:
                fields["volume"] = fields["volume"] or (match.group("volume") or "")
                fields["issue"] = fields["issue"] or (match.group("issue") or "")
                fields["pages"] = fields["pages"] or match.group("pages")
            fields["doi"] = fields["doi"] or doi_from(citation)
        if layout.name == "embase_csv" and "Source title" not in index:
            # Classic Embase: "Endoscopic Ultrasound (2014) 3:3 (152-160). Date of ..."
            match = _EMBASE_SOURCE.match(str(fields["journal"]))
            if match:
                fields["journal"] = match.group(1)
        if layout.name == "pubmed_csv" and "Details" in index:
            journal = str(fields["journal"])
            fields["journal"] = re.sub(r"[.\s]+\d{4}\s*$", "", journal).strip()
        native = _pick(row, index, layout.native).strip()
        if not native and layout.name == "scopus_csv":
            match = _EID.search(_pick(row, index, ("Link", "連結")))
            native = match.group(1) if match else ""
        authors = split_authors(str(fields.pop("authors")))
        if layout.name == "pubmed_csv":
            # "Lin W, Ha A, Riew KD." -- the list ends with a full stop, not the name.
            authors = [a.rstrip(".") for a in authors]
            if str(fields["url"]).startswith("/"):
                fields["url"] = "https://pubmed.ncbi.nlm.nih.gov" + str(fields["url"])[7:]
        keywords = [
            k.strip() for k in re.split(r";", _pick(row, index, layout.keywords)) if k.strip()
        ]
        found += 1
        yield build(
            fields,
            source=source,
            path=path,
            line=line,
            native_id=native,
            authors=authors,
            keywords=keywords,
            scholar=layout.scholar,
        )
    if not found:
        raise ReviewError(
            "the table has a header but no records",
            file=path,
            line=1,
            kind="parse",
            hint="export the records again",
        )


def _matches(layout: Layout, header: set[str]) -> bool:
    if layout.signature:
        return set(layout.signature) <= header
    return (
        bool(header & set(COMMON["title"]))
        and sum(
            bool(header & set(COMMON[name]))
            for name in ("authors", "year", "journal", "doi", "abstract")
        )
        >= 1
    )


def _header_of(sample: bytes) -> set[str]:
    text = sample_text(sample)
    lines = text.split("\n")[:60]
    start = _skip_preamble(lines)
    if start >= len(lines):
        return set()
    delimiter, quoting = _dialect(lines[start])
    try:
        header = next(csv.reader([lines[start]], delimiter=delimiter, quoting=quoting))
    except (csv.Error, StopIteration):
        return set()
    if len(header) < 3:
        return set()
    return {h.strip().strip('"') for h in header}


def _make(name: str) -> Adapter:
    layouts = [layout for layout in LAYOUTS if layout.name == name]

    def detect(sample: bytes, path: Path) -> tuple[float, str]:
        header = _header_of(sample)
        for layout in layouts:
            if header and _matches(layout, header):
                shown = ", ".join(layout.signature) or "title and author/year/DOI columns"
                return layout.confidence, f"{layout.description}: header has {shown}"
        return 0.0, ""

    def read(path: Path, source: str) -> Iterator[Record]:
        if len(layouts) == 1:
            return read_layout(layouts[0], path, source)
        try:
            sample = path.read_bytes()[: 64 * 1024]
        except OSError as exc:
            raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
        header = _header_of(sample)
        for layout in layouts:
            if _matches(layout, header):
                return read_layout(layout, path, source)
        return read_layout(layouts[0], path, source)

    return Adapter(name, layouts[0].description, detect, read, "csv")


for _name in dict.fromkeys(layout.name for layout in LAYOUTS):
    register(_make(_name))
