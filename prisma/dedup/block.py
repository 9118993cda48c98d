"""Blocking: the pairs worth comparing, found through several cheap keys.

Each key puts records that agree on it into one block; a pair is a candidate when
any key puts both in one block, so a typo that breaks one key is caught by another.
A block too large to pair exhaustively (a common surname and year, say) is paired
by sorted neighbourhood instead: never all pairs.
"""

from __future__ import annotations

import itertools
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
    if k.first_author and k.year and len(squashed) >= 12:
        # a title cut before the 24th letter ('Infrastructure in the Wild' for
        # 'Infrastructure in the wild: what mapping ...'): its start, author and year
        keys.append(f"aty:{k.first_author}|{k.year}|{squashed[:12]}")
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
        if k.issue:
            # one place in one issue, whoever the export says wrote it ("PrachiP." for
            # Patel-Predd, Prachi) and however the title's tail was cut
            keys.append(f"vip:{k.volume}|{k.issue}|{k.first_page}")
    if k.year and k.first_page and k.last_page and k.last_page != k.first_page:
        # one page range in one year: proceedings have no volume to pin it
        keys.append(f"ypr:{k.year}|{k.first_page}|{k.last_page}")
    if k.first_author and k.issue and k.title.removeprefix("guest ").startswith("editorial"):
        # an editorial indexed under the bare heading shares no title key with its
        # full title: its editors and issue are what the two have in common
        keys.append(f"ed:{k.first_author}|{k.year}|{k.volume}|{k.issue}")
    return keys


def block_codes(k: Keys) -> list[int]:
    """:func:`blocking_keys` as integers (``hash`` of each name): cheap to pass between
    processes and to group with numpy. Forked workers share the parent's hash seed, so
    their codes agree with the parent's; within one run equal names give equal codes,
    and distinct names collide with odds of about 2**-64 per pair."""
    return [hash(name) for name in blocking_keys(k)]


def candidate_pairs(
    keys: Sequence[Keys],
    *,
    codes: Sequence[Sequence[int]] | None = None,
    max_block: int = MAX_BLOCK,
    neighbours: int = NEIGHBOURS,
) -> np.ndarray:
    """Unique index pairs (i < j) as an (n, 2) int64 array, sorted.

    ``codes`` may carry each record's :func:`block_codes` computed elsewhere (in the
    worker processes that normalised the records). Blocks are found by sorting the
    codes (numpy), not in a dict of names: a million records have nine million.
    """
    if codes is None:
        codes = [block_codes(k) for k in keys]
    n = len(keys)
    counts = np.fromiter((len(c) for c in codes), dtype=np.int64, count=n)
    total = int(counts.sum())
    flat = np.fromiter(itertools.chain.from_iterable(codes), dtype=np.int64, count=total)
    owner = np.repeat(np.arange(n, dtype=np.int64), counts)
    order = np.lexsort((owner, flat))
    flat, owner = flat[order], owner[order]
    if total:
        starts = np.flatnonzero(np.concatenate(([True], flat[1:] != flat[:-1])))
    else:
        starts = np.zeros(0, dtype=np.int64)
    sizes = np.diff(np.concatenate((starts, [total])))
    chunks: list[np.ndarray] = []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= max_block)]).tolist():
        # all blocks of one size at once: one triu over a (blocks, size) matrix
        firsts = starts[sizes == size]
        matrix = owner[firsts[:, None] + np.arange(size)]
        left, right = np.triu_indices(size, k=1)
        chunks.append(np.stack([matrix[:, left].ravel(), matrix[:, right].ravel()], axis=1))
    for first, size in zip(
        starts[sizes > max_block].tolist(), sizes[sizes > max_block].tolist(), strict=True
    ):
        chunks.append(_neighbourhood(owner[first : first + size].tolist(), keys, neighbours))
    if not chunks:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks)
    pairs.sort(axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    n = max(n, 1)
    # sorted, then each value unlike the one before: what np.unique returns, without its
    # hash table (7.8 of 10.9 s at a million records)
    values = pairs[:, 0] * n + pairs[:, 1]
    values.sort()
    unique = values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values
    return np.stack([unique // n, unique % n], axis=1)


def _neighbourhood(members: list[int], keys: Sequence[Keys], window: int) -> np.ndarray:
    ordered = np.asarray(sorted(members, key=lambda i: (keys[i].title, keys[i].id)), dtype=np.int64)
    parts = [
        np.stack([ordered[:-step], ordered[step:]], axis=1)
        for step in range(1, min(window, len(ordered) - 1) + 1)
    ]
    return np.concatenate(parts)
