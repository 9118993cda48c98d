"""Citation keys: a citation written into the journal field, volume, issue, pages, PMID, DOI,
and the review a record is a version of."""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Callable
from typing import NamedTuple

from prisma.records import doi_in_text, normalise_doi

# Embase (via EndNote, Reference Manager, Ovid) writes the whole citation into the
# journal field and something else into volume: "Cell.122 (2) ()(pp 275-287)
# 2005.Date of Publication: 29 Jul 2005."; Ovid MEDLINE's SO: "Cell. 122(2):275-87, 2005
# Jul 29."; Ovid Embase: "Cell. Vol.122(2), pp.275-287, 2005."; a meeting abstract:
# "...Conference End: 20091016.19 (SUPPL. 3) (pp S445-S446)". The tails, anchored at the
# end of the field; what precedes a tail is the journal (a meeting's name included, so
# the record stays a conference item).
# What may follow a volume number inside it: a supplement, a special issue, a part
# ("24 Suppl", "51 Suppl 1", "14 Spec No. 2", "133 B").
_VOLUME_TAIL = r"(?:\s+(?:Suppl\w*\.?|Spec\.?\s*No\.?|Pt\.?)(?:\s*\d+)?|\s+[A-Z]\b)?"
# Embase: "Cell.122 (2) ()(pp 275-287) 2005.Date of Publication: 29 Jul 2005."
_EMBASE = re.compile(
    r"\.\s*(?:Vol(?:ume)?\.?\s*)?(?P<volume>[0-9][^\s().]{0,11}" + _VOLUME_TAIL + r")?\s*"
    r"(?P<groups>(?:\([^()]*\)\s*)+)\s*,?\s*(?:\d{4})?\s*\.?\s*"
    r"(?:Date of Publication:(?:(?!Conference:)[^()])*)?$",
    re.IGNORECASE,
)
# Ovid MEDLINE: "Cell. 122(2):275-87, 2005 Jul 29."
_OVID_MEDLINE = re.compile(
    r"\.\s+(?P<volume>\d+(?:\s+(?:Suppl|Pt|Spec)\w*\.?(?:\s*\w+)?)?)?\s*"
    r"(?P<groups>(?:\([^()]*\)\s*)*)\s*:\s*(?P<pages>[^,()]*?)\s*,\s*\d{4}\b[^()]*$",
    re.IGNORECASE,
)
# Ovid Embase: "Cell. Vol.122(2), pp.275-287, 2005."
_OVID_EMBASE = re.compile(
    r"\.\s*Vol\.?\s*(?P<volume>[^\s(),]*" + _VOLUME_TAIL + r")\s*"
    r"(?P<groups>(?:\([^()]*\)\s*)*)\s*,?\s*"
    r"(?:pp?\.?\s*(?P<pages>[^,]*))?,?\s*\d{4}\s*\.?$",
    re.IGNORECASE,
)
# PsycINFO (Ovid or EBSCO): "Psychol Med. Vol.35(9), Sep 2005, pp. 1331-1342.",
# "J Abnorm Psychol, Vol 114(3), Aug 2005, 123-130", "Vol.73(3-B), 2012, pp. 1524."
_PSYCINFO = re.compile(
    r"[.,]\s*Vol\.?\s*(?P<volume>[^\s(),]*" + _VOLUME_TAIL + r")\s*"
    r"(?P<groups>(?:\([^()]*\)\s*)*)\s*,\s*"
    r"(?:[A-Za-z]{3,}\.?[\s/-]*(?:\d{1,2}\s*,?\s*)?)*\d{4}\s*[,.]\s*"
    r"(?:pp?\.?\s*)?(?P<pages>[^,()]*?)\s*\.?$",
    re.IGNORECASE,
)
# Vancouver / PubMed citation: "Lancet. 2005;365(9475):1231-8.", "BMJ. 2010 Mar
# 23;340:c1345.", "N Engl J Med. 2009 Oct 22;361(17):1676-87. doi: 10.1056/...",
# "Health Technol Assess. 2004 Jan;8(37):iii, ix-xi, 1-82."
_VANCOUVER = re.compile(
    r"[.\s]\s*\d{4}(?:\s+[A-Za-z]{3}(?:[\s-]+[A-Za-z]{3})?(?:\s+\d{1,2})?)?\s*;\s*"
    r"(?P<volume>[^():;\s]+" + _VOLUME_TAIL + r")?\s*"
    r"(?P<groups>(?:\([^()]*\)\s*)*)\s*:\s*(?P<pages>[^.;]*?)\s*\.?"
    r"(?:\s*doi:\s*\S+?\.?)?\s*$",
    re.IGNORECASE,
)
# APA: "Journal of Abnormal Psychology, 114(3), 123-130", "Injury, 36 Suppl 2,
# B13-26", "Front Neurol, 8 (JAN) (no pagination)(744),", "Pharmacol Res, 145,", and
# without a volume (the Cochrane Library's way): "Cochrane Database Syst Rev, (4), CD001186"
_APA = re.compile(
    r",\s*(?P<volume>\d+" + _VOLUME_TAIL + r")?\s*(?P<groups>(?:\([^()]*\)\s*)*),\s*"
    r"(?P<pages>[A-Za-z]{0,2}\d[^,()]*?)?\s*[,.]?$"
)
# Tried in this order; the first that reads a volume or pages wins.
_SOURCE_TAILS = (_EMBASE, _OVID_MEDLINE, _OVID_EMBASE, _PSYCINFO, _VANCOUVER, _APA)

