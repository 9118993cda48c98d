"""Clusters from duplicate links, without chaining through weak links.

A connected component whose members all pass each other (no pair judged distinct)
is one study. Otherwise it is rebuilt greedily from its strongest links, joining
two groups only when no pair across them is distinct; the links that would have
joined incompatible groups go to a person instead. "Distinct" here is what ``judge``
says: the engine's judge keeps it for pairs a veto separates, not for pairs that no
rule could read (see ``prisma.dedup.engine``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from prisma.dedup.rules import Verdict

# Components larger than this are not checked pair by pair (cost grows with the
# square); they are rebuilt greedily, which checks only the groups it joins.
FULL_CHECK_LIMIT = 60


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    strength: float  # higher joins first
    rule: str


@dataclass
class Clustering:
    groups: list[list[int]]  # every index in exactly one group
    used: list[Link]  # links inside the final groups
    refused: list[tuple[Link, tuple[int, int]]]  # link, and the distinct pair that blocked it


def cluster(n: int, links: Iterable[Link], judge: Callable[[int, int], Verdict]) -> Clustering:
    """Group indices 0..n-1; ``judge(i, j)`` says whether i and j may share a study."""
    by_pair: dict[tuple[int, int], Link] = {}
    for link in links:
        key = (min(link.a, link.b), max(link.a, link.b))
        known = by_pair.get(key)
        if known is None or link.strength > known.strength:
            by_pair[key] = link
    groups: list[list[int]] = []
    used: list[Link] = []
    refused: list[tuple[Link, tuple[int, int]]] = []
    for members, edges in _components(n, by_pair):
        if len(members) == 1:
            groups.append(members)  # no link: a study of its own
            continue
        if len(members) <= 2 or (
            len(members) <= FULL_CHECK_LIMIT and _all_compatible(members, judge)
        ):
            groups.append(members)
            used.extend(edges)
            continue
        parts, inside, blocked = _greedy(members, edges, judge)
        groups.extend(parts)
        used.extend(inside)
        refused.extend(blocked)
    return Clustering(groups, used, refused)


def _components(
    n: int, by_pair: dict[tuple[int, int], Link]
) -> Iterator[tuple[list[int], list[Link]]]:
    """Each connected component's members (ascending) and links, vectorised: a million
    records make hundreds of thousands of components (networkx took 3 s to build and
    walk the graph)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not n:
        return
    edges = list(by_pair.values())
    ends = np.array(list(by_pair), dtype=np.int64).reshape(-1, 2)
    graph = coo_matrix((np.ones(len(ends), dtype=np.int8), (ends[:, 0], ends[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    # members by component, ascending within each (a stable sort of 0..n-1)
    order = np.argsort(labels, kind="stable")
    starts = np.flatnonzero(np.concatenate(([True], np.diff(labels[order]) != 0)))
    stops = np.append(starts[1:], n)
    edge_order = np.argsort(labels[ends[:, 0]], kind="stable")
    edge_labels = labels[ends[edge_order, 0]]
    edge_starts = np.searchsorted(edge_labels, labels[order[starts]], side="left")
    edge_stops = np.searchsorted(edge_labels, labels[order[starts]], side="right")
    members_all, edge_ids = order.tolist(), edge_order.tolist()
    for start, stop, first, last in zip(
        starts.tolist(), stops.tolist(), edge_starts.tolist(), edge_stops.tolist(), strict=True
    ):
        yield members_all[start:stop], [edges[i] for i in edge_ids[first:last]]


def _all_compatible(members: list[int], judge: Callable[[int, int], Verdict]) -> bool:
    return all(
        judge(members[x], members[y]) != Verdict.DISTINCT
        for x in range(len(members))
        for y in range(x + 1, len(members))
    )


def _greedy(
    members: list[int], edges: list[Link], judge: Callable[[int, int], Verdict]
) -> tuple[list[list[int]], list[Link], list[tuple[Link, tuple[int, int]]]]:
    group_of = {m: m for m in members}
    groups: dict[int, list[int]] = {m: [m] for m in members}
    inside: list[Link] = []
    blocked: list[tuple[Link, tuple[int, int]]] = []
    for link in sorted(edges, key=lambda e: (-e.strength, min(e.a, e.b), max(e.a, e.b))):
        ga, gb = group_of[link.a], group_of[link.b]
        if ga == gb:
            inside.append(link)
            continue
        conflict = next(
            ((x, y) for x in groups[ga] for y in groups[gb] if judge(x, y) == Verdict.DISTINCT),
            None,
        )
        if conflict is not None:
            blocked.append((link, conflict))
            continue
        keep, gone = (ga, gb) if len(groups[ga]) >= len(groups[gb]) else (gb, ga)
        for m in groups[gone]:
            group_of[m] = keep
        groups[keep].extend(groups.pop(gone))
        inside.append(link)
    return [sorted(g) for g in groups.values()], inside, blocked
