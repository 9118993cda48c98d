"""Stopping rules: the hypergeometric test against values computed by hand (exact
binomial coefficients, no scipy), and the heuristics on sequences written out."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prisma.screening.stopping import (
    Sequence01,
    StopSettings,
    hidden_for_target,
    more_needed,
    p_missed_at_least,
    p_value,
    recall_bounds,
    verdict,
)


def hyper_cdf(k: int, pop: int, hits: int, draws: int) -> float:
    """P(X <= k) drawing ``draws`` from ``pop`` holding ``hits`` relevant, by counting."""
    if hits > pop:
        return 0.0
    total = comb(pop, draws)
    return sum(comb(hits, i) * comb(pop - hits, draws - i) for i in range(k + 1)) / total


def reference_p(labels: list[int], total: int, missed: int) -> float:
    """Callaghan & Müller-Hansen's p written the slow way: every tail of the sequence as
    the urn, the unscreened records beside it."""
    best = 1.0
    n_seen = len(labels)
    for size in range(1, n_seen + 1):
        tail = labels[n_seen - size :]
        found = sum(tail)
        best = min(best, hyper_cdf(found, total - n_seen + size, found + missed, size))
    return best


def seq(labels: list[int]) -> Sequence01:
    return Sequence01(np.array(labels, dtype=np.int64))


def test_p_value_by_hand():  # type: ignore[no-untyped-def]
    # 10 records, 4 screened (1, 1, 0, 0), target 0.5: recall < 0.5 means 3+ hidden.
    # Tail of 2 (no relevant) among 8 with 3 relevant: C(5,2)/C(8,2) = 10/28, the
    # smallest of 4/7, 10/28, 50/84 and 155/210.
    assert hidden_for_target(2, 0.5) == 3
    assert p_value(seq([1, 1, 0, 0]), 10, 0.5) == pytest.approx(10 / 28)
    assert p_missed_at_least(seq([1, 1, 0, 0]), 10, 3) == pytest.approx(10 / 28)


def test_hidden_for_target_is_exact_at_the_boundary():  # type: ignore[no-untyped-def]
    # 19 found: 1 missed gives 19/20 = 0.95, which meets the target; 2 missed do not.
    assert hidden_for_target(19, 0.95) == 2
    assert hidden_for_target(20, 0.95) == 2
    assert hidden_for_target(0, 0.95) == 1  # with nothing found, one miss fails it
    assert hidden_for_target(100, 0.95) == 6  # 100/105 meets 0.95, 100/106 does not


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 1), min_size=1, max_size=25),
    st.integers(0, 15),
    st.integers(1, 6),
)
def test_vectorised_p_equals_the_slow_reference(labels, unscreened, missed):  # type: ignore[no-untyped-def]
    total = len(labels) + unscreened
    expected = 0.0 if missed > unscreened else reference_p(labels, total, missed)
    assert p_missed_at_least(seq(labels), total, missed) == pytest.approx(expected, abs=1e-12)


def test_nothing_left_unscreened_means_stop():  # type: ignore[no-untyped-def]
    said = verdict(seq([1, 0, 1, 0]), 4, StopSettings())
    assert said.stop and said.p_value == 0.0 and said.more == 0
    assert said.recall_low == 1.0


def test_a_batch_is_read_in_its_worst_order():  # type: ignore[no-untyped-def]
    s = Sequence01.from_batches([[1, 0], [0, 1, 0], [], [0, 0]])
    assert s.labels.tolist() == [0, 1, 0, 0, 1, 0, 0]
    assert s.batch_starts == (0, 2, 5)
    assert s.tail_run() == 2


def test_more_needed_is_the_exact_count():  # type: ignore[no-untyped-def]
    base = [1, 1, 0, 1, 0, 1] + [0] * 20
    total, target, alpha = 400, 0.8, 0.05
    more = more_needed(seq(base), total, target, alpha)
    assert more > 0
    missed = hidden_for_target(4, target)
    assert p_missed_at_least(seq(base + [0] * more), total, missed) < alpha
    assert p_missed_at_least(seq(base + [0] * (more - 1)), total, missed) >= alpha


def test_recall_bounds_are_ordered_and_tighten():  # type: ignore[no-untyped-def]
    labels = [1] * 10 + [0] * 50
    estimate, low = recall_bounds(seq(labels), 300, 0.95)
    assert 0 < low <= estimate <= 1
    _, low_later = recall_bounds(seq(labels + [0] * 150), 300, 0.95)
    assert low_later > low


def test_hypergeometric_verdict_and_random_sample_request():  # type: ignore[no-untyped-def]
    rule = StopSettings(run=20)
    early = verdict(Sequence01.from_batches([[1, 1, 0, 1, 0], [0] * 25]), 1000, rule)
    assert not early.stop and early.wants_random_sample  # a dry run of 25 >= 20
    assert early.p_value is not None and early.p_value >= 0.05
    assert "not below" in early.detail
    late = verdict(seq([1] * 30 + [0] * 940), 1000, StopSettings())
    assert late.stop and late.p_value is not None and late.p_value < 0.05
    assert not late.wants_random_sample


def test_consecutive_rule():  # type: ignore[no-untyped-def]
    rule = StopSettings("consecutive", run=5)
    assert not verdict(seq([1, 0, 0, 0, 0]), 100, rule).stop
    said = verdict(seq([1, 0, 0, 0, 0]), 100, rule)
    assert said.more == 1 and said.p_value is None
    assert verdict(seq([1, 0, 0, 0, 0, 0]), 100, rule).stop
    assert verdict(seq([0, 1]), 2, rule).stop  # nothing left


def test_safe_needs_every_phase_a_condition_then_a_run_after_the_switch():  # type: ignore[no-untyped-def]
    rule = StopSettings("safe", run=5)
    # Random start of 10 with 2 relevant predicts 20 of 100 relevant: 40 must be screened.
    start = [1, 1] + [0] * 8
    short = Sequence01(np.array(start + [1] * 5 + [0] * 10), random_start=10)
    assert verdict(short, 100, rule).evidence["phase_a_met"] == 0  # 25 < 40
    long = Sequence01(np.array(start + [1] * 5 + [0] * 30), random_start=10)
    assert verdict(long, 100, rule).evidence["phase_a_met"] == 1
    assert not verdict(long, 100, rule).stop  # phase F has not begun
    switched = Sequence01(
        np.array(start + [1] * 5 + [0] * 30 + [0, 1, 0, 0]), random_start=10, switched_at=45
    )
    said = verdict(switched, 100, rule)
    assert not said.stop and said.more == 3
    done = Sequence01(
        np.array(start + [1] * 5 + [0] * 30 + [0, 1] + [0] * 5), random_start=10, switched_at=45
    )
    assert verdict(done, 100, rule).stop


def test_settings_are_checked():  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown stopping rule"):
        StopSettings("hunch")
    with pytest.raises(ValueError, match="target recall"):
        StopSettings(recall=1.0)
    with pytest.raises(ValueError, match="confidence"):
        StopSettings(confidence=0)