# Inside the brackets after the volume: the issue, "()" where none, "(no pagination)",
# then an article number ("(e36)", "(CD009194)"), or the pages ("(pp 275-287)").
_GROUP = re.compile(r"\(([^()]*)\)")
_YEAR_LIKE = re.compile(r"^(?:1[89]|20)\d\d$")
_PAGES_LABEL = re.compile(r"^\s*(?:pp?\.?\s*|no pagination)", re.IGNORECASE)
_PAGES_GROUP = re.compile(r"^\s*pp?\b\.?", re.IGNORECASE)


class SourceLine(NamedTuple):
    journal: str
    volume: str
    issue: str
    pages: str


@functools.lru_cache(maxsize=1 << 16)
def split_source_line(journal: str) -> SourceLine | None:
    """Journal, volume, issue and pages of a journal field that holds a whole source
    line (see ``_SOURCE_TAILS``); None when the field is a plain journal name."""
    if not journal or not any(ch.isdigit() for ch in journal):
        return None
    line = _split_tail(journal)
    if line is None and "Conference:" in journal:
        # the source line first and the meeting after it: "Diabetes.67 (Suppl 1) (pp A129)
        # 2018.Conference: 78th Scientific Sessions ..."
        head, _, meeting = journal.partition("Conference:")
        inner = _split_tail(head.rstrip(". "))
        if inner is not None:
            line = inner._replace(journal=f"{inner.journal}. Conference: {meeting.strip()}")
    elif line is not None and "Conference:" in line.journal:
        # a source line, the meeting, then the meeting's own tail: "Res Pract Thromb
        # Haemost. Vol.1(Suppl 1), pp.287-288, 2017..Conference: ... .2017 (SUPPL. 1) (pp )"
        head, _, meeting = line.journal.partition("Conference:")
        inner = _split_tail(head.rstrip(". "))
        if inner is not None:
            line = SourceLine(
                f"{inner.journal}. Conference: {meeting.strip()}",
                _one_reading(inner.volume, line.volume, norm_volume),
                _one_reading(inner.issue, line.issue, norm_issue),
                _one_reading(inner.pages, line.pages, lambda v: norm_pages(v)[0]),
            )
    return line


