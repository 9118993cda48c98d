"""Structural checks every adapter shares: is the file whole, and is it one export?

A file cut short by a failed download, two exports glued together, a second header
row: each format has its own evidence (the ``ER`` lines, ``Record #N of M``, the
CSV column count, the tag every record ends with), and this module turns that
evidence into one of two outcomes, the same for every format:

- :func:`refuse`: a ReviewError naming the file and line, what is wrong and what
  to do; nothing of the file is imported.
- :func:`drop_last`: the damage is confined to the last record (the file was cut
  inside it); the record is left out and a warning names it. The warning carries
  ``extra["dropped"]`` so the import can log it in the search log.

:func:`foreign_marker` finds where another format's record starts inside a region
of text the own parser would otherwise swallow or skip (a MEDLINE file appended to
a RIS file lands after the last ``ER`` and rispy ignores it). It is only run over
such regions (gaps between records, the tail, a record left out), never over the
whole text, so it costs nothing on a healthy file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from prisma.errors import ReviewError
from prisma.sources._text import warn

# The line that starts a record (or the file) in each format, as it appears at the
# start of a line. Deliberately strict: each must be a line no other format writes.
_MARKERS: dict[str, re.Pattern[str]] = {
    "ris": re.compile(r"^TY {2}- ?\S", re.MULTILINE),
    "medline": re.compile(r"^PMID- ?\d", re.MULTILINE),
    "wos": re.compile(r"^(?:FN (?:Thomson|Clarivate|ISI)|PT [A-Z]\s*$)", re.MULTILINE),
    "bibtex": re.compile(r"^\s*@[A-Za-z]+\s*\{\s*[^\s,{}]*,", re.MULTILINE),
    # Cochrane RIS puts "Record #3 of 18" / "Provider: ..." before its RIS records: the
    # plain-text export follows it with a tag line
    "cochrane": re.compile(r"^Record #\d+ of \d+\s*\n[A-Z][A-Z0-9]{1,3}: ", re.MULTILINE),
    "enw": re.compile(r"^%0 \S", re.MULTILINE),
    "xml": re.compile(
        r"^\s*<(?:\?xml\b|!DOCTYPE|PubmedArticleSet|PubmedBookArticleSet|xml>\s*<records>)",
        re.MULTILINE,
    ),
    "ovid": re.compile(r"^<\s*\d+\.?\s*>\s*$\n(?:Unique Identifier|Authors?|Title)\s*$", re.M),
    "wos_tab": re.compile(r"^PT\t(?:[A-Z][A-Z0-9]\t){2,}", re.MULTILINE),
    # a header row: three or more separators and a title column
    "csv": re.compile(
        r"^(?=(?:[^\n]*[,\t]){3})(?:[^\n]*[,\t])?\"?(?:Title|TITLE|title|Article Title|Document "
        r"Title|Item Title|書名|標題)\"?(?:[,\t][^\n]*)?$",
        re.MULTILINE,
    ),
}
_NAMES = {
    "ris": "RIS",
    "medline": "MEDLINE",
    "wos": "Web of Science plain text",
    "bibtex": "BibTeX",
    "cochrane": "Cochrane plain text",
    "enw": "EndNote tagged",
    "xml": "XML",
    "ovid": "Ovid",
    "csv": "CSV",
    "wos_tab": "Web of Science tab-delimited",
}
JOINED_HINT = (
    "two exports seem to be joined into one file: split it where the second begins and "
    "import each part as its own file (each export is one search in the search log)"
)
CUT_HINT = "the file looks cut short (a failed download?): export or download it again"


# The same markers for one line on its own (a line the parser would fold into a value).
_LINE_MARKERS = re.compile(
    r"TY {2}- ?\S|PMID- ?\d|FN (?:Thomson|Clarivate|ISI)|PT [A-Z]\s*$|\s*@[A-Za-z]+\s*\{\s*[^\s,]*,\s*$"
    r"|Record #\d+ of \d+\s*$|%0 \S"
    r"|\s*<(?:\?xml\b|!DOCTYPE|PubmedArticleSet|PubmedBookArticleSet|xml>\s*<records>)"
    r"|<\s*\d+\.?\s*>\s*$"
)


def foreign_line(line: str, own: str) -> str:
    """The family whose record marker this one line is, if not ``own``; else ""."""
    if not _LINE_MARKERS.match(line):
        if "," in line or "\t" in line:
            for family in ("csv", "wos_tab"):
                if family != own and _MARKERS[family].match(line):
                    return family
        return ""
    for family, pattern in _MARKERS.items():
        if family in (own, "csv"):
            continue
        follow = {"ovid": "Title", "cochrane": "ID: x"}.get(family, "")
        if pattern.match(line + "\n" + follow):
            return family
    return ""


def family_name(family: str) -> str:
    return _NAMES.get(family, family)


def foreign_marker(
    text: str, own: str, start: int = 0, end: int | None = None
) -> tuple[str, int] | None:
    """(family, offset) of the first record marker of a format other than ``own`` in
    ``text[start:end]``, or None."""
    end = len(text) if end is None else end
    best: tuple[str, int] | None = None
    for family, pattern in _MARKERS.items():
        if family == own:
            continue
        match = pattern.search(text, start, end)
        if match and (best is None or match.start() < best[1]):
            best = (family, match.start())
    return best


def line_at(text: str, offset: int, first_line: int = 1) -> int:
    return first_line + text.count("\n", 0, offset)


def offset_of_line(text: str, line: int) -> int:
    """Where 1-based ``line`` starts; walked from the nearer end (the last record of a
    big file is millions of lines down)."""
    total = text.count("\n") + 1
    if line > total:
        return len(text)
    if line - 1 <= total - line:
        offset = 0
        for _ in range(line - 1):
            offset = text.index("\n", offset) + 1
        return offset
    offset = len(text)
    for _ in range(total - line + 1):
        offset = text.rindex("\n", 0, offset)
    return offset + 1


def refuse_foreign_line(path: Path | str, line: int, text: str, family: str, own: str) -> None:
    refuse(
        path,
        line,
        f"a {family_name(family)} record starts here ({text[:40]!r}) inside a "
        f"{family_name(own)} file",
        JOINED_HINT,
    )


def check_region(
    text: str, own: str, path: Path | str, start: int = 0, end: int | None = None
) -> None:
    """Refuse the file if another format's record starts in ``text[start:end]``."""
    found = foreign_marker(text, own, start, end)
    if found:
        family, offset = found
        # a marker pattern may begin with the newline before its line
        while text.startswith("\n", offset) or text.startswith(" ", offset):
            offset += 1
        offset = text.rfind("\n", 0, offset) + 1
        line = text[offset:].split("\n", 1)[0]
        refuse_foreign_line(path, line_at(text, offset), line, family, own)


