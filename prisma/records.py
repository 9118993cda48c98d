"""The Record: one bibliographic record as one source delivered it.

A Record is immutable and carries its provenance (source, file, line) so every
count on the diagram can be traced back to the bytes it came from. Field
normalisation here is the light, lossless kind every stage needs (DOI form,
whitespace, year); the heavier matching keys live in ``prisma.dedup``.
"""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Record:
    """One record from one source.

    ``id`` is ``<source>:<native id>`` when the source has a native id (PMID,
    Scopus EID, WoS UT), else ``<source>:<12 hex of sha1(title|year|first author)>``.
    ``authors`` holds display names as the source wrote them ("Smith, J.").
    ``truncated`` names fields the source cut short, so they are not taken as content.
    """

    id: str
    source: str
    title: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    native_id: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    url: str = ""
    language: str = ""
    type: str = ""
    issn: str = ""
    publisher: str = ""
    truncated: frozenset[str] = frozenset()
    file: str = ""
    line: int | None = None
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def with_(self, **changes: object) -> Record:
        # Same result as dataclasses.replace, without its per-call field introspection
        # (it ran once per repeated record id and dominated large repeated exports).
        values = list(_ALL_VALUES(self))
        for name, value in changes.items():
            if name not in _FIELD_INDEX:
                raise TypeError(f"Record has no field {name!r}")
            values[_FIELD_INDEX[name]] = value
        return new_record(*values)

    def __reduce__(self) -> tuple[Callable[..., Record], tuple[object, ...]]:
        # Pickle as a constructor call: unpickling 100,000 records from build/cache this
        # way takes a fraction of dataclasses' generic slot-by-slot __setstate__.
        return (Record, tuple(getattr(self, name) for name in _FIELD_NAMES))

    @property
    def first_author(self) -> str:
        return self.authors[0] if self.authors else ""


_FIELD_NAMES = tuple(f.name for f in fields(Record))
_FIELD_INDEX = {name: i for i, name in enumerate(_FIELD_NAMES)}
_ALL_VALUES = operator.attrgetter(*_FIELD_NAMES)  # one C call for every field
_BUT_ID = operator.attrgetter(*_FIELD_NAMES[1:])


class _Draft:
    """Record's slot layout without the frozen guard (see :func:`new_record`)."""

    __slots__ = _FIELD_NAMES


def _new_record_source() -> str:
    params = ", ".join(
        f.name if f.default is MISSING else f"{f.name}=_DEFAULT_{f.name}" for f in fields(Record)
    )
    body = "".join(f"    draft.{name} = {name}\n" for name in _FIELD_NAMES)
    return (
        f"def new_record({params}):\n    draft = _Draft()\n{body}"
        "    draft.__class__ = Record\n    return draft\n"
    )


_namespace: dict[str, object] = {"_Draft": _Draft, "Record": Record}
_namespace.update({f"_DEFAULT_{f.name}": f.default for f in fields(Record)})
exec(_new_record_source(), _namespace)  # generated code, as dataclasses makes __init__
new_record: Callable[..., Record] = _namespace["new_record"]  # type: ignore[assignment]  # built by exec above: mypy sees an object
new_record.__doc__ = """Exactly ``Record(...)`` (same parameters, defaults and result), in a
fifth of the time: a frozen dataclass's ``__init__`` sets each of its 23 fields through
``object.__setattr__``, which dominated building Records from large exports. This fills
plain slots of the same layout and then gives the object Record's class, which Python
allows because the layouts are identical (it raises TypeError if they ever differ)."""


# --- light normalisation shared by every adapter -------------------------------------

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
# A DOI inside other text (a publisher's URL, a note): it ends at white space, quotes,
# angle brackets and a URL's query delimiters.
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s\"<>&?#]+")
_WS = re.compile(r"\s+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|21\d\d)(?!\d)")


def clean_text(value: object) -> str:
    """Collapse whitespace; None and placeholders become empty."""
    if value is None:
        return ""
    text = _WS.sub(" ", str(value)).strip()
    if is_placeholder(text):
        return ""
    return text


