"""``extract status``: per extractor what was handed out, returned and awaits; conflicts;
agreement per field; studies whose extraction left the included set (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from prisma.decisions.ledger import Role
from prisma.decisions.settle import Status
from prisma.extraction.agreement import FieldAgreement, field_agreement
from prisma.extraction.queue import awaiting, conflicts
from prisma.extraction.settle import Extraction


@dataclass(frozen=True)
class PersonStatus:
    name: str
    role: Role
    returned: int  # included studies with any value of theirs
    awaiting: int


@dataclass(frozen=True)
class ExtractionStatus:
    included: int
    settled: int
    in_conflict: int  # studies with a field in conflict
    conflict_fields: int  # (study, field) pairs in conflict
    not_started: int
    people: tuple[PersonStatus, ...]
    agreement: tuple[FieldAgreement, ...]
    left: tuple[str, ...]  # extracted studies no longer included


def extraction_status(extraction: Extraction) -> ExtractionStatus:
    form = extraction.form
    people = []
    for name in form.extractors:
        returned = sum(1 for s in extraction.included if extraction.given_by(s, name))
        people.append(PersonStatus(name, Role.SCREENER, returned, len(awaiting(extraction, name))))
    pairs = conflicts(extraction)
    if form.arbiter:
        returned = sum(
            1 for s in extraction.included if extraction.given_by(s, form.arbiter, Role.ARBITER)
        )
        people.append(
            PersonStatus(form.arbiter, Role.ARBITER, returned, len({s for s, _ in pairs}))
        )
    statuses = [extraction.study_status(s) for s in extraction.included]
    agreement: list[FieldAgreement] = []
    if len(form.extractors) >= 2:
        agreement = field_agreement(extraction, form.extractors[0], form.extractors[1])
    return ExtractionStatus(
        len(extraction.included),
        statuses.count(Status.SETTLED),
        statuses.count(Status.CONFLICT),
        len(pairs),
        statuses.count(Status.NONE),
        tuple(people),
        tuple(agreement),
        tuple(extraction.left),
    )


def format_status(status: ExtractionStatus) -> str:
    lines = [
        f"extraction: {status.included} included studies, {status.settled} settled, "
        f"{status.in_conflict} in conflict ({status.conflict_fields} field(s)), "
        f"{status.not_started} not extracted by anyone"
    ]
    for person in status.people:
        word = "arbiter" if person.role is Role.ARBITER else "extractor"
        lines.append(
            f"  {word} {person.name}: returned {person.returned}, awaiting {person.awaiting}"
        )
    if status.agreement:
        first = status.agreement[0]
        lines.append(f"  agreement {first.first} vs {first.second} per field (before the arbiter):")
        for item in status.agreement:
            r = item.result
            observed = "-" if r.observed is None else f"{r.observed:.3f}"
            kappa = (
                ""
                if not item.kappa_applies
                else (", kappa -" if r.kappa is None else f", kappa {r.kappa:.3f}")
            )
            lines.append(f"    {item.field:<24} n={r.n:<4} observed {observed}{kappa}")
    if status.left:
        lines.append(
            f"  {len(status.left)} extracted stud{'y is' if len(status.left) == 1 else 'ies are'}"
            " no longer included (kept in the ledger, left out of the tables): "
            + ", ".join(status.left)
        )
    return "\n".join(lines)
