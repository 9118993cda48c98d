"""Agreement between two screeners before resolution: Cohen's kappa and PABAK.

Binary: "include" and "maybe" both count as include (they both send a study on,
as Covidence counts them); "exclude" and "not_retrieved" count as not included.
With rare includes kappa can be low while agreement is high, so both are given,
with the number of studies they rest on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from prisma.decisions.ledger import Decision

RULE = "maybe counts as include; exclude and not_retrieved as not included"


@dataclass(frozen=True)
class Table2x2:
    """a: both include; b: first includes, second not; c: first not, second includes; d: both not."""

    a: int
    b: int
    c: int
    d: int

    @property
    def n(self) -> int:
        return self.a + self.b + self.c + self.d


@dataclass(frozen=True)
class Agreement:
    first: str
    second: str
    table: Table2x2
    observed: float | None  # po
    kappa: float | None  # None when chance agreement is 1 (both rated one class only)
    pabak: float | None

    @property
    def n(self) -> int:
        return self.table.n


def observed_agreement(t: Table2x2) -> float | None:
    return (t.a + t.d) / t.n if t.n else None


def cohen_kappa(t: Table2x2) -> float | None:
    if not t.n:
        return None
    po = (t.a + t.d) / t.n
    pe = ((t.a + t.b) * (t.a + t.c) + (t.c + t.d) * (t.b + t.d)) / t.n**2
    return None if pe == 1 else (po - pe) / (1 - pe)


def pabak(t: Table2x2) -> float | None:
    po = observed_agreement(t)
    return None if po is None else 2 * po - 1


def includes(decision: Decision) -> bool:
    return decision in (Decision.INCLUDE, Decision.MAYBE)


def tabulate(pairs: Iterable[tuple[Decision, Decision]]) -> Table2x2:
    a = b = c = d = 0
    for first, second in pairs:
        x, y = includes(first), includes(second)
        if x and y:
            a += 1
        elif x:
            b += 1
        elif y:
            c += 1
        else:
            d += 1
    return Table2x2(a, b, c, d)


def agreement(first: str, second: str, pairs: Iterable[tuple[Decision, Decision]]) -> Agreement:
    table = tabulate(pairs)
    return Agreement(
        first, second, table, observed_agreement(table), cohen_kappa(table), pabak(table)
    )


@dataclass(frozen=True)
class Nominal:
    """Agreement of two raters on a nominal scale (any number of categories)."""

    n: int
    observed: float | None
    kappa: float | None  # None when chance agreement is 1 (one category only)


def nominal_agreement(pairs: Iterable[tuple[str, str]]) -> Nominal:
    """Cohen's kappa for two raters over categories, from (first, second) pairs."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return Nominal(0, None, None)
    po = sum(1 for a, b in pairs if a == b) / n
    first: dict[str, int] = {}
    second: dict[str, int] = {}
    for a, b in pairs:
        first[a] = first.get(a, 0) + 1
        second[b] = second.get(b, 0) + 1
    pe = sum(first[c] * second.get(c, 0) for c in first) / n**2
    return Nominal(n, po, None if pe == 1 else (po - pe) / (1 - pe))
