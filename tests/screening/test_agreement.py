"""Cohen's kappa and PABAK against values worked out by hand."""

from __future__ import annotations

import pytest

from prisma.decisions.ledger import Decision
from prisma.screening.agreement import Table2x2, agreement, cohen_kappa, pabak, tabulate

INC, EXC, MAY, NRT = Decision.INCLUDE, Decision.EXCLUDE, Decision.MAYBE, Decision.NOT_RETRIEVED


def test_rare_includes_by_hand():  # type: ignore[no-untyped-def]
    # a=2 both include, b=3, c=1, d=44; n=50.
    # po = 46/50 = 0.92; pe = (5*3 + 45*47)/2500 = 2130/2500 = 0.852
    # kappa = (0.92-0.852)/(1-0.852) = 0.068/0.148 = 0.459459...; PABAK = 2*0.92-1 = 0.84
    table = Table2x2(2, 3, 1, 44)
    assert cohen_kappa(table) == pytest.approx(0.068 / 0.148)
    assert pabak(table) == pytest.approx(0.84)


def test_balanced_table_by_hand():  # type: ignore[no-untyped-def]
    # a=20, b=5, c=10, d=15: po = 0.7, pe = (25*30 + 25*20)/2500 = 0.5, kappa = 0.4
    table = Table2x2(20, 5, 10, 15)
    assert cohen_kappa(table) == pytest.approx(0.4)
    assert pabak(table) == pytest.approx(0.4)


def test_tabulate_counts_maybe_as_include():  # type: ignore[no-untyped-def]
    pairs = [(INC, MAY), (MAY, MAY), (INC, EXC), (EXC, MAY), (NRT, EXC), (EXC, EXC)]
    assert tabulate(pairs) == Table2x2(a=2, b=1, c=1, d=2)
    result = agreement("ann", "bob", pairs)
    assert result.n == 6 and result.observed == pytest.approx(4 / 6)
    # pe = (3*3 + 3*3)/36 = 0.5 -> kappa = (2/3 - 1/2)/(1/2) = 1/3
    assert result.kappa == pytest.approx(1 / 3)
    assert result.pabak == pytest.approx(1 / 3)


def test_undefined_kappa_when_everyone_excludes():  # type: ignore[no-untyped-def]
    table = Table2x2(0, 0, 0, 12)
    assert cohen_kappa(table) is None  # chance agreement is 1
    assert pabak(table) == 1.0
    assert cohen_kappa(Table2x2(0, 0, 0, 0)) is None and pabak(Table2x2(0, 0, 0, 0)) is None
