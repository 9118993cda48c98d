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


def merge_study(members: Sequence[Record], order: Mapping[str, Hashable] | None = None) -> Study:
    key = order_key(order)
    ordered = sorted(members, key=lambda r: key(r.id))
    representative = max(ordered, key=lambda r: (_filled(r), -ordered.index(r)))
    fields: dict[str, str] = {}
    sources: dict[str, str] = {}
    for name in FIELDS:
        value = _value(representative, name)
        if value and name not in representative.truncated:
            fields[name] = value
            continue
        # the longest complete value among the others (titles and abstracts get cut)
        donors = [r for r in ordered if _value(r, name) and name not in r.truncated]
        if donors:
            donor = max(donors, key=lambda r: (len(_value(r, name)), -ordered.index(r)))
            fields[name] = _value(donor, name)
            if donor.id != representative.id:
                sources[name] = donor.id
        else:
            fields[name] = value
    return Study(
        id=study_id([r.id for r in members], order),
        members=tuple(r.id for r in ordered),
        representative=representative.id,
        fields=fields,
        sources=sources,
    )
