"""Relevance order: rank studies awaiting a stage so likely includes come first.

TF-IDF features of title + abstract, logistic regression trained on the decisions
made so far (scikit-learn). It only orders: every awaiting study stays in the
hand-out. With too few labels of either class it says so and keeps the default
order. ``simulation`` replays a labelled set to measure the work saved (WSS@95).
"""

from __future__ import annotations

from collections.abc import Sequence
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


class _BalancedNB:
    """Multinomial naive Bayes with both classes weighted equally (ASReview's NB with
    balanced sampling, done with sample weights instead of copies)."""

    def __init__(self, alpha: float = 3.822) -> None:
        from sklearn.naive_bayes import MultinomialNB

        self.model = MultinomialNB(alpha=alpha)

    def fit(self, x: Any, y: Sequence[int]) -> _BalancedNB:
        labels = np.asarray(y)
        weights = np.where(labels == 1, len(labels) / (2 * labels.sum()), 0.0)
        weights = np.where(labels == 0, len(labels) / (2 * (labels == 0).sum()), weights)
        self.model.fit(x, labels, sample_weight=weights)
        return self

    def predict_proba(self, x: Any) -> np.ndarray:
        return self.model.predict_proba(x)


class _LinearSVM:
    """Linear SVM (class-balanced); its decision value orders, squashed to (0, 1)."""

    def __init__(self, c: float = 0.11) -> None:
        from sklearn.svm import LinearSVC

        self.model = LinearSVC(C=c, class_weight="balanced")

    def fit(self, x: Any, y: Sequence[int]) -> _LinearSVM:
        self.model.fit(x, list(y))
        return self

    def predict_proba(self, x: Any) -> np.ndarray:
        p = 1 / (1 + np.exp(-self.model.decision_function(x)))
        return np.column_stack([1 - p, p])


class _Ensemble:
    """Mean rank of several models' scores (ranks, so no model's scale dominates)."""

    def __init__(self, *models: Any) -> None:
        self.models = models

    def fit(self, x: Any, y: Sequence[int]) -> _Ensemble:
        for model in self.models:
            model.fit(x, y)
        return self

    def predict_proba(self, x: Any) -> np.ndarray:
        from scipy.stats import rankdata

        ranks = np.mean([rankdata(m.predict_proba(x)[:, 1]) for m in self.models], axis=0)
        p = ranks / (ranks.max() + 1)
        return np.column_stack([1 - p, p])


def _logistic(warm: bool) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=1000, warm_start=warm)


MODELS = ("logistic", "svm", "nb", "svm+nb", "logistic+nb")
MODEL_LABELS = {
    "logistic": "logistic regression",
    "svm": "a linear support vector machine",
    "nb": "multinomial naive Bayes",
    "svm+nb": "a linear support vector machine and naive Bayes (mean rank)",
    "logistic+nb": "logistic regression and naive Bayes (mean rank)",
}
DEFAULT_MODEL = "logistic"
# SAFE's phase F wants a model different from the one that did the ranking.
SECOND_MODEL = "nb"


def new_model(name: str = DEFAULT_MODEL, warm: bool = False) -> Any:
    if name == "logistic":
        return _logistic(warm)
    if name == "svm":
        return _LinearSVM()
    if name == "nb":
        return _BalancedNB()
    if name == "svm+nb":
        return _Ensemble(_LinearSVM(), _BalancedNB())
    if name == "logistic+nb":
        return _Ensemble(_logistic(warm), _BalancedNB())
    raise ValueError(f"unknown model {name!r}; use " + ", ".join(MODELS))


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
    model: str = DEFAULT_MODEL,
) -> tuple[list[int], str]:
    """``rest`` (indices into texts) in relevance order, or unchanged with a reason."""
    positives = sum(1 for v in labels.values() if v == 1)
    negatives = len(labels) - positives
    if positives < min_per_class or negatives < min_per_class:
        return list(rest), (
            f"relevance order needs at least {min_per_class} included and {min_per_class} "
            f"excluded decisions (have {positives} and {negatives}); default order used"
        )
    from threadpoolctl import threadpool_limits

    matrix = features(texts)
    train = sorted(labels)
    with threadpool_limits(limits=1):  # small fits: threaded BLAS only spins
        prob = scores(matrix, train, [labels[i] for i in train], rest, new_model(model))
    # Stable: ties keep the default order, so the file is deterministic.
    order = sorted(range(len(rest)), key=lambda k: (-round(float(prob[k]), 12), k))
    return [rest[k] for k in order], (
        f"ranked by relevance (TF-IDF + {MODEL_LABELS[model]} on {positives} included and "
        f"{negatives} excluded decisions)"
    )


def _label(state: ReviewState, study: str, stage: str) -> int | None:
    """1 include/maybe, 0 exclude; a study still partly screened counts as include if any
    screener passed it (the cautious reading); not_retrieved says nothing."""
    settled = state.decision(study, stage)
    if settled.status is Status.SETTLED and settled.role is not Role.AUTOMATION:
        if settled.decision in (Decision.INCLUDE, Decision.MAYBE):
            return 1
        return 0 if settled.decision is Decision.EXCLUDE else None
    return None


def rank_awaiting(
    state: ReviewState,
    stage: str,
    studies: list[str],
    model: str = DEFAULT_MODEL,
) -> tuple[list[str], str]:
    from prisma.decisions.settle import latest_by_screener
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
        record = state.study_record(study)
        texts.append(f"{record.title} {record.abstract}")
    labels = {i: labelled[s] for i, s in enumerate(pool[: len(labelled)])}
    rest = list(range(len(labelled), len(pool)))
    order, message = rank(texts, labels, rest, model=model)
    return [pool[i] for i in order], message
