"""PubMed MEDLINE (``.nbib``/``.txt``, also ERIC's same layout without PMIDs), via Bio.Medline."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from Bio import Medline

from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import Adapter, register
from prisma.sources._build import as_list, build, doi_from, first
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


def _starts(text: str) -> list[int]:
    """1-based line of each record: the first non-blank line after a blank one."""
    padded = "\n\n" + text
    starts = []
    line = 1
    pos = 0
    for match in _RECORD_START.finditer(padded):
        line += padded.count("\n", pos, match.end())
        pos = match.end()
        starts.append(line - 2)
    return starts


_RECORD_START = re.compile(r"\n\n\n*(?=[^\n])")  # "\n\n" as literal prefix: faster search
# A line Bio.Medline would misread: not "TAG - ", not a 6-space continuation, not blank.
_ODD_LINE = re.compile(r"\n(?![A-Z][A-Z0-9 ]{3}- |      |\n|\Z)")


@cache  # Bio.Medline keys are at most 4 characters: few distinct ones per file
def _is_tag(key: str) -> bool:
    return _TAG_LINE.match(f"{key:<4}- ") is not None


def _doi(record: dict) -> str:
    for tag in ("LID", "AID"):
        for value in as_list(record.get(tag)):
            if "[doi]" in value or "doi.org" in value:
                doi = doi_from(_DOI_SUFFIX.sub("", value))
                if doi:
                    return doi
    return ""


def read(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    if _ODD_LINE.search("\n" + text):
        text = "".join(_tidy(line) for line in text.split("\n"))
    starts = _starts(text)
    records = list(Medline.parse(io.StringIO(text)))
    if len(records) != len(starts):
        raise ReviewError(
            f"{len(starts)} records found but Bio.Medline read {len(records)}",
            file=path,
            kind="parse",
            hint="report this file: a record would be lost",
        )
    kept = 0
    for record, line in zip(records, starts, strict=True):
        if not any(map(_is_tag, record)):
            # Free text between records (a note pasted into the file) is not a record.
            warn("ignored a block of untagged text (not a MEDLINE record)", path, line)
            continue
        kept += 1
        fields: dict[str, object] = {}
        get = record.get
        for name, tags in FIELDS.items():  # hot loop: first() only for repeated tags
            for tag in tags:
                value = get(tag)
                if not value:
                    continue
                if value.__class__ is not str:
                    value = first(value)
                if value.strip():
                    fields[name] = value
                    break
        fields["doi"] = _doi(record)
        pmid = first(record.get("PMID")).strip()
        authors = as_list(record.get("AU")) or as_list(record.get("FAU"))
        authors += as_list(record.get("CN"))
        keywords = as_list(record.get("OT")) or as_list(record.get("MH"))
        yield build(
            fields,
            source=source,
            path=path,
            line=line,
            native_id=pmid,
            authors=authors,
            keywords=keywords,
        )
    if not kept:
        raise ReviewError(
            "expected MEDLINE tags such as 'PMID- ' or 'TI  - '",
            file=path,
            line=starts[0] if starts else 1,
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