_PLACEHOLDERS = {
    "[no abstract available]",
    "[no author name available]",
    "no abstract available",
    "no abstract available.",
    "[no title available]",
    "n/a",
    "na",
    "nan",
    "none",
    "null",
}


def is_placeholder(text: str) -> bool:
    return text.strip().casefold() in _PLACEHOLDERS


def normalise_doi(value: object) -> str:
    """``https://doi.org/10.1000/ABC`` -> ``10.1000/abc``; anything not DOI-shaped -> ''."""
    text = clean_text(value)
    if not text:
        return ""
    text = _DOI_PREFIX.sub("", text.strip()).strip().rstrip(".,;")
    text = text.casefold()
    return text if _DOI_SHAPE.match(text) else ""


def doi_in_text(text: str) -> str:
    """The first DOI-shaped run inside ``text`` as written (not yet normalised), or ''."""
    match = _DOI_IN_TEXT.search(text)
    return match.group(0) if match else ""


def parse_year(value: object) -> int | None:
    """The first plausible four-digit year in a free-text date ("2019 Mar-Apr", "2019/09//")."""
    if value is None:
        return None
    if isinstance(value, int):
        return value if 1500 <= value <= 2199 else None
    match = _YEAR.search(str(value))
    return int(match.group(1)) if match else None


_WORD = re.compile(r"[^\W_]+")
# ASCII letters and digits lower-cased, every other byte a space.
_ASCII_FOLD = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256)).lower()
_INITIALS_ONLY = re.compile(r"[A-Z]{1,4}\.?")


def fold(text: str) -> str:
    """Casefold, strip accents, keep letters and digits separated by single spaces."""
    if text.isascii():
        # Same result as the regex below, in half the time: one C-level byte
        # translation lower-cases letters and blanks everything else.
        return " ".join(text.encode().translate(_ASCII_FOLD).decode().split())
    decomposed = unicodedata.normalize("NFKD", text)
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(no_marks.casefold()))


def surname(author: str) -> str:
    """Best-effort family name of a display name ("Smith, J." / "J. Smith" / "Smith J")."""
    author = author.strip()
    if not author:
        return ""
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = author.split()
    if len(parts) == 1:
        return parts[0]
    # "Smith JA" (MEDLINE) vs "John Smith": initials-only tail means surname first.
    if _INITIALS_ONLY.fullmatch(parts[-1].replace(".", "")):
        return " ".join(parts[:-1])
    return parts[-1]


def content_hash(title: str, year: int | None, first_author: str) -> str:
    if title.isascii():  # fold(title).encode() without the round trip through str
        head = b" ".join(title.encode().translate(_ASCII_FOLD).split())
    else:
        head = fold(title).encode()
    key = head + f"|{year or ''}|{_author_key(first_author)}".encode()
    return hashlib.sha1(key).hexdigest()[:12]


@lru_cache(maxsize=4096)  # the same authors head many records of one search
def _author_key(author: str) -> str:
    return fold(surname(author))


def make_record_id(
    source: str,
    native_id: str = "",
    *,
    title: str = "",
    year: int | None = None,
    first_author: str = "",
) -> str:
    """``<source>:<native id>`` or ``<source>:<content hash>`` (docs/architecture.md, Identity)."""
    native_id = native_id.strip()
    if native_id:
        return f"{source}:{native_id}"
    return f"{source}:{content_hash(title, year, first_author)}"


def unique_ids(records: Iterable[Record]) -> Iterator[Record]:
    """Give repeated ids within one stream a stable ``~2``, ``~3`` suffix, in file order.

    Exports do repeat records (and Scholar repeats keys); each occurrence is still a
    record the source returned, so it must be counted, not collapsed here.
    """
    seen: dict[str, int] = {}
    get = seen.get
    for record in records:
        record_id = record.id
        count = get(record_id, 0) + 1
        seen[record_id] = count
        # record.with_(id=...) without its generic field loop (every record of a
        # repeated export takes this path).
        yield record if count == 1 else new_record(f"{record_id}~{count}", *_BUT_ID(record))
