"""Records as RIS or BibTeX, for reference managers and full-text retrieval (pure text).

Written with rispy and bibtexparser, the libraries the project's own importers read
with, so an export imports back with the same titles, DOIs and authors. Each entry
carries the workspace's id (RIS ``ID``, BibTeX key) and a note naming the box, so a
reference manager's library can be traced back to the diagram.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser import model

from prisma.records import Record

FORMATS = {"ris": ".ris", "bibtex": ".bib"}


@dataclass(frozen=True)
class Entry:
    """One exported reference: the record's fields and where it sits in the review."""

    key: str  # the study (or record) id
    record: Record
    note: str = ""


# Reference types as the sources spell them -> RIS type, and RIS type -> BibTeX type.
_RIS_TYPES = {
    "article": "JOUR",
    "journal article": "JOUR",
    "review": "JOUR",
    "inproceedings": "CPAPER",
    "conference paper": "CPAPER",
    "proceedings paper": "CPAPER",
    "conference": "CPAPER",
    "book": "BOOK",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "book chapter": "CHAP",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "misc": "GEN",
    "online": "ELEC",
    "preprint": "JOUR",
}
_KNOWN_RIS = {"JOUR", "CPAPER", "CONF", "BOOK", "CHAP", "THES", "RPRT", "GEN", "ELEC", "EJOUR"}
_BIBTEX_TYPES = {
    "JOUR": "article",
    "EJOUR": "article",
    "CPAPER": "inproceedings",
    "CONF": "inproceedings",
    "BOOK": "book",
    "CHAP": "incollection",
    "THES": "phdthesis",
    "RPRT": "techreport",
    "ELEC": "misc",
    "GEN": "misc",
}


def ris_type(record: Record) -> str:
    kind = record.type.strip()
    if kind.upper() in _KNOWN_RIS:
        return kind.upper()
    return _RIS_TYPES.get(kind.lower(), "JOUR" if record.journal or not kind else "GEN")


def _line(text: str) -> str:
    # A RIS value is one line: a line break would start a bogus tag.
    return " ".join(text.split())


def _pages(pages: str) -> tuple[str, str]:
    start, sep, end = pages.replace("–", "-").partition("-")
    return start.strip(), end.strip() if sep else ""


def to_ris(entries: Sequence[Entry]) -> str:
    references = []
    for entry in entries:
        r = entry.record
        ref: dict[str, object] = {"type_of_reference": ris_type(r), "id": _line(entry.key)}
        if r.title:
            ref["title"] = _line(r.title)
        if r.authors:
            ref["authors"] = [_line(a) for a in r.authors]
        if r.year:
            ref["year"] = str(r.year)
        for key, value in (
            ("secondary_title", r.journal),
            ("volume", r.volume),
            ("number", r.issue),
            ("doi", r.doi),
            ("abstract", r.abstract),
            ("language", r.language),
            ("issn", r.issn),
            ("publisher", r.publisher),
        ):
            if value:
                ref[key] = _line(value)
        if r.pages:
            start, end = _pages(r.pages)
            ref["start_page"] = start
            if end:
                ref["end_page"] = end
        if r.pmid:
            ref["accession_number"] = f"PMID:{r.pmid}"
        if r.url:
            ref["urls"] = [_line(r.url)]
        if r.keywords:
            ref["keywords"] = [_line(k) for k in r.keywords]
        if entry.note:
            ref["notes"] = [_line(entry.note)]
        references.append(ref)
    return rispy.dumps(references, implementation=_PlainRis) if references else ""


class _PlainRis(rispy.RisWriter):
    """rispy numbers each reference ("1.") above its TY line; reference managers
    expect the TY line first."""

    def set_header(self, count: int) -> str:
        return ""


# Characters BibTeX gives a meaning to; written escaped so a value reads back as text.
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9:._/-]")


def _tex(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _raw(text: str) -> str:
    # url and doi are verbatim fields (a "\\&" would stay in the link); only braces,
    # which would end the value, are left out.
    return "".join(text.split()).replace("{", "").replace("}", "")


def bibtex_key(key: str) -> str:
    """A BibTeX key from a workspace id (``scholar:ab12~2`` -> ``scholar:ab12-2``)."""
    return _KEY_UNSAFE.sub("-", key) or "ref"


def to_bibtex(entries: Sequence[Entry]) -> str:
    library = bibtexparser.Library()
    used: set[str] = set()
    for entry in entries:
        r = entry.record
        key = bibtex_key(entry.key)
        # Two ids that differ only in unsafe characters: keep the keys distinct.
        base, n = key, 2
        while key in used:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        kind = _BIBTEX_TYPES.get(ris_type(r), "misc")
        venue = "booktitle" if kind in ("inproceedings", "incollection") else "journal"
        values = [
            ("title", _tex(r.title)),
            ("author", " and ".join(_tex(a) for a in r.authors)),
            ("year", str(r.year) if r.year else ""),
            (venue, _tex(r.journal)),
            ("volume", _tex(r.volume)),
            ("number", _tex(r.issue)),
            ("pages", _tex(r.pages.replace("–", "--"))),
            ("doi", _raw(r.doi)),
            ("pmid", _tex(r.pmid)),
            ("url", _raw(r.url)),
            ("issn", _tex(r.issn)),
            ("publisher", _tex(r.publisher)),
            ("language", _tex(r.language)),
            ("keywords", _tex("; ".join(r.keywords))),
            ("abstract", _tex(r.abstract)),
            ("note", _tex(entry.note)),
        ]
        fields = [model.Field(name, value) for name, value in values if value]
        library.add(model.Entry(kind, key, fields))
    if not entries:
        return ""
    return bibtexparser.write_string(library)
