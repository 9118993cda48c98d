"""Replay a labelled set to measure relevance order and stopping rules (pure, numpy).

Protocol (notes/screening.md): one relevant and one irrelevant record, drawn with the
seed, are the priors and are left out of N and R; the model is retrained every
``step`` labels; the rest are revealed in model order. With a stopping rule the
replay goes as a team would work: batches of ``step`` handed out, the rule asked
after each, and

- ``hypergeometric``: when the ranking runs dry (the rule asks for it) the next
  batch is a random sample of the remainder; once a random batch finds a relevant
  record, relevance order resumes;
- ``safe``: phase S screens 1% of the records at random first; when phase A's
  conditions are met the second model takes over (phase F);
- ``consecutive``: relevance order throughout.

The priors are outside what the rule sees, as they are outside N and R: the rule
is asked about recall among the other records, the recall the replay reports.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from prisma.screening import prioritise
from prisma.screening.stopping import (
    SAFE_RANDOM_SHARE,
    Sequence01,
    StopSettings,
    safe_phase_a_met,
    verdict,
)

STEP = 10


@dataclass(frozen=True)
class Replay:
    n: int  # records screened in the simulation (priors left out)
    relevant: int
    found_at: tuple[int, ...]  # 1-based screening position of each relevant record

    def n_at_recall(self, recall: float) -> int:
        need = int(np.ceil(recall * self.relevant))
        return sorted(self.found_at)[need - 1]

    def wss(self, recall: float = 0.95) -> float:
        return (self.n - self.n_at_recall(recall)) / self.n - (1 - recall)

    def recall_at(self, share: float = 0.10) -> float:
        cut = int(np.floor(share * self.n))
        return sum(1 for p in self.found_at if p <= cut) / self.relevant

    def atd(self) -> float:
        return float(np.mean(self.found_at)) / self.n


@dataclass(frozen=True)
class Stop:
    rule: str
    stopped_at: int  # records screened when the rule said stop (priors left out)
    recall: float  # share of the relevant records (priors left out) found by then
    n: int

    @property
    def work_saved(self) -> float:
        return 1 - self.stopped_at / self.n


class _Ranker:
    """Refits one model on the known rows and ranks the rest (warm start if the model
    supports it)."""

    def __init__(self, matrix: Any, labels: Sequence[int], name: str) -> None:
        self.matrix = matrix
        self.labels = np.asarray(labels)
        self.model = prioritise.new_model(name, warm=True)

    def rank(self, known: list[int], remaining: list[int]) -> list[int]:
        prob = prioritise.scores(
            self.matrix, known, self.labels[known].tolist(), remaining, self.model
        )
        return [remaining[k] for k in np.argsort(-prob, kind="stable")]


def _start(labels: Sequence[int], seed: int) -> tuple[random.Random, list[int], list[int]]:
    rng = random.Random(seed)
    relevant = [i for i, v in enumerate(labels) if v == 1]
    irrelevant = [i for i, v in enumerate(labels) if v == 0]
    priors = [rng.choice(relevant), rng.choice(irrelevant)]
    taken = set(priors)
    rest = [i for i in range(len(labels)) if i not in taken]
    rng.shuffle(rest)
    return rng, priors, rest


def _one_thread(func: Any) -> Any:
    """Run with BLAS on one thread: these fits are small, and on shared cores threaded
    BLAS spins for nothing (8 times the CPU time of one thread, measured)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return func(*args, **kwargs)

    return wrapper


@_one_thread
def replay(
    matrix: Any,
    labels: Sequence[int],
    seed: int,
    step: int = STEP,
    model: str | None = prioritise.DEFAULT_MODEL,
) -> Replay:
    """Every record revealed in model order (``model=None``: at random)."""
    _, priors, rest = _start(labels, seed)
    if model is None:
        order = rest
    else:
        ranker = _Ranker(matrix, labels, model)
        known, remaining, order = list(priors), rest, []
        while remaining:
            ranked = ranker.rank(known, remaining)
            batch, remaining = ranked[:step], ranked[step:]
            order.extend(batch)
            known.extend(batch)
    found = tuple(pos for pos, i in enumerate(order, 1) if labels[i] == 1)
    return Replay(len(order), sum(labels) - 1, found)


def stop_on_order(
    order_labels: Sequence[int], n: int, relevant: int, settings: StopSettings, step: int = STEP
) -> Stop:
    """A rule that does not change what is handed out, asked after every batch of a
    fixed order."""
    batches: list[list[int]] = []
    found = 0
    for start in range(0, n, step):
        batch = list(order_labels[start : start + step])
        batches.append(batch)
        found += sum(batch)
        if verdict(Sequence01.from_batches(batches), n, settings, full=False).stop:
            return Stop(settings.rule, min(start + step, n), found / relevant, n)
    return Stop(settings.rule, n, 1.0, n)


