"""Matching keys: each field of a Record reduced to the form two sources agree on.

Every function here is pure and total: any string in, a key out ('' / () / None when
the field says nothing). These keys are for comparison only; the merged study keeps
the fields as a source wrote them.

One module per field family, each depending only on those before it:
``text`` <- ``title`` / ``authors`` / ``journal``; ``citation`` (volume, issue, pages,
PMID, DOI, a citation in the journal field); ``keys`` builds a record's ``Keys`` from
them all. Two read across records: ``columns`` what a whole file's column says (record
numbers where the issue belongs), ``reviews`` a Cochrane number one version of a review
lends another. Importers use this package, not its modules.
"""

from __future__ import annotations

from prisma.dedup.normalise.authors import (
    MAX_AUTHORS,
    author_key,
    matching_names,
    norm_authors,
    parse_author,
)
from prisma.dedup.normalise.citation import (
    CDSR,
    SourceLine,
    cochrane_review,
    living_review,
    norm_doi,
    norm_issue,
    norm_number,
    norm_pages,
    norm_pmid,
    norm_volume,
    pages_match,
    split_source_line,
)
from prisma.dedup.normalise.columns import numbered_issues, record_number_files
from prisma.dedup.normalise.journal import (
    in_supplement,
    is_conference,
    journal_tokens,
    journals_compatible,
    norm_journal,
)
from prisma.dedup.normalise.keys import Keys, record_keys
from prisma.dedup.normalise.reviews import lend_review_numbers
from prisma.dedup.normalise.text import ascii_fold, strip_markup, words
from prisma.dedup.normalise.title import (
    norm_title,
    numbers_of_title,
    strip_language_tag,
    strip_notes,
    title_kinds,
    title_numbers,
)

__all__ = [
    "CDSR",
    "MAX_AUTHORS",
    "Keys",
    "SourceLine",
    "ascii_fold",
    "author_key",
    "cochrane_review",
    "in_supplement",
    "is_conference",
    "journal_tokens",
    "journals_compatible",
    "lend_review_numbers",
    "living_review",
    "matching_names",
    "norm_authors",
    "norm_doi",
    "norm_issue",
    "norm_journal",
    "norm_number",
    "norm_pages",
    "norm_pmid",
    "norm_title",
    "norm_volume",
    "numbered_issues",
    "numbers_of_title",
    "pages_match",
    "parse_author",
    "record_keys",
    "record_number_files",
    "split_source_line",
    "strip_language_tag",
    "strip_markup",
    "strip_notes",
    "title_kinds",
    "title_numbers",
    "words",
]
