"""Field-by-field similarity of candidate pairs, vectorised with rapidfuzz.

``compare_pairs`` scores every candidate at once (``process.cpdist``, all cores);
``compare_one`` scores a single pair the same way, for the pairs the clustering
stage asks about that blocking never proposed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from prisma.dedup.normalise import Keys

# The shorter title counts as a truncation of the longer only from this length on.
MIN_PREFIX = 30


@dataclass(frozen=True)
class Scores:
    """Similarities of one pair, each 0..100 (authors: -1 when a side has none)."""

    title: float  # fuzz.ratio of normalised titles
    title_set: float  # token_set_ratio: word order, extra words on one side
    title_prefix: bool  # one title is a truncation of the other
    authors: float  # token_set_ratio of surnames
    first_author: float  # ratio of the first surnames


def _prefix(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX and long_.startswith(short)


def _f32(value: float) -> float:
    # the vectorised path stores float32; round the same way so a pair scored either
    # way meets the same thresholds
    return float(np.float32(value))


def compare_one(a: Keys, b: Keys) -> Scores:
    has_authors = bool(a.authors and b.authors)
    return Scores(
        title=_f32(fuzz.ratio(a.title, b.title)),
        title_set=_f32(fuzz.token_set_ratio(a.title, b.title)),
        title_prefix=_prefix(a.title, b.title),
        authors=_f32(fuzz.token_set_ratio(a.authors, b.authors)) if has_authors else -1.0,
        first_author=_f32(fuzz.ratio(a.first_author, b.first_author)) if has_authors else -1.0,
    )


@dataclass
class PairScores:
    """Scores of many pairs as parallel arrays (index i is pair i)."""

    title: np.ndarray
    title_set: np.ndarray
    title_prefix: np.ndarray
    authors: np.ndarray
    first_author: np.ndarray

    def at(self, i: int) -> Scores:
        return Scores(
            float(self.title[i]),
            float(self.title_set[i]),
            bool(self.title_prefix[i]),
            float(self.authors[i]),
            float(self.first_author[i]),
        )


def _dist(scorer: Callable[..., float], xs: list[str], ys: list[str], workers: int) -> np.ndarray:
    if not xs:
        return np.zeros(0, dtype=np.float32)
    return process.cpdist(xs, ys, scorer=scorer, workers=workers, dtype=np.float32)


def _lengths(texts: list[str]) -> np.ndarray:
    return np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))


def compare_titles(
    keys: Sequence[Keys], pairs: np.ndarray, workers: int = -1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``title``, ``title_set`` and ``title_prefix`` of :class:`PairScores`: what decides
    whether a pair is worth the rules at all."""
    left, right = pairs[:, 0], pairs[:, 1]
    texts = [k.title for k in keys]
    titles = np.array(texts, dtype=object)
    ta, tb = titles[left].tolist(), titles[right].tolist()
    title = _dist(fuzz.ratio, ta, tb, workers)
    title_set = _dist(fuzz.token_set_ratio, ta, tb, workers)
    # only pairs whose shorter title is long enough can be a truncation: test those
    lengths = _lengths(texts)
    prefix = np.zeros(len(ta), dtype=bool)
    maybe = np.flatnonzero(np.minimum(lengths[left], lengths[right]) >= MIN_PREFIX).tolist()
    prefix[maybe] = [_prefix(ta[i], tb[i]) for i in maybe]
    return title, title_set, prefix


def compare_authors(
    keys: Sequence[Keys], pairs: np.ndarray, workers: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    """``authors`` and ``first_author`` of :class:`PairScores` (-1 where a side has none)."""
    left, right = pairs[:, 0], pairs[:, 1]
    texts = [k.authors for k in keys]
    authors = np.array(texts, dtype=object)
    firsts = np.array([k.first_author for k in keys], dtype=object)
    lengths = _lengths(texts)
    has = (lengths[left] > 0) & (lengths[right] > 0)
    aa, ab = authors[left].tolist(), authors[right].tolist()
    author_scores = np.where(has, _dist(fuzz.token_set_ratio, aa, ab, workers), -1.0)
    first = np.where(
        has, _dist(fuzz.ratio, firsts[left].tolist(), firsts[right].tolist(), workers), -1.0
    )
    return author_scores, first


def compare_pairs(keys: Sequence[Keys], pairs: np.ndarray, workers: int = -1) -> PairScores:
    """Every score of every pair. The engine scores authors only for the pairs their
    titles (or identifiers) make worth the rules; each score is the same either way."""
    return PairScores(*compare_titles(keys, pairs, workers), *compare_authors(keys, pairs, workers))
