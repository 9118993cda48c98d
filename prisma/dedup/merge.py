"""One representative per study: the most complete fields, and where each came from."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from prisma.records import Record

# The fields a study row carries, in output order.
FIELDS = (
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "abstract",
    "type",
    "url",
)


def order_key(order: Mapping[str, Hashable] | None) -> Callable[[str], tuple]:
    """Sort key of record ids: the caller's (date, id) first, then the id itself."""
    order = order or {}
    return lambda rid: (0, order[rid], rid) if rid in order else (1, "", rid)


def study_id(members: Sequence[str], order: Mapping[str, Hashable] | None = None) -> str:
    """The id of the earliest-identified member (by ``order``, then record id)."""
    return min(members, key=order_key(order))


def _value(record: Record, name: str) -> str:
    value = getattr(record, name)
    if name == "authors":
        return " and ".join(value)
    if value is None:
        return ""
    return str(value)


def _filled(record: Record) -> int:
    return sum(1 for name in FIELDS if _value(record, name) and name not in record.truncated)


@dataclass(frozen=True)
class Study:
    id: str
    members: tuple[str, ...]  # in identification order
    representative: str  # the member with the most complete fields
    fields: dict[str, str]
    sources: dict[str, str]  # field -> member id it was taken from (when not the representative)


def merge_record(
    members: Sequence[Record], order: Mapping[str, Hashable] | None = None
) -> tuple[Record, dict[str, str]]:
    """The study's record: its most complete member, each empty or cut-short field taken
    from the member with the longest complete value; and field -> the member it came from.

    The one rule for what a study shows: ``studies.csv`` and the screening hand-outs
    both come from here.
    """
    if len(members) == 1:
        return members[0], {}
    key = order_key(order)
    ordered = sorted(members, key=lambda r: key(r.id))
    representative = max(ordered, key=lambda r: (_filled(r), -ordered.index(r)))
    changes: dict[str, object] = {}
    sources: dict[str, str] = {}
    for name in FIELDS:
        if _value(representative, name) and name not in representative.truncated:
            continue
        # the longest complete value among the others (titles and abstracts get cut)
        donors = [r for r in ordered if _value(r, name) and name not in r.truncated]
        if donors:
            donor = max(donors, key=lambda r: (len(_value(r, name)), -ordered.index(r)))
            changes[name] = getattr(donor, name)
            sources[name] = donor.id
    if not changes:
        return representative, sources
    truncated = representative.truncated - changes.keys()
    return representative.with_(**changes, truncated=truncated), sources


def merge_study(members: Sequence[Record], order: Mapping[str, Hashable] | None = None) -> Study:
    record, sources = merge_record(members, order)
    key = order_key(order)
    return Study(
        id=study_id([r.id for r in members], order),
        members=tuple(sorted((r.id for r in members), key=key)),
        representative=record.id,
        fields={name: _value(record, name) for name in FIELDS},
        sources=sources,
    )
