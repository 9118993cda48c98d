"""A Cochrane review number that one version of a review lost, read from its twin.

An export that drops the DOI and writes a month into the pages leaves a Cochrane
review without its CD number. Another record of the same set, with the same title,
lead author and year in the Cochrane Library, is that version exported by another
database and still carries the number. Lending the number to the bare record lets
``rules.same_review`` join it to the review's other versions (whose titles and years
differ) instead of a year apart splitting the review in two.
"""

from __future__ import annotations

from collections.abc import Sequence

from prisma.dedup.normalise.citation import CDSR
from prisma.dedup.normalise.keys import Keys


def _version(k: Keys) -> tuple[str, str, int] | None:
    if not (k.title and k.first_author and k.year) or not CDSR.match(k.journal):
        return None
    return k.title, k.first_author, k.year


def lend_review_numbers(keys: Sequence[Keys]) -> list[Keys] | None:
    """The keys with each bare Cochrane version given the review number of the records
    of the same title, lead author and year (when they all give one number); None
    when no record needed one."""
    numbers: dict[tuple[str, str, int], set[str]] = {}
    for k in keys:
        version = _version(k)
        if version is not None and k.review:
            numbers.setdefault(version, set()).add(k.review)
    if not numbers:
        return None
    lent = list(keys)
    changed = False
    for position, k in enumerate(keys):
        if k.review:
            continue
        version = _version(k)
        found = numbers.get(version) if version is not None else None
        if found is not None and len(found) == 1:
            lent[position] = k._replace(review=next(iter(found)))
            changed = True
    return lent if changed else None
