"""Blocking: the pairs worth comparing, found through several cheap keys.

Each key puts records that agree on it into one block; a pair is a candidate when
any key puts both in one block, so a typo that breaks one key is caught by another.
A block too large to pair exhaustively (a common surname and year, say) is paired
by sorted neighbourhood instead: never all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from prisma.dedup.normalise import Keys

# A block larger than this is paired with its neighbours in title order only.
MAX_BLOCK = 64
NEIGHBOURS = 8


def title_squash(title: str) -> str:
    return title.replace(" ", "")


def blocking_keys(k: Keys) -> list[str]:
    """The block names one record belongs to; the prefix names the key."""
    keys: list[str] = []
    if k.doi:
        keys.append("doi:" + k.doi)
    if k.pmid:
        keys.append("pmid:" + k.pmid)
    if k.review:
        # versions of one living review (a Cochrane number, a Clinical Evidence topic),
        # however their short titles were reworded
        keys.append("cr:" + k.review)
    squashed = title_squash(k.title)
    if len(squashed) >= 12:
        keys.append("t0:" + squashed[:24])
    if len(squashed) >= 36:
        # the end catches titles whose first words differ ("The ...", "Re: ...")
        keys.append("t1:" + squashed[-24:])
    title_words = k.title.split()
    if len(title_words) >= 4:
        # sorted twice in C: by word, then (stably) by length; never by hash order
        longest = sorted(sorted(set(title_words)), key=len, reverse=True)[:4]
        keys.append("tw:" + " ".join(sorted(longest)))
    if k.first_author and k.year and k.first_page:
        keys.append(f"ayp:{k.first_author}|{k.year}|{k.first_page}")
    if k.volume and k.first_page:
        keys.append(f"vp:{k.volume}|{k.first_page}|{k.first_author[:3]}")
    if k.first_author and k.issue and k.title.removeprefix("guest ").startswith("editorial"):
        # an editorial indexed under the bare heading shares no title key with its
        # full title: its editors and issue are what the two have in common
        keys.append(f"ed:{k.first_author}|{k.year}|{k.volume}|{k.issue}")
    return keys


def candidate_pairs(
    keys: Sequence[Keys],
    *,
    names: Sequence[Sequence[str]] | None = None,
    max_block: int = MAX_BLOCK,
    neighbours: int = NEIGHBOURS,
) -> np.ndarray:
    """Unique index pairs (i < j) as an (n, 2) int64 array, sorted.

    ``names`` may carry each record's :func:`blocking_keys` computed elsewhere (in
    the worker processes that normalised the records).
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, k in enumerate(keys):
        for name in names[index] if names is not None else blocking_keys(k):
            blocks[name].append(index)
    chunks: list[np.ndarray] = []
    small: dict[int, list[np.ndarray]] = defaultdict(list)
    for members in blocks.values():
        size = len(members)
        if size < 2:
            continue
        if size <= max_block:
            small[size].append(np.asarray(members, dtype=np.int64))
        else:
            chunks.append(_neighbourhood(members, keys, neighbours))
    for size, groups in small.items():
        # all blocks of one size at once: one triu over a (blocks, size) matrix
        matrix = np.stack(groups)
        left, right = np.triu_indices(size, k=1)
        chunks.append(np.stack([matrix[:, left].ravel(), matrix[:, right].ravel()], axis=1))
    if not chunks:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks)
    pairs.sort(axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    n = max(len(keys), 1)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


def _neighbourhood(members: list[int], keys: Sequence[Keys], window: int) -> np.ndarray:
    ordered = np.asarray(sorted(members, key=lambda i: (keys[i].title, keys[i].id)), dtype=np.int64)
    parts = [
        np.stack([ordered[:-step], ordered[step:]], axis=1)
        for step in range(1, min(window, len(ordered) - 1) + 1)
    ]
    return np.concatenate(parts)