@_one_thread
def stop_replay(
    matrix: Any,
    labels: Sequence[int],
    seed: int,
    settings: StopSettings,
    step: int = STEP,
    model: str = prioritise.DEFAULT_MODEL,
    second_model: str = prioritise.SECOND_MODEL,
) -> Stop:
    """Screen in batches as the rule directs until it says stop."""
    rng, priors, rest = _start(labels, seed)
    n, relevant = len(rest), sum(labels) - 1
    total = n
    known = list(priors)
    remaining = list(rest)
    batches: list[list[int]] = []
    ranker = _Ranker(matrix, labels, model)
    random_start = 0
    switched_at: int | None = None
    if settings.rule == "safe":  # phase S: a random start of 1% of the records
        size = math.ceil(SAFE_RANDOM_SHARE * total)
        picked, remaining = remaining[:size], remaining[size:]  # ``rest`` is shuffled
        known.extend(picked)
        batches.append([labels[i] for i in picked])
        random_start = size
    sample_next = False
    while remaining:
        if sample_next:
            picks = rng.sample(range(len(remaining)), min(step, len(remaining)))
            chosen = set(picks)
            batch = [remaining[k] for k in sorted(picks)]
            remaining = [r for k, r in enumerate(remaining) if k not in chosen]
        else:
            ranked = ranker.rank(known, remaining)
            batch, remaining = ranked[:step], ranked[step:]
        known.extend(batch)
        batches.append([labels[i] for i in batch])
        seq = Sequence01.from_batches(batches, random_start, switched_at)
        if (
            settings.rule == "safe"
            and switched_at is None
            and safe_phase_a_met(seq, total, settings)
        ):
            switched_at = seq.screened
            ranker = _Ranker(matrix, labels, second_model)
            seq = Sequence01.from_batches(batches, random_start, switched_at)
        said = verdict(seq, total, settings, full=False)
        if said.stop:
            break
        if settings.rule == "hypergeometric":
            sample_next = said.wants_random_sample
    screened = len(known) - 2
    found = sum(labels[i] for i in known) - 1
    return Stop(settings.rule, screened, found / relevant, n)


def order_labels(run: Replay) -> list[int]:
    """The 0/1 sequence of a full replay, from the positions of its relevant records."""
    out = [0] * run.n
    for pos in run.found_at:
        out[pos - 1] = 1
    return out


def simulate_set(
    texts: Sequence[str],
    labels: Sequence[int],
    seeds: int,
    settings: StopSettings,
    step: int = STEP,
    model: str = prioritise.DEFAULT_MODEL,
) -> dict[str, Any]:
    """``screen simulate``'s result: one run per seed, ranking figures and the rule's stop."""
    matrix = prioritise.features(texts)
    runs = []
    full: Replay | None = None
    for seed in range(seeds):
        full = replay(matrix, labels, seed, step, model)
        if settings.rule == "consecutive":  # hands out the same order: read it off
            stop = stop_on_order(order_labels(full), full.n, full.relevant, settings, step)
        else:
            stop = stop_replay(matrix, labels, seed, settings, step, model)
        runs.append(
            {
                "seed": seed,
                "wss95": round(full.wss(0.95), 4),
                "recall_at_10": round(full.recall_at(0.10), 4),
                "stopped_at": stop.stopped_at,
                "recall_at_stop": round(stop.recall, 4),
                "work_saved_at_stop": round(stop.work_saved, 4),
            }
        )
    return {"n": len(labels) - 2, "relevant": sum(labels) - 1, "runs": runs}


def format_simulation(result: dict[str, Any], settings: StopSettings) -> str:
    """Plain-text table of ``simulate_set``'s result."""
    runs = result["runs"]
    lines = [
        f"{result['n']} records, {result['relevant']} relevant (priors left out); "
        f"rule {settings.rule} ({settings.describe()})",
        "seed  WSS@95  recall@10%  stopped at  recall at stop  work saved at stop",
    ]
    for r in runs:
        lines.append(
            f"{r['seed']:>4}  {r['wss95']:>6.3f}  {r['recall_at_10']:>10.3f}  "
            f"{r['stopped_at']:>10}  {r['recall_at_stop']:>14.3f}  "
            f"{r['work_saved_at_stop']:>18.3f}"
        )

    def mean(key: str) -> float:
        return sum(r[key] for r in runs) / len(runs)

    lines.append(
        f"mean  {mean('wss95'):>6.3f}  {mean('recall_at_10'):>10.3f}  "
        f"{mean('stopped_at'):>10.1f}  {mean('recall_at_stop'):>14.3f}  "
        f"{mean('work_saved_at_stop'):>18.3f}"
    )
    lines.append(f"worst recall at stop {min(r['recall_at_stop'] for r in runs):.3f}")
    return "\n".join(lines)
