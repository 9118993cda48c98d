"""Identifier-only deduplication: same DOI, same PMID, or same normalised title + year."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from prisma.dedup import DedupResult, Match, PairDecision
from prisma.records import Record, fold


def deduplicate_exact(
    records: Sequence[Record], *, reviewed: Sequence[PairDecision] = ()
) -> DedupResult:
    graph = nx.Graph()
    graph.add_nodes_from(r.id for r in records)
    matches: list[Match] = []
    vetoed = {frozenset((d.a, d.b)) for d in reviewed if not d.same}
    keys: dict[tuple[str, str], str] = {}
    for record in sorted(records, key=lambda r: r.id):
        candidates = []
        if record.doi:
            candidates.append(("same_doi", record.doi))
        if record.pmid:
            candidates.append(("same_pmid", record.pmid))
        title = fold(record.title)
        if title and record.year and "title" not in record.truncated:
            candidates.append(("same_title_year", f"{title}|{record.year}"))
        for rule, value in candidates:
            other = keys.setdefault((rule, value), record.id)
            linked = other == record.id or graph.has_edge(other, record.id)
            if not linked and frozenset((other, record.id)) not in vetoed:
                graph.add_edge(other, record.id)
                matches.append(Match(other, record.id, rule, 1.0, value))
    for decision in reviewed:
        if decision.same and decision.a in graph and decision.b in graph:
            graph.add_edge(decision.a, decision.b)
            matches.append(Match(decision.a, decision.b, "reviewed_same"))
    clusters = sorted(tuple(sorted(c)) for c in nx.connected_components(graph))
    return DedupResult(clusters=clusters, matches=sorted(matches, key=lambda m: (m.a, m.b)))
