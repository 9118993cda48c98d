"""BibTeX: generic (Zotero, Mendeley, JabRef, ACM, IEEE, Google Scholar), Scopus and
Web of Science flavours, parsed by bibtexparser 2.x.

bibtexparser puts entries with a repeated field (Scopus ``funding_details``) or a
repeated key (Scholar) in ``failed_blocks`` without raising; their entry is taken
from ``ignore_error_block`` here, so they are kept. A block that could not be
parsed at all is a ReviewError naming its line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser import model

from prisma.errors import ReviewError
from prisma.records import Record, new_record
from prisma.sources import Adapter, register
from prisma.sources._build import (
    clean,
    clean_authors,
    doi_from,
    keyword_tuple,
    record_id,
    unescape,
    year_of,
)
from prisma.sources._text import read_text, sample_text

# Record field -> BibTeX fields, first non-empty wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "year": ("year", "date"),
    "journal": ("journal", "journaltitle", "booktitle", "series"),
    "volume": ("volume",),
    "issue": ("number", "issue"),
    "pages": ("pages",),
    "abstract": ("abstract",),
    "url": ("url",),
    "language": ("language", "langid"),
    "issn": ("issn",),
    "publisher": ("publisher",),
    "pmid": ("pmid",),
}

_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
_ACCENT = re.compile(
    r"\\([\"'`^~=.])\s*\{?\\?([A-Za-z])\}?|\\([uvHckr])\s*\{\\?([A-Za-z])\}"
    r"|\\([uvHckr]) ([A-Za-z])"
)
_SPECIAL = {
    r"\ss": "ß",
    r"\o": "ø",
    r"\O": "Ø",
    r"\ae": "æ",
    r"\AE": "Æ",
    r"\aa": "å",
    r"\AA": "Å",
    r"\l": "ł",
    r"\L": "Ł",
    r"\oe": "œ",
    r"\i": "ı",
}
_SPECIAL_RE = re.compile(r"\\(ss|o|O|ae|AE|aa|AA|l|L|oe|i)(?![A-Za-z])\s?")
_ESCAPED = re.compile(r"\\([&%$_#{}])")
_COMMAND = re.compile(r"\\[A-Za-z]+\s*")
_BRACE_HIDE = {"{": "\x01", "}": "\x02"}
_BRACE_SHOW = str.maketrans({"\x01": "{", "\x02": "}"})


def _accent(match: re.Match[str]) -> str:
    mark = match.group(1) or match.group(3) or match.group(5)
    letter = match.group(2) or match.group(4) or match.group(6)
    if letter == "i":
        letter = "i"
    return unicodedata.normalize("NFC", letter + _ACCENTS[mark])


def latex_to_text(value: str) -> str:
    """The common LaTeX in exported BibTeX to Unicode ({\\"u} -> ü, \\& -> &, braces off)."""
    if "\\" not in value:  # no command: at most braces to drop (the common case)
        if "{" in value:
            value = value.replace("{", "").replace("}", "").replace("\x00", "")
        return unescape(value)
    value = _ACCENT.sub(_accent, value)
    value = _SPECIAL_RE.sub(lambda m: _SPECIAL["\\" + m.group(1)], value)
    # An escaped brace is text: keep it apart from the grouping braces removed below.
    value = _ESCAPED.sub(lambda m: "\x00" + _BRACE_HIDE.get(m.group(1), m.group(1)), value)
    value = _COMMAND.sub("", value).replace("{", "").replace("}", "")
    return unescape(value.replace("\x00", "").translate(_BRACE_SHOW))


def _entries(library: bibtexparser.Library, path: Path) -> Iterator[model.Entry]:
    for block in library.blocks:
        if isinstance(block, model.Entry):
            yield block
        elif isinstance(block, model.ParsingFailedBlock):
            entry = block.ignore_error_block
            if isinstance(entry, model.Entry):
                yield entry
                continue
            line = block.start_line + 1 if block.start_line is not None else None
            raise ReviewError(
                f"a BibTeX entry could not be parsed: {block.error}",
                file=path,
                line=line,
                kind="parse",
                hint="check the braces and quotes of that entry, or export the records again",
            )


@lru_cache(maxsize=1024)  # a file uses a few dozen distinct field names
def _field_name(key: str) -> str:
    return key.strip().lower()


def _values(entry: model.Entry) -> dict[str, str]:
    """Field name (lower case) -> first non-empty value (repeated fields keep the first)."""
    values: dict[str, str] = {}
    for field in entry.fields:
        key = _field_name(field.key)
        value = field.value
        if value.__class__ is not str:
            value = str(value)
        present = values.get(key)
        if not present or present.isspace():
            values[key] = value
    return values


def _raw(get: Callable[[str], str | None], keys: tuple[str, ...]) -> str | None:
    """The first non-blank value among the keys."""
    for key in keys:
        value = get(key)
        if value and not value.isspace():  # strip() would copy every abstract
            return value
    return None


def _text(value: str | None) -> str:
    return clean(latex_to_text(value)) if value else ""


# For the short fields whose values repeat across a file (journal, volume, language...).
_short_text = lru_cache(maxsize=8192)(_text)


_EID = re.compile(r"eid=(2-s2\.0-\d+)")
_AND = re.compile(r"\s+and\s+")
_KEYWORD_SEP = re.compile(r"[;,]\s*")


def _native(flavour: str, entry: model.Entry, values: dict[str, str]) -> str:
    if flavour == "wos":
        for candidate in (values.get("unique-id", ""), entry.key.strip()):
            candidate = candidate.strip().strip("{}")
            if candidate.startswith(("WOS:", "ISI:")):
                return candidate
    elif flavour == "scopus":
        match = _EID.search(values.get("url", ""))
        if match:
            return match.group(1)
    return ""


_F = FIELDS


def _record(entry: model.Entry, source: str, file: str, flavour: str) -> Record:
    """One bibtexparser entry as a Record, built in one pass (the per-record hot path)."""
    values = _values(entry)
    get = values.get
    raw_title = get("title")
    if raw_title and not raw_title.isspace():
        title, journal = _text(raw_title), _short_text(_raw(get, _F["journal"]))
    elif get("booktitle", "").strip():
        # IEEE writes a whole book's title as booktitle with no title field.
        title, journal = _text(get("booktitle")), ""
    else:
        title, journal = "", _short_text(_raw(get, _F["journal"]))
    raw_year = _raw(get, _F["year"])
    year = year_of(latex_to_text(raw_year)) if raw_year else None
    url = latex_to_text(get("url", ""))  # once: html.unescape is slow on Scopus URLs
    doi = doi_from(latex_to_text(get("doi", ""))) or doi_from(url)
    names = get("author", "")
    authors, cut = clean_authors(
        [latex_to_text(a) for a in _AND.split(names.replace("\n", " ")) if a.strip()]
        if names
        else []
    )
    keywords = latex_to_text(get("keywords", get("author_keywords", "")))
    native_id = _native(flavour, entry, values).strip()
    start_line = entry.start_line
    return new_record(  # positional: 23 keywords cost a microsecond per Record
        record_id(source, native_id, title, year, authors),  # id
        source,  # source
        title,  # title
        tuple(authors),  # authors
        year,  # year
        journal,  # journal
        _short_text(get("volume")),  # volume
        _short_text(_raw(get, _F["issue"])),  # issue
        _text(get("pages")),  # pages
        doi,  # doi
        _text(get("pmid")),  # pmid
        native_id,  # native_id
        _text(get("abstract")),  # abstract
        keyword_tuple([k for k in _KEYWORD_SEP.split(keywords) if k.strip()])
        if keywords
        else (),  # keywords
        clean(url),  # url
        _short_text(_raw(get, _F["language"])),  # language
        _entry_type(entry.entry_type),  # type
        _short_text(get("issn")),  # issn
        _short_text(get("publisher")),  # publisher
        _AUTHORS_CUT if cut else frozenset(),  # truncated
        file,  # file
        start_line + 1 if start_line is not None else None,  # line
        (("key", entry.key),),  # extra
    )


_AUTHORS_CUT = frozenset({"authors"})


@lru_cache(maxsize=256)
def _entry_type(name: str) -> str:
    return clean(name.lower())


def _read(path: Path, source: str, flavour: str = "") -> Iterator[Record]:
    text = read_text(path)
    if "@" not in text:
        raise ReviewError(
            "no BibTeX entry found (no '@type{key, ...}')",
            file=path,
            line=1,
            kind="parse",
            hint="this is not a BibTeX file",
        )
    try:
        library = bibtexparser.parse_string(text)
    except Exception as exc:  # bibtexparser raises assorted errors on hostile input
        raise ReviewError(
            f"not readable as BibTeX: {exc}",
            file=path,
            kind="parse",
            hint="export the records again as BibTeX",
        ) from exc
    count = 0
    file = str(path)
    for entry in _entries(library, path):
        count += 1
        yield _record(entry, source, file, flavour)
    if not count:
        raise ReviewError(
            "no BibTeX entry found",
            file=path,
            line=1,
            kind="parse",
            hint="this is not a BibTeX file, or every entry is commented out",
        )


def read_generic(path: Path, source: str) -> Iterator[Record]:
    return _read(path, source)


def read_scopus(path: Path, source: str) -> Iterator[Record]:
    return _read(path, source, "scopus")


def read_wos(path: Path, source: str) -> Iterator[Record]:
    return _read(path, source, "wos")


_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def detect_generic(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if _ENTRY.search(text) and re.search(r"[,\s]\w[\w-]*\s*=\s*[{\"\d]", text):
        return 0.6, "BibTeX entries ('@type{key, field = {...}}')"
    return 0.0, ""


def detect_scopus(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if not detect_generic(sample, path)[0]:
        return 0.0, ""
    if re.match(r"\s*Scopus\s*\nEXPORT DATE", text):
        return 0.85, "BibTeX with the 'Scopus / EXPORT DATE' preamble"
    entries = len(_ENTRY.findall(text))
    marked = len(re.findall(r"source\s*=\s*\{Scopus\}|www\.scopus\.com", text))
    if entries and marked >= entries * 0.8:
        return 0.8, "BibTeX whose entries name Scopus (source = {Scopus} or scopus.com URLs)"
    return 0.0, ""


def detect_wos(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if not detect_generic(sample, path)[0]:
        return 0.0, ""
    entries = len(_ENTRY.findall(text))
    marked = len(re.findall(r"@\s*[A-Za-z]+\s*\{\s*(?:WOS|ISI):", text))
    if entries and marked >= entries * 0.8:
        return 0.8, "BibTeX with Web of Science keys ('@article{ WOS:...' / 'ISI:')"
    return 0.0, ""


register(
    Adapter(
        "bib",
        "BibTeX (Zotero, Mendeley, JabRef, ACM, IEEE, Google Scholar, ...)",
        detect_generic,
        read_generic,
        "bibtexparser",
    )
)
register(Adapter("scopus_bib", "Scopus BibTeX", detect_scopus, read_scopus, "bibtexparser"))
register(Adapter("wos_bib", "Web of Science BibTeX", detect_wos, read_wos, "bibtexparser"))
