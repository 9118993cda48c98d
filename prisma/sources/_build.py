"""Turning one source's raw fields into a Record: the part every adapter shares.

Adapters map their tags or columns onto Record field names (a declarative dict)
and hand the raw values to :func:`build`, which cleans text, normalises the DOI,
parses the year, drops placeholders and flags Scholar-style truncation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from prisma.records import (
    Record,
    content_hash,
    doi_in_text,
    is_placeholder,
    new_record,
    normalise_doi,
    parse_year,
)

_ELLIPSIS = ("…", "...")
_TRUNCATABLE = ("title", "abstract", "journal")
_PLAIN_DOI = re.compile(r"10\.\d{4,9}/\S*[^\s.,;]\Z")
# What normalise_doi can accept starts, after spaces, with "10." or a doi.org/doi: prefix.
_MAYBE_DOI = re.compile(r"\s*[1hHdD]")
_AND = re.compile(r"\s+and\s+")
_INITIALS = re.compile(r"^(?:[A-Z\u00c0-\u024f][a-z]?\.?-?\s?)+$")


def first(value: object) -> str:
    """A single string from a value that may be a list (repeated tags keep the first)."""
    if isinstance(value, list | tuple):
        for item in value:
            text = first(item)
            if text:
                return text
        return ""
    return "" if value is None else str(value)


def map_fields(
    tags: Mapping[str, list[str]], field_map: Mapping[str, tuple[str, ...]]
) -> dict[str, str]:
    """Record field name -> the first non-blank value among its tags, in the map's order.

    The field map of a tagged format lists, per field, the tags that may carry it
    (``"title": ("TI", "T1")``); the first tag present with a value wins.
    """
    out: dict[str, str] = {}
    for name, keys in field_map.items():
        out[name] = ""
        for key in keys:
            values = tags.get(key)
            if values and values[0].strip():
                out[name] = values[0]
                break
    return out


def as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def doi_from(*values: object) -> str:
    """The first DOI found in any value (plain DOI, doi.org URL, or DOI inside a URL)."""
    for value in values:
        if value.__class__ is str and value.startswith("10.") and _PLAIN_DOI.match(value):
            return value.casefold()  # the common case, already in normal form
        for text in as_list(value):
            doi = normalise_doi(text) if _MAYBE_DOI.match(text) else ""
            if doi:
                return doi
            found = doi_in_text(text)
            if found:
                doi = normalise_doi(found)
                if doi:
                    return doi
    return ""


# An initials token as "Surname Initials" lists write it: "J", "JC", "J.C.".
_INITIALS_TOKEN = re.compile(r"^(?:[A-Z\u00c0-\u024f]{1,3}|(?:[A-Z\u00c0-\u024f]\.-?)+)$")
_GIVEN_NAME = re.compile(r"^[A-Z\u00c0-\u024f][a-z\u00df-\u024f'-]+$")


_PARTICLES = frozenset({"da", "de", "del", "della", "der", "di", "du", "dos", "la", "le"})
_PARTICLES |= {"van", "von", "den", "ten", "ter", "al", "el", "bin", "ibn", "st"}


def _one_inverted_name(family: str, given: str) -> bool:
    """'Yip' + 'Chi Bun' is one name written family-first; 'Smith J' + 'Doe A',
    'J Smith' + 'A Doe' and 'Waseem Sheikh' + 'Nadeem Sheikh' (Semantic Scholar's full
    names) are two. The family part must be one word, after particles ('De Ruiter')."""
    words = family.split()
    if not words or not given or _INITIALS_TOKEN.match(words[-1]):
        return False
    if any(w.casefold() not in _PARTICLES for w in words[:-1]):
        return False
    return bool(_GIVEN_NAME.match(given.split()[0]))


def split_authors(value: str) -> list[str]:
    """Split one author cell whatever separator its era used.

    ``A; B`` (Scopus 2023+, PubMed CSV), ``Smith J.C., Braun R.`` (older Scopus),
    and ``Traag, V.A., Waltman, L.`` where commas separate both names and initials:
    that last form is recognised by every second part being initials.
    """
    value = value.strip()
    if not value:
        return []
    if ";" in value:
        return [p.strip() for p in value.split(";") if p.strip()]
    if _AND.search(value):  # BibTeX names ("Smith, J. and Doe, A."), as Rayyan and bib-dedupe write
        return [p.strip() for p in _AND.split(value) if p.strip()]
    parts = [p.strip() for p in value.split(",")]
    if len(parts) == 2 and _one_inverted_name(parts[0], parts[1]):
        return [f"{parts[0]}, {parts[1]}"]  # "Yip, Chi Bun": one author, not "Yip" and "Chi Bun"
    if (
        len(parts) >= 2
        and len(parts) % 2 == 0
        and all(_INITIALS.match(p) for p in parts[1::2])
        and not any(_INITIALS.match(p) for p in parts[0::2])
    ):
        return [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts), 2)]
    return [p for p in parts if p]


def clean_authors(names: Iterable[str]) -> tuple[list[str], bool]:
    """(names, truncated): placeholders dropped, Scholar's ``…`` noted and removed."""
    # Comprehensions, not a loop with appends: this runs for every author of every record.
    texts = [" ".join(name.split()) for name in names]
    out = [t for t in texts if t and not (t[0] in "[nN" and len(t) < 32 and is_placeholder(t))]
    if "..." not in out and "…" not in "".join(out):
        return out, False
    kept = []
    for text in out:
        if "…" in text or text == "...":
            text = text.strip("…").strip(" ,.")
            if not text:
                continue
        kept.append(text)
    return kept, True


