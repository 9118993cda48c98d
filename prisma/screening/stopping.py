"""Stopping rules for prioritised screening: may the team stop before screening everything?

Every rule reads the same evidence, the screening sequence (the relevant/irrelevant
verdicts in the order they were made, in batches), and the number of records that
reach the stage, and returns a :class:`Verdict`. Pure functions; numpy and scipy only.

Rules (``RULES``):

``hypergeometric``
    Callaghan & Müller-Hansen (2020), "Statistical stopping criteria for automated
    screening in systematic reviews", Systematic Reviews 9:273,
    doi:10.1186/s13643-020-01521-4. H0: recall is below the target. If recall were
    below the target with ``r`` relevant records found, at least
    ``K = floor(r / target) + 1 - r`` relevant records would be among the unscreened
    ones. The last ``n`` records screened are treated as a sample drawn from
    themselves plus the unscreened remainder; the chance of seeing as few relevant
    records as were seen in them, if ``K`` more were hidden there, is a hypergeometric
    tail. It is exact for a random sample of the remainder and conservative for records
    handed out in relevance order as long as the model ranks better than chance (the
    paper's "ranked quasi-sampling"). The p-value is the smallest over all ``n``, as in
    the authors' package ``buscarpy`` (MIT; ``calculate_h0``), which this follows.
    The team may stop when p < 1 - confidence. Records are only known to be in a batch,
    not in which order within it they were read, so each batch is taken in its worst
    order (its relevant records last).

``safe``
    Boetje & van de Schoot (2024), "The SAFE procedure: a practical stopping heuristic
    for active learning-based screening in systematic reviews and meta-analyses",
    Systematic Reviews 13:81, doi:10.1186/s13643-024-02502-7. A heuristic: after a
    random start (S), screen in relevance order (A) until at least 10% of the records
    and at least twice the number of relevant records the random start predicts have
    been screened and the last 50 records held no relevant one; then switch to a
    different model (F) and stop after another 50 irrelevant records in a row. The
    paper's key-paper check and its quality evaluation (E) are a person's job and not
    tested here. No recall guarantee.

``consecutive``
    "Stop after N irrelevant records in a row" (default 50), the heuristic most
    teams use today; no recall guarantee (compared in Callaghan & Müller-Hansen 2020).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from prisma.config import STOP_RULES as RULES
from prisma.config import StopSettings

__all__ = ["RULES", "StopSettings", "Sequence01", "Verdict", "verdict"]
SAFE_RANDOM_SHARE = 0.01  # SAFE phase S: screen 1% at random first
SAFE_MIN_SHARE = 0.10  # SAFE phase A: at least 10% of the records screened


@dataclass(frozen=True)
class Sequence01:
    """The screening sequence: one 0/1 per screened record, in order, and where each
    batch starts. ``random_start`` counts the leading records drawn at random (SAFE's
    phase S); ``switched_at`` is where SAFE switched model (None: not yet)."""

    labels: np.ndarray
    batch_starts: tuple[int, ...] = ()
    random_start: int = 0
    switched_at: int | None = None

    @staticmethod
    def from_batches(
        batches: Sequence[Sequence[int]], random_start: int = 0, switched_at: int | None = None
    ) -> Sequence01:
        # Within a batch the reading order is unknown: take the worst case, relevant last.
        flat: list[int] = []
        starts = []
        for batch in batches:
            if not batch:
                continue
            starts.append(len(flat))
            flat.extend(sorted(int(v) for v in batch))
        return Sequence01(np.array(flat, dtype=np.int64), tuple(starts), random_start, switched_at)

    @property
    def screened(self) -> int:
        return int(self.labels.shape[0])

    @property
    def relevant(self) -> int:
        return int(self.labels.sum())

    def tail_run(self) -> int:
        """Irrelevant records at the end, in a row."""
        ones = np.flatnonzero(self.labels)
        return self.screened if ones.size == 0 else self.screened - 1 - int(ones[-1])


@dataclass(frozen=True)
class Verdict:
    rule: str
    stop: bool
    screened: int
    relevant: int
    total: int  # records that reach the stage
    p_value: float | None = None  # hypergeometric only
    recall_estimate: float | None = None  # median-unbiased (the test inverted at 50%)
    recall_low: float | None = None  # one-sided lower bound at the confidence level
    more: int | None = None  # further irrelevant records needed before it can say stop
    wants_random_sample: bool = False
    detail: str = ""
    evidence: dict[str, float | int | str] = field(default_factory=dict)


# --- the hypergeometric test ---------------------------------------------------------------


def _hypergeom_cdf(
    k: np.ndarray, pop: np.ndarray, hits: np.ndarray, draws: np.ndarray
) -> np.ndarray:
    from scipy.stats import hypergeom

    with np.errstate(all="ignore"):
        p = hypergeom.cdf(k, pop, hits, draws)
    # More hidden relevant records than the urn holds: that H0 is impossible.
    return np.where(hits > pop, 0.0, np.nan_to_num(p, nan=0.0))


def p_missed_at_least(seq: Sequence01, total: int, missed: int) -> float:
    """p-value of H0 "at least ``missed`` relevant records are still unscreened"."""
    if missed <= 0:
        return 1.0
    labels = seq.labels
    n_seen = labels.shape[0]
    if n_seen == 0:
        return 1.0
    if total - n_seen < missed:
        return 0.0
    urn_relevant = np.cumsum(labels[::-1])  # relevant among the last n, n = 1..n_seen
    sizes = np.arange(1, n_seen + 1)
    pop = total - n_seen + sizes
    p = _hypergeom_cdf(urn_relevant, pop, urn_relevant + missed, sizes)
    return float(min(1.0, p.min()))


def hidden_for_target(relevant: int, recall: float) -> int:
    """Fewest unscreened relevant records that would put recall below ``recall``."""
    # Recall r / (r + m) < target  <=>  m > r (1 - target) / target; small epsilon
    # keeps 19 / 0.95 from landing on 20.000000000000004.
    return math.floor(relevant / recall + 1e-9) + 1 - relevant


def p_value(seq: Sequence01, total: int, recall: float) -> float:
    """Callaghan & Müller-Hansen's p for H0 "recall is below ``recall``" (buscarpy's
    ``calculate_h0`` with its defaults)."""
    return p_missed_at_least(seq, total, hidden_for_target(seq.relevant, recall))


def _smallest_missed_rejected(seq: Sequence01, total: int, alpha: float) -> int:
    """Smallest m such that "at least m missed" is rejected at ``alpha`` (p is monotone
    in m: a larger hidden count makes the observed tail less likely)."""
    remaining = total - seq.screened
    if p_missed_at_least(seq, total, 1) < alpha:
        return 1
    low, high = 1, 2
    while high <= remaining and p_missed_at_least(seq, total, high) >= alpha:
        low, high = high, high * 2
    if high > remaining:
        high = remaining + 1  # "more than the remainder" is always rejected
    while high - low > 1:
        mid = (low + high) // 2
        if p_missed_at_least(seq, total, mid) < alpha:
            high = mid
        else:
            low = mid
    return high


def recall_bounds(seq: Sequence01, total: int, confidence: float) -> tuple[float, float]:
    """(median-unbiased estimate, one-sided lower bound at ``confidence``) of recall,
    from inverting the test: with that confidence fewer than m are missed, m the
    smallest count the test rejects."""
    r = seq.relevant
    if r == 0:
        return 0.0, 0.0
    bound = _smallest_missed_rejected(seq, total, 1 - confidence) - 1
    median = _smallest_missed_rejected(seq, total, 0.5) - 1
    return r / (r + median), r / (r + bound)


def more_needed(seq: Sequence01, total: int, recall: float, alpha: float) -> int:
    """How many more records, all irrelevant, before p < alpha (0: it already is)."""
    missed = hidden_for_target(seq.relevant, recall)
    remaining = total - seq.screened

    def p_after(extra: int) -> float:
        longer = Sequence01(np.concatenate([seq.labels, np.zeros(extra, dtype=np.int64)]))
        return p_missed_at_least(longer, total, missed)

    if p_after(0) < alpha:
        return 0
    low, high = 0, 1
    while high < remaining and p_after(high) >= alpha:
        low, high = high, high * 2
    high = min(high, remaining)
    while high - low > 1:
        mid = (low + high) // 2
        if p_after(mid) < alpha:
            high = mid
        else:
            low = mid
    return high


def hypergeometric(
    seq: Sequence01, total: int, settings: StopSettings, full: bool = True
) -> Verdict:
    alpha = 1 - settings.confidence
    p = p_value(seq, total, settings.recall)
    stop = p < alpha
    estimate = low = None
    more = None
    if full:
        estimate, low = recall_bounds(seq, total, settings.confidence)
        more = more_needed(seq, total, settings.recall, alpha)
    # The ranking has run dry (a full run of irrelevant records): ask for a random
    # sample of the remainder, whose evidence needs no assumption about the model.
    wants = (not stop) and seq.tail_run() >= settings.run and total > seq.screened
    detail = (
        f"p = {p:.4g} for H0 'recall < {settings.recall:g}' "
        f"({'below' if stop else 'not below'} {alpha:.4g})"
    )
    return Verdict(
        rule=settings.rule,
        stop=stop,
        screened=seq.screened,
        relevant=seq.relevant,
        total=total,
        p_value=p,
        recall_estimate=estimate,
        recall_low=low,
        more=more,
        wants_random_sample=wants,
        detail=detail,
        evidence={
            "screened": seq.screened,
            "relevant": seq.relevant,
            "total": total,
            "p": round(p, 6),
        },
    )


# --- heuristics ----------------------------------------------------------------------------


def consecutive(seq: Sequence01, total: int, settings: StopSettings, full: bool = True) -> Verdict:
    run = seq.tail_run()
    remaining = total - seq.screened
    stop = run >= settings.run or remaining == 0
    more = 0 if stop else min(settings.run - run, remaining)
    return Verdict(
        rule=settings.rule,
        stop=stop,
        screened=seq.screened,
        relevant=seq.relevant,
        total=total,
        more=more,
        detail=f"{run} irrelevant records in a row (stop at {settings.run}; no recall guarantee)",
        evidence={
            "screened": seq.screened,
            "relevant": seq.relevant,
            "total": total,
            "tail_run": run,
        },
    )


def safe_phase_a_met(seq: Sequence01, total: int, settings: StopSettings) -> bool:
    """SAFE phase A's conditions (key papers aside) on the sequence so far."""
    random_part = seq.labels[: seq.random_start]
    estimated = (
        float(random_part.mean()) * total if random_part.size else 0.0
    )  # relevant records the random start predicts
    return (
        seq.screened >= math.ceil(SAFE_MIN_SHARE * total)
        and seq.screened >= 2 * estimated
        and seq.tail_run() >= settings.run
    )


