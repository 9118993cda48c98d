"""Short in-text references as the seed review prints them: ``Banerjee et al., 2021``.

One author: ``Li, 2022``; two: ``Trayanova and Prakosa, 2024``; three or more: the
first author's surname and "et al.". The year is the latest year any member record
of the study gives: an e-pub ahead of print carries the year before the issue's, and
citations use the issue's. Different studies that would read the same get ``a``,
``b``, ... in title order (``Ahmadian et al., 2022a`` / ``2022b``), as APA does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from prisma.records import fold, surname
from prisma.state import ReviewState


def author_part(authors: Iterable[str]) -> str:
    names = [surname(a) for a in authors if a.strip()]
    names = [n for n in names if n]
    if not names:
        return "Anonymous"
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def citation_year(state: ReviewState, study: str) -> int | None:
    by_id = state.by_id()
    years = [by_id[rid].record.year for rid in state.members[study]]
    known = [y for y in years if y]
    return max(known) if known else None


def reference_labels(state: ReviewState, studies: Iterable[str]) -> dict[str, str]:
    """Study id -> its short reference, unambiguous among ``studies``."""
    base: dict[str, str] = {}
    titles: dict[str, str] = {}
    for study in studies:
        record = state.study_record(study)
        year = citation_year(state, study)
        base[study] = f"{author_part(record.authors)}, {year if year else 'n.d.'}"
        titles[study] = fold(record.title)
    same: dict[str, list[str]] = defaultdict(list)
    for study, label in base.items():
        same[label].append(study)
    labels = dict(base)
    for label, group in same.items():
        if len(group) < 2:
            continue
        for index, study in enumerate(sorted(group, key=lambda s: (titles[s], s))):
            labels[study] = label + _suffix(index)
    return labels


def _suffix(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = letters[rest] + out
    return out
