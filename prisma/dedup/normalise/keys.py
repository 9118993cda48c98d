"""One record's matching keys, built from the field normalisers."""

from __future__ import annotations

from typing import NamedTuple

from prisma.dedup.normalise.authors import author_key, norm_authors
from prisma.dedup.normalise.citation import (
    _FIRST_NUMBER,
    cochrane_review,
    living_review,
    norm_doi,
    norm_issue,
    norm_pages,
    norm_pmid,
    norm_volume,
    split_source_line,
    split_unpaged_volume,
)
from prisma.dedup.normalise.journal import in_supplement, is_conference, norm_journal
from prisma.dedup.normalise.title import norm_title, numbers_of_title, title_kinds
from prisma.records import Record


class Keys(NamedTuple):
    """One record's matching keys (a named tuple: a million are built and pickled)."""

    id: str
    doi: str
    pmid: str
    title: str  # normalised title, words single-spaced
    title_numbers: tuple[int, ...]
    kinds: frozenset[str]
    title_truncated: bool
    authors: str  # surnames, space-separated
    first_author: str
    initials: str  # initials of the first author
    n_authors: int
    year: int | None
    journal: str
    conference: bool
    volume: str
    issue: str
    numbers: frozenset[str]  # every number in volume and issue: garbled exports swap them
    first_page: str
    last_page: str
    review: str = ""  # Cochrane review number, shared by its versions
    supplement: bool = False  # printed in a supplement (where meeting abstracts go)
    # the file's issue column holds record numbers (``columns``): issue '' as unknown
    issue_numbered: bool = False


def record_keys(record: Record) -> Keys:
    title = norm_title(record.title)
    authors = norm_authors(record.authors)
    doi = norm_doi(record.doi)
    volume_text, issue_text, pages_text = record.volume, record.issue, record.pages
    line = split_source_line(record.journal)
    if line is None:
        journal = norm_journal(record.journal)
    else:
        # the source line's numbers are the article's; the record's own fields often hold
        # something else (the year, "(no pagination)", the pages)
        journal = norm_journal(line.journal)
        volume_text = line.volume or volume_text
        issue_text = line.issue or issue_text
        pages_text = line.pages or pages_text
    unpaged = split_unpaged_volume(volume_text)
    if unpaged is not None:
        # "9 (1) (no pagination)" with the article number in the issue field
        if not norm_pages(pages_text)[0]:
            pages_text = issue_text
        volume_text, issue_text = unpaged
    first, last = norm_pages(pages_text)
    volume, issue = norm_volume(volume_text), norm_issue(issue_text)
    numbers_text = f"{volume_text if volume else ''} {issue_text if issue else ''}"
    return Keys(
        id=record.id,
        doi=doi,
        pmid=norm_pmid(record.pmid),
        title=title,
        title_numbers=numbers_of_title(record.title, title),
        kinds=title_kinds(record.title),
        title_truncated="title" in record.truncated,
        authors=author_key(authors),
        first_author=authors[0][0] if authors else "",
        initials=authors[0][1] if authors else "",
        n_authors=len(authors),
        year=_year(record.year, issue),
        journal=journal,
        conference=is_conference(record.type, journal),
        supplement=in_supplement(volume_text, issue_text, pages_text),
        volume=volume,
        issue=issue,
        numbers=frozenset(n.lstrip("0") or "0" for n in _FIRST_NUMBER.findall(numbers_text)),
        first_page=first,
        last_page=last,
        # the number in an Ovid line ("(9):CD009194") or in the issue or volume field
        review=cochrane_review(doi, record.pages, pages_text, issue_text, volume_text)
        or living_review(journal, title),
    )


def _year(year: int | None, issue: str) -> int | None:
    """The year, or None where the column holds something else: a "year" before 1800 in
    a modern export, or one equal to the record's own issue number (Proc Biol Sci 285
    (1885) exported with year 1885: the issue in the wrong column)."""
    if year is None or year < 1800 or str(year) == issue:
        return None
    return year