def safe(seq: Sequence01, total: int, settings: StopSettings, full: bool = True) -> Verdict:
    remaining = total - seq.screened
    base: dict[str, float | int | str] = {
        "screened": seq.screened,
        "relevant": seq.relevant,
        "total": total,
    }
    if seq.switched_at is None:
        met = safe_phase_a_met(seq, total, settings)
        detail = "phase A met: switch to the second model" if met else "phase A (active learning)"
        return Verdict(
            rule=settings.rule,
            stop=remaining == 0,
            screened=seq.screened,
            relevant=seq.relevant,
            total=total,
            more=None,
            detail=detail + " (heuristic, no recall guarantee)",
            evidence=base | {"phase": "A", "phase_a_met": int(met)},
        )
    after = seq.labels[seq.switched_at :]
    ones = np.flatnonzero(after)
    run = after.shape[0] if ones.size == 0 else after.shape[0] - 1 - int(ones[-1])
    stop = run >= settings.run or remaining == 0
    return Verdict(
        rule=settings.rule,
        stop=stop,
        screened=seq.screened,
        relevant=seq.relevant,
        total=total,
        more=0 if stop else min(settings.run - run, remaining),
        detail=f"phase F: {run} irrelevant records in a row with the second model "
        f"(stop at {settings.run}; heuristic, no recall guarantee)",
        evidence=base | {"phase": "F", "tail_run": run, "switched_at": seq.switched_at},
    )


_RULES = {"hypergeometric": hypergeometric, "safe": safe, "consecutive": consecutive}


def verdict(seq: Sequence01, total: int, settings: StopSettings, full: bool = True) -> Verdict:
    """The configured rule's verdict on the sequence so far, ``total`` records in all.
    ``full=False`` skips the recall interval and the count still needed (simulation)."""
    if total < seq.screened:
        raise ValueError(f"{seq.screened} records screened but only {total} in all")
    return _RULES[settings.rule](seq, total, settings, full)