def cut_ellipsis(text: str) -> tuple[str, bool]:
    for mark in _ELLIPSIS:
        if text.endswith(mark):
            return text[: -len(mark)].rstrip(), True
    return text, False


def unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def collapse(text: str) -> str:
    """``" ".join(text.split())``, skipping the split when nothing would change.

    Abstracts are most of the bytes of a record; C-level ``in`` scans are far cheaper
    than splitting them. Text with any character that str.split splits at other than
    a single space (or with a leading/trailing space) takes the split.
    """
    if "  " in text or text[:1].isspace() or text[-1:].isspace():
        return " ".join(text.split())
    # An ``in`` test for a character wider than the string's storage returns at once,
    # so the Unicode spaces cost nothing on Latin-1 text (Scopus abstracts end in ©).
    for space in _ODD_SPACES if not text.isascii() else _ASCII_SPACES:
        if space in text:
            return " ".join(text.split())
    return text


# Every character str.split() splits at, except " " itself.
_ASCII_SPACES = ("\n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_ODD_SPACES = _ASCII_SPACES + tuple(chr(c) for c in range(0x80, 0x3001) if chr(c).isspace())


def clean(value: object) -> str:
    """Whitespace collapsed, placeholders empty (``clean_text``, tuned for the hot path).

    A list (repeated tags) gives its first non-blank item.
    """
    if not value:
        return ""
    if value.__class__ is not str:
        value = first(value)
    # Below ~128 characters one C-level split is cheaper than collapse()'s checks.
    text = " ".join(value.split()) if len(value) < 128 else collapse(value)
    # Every placeholder is short and starts with "[" or n/N ("n/a", "none", "null", ...).
    if len(text) < 32 and text and text[0] in "[nN" and is_placeholder(text):
        return ""
    return text


def clean_short(value: object) -> str:
    """:func:`clean`, cached for str: for the short fields whose values repeat across a
    file (journal, volume, issue, language, type, ISSN, publisher)."""
    return _clean_cached(value) if value.__class__ is str else clean(value)


_clean_cached = lru_cache(maxsize=8192)(clean)


@lru_cache(maxsize=4096)  # years repeat across a file ("2019", "2019 Mar", "2019/12//")
def _year(text: str) -> int | None:
    return parse_year(text)


def year_of(value: object) -> int | None:
    """The year of a raw value (a list gives its first non-blank item)."""
    if not value:
        return None
    return _year(value if value.__class__ is str else first(value))


def _collapse_keyword(keyword: str) -> str:
    return " ".join(keyword.split())


# Keywords and MeSH terms repeat across the records of a search: clean each once.
_keyword = lru_cache(maxsize=16384)(_collapse_keyword)


def keyword_tuple(keywords: Iterable[str]) -> tuple[str, ...]:
    return tuple(filter(None, map(_keyword, keywords)))


def record_id(source: str, native_id: str, title: str, year: int | None, authors: list[str]) -> str:
    """``make_record_id`` for an already stripped native id and cleaned fields."""
    if native_id:
        return f"{source}:{native_id}"
    return f"{source}:{content_hash(title, year, authors[0] if authors else '')}"


_STRING_FIELDS = (
    "title",
    "journal",
    "volume",
    "issue",
    "pages",
    "abstract",
    "url",
    "language",
    "type",
    "issn",
    "publisher",
    "pmid",
)
_NOTHING: frozenset[str] = frozenset()


def build(
    fields: Mapping[str, object],
    *,
    source: str,
    path: Path | str,
    line: int | None,
    native_id: str = "",
    authors: Iterable[str] = (),
    keywords: Iterable[str] = (),
    extra: Iterable[tuple[str, str]] = (),
    scholar: bool = False,
) -> Record:
    """A Record from raw values keyed by Record field name.

    ``scholar=True`` treats a trailing ``…`` as the source cutting the text short:
    the mark is removed and the field named in ``Record.truncated``.
    """
    get = fields.get
    values = {name: clean(get(name)) for name in _STRING_FIELDS}
    truncated: set[str] = set()
    author_list, cut = clean_authors(authors)
    if cut:
        truncated.add("authors")
    if scholar:
        for name in _TRUNCATABLE:
            values[name], cut = cut_ellipsis(values[name])
            if cut:
                truncated.add(name)
    year = year_of(get("year"))
    doi_value = get("doi")
    doi = doi_from(doi_value) if doi_value else ""
    title = values["title"]
    native_id = native_id.strip()
    return new_record(  # positional: 23 keywords cost a microsecond per Record
        record_id(source, native_id, title, year, author_list),  # id
        source,  # source
        title,  # title
        tuple(author_list),  # authors
        year,  # year
        values["journal"],  # journal
        values["volume"],  # volume
        values["issue"],  # issue
        values["pages"],  # pages
        doi,  # doi
        values["pmid"],  # pmid
        native_id,  # native_id
        values["abstract"],  # abstract
        keyword_tuple(keywords),  # keywords
        values["url"],  # url
        values["language"],  # language
        values["type"],  # type
        values["issn"],  # issn
        values["publisher"],  # publisher
        frozenset(truncated) if truncated else _NOTHING,  # truncated
        str(path),  # file
        line,  # line
        tuple(extra),  # extra
    )


def pages(start: object, end: object) -> str:
    start_text, end_text = clean(start), clean(end)
    if start_text and end_text and start_text != end_text:
        return f"{start_text}-{end_text}"
    return start_text or end_text
