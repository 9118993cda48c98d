"""Agreement between two extractors, per field, before the arbiter settles (pure).

For each field: the studies both extractors gave a value for, the share of identical
(canonical) values, and for choice fields Cohen's kappa over the choices (several
choices count as one category: the whole set). Free text and numbers get only the
observed share; kappa needs a closed list of categories.
"""

from __future__ import annotations

from dataclasses import dataclass

from prisma.decisions.ledger import Role
from prisma.decisions.settle import latest_by_screener
from prisma.extraction.settle import Extraction
from prisma.form import FieldType
from prisma.screening.agreement import Nominal, nominal_agreement


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    first: str
    second: str
    result: Nominal
    kappa_applies: bool


def field_agreement(extraction: Extraction, first: str, second: str) -> list[FieldAgreement]:
    out = []
    for field in extraction.form.fields:
        pairs = []
        for study in extraction.included:
            latest = latest_by_screener(extraction.entries.get((study, field.name), ()))
            a = latest.get((Role.SCREENER, first))
            b = latest.get((Role.SCREENER, second))
            if a is not None and b is not None:
                pairs.append((a.value, b.value))
        result = nominal_agreement(pairs)
        kappa = field.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE)
        if not kappa:
            result = Nominal(result.n, result.observed, None)
        out.append(FieldAgreement(field.name, first, second, result, kappa))
    return out
