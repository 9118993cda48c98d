"""Relevance order on real reviewers' decisions (Cohen 2006 NSAIDS set): it ranks, it never
drops a study, and it falls back with a message when there are too few labels."""

from __future__ import annotations

import csv
import random

from prisma.screening.export import export
from prisma.screening.prioritise import features, rank
from prisma.screening.simulation import replay
from tests.conftest import shared_path
from tests.screening_workspace import Paper, fill_and_import, make_review


def _nsaids() -> list[dict[str, str]]:
    path = shared_path("screening", "Cohen_2006_NSAIDS.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_rank_puts_real_includes_first():  # type: ignore[no-untyped-def]
    rows = _nsaids()
    texts = [f"{r['title']} {r['abstract']}" for r in rows]
    labels = [int(r["label_abstract_screening"]) for r in rows]
    rng = random.Random(7)
    order = list(range(len(rows)))
    rng.shuffle(order)
    known = {i: labels[i] for i in order[:100]}
    rest = order[100:]
    ranked, message = rank(texts, known, rest)
    assert sorted(ranked) == sorted(rest)  # ordering only
    assert "ranked by relevance" in message
    top = ranked[: len(rest) * 3 // 10]
    found = sum(labels[i] for i in top) / sum(labels[i] for i in rest)
    assert found > 0.6, found  # random order would find about 0.3


def test_simulation_beats_random_on_a_real_set():  # type: ignore[no-untyped-def]
    rows = _nsaids()
    matrix = features([f"{r['title']} {r['abstract']}" for r in rows])
    labels = [int(r["label_included"]) for r in rows]
    model = replay(matrix, labels, seed=1, step=25)
    baseline = replay(matrix, labels, seed=1, model=None)
    assert model.n == len(rows) - 2 and model.relevant == sum(labels) - 1
    assert model.wss() > baseline.wss() + 0.3
    assert model.recall_at(0.10) > baseline.recall_at(0.10)


def test_export_relevance_order_and_fallback(tmp_path):  # type: ignore[no-untyped-def]
    rows = _nsaids()[:80]
    items = [
        Paper(
            title=r["title"],
            abstract=r["abstract"],
            year=2000,
            authors=(r["authors"].split(";")[0] or "Anon",),
            doi=f"10.1/{r['pubmedID']}",
        )
        for r in rows
    ]
    review = make_review(
        tmp_path / "ws", items, ta_screeners=("ann",), ta_required=1, ta_arbiter=""
    )
    default = export(review.ws, "title_abstract", out=tmp_path / "d.csv")
    fallback = export(review.ws, "title_abstract", order="relevance", out=tmp_path / "r.csv")
    assert "default order used" in fallback.message
    assert fallback.studies == default.studies
    by_title = {f"{r['title']}": r for r in rows}
    decided = {}
    state_titles = {}
    for line in csv.DictReader((tmp_path / "d.csv").read_text("utf-8-sig").splitlines()):
        state_titles[line["study_id"]] = line["title"].lstrip("'")
    for study in default.studies[:40]:
        label = by_title[state_titles[study]]["label_abstract_screening"]
        decided[study] = ("include" if label == "1" else "exclude", "")
    assert {d for d, _ in decided.values()} == {"include", "exclude"}
    fill_and_import(review, "ann", "title_abstract", decided)
    ranked = export(review.ws, "title_abstract", order="relevance", out=tmp_path / "r.csv")
    assert "ranked by relevance" in ranked.message
    assert sorted(ranked.studies) == sorted(default.studies[40:])
    export(review.ws, "title_abstract", order="relevance", out=tmp_path / "r2.csv")
    assert (tmp_path / "r.csv").read_bytes() == (tmp_path / "r2.csv").read_bytes()