# Embase through a reference manager: "9 (1) (no pagination)" in the volume field, the
# issue in its brackets, and the article number ("47", "e38870") in the issue field.
_UNPAGED_VOLUME = re.compile(
    r"^\s*(?P<volume>[^()\s][^()]*?)\s*(?P<groups>(?:\([^()]*\)\s*)*\(\s*no pagination\s*\))\s*$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1 << 16)
def split_unpaged_volume(volume: str) -> tuple[str, str] | None:
    """(volume, issue) of an Embase volume field that ends in '(no pagination)':
    '9 (1) (no pagination)' is volume 9, issue 1; None for any other volume field. Such
    a record's issue field holds the article number, not the issue."""
    if "pagination" not in volume:
        return None
    match = _UNPAGED_VOLUME.match(volume)
    if match is None:
        return None
    issue, _ = _read_groups(match.group("groups"))
    return match.group("volume").strip(), issue


def _one_reading(inner: str, outer: str, norm: Callable[[str], str]) -> str:
    """One field read from two source lines of one record: the value both give (or the
    one only one gives); '' (unknown, never different) when they disagree."""
    if not norm(inner):
        return outer
    if not norm(outer):
        return inner
    return inner if norm(inner) == norm(outer) else ""


def _read_groups(groups: str) -> tuple[str, str]:
    """(issue, pages) from the bracketed groups of a source line: '(2) ()(pp 275-287)',
    '(8) (no pagination)(CD009194)', '(no pagination)(e36)'. After '(no pagination)' a
    group is the article number, never the issue."""
    issue = pages = ""
    unpaged = False
    for group in _GROUP.findall(groups):
        text = group.strip()
        if not text:
            continue
        if text.casefold() == "no pagination":
            unpaged = True
        elif _PAGES_GROUP.match(text) or unpaged or issue:
            pages = pages or _PAGES_LABEL.sub("", text).strip()
        else:
            issue = text
    return issue, pages


def _split_tail(journal: str) -> SourceLine | None:
    for pattern in _SOURCE_TAILS:
        match = pattern.search(journal)
        if match is None or match.start() == 0:
            continue
        issue, pages = _read_groups(match.group("groups") or "")
        pages = _PAGES_LABEL.sub("", match.groupdict().get("pages") or "").strip() or pages
        volume = (match.group("volume") or "").strip()
        if pattern is _OVID_MEDLINE and not (volume or issue):
            continue  # "... (Bethesda, Md. : 1985). 109(3):745-51": a colon in the name
        if pattern is _APA and not (issue or pages) and _YEAR_LIKE.match(volume):
            continue  # "Proceedings of the Workshop, 2019,": a year after a comma
        if pattern is _APA and not volume and not (issue and pages):
            continue  # no volume: only an issue in brackets and then pages make a citation
        if volume or pages:
            return SourceLine(journal[: match.start()].strip(), volume, issue, pages)
    return None


# --- numbers ----------------------------------------------------------------------------

_SPREADSHEET_DATE = re.compile(r"^(\d{1,2}-[A-Za-z]{3}|[A-Za-z]{3}-\d{1,2})$")
_PAGE_PART = re.compile(r"^([A-Za-z]*)0*(\d+)")


@functools.lru_cache(maxsize=1 << 16)
def norm_pages(pages: str) -> tuple[str, str]:
    """(first page, last page): '123-9' is 123-129, 'S27' is 27, 'e0123' stays 'e123'.

    An article number keeps its letter (it is not a page and must not equal one);
    a first page the export garbled ('Suppl-10', 't-6') is unknown, not a guess.
    """
    if not pages or _SPREADSHEET_DATE.match(pages.strip()):
        return "", ""  # "01-Aug": a spreadsheet read pages 1-8 as a date
    pages = re.sub(r"^pp?\.?\s*(?=\d)", "", pages.strip(), flags=re.IGNORECASE)
    parts = [p.strip() for p in re.split(r"\s*[-–—]+\s*", pages.strip(), maxsplit=1)]
    first_match = _PAGE_PART.match(parts[0])
    first = ""
    if first_match and len(first_match.group(2)) <= 7:  # "3490000000000" is no page
        prefix = first_match.group(1).casefold()
        first = ("" if prefix in ("", "s", "p", "pp") else prefix[:1]) + first_match.group(2)
    last = ""
    if len(parts) > 1:
        last_match = _PAGE_PART.match(parts[1])
        if last_match:
            last = last_match.group(2)
            digits = first.lstrip("abcdefghijklmnopqrstuvwxyz")
            if digits and len(last) < len(digits):
                last = digits[: len(digits) - len(last)] + last
    return first, last


def pages_match(a: str, b: str) -> bool | None:
    """Equal first pages; an article number ('c1804') neither matches nor conflicts."""
    if not a or not b:
        return None
    if a == b:
        return True
    if a[0].isdigit() != b[0].isdigit():
        return None  # an article number against a page: neither says anything
    return False


_FIRST_NUMBER = re.compile(r"\d+")


# A volume field holding pages ("pp S445-S446 2009", "pp Sep-19 2019" where a spreadsheet
# read pages 9-19 as a date), "var.pagings", or the Embase
# "1)" left of "(Supplement 1)": not a volume.
_NOT_VOLUME = re.compile(r"^\s*(?:pp?(?:\.|\s|(?=\d))|var\b)|^[^(]*\)\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)
def norm_volume(value: str) -> str:
    """A volume number, or '' when the field holds something that is not a volume (a
    country, a page range, a month): unknown, never different."""
    if not value or _NOT_VOLUME.search(value):
        return ""
    return norm_number(value)


# A month (or season) where the issue belongs: "AUGUST2015", "Jul-Aug", "Spring 2019".
_DATED_ISSUE = re.compile(
    r"(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1 << 16)
def norm_issue(value: str) -> str:
    """An issue number, or '' for a spreadsheet date ('02-Mar' was issue 2-3), a month
    or season with its year ('AUGUST2015': the year is no issue), and text."""
    if not value or _SPREADSHEET_DATE.match(value.strip()) or _DATED_ISSUE.search(value):
        return ""
    return norm_number(value)


def norm_number(value: str) -> str:
    """The first run of digits of a volume or issue ('16 (1) (no pagination)' -> '16')."""
    if not value:
        return ""
    match = _FIRST_NUMBER.search(value)
    return match.group(0).lstrip("0") or "0" if match else ""


# exactly six digits: a longer number is not a review number cut short
_COCHRANE = re.compile(r"(?:14651858\.|^)(cd\d{6})(?!\d)", re.IGNORECASE)


_CLINICAL_EVIDENCE = re.compile(r"\bclin(?:ical)? evid(?:ence)?$")


def living_review(journal_key: str, title_key: str) -> str:
    """BMJ Clinical Evidence reissues each topic ('Head lice', 2009, 2011, 2015) as an
    update of one living review: its title names the review, as a CD number does."""
    if title_key and _CLINICAL_EVIDENCE.search(journal_key):
        return "clinevid:" + title_key
    return ""


# The Cochrane Database of Systematic Reviews however abbreviated ("cochr dat syst rev"),
# matched against a normalised journal key.
CDSR = re.compile(r"^cochr\w* dat\w* (?:of )?syst\w* rev")


def cochrane_review(doi: str, *fields: str) -> str:
    """The Cochrane review number ('cd005947') from its DOI, else from the first citation
    field that starts with it (pages, a source line's pages, issue, volume).

    Every version of a review (.pub2, .pub3 ...) keeps the number: one review.
    """
    for text in (doi, *(f.strip() for f in fields)):
        match = _COCHRANE.search(text) if text else None
        if match:
            return match.group(1).casefold()
    return ""


def norm_pmid(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits.lstrip("0")


_DOUBLED_PREFIX = re.compile(r"^(10\.\d{4,9}/)\1+")


# "S0092-8674(05)00555-6 [pii];10.1016/j.cell.2005.05.031 [doi]": MEDLINE's AID field
_PLAIN_DOI = re.compile(r"10\.\d{4,9}/[^\sA-Z%\[\]]*[^\sA-Z%\[\].,;]$")
_LABELLED_DOI = re.compile(r"(\S+)\s*\[doi\]", re.IGNORECASE)


def norm_doi(value: str) -> str:
    """Lower-case bare DOI; URL prefixes dropped; the one labelled [doi] among several
    labelled identifiers, else the first of several DOIs."""
    if not value:
        return ""
    if value[:3] == "10." and _PLAIN_DOI.match(value) and "/10." not in value:
        return value  # already bare and folded (most adapters store it so): the common case
    if "%" in value:
        value = urllib.parse.unquote(value)  # "s0735-1097%2811%2961011-5"
    if "[" in value:
        labelled = _LABELLED_DOI.search(value)
        if labelled:
            value = labelled.group(1)
            # "[pii];10.1002/...<164::AID-AJIM7>3.0.CO;2-2": from the DOI on, whole (a
            # SICI DOI holds brackets and a semicolon)
            start = value.find("10.")
            value = value[start:] if start >= 0 else value.lstrip(";")
    doi = normalise_doi(value)
    if doi:
        # "10.3779/10.3779/j.issn...": the registrant typed twice
        return _DOUBLED_PREFIX.sub(r"\1", doi)
    return doi_in_text(value).rstrip(".,;").casefold()
