"""Relevance order: rank studies awaiting a stage so likely includes come first.

TF-IDF features of title + abstract, logistic regression trained on the decisions
made so far (scikit-learn). It only orders: every awaiting study stays in the
hand-out. With too few labels of either class it says so and keeps the default
order. ``simulate`` replays a labelled set to measure the work saved (WSS@95).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from prisma.decisions.ledger import Decision, Role
from prisma.decisions.settle import Status

if TYPE_CHECKING:
    from prisma.state import ReviewState

MIN_PER_CLASS = 2
# Chosen on the five Cohen 2006 sets (3 seeds, final labels): 1-2-grams with C=1 gave a
# mean WSS@95 of 0.389, unigrams 0.359 (C=1) and 0.344 (C=10); lbfgs converges on
# 1-2-grams several times faster than liblinear.
NGRAMS = (1, 2)
C = 1.0


def features(texts: Sequence[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        ngram_range=NGRAMS, sublinear_tf=True, min_df=2, stop_words="english", dtype=np.float32
    )
    return vectorizer.fit_transform(texts)


def new_model(warm: bool = False) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=1000, warm_start=warm)


def scores(
    matrix: Any,
    train: Sequence[int],
    labels: Sequence[int],
    rest: Sequence[int],
    model: Any = None,
) -> np.ndarray:
    """Probability of inclusion of the ``rest`` rows, from a model fit on ``train`` rows.

    Pass a warm-started ``model`` to refit from its last solution (the simulation
    refits every few labels; this makes it about 2.5 times faster, same ranking quality).
    """
    model = model if model is not None else new_model()
    model.fit(matrix[list(train)], list(labels))
    return model.predict_proba(matrix[list(rest)])[:, 1]


def rank(
    texts: Sequence[str],
    labels: dict[int, int],
    rest: Sequence[int],
    min_per_class: int = MIN_PER_CLASS,
) -> tuple[list[int], str]:
    """``rest`` (indices into texts) in relevance order, or unchanged with a reason."""
    positives = sum(1 for v in labels.values() if v == 1)
    negatives = len(labels) - positives
    if positives < min_per_class or negatives < min_per_class:
        return list(rest), (
            f"relevance order needs at least {min_per_class} included and {min_per_class} "
            f"excluded decisions (have {positives} and {negatives}); default order used"
        )
    matrix = features(texts)
    train = sorted(labels)
    prob = scores(matrix, train, [labels[i] for i in train], rest)
    # Stable: ties keep the default order, so the file is deterministic.
    order = sorted(range(len(rest)), key=lambda k: (-round(float(prob[k]), 12), k))
    return [rest[k] for k in order], (
        f"ranked by relevance (TF-IDF + logistic regression on {positives} included and "
        f"{negatives} excluded decisions)"
    )


def _label(state: ReviewState, study: str, stage: str) -> int | None:
    """1 include/maybe, 0 exclude; a study still partly screened counts as include if any
    screener passed it (the cautious reading); not_retrieved says nothing."""
    settled = state.decision(study, stage)
    if settled.status is Status.SETTLED:
        if settled.decision in (Decision.INCLUDE, Decision.MAYBE):
            return 1
        return 0 if settled.decision is Decision.EXCLUDE else None
    return None


def rank_awaiting(
    state: ReviewState,
    stage: str,
    studies: list[str],
) -> tuple[list[str], str]:
    from prisma.decisions.settle import latest_by_screener
    from prisma.screening.export import study_record
    from prisma.screening.queue import eligible, entries_by_study

    grouped = entries_by_study(state)
    waiting = set(studies)
    labelled: dict[str, int] = {}
    for study in eligible(state, stage):
        if study in waiting:
            continue
        label = _label(state, study, stage)
        if label is None:
            latest = latest_by_screener(grouped.get((study, stage), ()))
            votes = [
                e.decision
                for (role, _), e in latest.items()
                if role is Role.SCREENER and e.decision is not Decision.NOT_RETRIEVED
            ]
            if votes:
                label = int(any(v in (Decision.INCLUDE, Decision.MAYBE) for v in votes))
        if label is not None:
            labelled[study] = label
    pool = sorted(labelled) + studies
    texts = []
    for study in pool:
        record = study_record(state, study)
        texts.append(f"{record.title} {record.abstract}")
    labels = {i: labelled[s] for i, s in enumerate(pool[: len(labelled)])}
    rest = list(range(len(labelled), len(pool)))
    order, message = rank(texts, labels, rest)
    return [pool[i] for i in order], message


# --- simulation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Simulation:
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


def simulate(
    matrix: Any,
    labels: Sequence[int],
    seed: int,
    step: int = 10,
    model: bool = True,
) -> Simulation:
    """Reveal labels in model order (retrained every ``step`` labels) or at random,
    starting from one relevant and one irrelevant prior, which are left out of N."""
    rng = random.Random(seed)
    relevant = [i for i, v in enumerate(labels) if v == 1]
    irrelevant = [i for i, v in enumerate(labels) if v == 0]
    priors = [rng.choice(relevant), rng.choice(irrelevant)]
    known = list(priors)
    rest = [i for i in range(len(labels)) if i not in set(priors)]
    rng.shuffle(rest)
    order: list[int] = []
    if not model:
        order = rest
    else:
        remaining = rest
        model = new_model(warm=True)
        while remaining:
            prob = scores(matrix, known, [labels[i] for i in known], remaining, model)
            ranked = [remaining[k] for k in np.argsort(-prob, kind="stable")]
            batch, remaining = ranked[:step], ranked[step:]
            order.extend(batch)
            known.extend(batch)
    found = tuple(pos for pos, i in enumerate(order, 1) if labels[i] == 1)
    return Simulation(len(order), len(relevant) - 1, found)