def refuse(path: Path | str, line: int | None, problem: str, hint: str) -> None:
    raise ReviewError(problem, file=path, line=line, kind="parse", hint=hint)


def describe(title: str, line: int | None) -> str:
    shown = " ".join(title.split())
    if len(shown) > 70:
        shown = shown[:67] + "..."
    where = f"line {line}" if line else "the end"
    return f"the record at {where}" + (f" ({shown!r})" if shown else "")


def drop_last(path: Path | str, line: int | None, title: str, why: str) -> None:
    """Warn that the last record was left out (the caller does not yield it)."""
    warn(
        f"left out {describe(title, line)}: {why}; the other records were read",
        path,
        line,
        dropped=title or f"line {line}",
    )


# Column names that open the header rows of exports (casefolded): three in one row
# make it a header row, not a record.
HEADER_WORDS = frozenset(
    {
        "title",
        "authors",
        "author",
        "year",
        "source title",
        "doi",
        "abstract",
        "journal",
        "pmid",
        "volume",
        "issue",
        "pages",
        "publisher",
        "issn",
        "language",
        "type",
        "cites",
        "article title",
        "document title",
        "author names",
        "source",
        "url",
        "keywords",
        "key",
        "publication year",
        "document type",
        "eid",
        "pt",
        "au",
        "ti",
        "so",
        "py",
        "ut",
        "central id",
        "author(s)",
        "item type",
        "publication title",
        "gsrank",
        "citation",
        "書名",
        "年份",
        "來源出版物名稱",
        "作者關鍵字",
        "id",
        "entrytype",
        "lens id",
    }
)


