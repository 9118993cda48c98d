"""Which value of each field of each study stands (pure).

Per field the rules of screening hold (``prisma.decisions.settle``): each person's
latest value counts, the arbiter's latest value overrides, and otherwise the field is
settled when ``required`` extractors gave the same value. Values are canonical
(``form.parse_value``), so "ct; MRI" and "MRI;CT" agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from prisma.decisions.extraction import ExtractionEntry
from prisma.decisions.ledger import Role
from prisma.decisions.settle import Status, latest_by_screener
from prisma.form import Form


@dataclass(frozen=True)
class FieldSettled:
    status: Status
    value: str = ""
    role: Role | None = None
    values: tuple[tuple[str, str], ...] = ()  # (extractor, latest value), by name


def settle_field(entries: Iterable[ExtractionEntry], required: int) -> FieldSettled:
    latest = latest_by_screener(entries)
    if not latest:
        return FieldSettled(Status.NONE)
    values = tuple(
        sorted((name, e.value) for (role, name), e in latest.items() if role is Role.SCREENER)
    )
    arbiters = [e for (role, _), e in latest.items() if role is Role.ARBITER]
    if arbiters:
        final = max(arbiters, key=lambda e: e.time)
        return FieldSettled(Status.SETTLED, final.value, Role.ARBITER, values)
    distinct = {v for _, v in values}
    if len(distinct) > 1:
        return FieldSettled(Status.CONFLICT, values=values)
    if len(values) < required:
        return FieldSettled(Status.PARTIAL, values=values)
    return FieldSettled(Status.SETTLED, values[0][1], Role.SCREENER, values)


@dataclass
class Extraction:
    """The extraction of a review: every (study, field) settled, and who said what."""

    form: Form
    included: tuple[str, ...]  # study ids, sorted
    entries: dict[tuple[str, str], list[ExtractionEntry]]  # (study, field) -> ledger order
    settled: dict[tuple[str, str], FieldSettled] = field(default_factory=dict)
    unknown_records: tuple[ExtractionEntry, ...] = ()  # name no record of any search

    @property
    def extracted(self) -> list[str]:
        """Studies with any value in the ledger (included or not), sorted."""
        return sorted({study for study, _ in self.entries})

    def value(self, study: str, name: str) -> FieldSettled:
        return self.settled.get((study, name), UNSETTLED)

    def study_status(self, study: str) -> Status:
        states = [self.value(study, f.name).status for f in self.form.fields]
        if all(s is Status.SETTLED for s in states):
            return Status.SETTLED
        if any(s is Status.CONFLICT for s in states):
            return Status.CONFLICT
        if any(s is not Status.NONE for s in states):
            return Status.PARTIAL
        return Status.NONE

    def given_by(self, study: str, extractor: str, role: Role = Role.SCREENER) -> set[str]:
        """Fields of a study this person has given a value for."""
        return {
            name
            for name in self.form.names
            if (role, extractor) in latest_by_screener(self.entries.get((study, name), ()))
        }

    @property
    def complete(self) -> list[str]:
        """Included studies whose every field is settled: the rows of the tables."""
        return [s for s in self.included if self.study_status(s) is Status.SETTLED]

    @property
    def left(self) -> list[str]:
        """Studies with extraction that are no longer (or never were) included."""
        included = set(self.included)
        return [s for s in self.extracted if s not in included]


UNSETTLED = FieldSettled(Status.NONE)


def build_extraction(
    form: Form,
    included: Iterable[str],
    ledger: Iterable[ExtractionEntry],
    study_of: Mapping[str, str],
) -> Extraction:
    grouped: dict[tuple[str, str], list[ExtractionEntry]] = defaultdict(list)
    unknown = []
    for entry in ledger:
        study = study_of.get(entry.record_id)
        if study is None:
            unknown.append(entry)
            continue
        grouped[(study, entry.field)].append(entry)
    result = Extraction(form, tuple(sorted(included)), dict(grouped), {}, tuple(unknown))
    for key, entries in grouped.items():
        result.settled[key] = settle_field(entries, form.required)
    return result
