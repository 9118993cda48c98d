"""The rule engine: normalise -> block -> compare -> classify -> cluster.

Deterministic and independent of input order: records are processed in id order,
every tie is broken by id, so the same set of records gives the same clusters.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, NamedTuple, TypeVar

import numpy as np
from tqdm import tqdm

from prisma.dedup import DedupResult, Match, PairDecision
from prisma.dedup.block import block_codes, candidate_pairs
from prisma.dedup.cluster import Link, cluster
from prisma.dedup.compare import PairScores, Scores, compare_authors, compare_one, compare_titles
from prisma.dedup.normalise import Keys, lend_review_numbers, numbered_issues, record_keys
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


# What forked workers inherit instead of receiving it through a pipe (a million
# records with abstracts, the keys, the pairs), the chunk bounds of the job at hand,
# and the shared index of the next chunk nobody has claimed yet.
_STATE: dict[str, Any] = {}
_BOUNDS: Sequence[tuple[int, int]] = ()
_NEXT: Any = None  # multiprocessing.Value("q"), created before the workers fork

# Items per chunk of a shared job: small enough that the processes finish within a
# chunk of each other, large enough that claiming one costs nothing.
CHUNK = 8_000

_T = TypeVar("_T")


def _keys_and_blocks(record: Record) -> tuple[Keys, list[int]]:
    keys = record_keys(record)
    return keys, block_codes(keys)


def _claim() -> int | None:
    with _NEXT.get_lock():
        index = int(_NEXT.value)
        if index >= len(_BOUNDS):
            return None
        _NEXT.value = index + 1
    return index


def _in_worker(job: Callable[[int, int, bool], _T]) -> tuple[int, _T] | None:
    """In a worker: ``job`` on the next unclaimed chunk, or None when all are taken."""
    index = _claim()
    return None if index is None else (index, job(*_BOUNDS[index], True))


def _shared(
    size: int,
    job: Callable[[int, int, bool], Any],
    decode: Callable[[Any], _T],
    workers: int,
    bar: tqdm,
) -> list[_T]:
    """``job(start, stop, remote)`` over ``range(size)`` in chunks, by this process and
    ``workers - 1`` forked ones taking chunks in turn from one shared counter; parts
    in order. The parent works too instead of waiting (the cores are few), so only
    the workers' share crosses a pipe (``decode`` turns it back), and whichever
    process is slowed (by load, a cold cache) simply claims fewer chunks."""
    global _BOUNDS, _NEXT
    bounds = [(i, min(i + CHUNK, size)) for i in range(0, size, CHUNK)]
    parts: list[_T | None] = [None] * len(bounds)
    context = multiprocessing.get_context("fork")
    _BOUNDS, _NEXT = bounds, context.Value("q", 0)

    def take(future: Future[tuple[int, Any] | None]) -> bool:
        got = future.result()
        if got is None:
            return False
        index, part = got
        parts[index] = decode(part)
        bar.update(bounds[index][1] - bounds[index][0])
        return True

    try:
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
            # two tasks per worker: the next is queued while one runs
            pending = {pool.submit(_in_worker, job) for _ in range(2 * (workers - 1))}
            while (index := _claim()) is not None:
                parts[index] = job(*bounds[index], False)
                bar.update(bounds[index][1] - bounds[index][0])
                for future in [f for f in pending if f.done()]:
                    pending.discard(future)
                    if take(future):
                        pending.add(pool.submit(_in_worker, job))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    take(future)
    finally:
        _BOUNDS, _NEXT = (), None
    return [part for part in parts if part is not None]


def _parallel(size: int, workers: int) -> bool:
    return (
        workers >= 2 and size >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods()
    )


def _normalise_job(start: int, stop: int, remote: bool) -> Any:
    part = [_keys_and_blocks(r) for r in _STATE["records"][start:stop]]
    if remote:
        # plain tuples: a named tuple pickles through a Python-level __getnewargs__,
        # a third slower over a million records
        return [tuple(k) for k, _ in part], [codes for _, codes in part]
    return part


def _normalise_decode(
    part: tuple[list[tuple[object, ...]], list[list[int]]] | list[tuple[Keys, list[int]]],
) -> list[tuple[Keys, list[int]]]:
    if isinstance(part, list):
        return part
    keys, codes = part
    return list(zip(map(Keys._make, keys), codes, strict=True))


def compute_keys(
    records: Sequence[Record], *, workers: int = 0, progress: bool = False
) -> list[tuple[Keys, list[int]]]:
    """Matching keys and block names of every record, in the records' order (every
    core on large sets)."""
    workers = workers or min(2, os.cpu_count() or 1)
    if not _parallel(len(records), workers):
        return [
            _keys_and_blocks(r)
            for r in tqdm(
                records, desc="normalise", unit="rec", disable=not progress, file=sys.stderr
            )
        ]
    _STATE["records"] = records
    bar = tqdm(
        total=len(records), desc="normalise", unit="rec", disable=not progress, file=sys.stderr
    )
    try:
        parts = _shared(len(records), _normalise_job, _normalise_decode, workers, bar)
    finally:
        _STATE.clear()
        bar.close()
    return [item for part in parts for item in part]


def _keys_reading_columns(
    records: Sequence[Record], workers: int, progress: bool
) -> list[tuple[Keys, list[int]]]:
    """``compute_keys``, with what a whole file's column says: an issue column of record
    numbers (see ``normalise.columns``) is read as no issue, and marked so."""
    numbered = numbered_issues(records)
    if numbered is None:
        return compute_keys(records, workers=workers, progress=progress)
    emptied = [r.with_(issue="") if n else r for r, n in zip(records, numbered, strict=True)]
    computed = compute_keys(emptied, workers=workers, progress=progress)
    return [
        (keys._replace(issue_numbered=True), codes) if n else (keys, codes)
        for (keys, codes), n in zip(computed, numbered, strict=True)
    ]


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
    computed = _keys_reading_columns(ordered, workers, progress)
    keys = [k for k, _ in computed]
    keys = lend_review_numbers(keys) or keys
    index = {rid: i for i, rid in enumerate(ids)}

    pairs = candidate_pairs(keys, codes=[codes for _, codes in computed])
    del computed
    title, title_set, prefix = compare_titles(keys, pairs, workers=workers or -1)
    same_doi = _same_code([k.doi for k in keys], pairs)
    same_pmid = _same_code([k.pmid for k in keys], pairs)
    same_place = _same_code([place_key(k) for k in keys], pairs)
    same_range = _same_code([range_key(k) for k in keys], pairs)
    # Pairs below every rule's title threshold are distinct without running the rules
    # (nor scoring their authors).
    worth = (
        same_doi
        | same_pmid
        | same_place
        | same_range
        | (title >= MIN_TITLE)
        | (title_set >= MIN_TITLE_SET)
        | prefix
    )
    pairs = pairs[worth]
    scores = PairScores(
        title[worth],
        title_set[worth],
        prefix[worth],
        *compare_authors(keys, pairs, workers=workers or -1),
    )
    verdicts = _classify_all(keys, pairs, scores, mode, workers, progress)

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
            verdicts[(a, b)] = _judged(
                Pair(keys[a], keys[b], compare_one(keys[a], keys[b]), mode), -1
            )
        judged = verdicts[(a, b)]
        verdict, rule = judged.verdict, judged.rule
        if verdict == Verdict.DUPLICATE or (verdict == Verdict.DISTINCT and rule != NO_RULE):
            return verdict
        # No rule proved them one study and no veto proved them two. Inside a group that
        # duplicate links already join, an unreadable field (a turned author list, a
        # country for a volume) must not split the group; a number that both give and
        # that differs (another volume, first page, issue or year) must.
        return Verdict.DISTINCT if numbers_against(pair_of(a, b, judged)) else Verdict.MAYBE

    def pair_of(a: int, b: int, judged: _Judged) -> Pair:
        """The pair a verdict was made on (rebuilt: workers send back verdicts only)."""
        if judged.position < 0:
            return Pair(keys[a], keys[b], compare_one(keys[a], keys[b]), mode)
        return Pair(keys[a], keys[b], scores.at(judged.position), mode)

    links = [
        Link(a, b, judged.strength, judged.rule)
        for (a, b), judged in verdicts.items()
        if judged.verdict == Verdict.DUPLICATE and forced.get((a, b), True)
    ]
    links += [Link(a, b, 1000.0, "reviewed_same") for (a, b), same in forced.items() if same]
    clustering = cluster(len(ordered), links, judge)

    group_of = {m: g for g, members in enumerate(clustering.groups) for m in members}
    matches = [_match(ids, link, verdicts) for link in clustering.used]
    maybe: list[Match] = []
    for (a, b), judged in verdicts.items():
        if judged.verdict == Verdict.MAYBE and (a, b) not in forced and group_of[a] != group_of[b]:
            maybe.append(
                Match(ids[a], ids[b], judged.rule, round(judged.title / 100, 3), judged.detail)
            )
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


class _Judged(NamedTuple):
    """One pair's verdict and what the outputs need of the pair (kept instead of the
    pair, so that workers can judge pairs and send back only this)."""

    verdict: Verdict
    rule: str
    title: float  # the title score, the match's score
    detail: str  # describe(): for duplicates and maybes, '' for distinct pairs
    strength: float  # the link's strength: for duplicates, 0 otherwise
    position: int  # the pair's index in the scored pairs; -1: scored on its own


def _judged(pair: Pair, position: int) -> _Judged:
    verdict, rule = classify(pair)
    return _Judged(
        verdict,
        rule,
        pair.s.title,
        describe(pair) if verdict != Verdict.DISTINCT else "",
        _strength(pair) if verdict == Verdict.DUPLICATE else 0.0,
        position,
    )


def _classify_job(start: int, stop: int, remote: bool) -> list[Any]:
    state = _STATE
    keys, left, right, mode = state["keys"], state["left"], state["right"], state["mode"]
    title, title_set, prefix = state["title"], state["title_set"], state["prefix"]
    authors, first = state["authors"], state["first"]
    judged = [
        _judged(
            Pair(
                keys[left[i]],
                keys[right[i]],
                Scores(title[i], title_set[i], prefix[i], authors[i], first[i]),
                mode,
            ),
            i,
        )
        for i in range(start, stop)
    ]
    # plain tuples through the pipe (see _normalise_job)
    return [tuple(j) for j in judged] if remote else judged


def _classify_decode(part: list[Any]) -> list[_Judged]:
    return part if not part or isinstance(part[0], _Judged) else list(map(_Judged._make, part))


def _classify_all(
    keys: list[Keys],
    pairs: np.ndarray,
    scores: PairScores,
    mode: str,
    workers: int,
    progress: bool,
) -> dict[tuple[int, int], _Judged]:
    """The verdict of every pair (every core on many pairs)."""
    left, right = pairs[:, 0].tolist(), pairs[:, 1].tolist()
    _STATE.update(
        keys=keys,
        left=left,
        right=right,
        mode=mode,
        # Python lists: one item read from a numpy array costs a scalar object
        title=scores.title.tolist(),
        title_set=scores.title_set.tolist(),
        prefix=scores.title_prefix.tolist(),
        authors=scores.authors.tolist(),
        first=scores.first_author.tolist(),
    )
    workers = workers or min(2, os.cpu_count() or 1)
    bar = tqdm(total=len(left), desc="classify", unit="pair", disable=not progress, file=sys.stderr)
    try:
        if _parallel(len(left), workers):
            parts = _shared(len(left), _classify_job, _classify_decode, workers, bar)
        else:
            parts = [_classify_job(0, len(left), False)]
            bar.update(len(left))
    finally:
        _STATE.clear()
        bar.close()
    return dict(
        zip(zip(left, right, strict=True), itertools.chain.from_iterable(parts), strict=True)
    )


def _match(ids: list[str], link: Link, verdicts: dict[tuple[int, int], _Judged]) -> Match:
    a, b = min(link.a, link.b), max(link.a, link.b)
    if link.rule == "reviewed_same" or (a, b) not in verdicts:
        return Match(ids[a], ids[b], "reviewed_same", 1.0, "decided by a person")
    judged = verdicts[(a, b)]
    return Match(ids[a], ids[b], judged.rule, round(judged.title / 100, 3), judged.detail)
