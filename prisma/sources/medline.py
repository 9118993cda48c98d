"""PubMed MEDLINE (``.nbib``/``.txt``, also ERIC's same layout without PMIDs), via Bio.Medline."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from Bio import Medline

from prisma.errors import ReviewError
from prisma.records import Record, new_record
from prisma.sources import Adapter, _structure, register
from prisma.sources._build import (
    as_list,
    clean,
    clean_authors,
    clean_short,
    doi_from,
    first,
    keyword_tuple,
    record_id,
    year_of,
)
from prisma.sources._text import read_text, sample_text, warn

_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,3}- ")
_DOI_SUFFIX = re.compile(r"\s*\[doi\]\s*$")

# Record field -> MEDLINE tags, first non-empty wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("TI", "BTI"),
    "year": ("DP", "DEP", "DA"),
    "journal": ("JT", "TA"),
    "volume": ("VI",),
    "issue": ("IP",),
    "pages": ("PG",),
    "abstract": ("AB",),
    "language": ("LA",),
    "type": ("PT",),
    "issn": ("IS",),
    "publisher": ("PB",),
    "pmid": ("PMID",),
}


_LOOSE_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*-\s?(.*)$")


def _tidy(line: str) -> str:
    """One line in the exact ``TAG - value`` layout Bio.Medline slices by position.

    Hand-edited files write ``PMID-123`` or ``TI-``; Bio.Medline would cut the first
    characters of the value. Lines of only spaces would become a key "" there.
    """
    if not line.strip():
        return "\n"
    if line[4:6] == "- " or line.startswith("      "):
        return line + "\n"
    match = _LOOSE_TAG.match(line)
    if match:
        return f"{match.group(1):<4}- {match.group(2)}\n"
    return line + "\n"


_BLANK_LINES = re.compile(r"\n*")
# A line Bio.Medline would misread: not "TAG - ", not a 6-space continuation, not blank.
_ODD_LINE = re.compile(r"\n(?![A-Z][A-Z0-9 ]{3}- |      |\n|\Z)")
_ODD_FIRST_LINE = re.compile(r"(?![A-Z][A-Z0-9 ]{3}- |      |\n|\Z)")


@cache  # Bio.Medline keys are at most 4 characters: few distinct ones per file
def _is_tag(key: str) -> bool:
    return _TAG_LINE.match(f"{key:<4}- ") is not None


def _doi(record: dict) -> str:
    for tag in ("LID", "AID"):
        values = record.get(tag)
        for value in (values,) if values.__class__ is str else as_list(values):
            if "[doi]" in value or "doi.org" in value:
                # The usual "10.1/x [doi]" without the regex (same result).
                bare = (
                    value[:-5].rstrip() if value.endswith("[doi]") else _DOI_SUFFIX.sub("", value)
                )
                doi = doi_from(bare)
                if doi:
                    return doi
    return ""


def _pick(get: Callable[[str], object], tags: tuple[str, ...]) -> object:
    """The first non-blank value among the tags (a repeated tag gives its first)."""
    for tag in tags:
        value = get(tag)
        if not value:
            continue
        if value.__class__ is not str:
            value = first(value)
        if value and not value.isspace():  # strip() would copy every abstract
            return value
    return None


_TITLE, _YEAR, _JOURNAL = FIELDS["title"], FIELDS["year"], FIELDS["journal"]


def _strings(value: object) -> list[str]:
    """as_list(), without copying the lists of str that Bio.Medline gives."""
    return value if value.__class__ is list else as_list(value)


def _record(record: dict, source: str, file: str, line: int) -> Record:
    """One Bio.Medline record as a Record, built in one pass (the per-record hot path)."""
    get = record.get
    title = clean(_pick(get, _TITLE))
    year_value = _pick(get, _YEAR)
    year = year_of(year_value) if year_value else None
    pmid = get("PMID")
    pmid = pmid.strip() if pmid.__class__ is str else first(pmid).strip()
    names = _strings(get("AU")) or _strings(get("FAU"))
    groups = get("CN")
    if groups:
        names = names + as_list(groups)
    authors, cut = clean_authors(names)
    keywords = _strings(get("OT")) or _strings(get("MH"))
    return new_record(  # positional: 23 keywords cost a microsecond per Record
        record_id(source, pmid, title, year, authors),  # id
        source,  # source
        title,  # title
        tuple(authors),  # authors
        year,  # year
        clean_short(_pick(get, _JOURNAL)),  # journal
        clean_short(get("VI")),  # volume
        clean_short(get("IP")),  # issue
        clean(get("PG")),  # pages
        _doi(record),  # doi
        clean(get("PMID")),  # pmid
        pmid,  # native_id
        clean(get("AB")),  # abstract
        keyword_tuple(keywords),  # keywords
        "",  # url
        clean_short(get("LA")),  # language
        clean_short(get("PT")),  # type
        clean_short(get("IS")),  # issn
        clean_short(get("PB")),  # publisher
        _AUTHORS_CUT if cut else frozenset(),  # truncated
        file,  # file
        line,  # line
    )


_AUTHORS_CUT = frozenset({"authors"})


def read(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    line_ended = text.endswith("\n")  # before _tidy, which ends every line
    if _ODD_FIRST_LINE.match(text) or _ODD_LINE.search(text):
        text = "".join(_tidy(line) for line in text.split("\n"))
    # Each record is turned into a Record as Bio.Medline yields it, while it is still
    # in the CPU cache (collecting them all first made this step 1.6x slower at 100k).
    # Bio.Medline reads the handle line by line and yields a record on the blank line
    # that ends it, so the handle's position tells where each record ended; its first
    # line is the first non-blank one after the previous record.
    # A record is yielded once the next one is read: the last one may have been cut.
    kept = 0
    first_record_line: int | None = None
    first_tag = ""  # the tag the file's records start with (PMID in PubMed's files)
    ends: list[str] = []  # the last tag of each record: the evidence of a cut last one
    pending: Record | None = None
    pending_record: dict | None = None
    all_so = True  # every record before the last has an SO line
    file = str(path)
    count = text.count
    handle = io.StringIO(text)
    at_line = 1  # the line of text[pos]
    pos = 0
    records = Medline.parse(handle)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except KeyError as exc:  # Bio.Medline cannot place a continuation before any tag
            begin = _BLANK_LINES.match(text, pos).end()  # type: ignore[union-attr]  # the pattern matches the empty string, so never None
            raise ReviewError(
                "a continuation line (six spaces) before any 'TAG - ' line",
                file=path,
                line=at_line + count("\n", pos, begin),
                kind="parse",
                hint="each MEDLINE record starts with a tagged line such as 'PMID- '",
            ) from exc
        begin = _BLANK_LINES.match(text, pos).end()  # type: ignore[union-attr]  # the pattern matches the empty string, so never None
        line = at_line + count("\n", pos, begin)
        previous_end = pos
        pos = handle.tell()
        at_line = line + count("\n", begin, pos)
        if first_record_line is None:
            first_record_line = line
        head = next(iter(record), "")
        if head != first_tag:
            if first_tag:  # another kind of record: is another format glued on here?
                _structure.check_region(text, "medline", path, previous_end, pos)
            elif kept == 0:
                first_tag = head
        if not any(map(_is_tag, record)):
            # Free text between records (a note pasted into the file) is not a record.
            _structure.check_region(text, "medline", path, previous_end, pos)
            warn("ignored a block of untagged text (not a MEDLINE record)", path, line)
            continue
        if pending is not None:
            all_so = all_so and "SO" in pending_record  # type: ignore[operator]  # set together with pending
            yield pending
        pending, pending_record = _record(record, source, file, line), record
        ends.append(next(reversed(record)))
        kept += 1
    if pending is not None and pending_record is not None:
        usual = _structure.last_tag_cut(ends) or (
            # PubMed writes SO (the source) last in every record: a PubMed record
            # without it is cut, when every other record of the file has one
            "SO" if "PMID" in pending_record and "SO" not in pending_record and all_so else ""
        )
        complete = ("SO" in pending_record and "PMID" in pending_record) or (
            len(ends) > 2 and len(set(ends)) == 1
        )
        why = ""
        if usual and ends[-1] != usual:
            why = (
                f"it ends at its {ends[-1]} field where every record goes on to {usual}, "
                "so the file was cut inside it"
            )
        elif not complete and not line_ended:
            # no evidence either way but a file that stops in the middle of a line
            why = "the file stops in the middle of its last line, so it was cut inside it"
        if why:
            if kept == 1:
                _structure.refuse(
                    path, pending.line, f"the only record is cut short: {why}", _structure.CUT_HINT
                )
            _structure.drop_last(path, pending.line, pending.title, why)
        else:
            yield pending
    if not kept:
        raise ReviewError(
            "expected MEDLINE tags such as 'PMID- ' or 'TI  - '",
            file=path,
            line=first_record_line or 1,
            kind="parse",
            hint="this is not a PubMed/MEDLINE file",
        )


def detect(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    if re.search(r"^TY  - ", text, re.MULTILINE):
        return 0.0, ""
    if re.search(r"^PMID- \d", text, re.MULTILINE):
        return 0.9, "MEDLINE tagged lines ('PMID- ', 'TI  - ', 6-space continuations)"
    if re.search(r"^(?:TI|AU|AB)  - ", text, re.MULTILINE) and re.search(
        r"^(?:OWN|STAT|DP|SO|JT|PT)\s*- ", text, re.MULTILINE
    ):
        return 0.7, "MEDLINE tagged lines without PMIDs (e.g. ERIC)"
    return 0.0, ""


register(Adapter("pubmed_medline", "PubMed MEDLINE (.nbib/.txt)", detect, read, "Bio.Medline"))