def table_rows(
    rows: Iterator[tuple[int, list[str]]],
    header: list[str],
    path: Path | str,
    title_at: int | None,
    own: str = "csv",
    notes: bool = True,
) -> Iterator[tuple[int, list[str]]]:
    """The rows of a table whose structure holds: the CSV evidence of a whole file.

    - the header row again part way down: two exports joined (refused);
    - a row with fewer cells than the header: the last row of a file cut inside it
      (left out, with a warning), anywhere else a damaged file (refused);
    - a one-cell row that is another format's record line (refused).
    - a row naming three or more usual column names: another table's header (refused).
    Rows with more cells than the header are the caller's (known exporter quirks).
    ``notes``: one-cell rows are notes (Abstrackr), passed on, and open a section of
    their own width; else a one-cell row is as narrow as any other.
    """
    width = len(header)
    names = [h.strip().casefold() for h in header]
    first = names[0] if names else ""
    held: tuple[int, list[str]] | None = None
    least = 2 if notes else 1  # rows narrower than the header from this width on
    whole = 0  # rows passed on
    section = False  # a one-cell note row opens a section with its own width (Abstrackr)
    for line, row in rows:
        if len(row) == 1:
            family = foreign_line(row[0], own)
            if family:
                refuse_foreign_line(path, line, row[0], family, own)
            section = notes
        elif row[0].strip().casefold() == first and [c.strip().casefold() for c in row] == names:
            refuse(
                path,
                line,
                "the header row comes again: the rows below it are another export",
                JOINED_HINT,
            )
        elif len(row[0]) < 40 and row[0].strip().strip('"').casefold() in HEADER_WORDS:
            named = sum(1 for cell in row if cell.strip().strip('"').casefold() in HEADER_WORDS)
            if named >= 3:
                refuse(
                    path,
                    line,
                    f"another table's header row ({', '.join(row[:4])[:60]}...) part way down",
                    JOINED_HINT,
                )
        elif section:
            width, section = min(len(row), width), False
        if held is not None and notes and len(held[1]) == 1:
            yield held  # a note row, followed by more rows
            held = None
        if held is not None:
            short_line, short = held
            refuse(
                path,
                short_line,
                f"a row with {len(short)} cells where the rows before have {width}, and more "
                "rows follow: the file is damaged",
                "a quote may not be closed in that row, or two exports were joined; "
                "export the records again",
            )
        if least <= len(row) < width or (notes and len(row) == 1):
            held = (line, row)
            continue
        whole += 1
        yield line, row
    if held is not None:  # a one-cell last row too: a note ends no export
        line, row = held
        title = row[title_at] if title_at is not None and title_at < len(row) else ""
        if not whole:
            refuse(
                path,
                line,
                f"the only row has {len(row)} of the header's {width} cells: it is cut short "
                "(or a quote is never closed)",
                CUT_HINT,
            )
        drop_last(
            path,
            line,
            title,
            f"the last row has {len(row)} of the {width} cells of the rows before it, so the "
            "file was cut inside it",
        )


def last_tag_cut(ends: Sequence[str], minimum: int = 2) -> str:
    """The tag every record but the last ends with, when the last does not end with it.

    Tagged formats without an end marker (MEDLINE, EndNote tagged, Cochrane, Ovid)
    write their fields in a fixed order, so every record of one export ends with the
    same tag (MEDLINE: ``SO``). A last record that ends earlier was cut short. Needs
    ``minimum`` earlier records that agree; returns "" when there is no such evidence.
    """
    if len(ends) <= minimum:
        return ""
    usual = ends[0]
    if any(tag != usual for tag in ends[1:-1]):
        return ""
    return usual if ends[-1] != usual else ""
