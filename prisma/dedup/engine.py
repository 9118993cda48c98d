"""The rule engine: normalise -> block -> compare -> classify -> cluster.

Deterministic and independent of input order: records are processed in id order,
every tie is broken by id, so the same set of records gives the same clusters.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

import numpy as np
from tqdm import tqdm

from prisma.dedup import DedupResult, Match, PairDecision
from prisma.dedup.block import block_codes, candidate_pairs
from prisma.dedup.cluster import Link, cluster
from prisma.dedup.compare import compare_one, compare_pairs
from prisma.dedup.normalise import Keys, record_keys
from prisma.dedup.rules import (
    MIN_TITLE,
    MIN_TITLE_SET,
    NO_RULE,
    Pair,
    Verdict,
    classify,
    describe,
    numbers_against,
    place_key,
    range_key,
)
from prisma.errors import ReviewError
from prisma.records import Record

CONFERENCE_CHOICES = ("separate", "merge")
# Below this many records a second process costs more than it saves.
PARALLEL_FROM = 20_000


# Records handed to forked workers by inheritance, not by pickling (a million records
# with abstracts would otherwise be copied through a pipe).
_SHARED: Sequence[Record] = ()


def _keys_and_blocks(record: Record) -> tuple[Keys, list[int]]:
    keys = record_keys(record)
    return keys, block_codes(keys)


def _keys_range(bounds: tuple[int, int]) -> list[tuple[Keys, list[int]]]:
    return [_keys_and_blocks(r) for r in _SHARED[bounds[0] : bounds[1]]]


def compute_keys(
    records: Sequence[Record], *, workers: int = 0, progress: bool = False
) -> list[tuple[Keys, list[int]]]:
    """Matching keys and block names of every record, in the records' order (both
    cores on large sets)."""
    global _SHARED
    workers = workers or min(2, os.cpu_count() or 1)
    if (
        workers < 2
        or len(records) < PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [
            _keys_and_blocks(r)
            for r in tqdm(
                records, desc="normalise", unit="rec", disable=not progress, file=sys.stderr
            )
        ]
    size = max(1, len(records) // (workers * 16))
    bounds = [(i, min(i + size, len(records))) for i in range(0, len(records), size)]
    out: list[tuple[Keys, list[int]]] = []
    _SHARED = records
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for part in tqdm(
                pool.map(_keys_range, bounds),
                total=len(bounds),
                desc="normalise",
                unit="chunk",
                disable=not progress,
                file=sys.stderr,
            ):
                out.extend(part)
    finally:
        _SHARED = ()
    return out


def _options(options: dict[str, object]) -> tuple[str, bool, int]:
    mode = str(options.get("conference_abstracts", "separate"))
    if mode not in CONFERENCE_CHOICES:
        raise ReviewError(
            f"conference_abstracts is {mode!r}",
            kind="config",
            hint="use 'separate' (an abstract and its journal article stay two records) or 'merge'",
        )
    progress = options.get("progress")
    show = bool(progress) if progress is not None else sys.stderr.isatty()
    workers = options.get("workers", 0) or 0
    return mode, show, int(workers) if isinstance(workers, int | str) else 0


def deduplicate_rules(
    records: Sequence[Record],
    *,
    reviewed: Sequence[PairDecision] = (),
    options: dict[str, object] | None = None,
) -> DedupResult:
    """Group records into studies by the rules in :mod:`prisma.dedup.rules`.

    ``options``: ``conference_abstracts`` ("separate" | "merge"), ``progress``
    (bool; default: when stderr is a terminal), ``workers`` (processes/threads).
    ``reviewed`` decisions win over every rule: "same" joins, "different" separates.
    """
    mode, progress, workers = _options(options or {})
    with _cyclic_gc_paused():
        return _deduplicate(records, reviewed, mode, progress, workers)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Millions of small acyclic objects (keys, tuples, pairs): the cyclic collector
    would rescan all of them again and again (measured at 200,000 records: 41.6 s of
    CPU with it, 25.7 s without). Forked workers inherit the pause."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _deduplicate(
    records: Sequence[Record],
    reviewed: Sequence[PairDecision],
    mode: str,
    progress: bool,
    workers: int,
) -> DedupResult:
    ordered = sorted(records, key=lambda r: r.id)
    ids = [r.id for r in ordered]
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        repeated = next(i for i in ids if i in seen or seen.add(i))  # type: ignore[func-returns-value]  # set.add gives None: the `or` marks i seen
        raise ReviewError(
            f"record id {repeated!r} appears twice",
            kind="input",
            hint="give each record a unique id (read_file does this per file)",
        )
    computed = compute_keys(ordered, workers=workers, progress=progress)
    keys = [k for k, _ in computed]
    index = {rid: i for i, rid in enumerate(ids)}

    pairs = candidate_pairs(keys, codes=[codes for _, codes in computed])
    del computed
    scores = compare_pairs(keys, pairs, workers=workers or -1)
    same_doi = _same_code([k.doi for k in keys], pairs)
    same_pmid = _same_code([k.pmid for k in keys], pairs)
    same_place = _same_code([place_key(k) for k in keys], pairs)
    same_range = _same_code([range_key(k) for k in keys], pairs)
    # Pairs below every rule's title threshold are distinct without running the rules.
    worth = (
        same_doi
        | same_pmid
        | same_place
        | same_range
        | (scores.title >= MIN_TITLE)
        | (scores.title_set >= MIN_TITLE_SET)
        | scores.title_prefix
    )

    verdicts: dict[tuple[int, int], tuple[Verdict, str, Pair]] = {}
    for position in tqdm(
        np.flatnonzero(worth), desc="classify", unit="pair", disable=not progress, file=sys.stderr
    ):
        a, b = int(pairs[position, 0]), int(pairs[position, 1])
        pair = Pair(keys[a], keys[b], scores.at(int(position)), mode)
        verdict, rule = classify(pair)
        verdicts[(a, b)] = (verdict, rule, pair)

    forced: dict[tuple[int, int], bool] = {}
    for decision in reviewed:
        if decision.a in index and decision.b in index and decision.a != decision.b:
            a, b = sorted((index[decision.a], index[decision.b]))
            forced[(a, b)] = decision.same

    def judge(a: int, b: int) -> Verdict:
        a, b = min(a, b), max(a, b)
        if (a, b) in forced:
            return Verdict.DUPLICATE if forced[(a, b)] else Verdict.DISTINCT
        if (a, b) not in verdicts:
            pair = Pair(keys[a], keys[b], compare_one(keys[a], keys[b]), mode)
            verdict, rule = classify(pair)
            verdicts[(a, b)] = (verdict, rule, pair)
        verdict, rule, pair = verdicts[(a, b)]
        if verdict == Verdict.DUPLICATE or (verdict == Verdict.DISTINCT and rule != NO_RULE):
            return verdict
        # No rule proved them one study and no veto proved them two. Inside a group that
        # duplicate links already join, an unreadable field (a turned author list, a
        # country for a volume) must not split the group; a number that both give and
        # that differs (another volume, first page, issue or year) must.
        return Verdict.DISTINCT if numbers_against(pair) else Verdict.MAYBE

    links = [
        Link(a, b, _strength(pair), rule)
        for (a, b), (verdict, rule, pair) in verdicts.items()
        if verdict == Verdict.DUPLICATE and forced.get((a, b), True)
    ]
    links += [Link(a, b, 1000.0, "reviewed_same") for (a, b), same in forced.items() if same]
    clustering = cluster(len(ordered), links, judge)

    group_of = {m: g for g, members in enumerate(clustering.groups) for m in members}
    matches = [_match(ids, link, verdicts) for link in clustering.used]
    maybe: list[Match] = []
    for (a, b), (verdict, rule, pair) in verdicts.items():
        if verdict == Verdict.MAYBE and (a, b) not in forced and group_of[a] != group_of[b]:
            maybe.append(Match(ids[a], ids[b], rule, round(pair.s.title / 100, 3), describe(pair)))
    for link, (x, y) in clustering.refused:
        a, b = min(link.a, link.b), max(link.a, link.b)
        if group_of[a] != group_of[b] and (a, b) not in forced:
            base = _match(ids, link, verdicts)
            maybe.append(
                Match(
                    base.a,
                    base.b,
                    "split_" + link.rule,
                    base.score,
                    f"{base.detail}; kept apart: {ids[x]} vs {ids[y]} "
                    f"({verdicts[(min(x, y), max(x, y))][1] if (min(x, y), max(x, y)) in verdicts else 'reviewed_different'})",
                )
            )
    clusters = sorted(tuple(ids[m] for m in members) for members in clustering.groups)
    return DedupResult(
        clusters=clusters,
        matches=sorted(matches, key=lambda m: (m.a, m.b)),
        maybe=sorted(set(maybe), key=lambda m: (m.a, m.b, m.rule)),
    )


def _same_code(values: list[str], pairs: np.ndarray) -> np.ndarray:
    """Whether both records of each pair carry the same non-empty value (vectorised)."""
    codes: dict[str, int] = {"": -1}
    numbers = np.fromiter(
        (codes.setdefault(v, len(codes)) for v in values), dtype=np.int64, count=len(values)
    )
    left, right = numbers[pairs[:, 0]], numbers[pairs[:, 1]]
    return (left == right) & (left >= 0)


def _strength(pair: Pair) -> float:
    bonus = 100.0 if pair.a.doi and pair.a.doi == pair.b.doi else 0.0
    return bonus + pair.s.title + max(pair.s.authors, 0) / 10


def _match(
    ids: list[str], link: Link, verdicts: dict[tuple[int, int], tuple[Verdict, str, Pair]]
) -> Match:
    a, b = min(link.a, link.b), max(link.a, link.b)
    if link.rule == "reviewed_same" or (a, b) not in verdicts:
        return Match(ids[a], ids[b], "reviewed_same", 1.0, "decided by a person")
    _, rule, pair = verdicts[(a, b)]
    return Match(ids[a], ids[b], rule, round(pair.s.title / 100, 3), describe(pair))
