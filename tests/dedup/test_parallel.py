"""The parallel path (this process and a forked worker sharing chunks of normalise and
classify) decides exactly what the serial path decides: same keys, same studies, same
matches and maybe pairs. Large sets take it by themselves; here the thresholds are
lowered so that a labelled set of 1,300 records runs in many small chunks."""

from __future__ import annotations

import multiprocessing

import pytest

from prisma.dedup import deduplicate, engine
from prisma.sources import read_file
from tests.conftest import shared_path

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="the parallel path forks; this platform cannot (the serial path runs instead)",
)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Lowered thresholds; the list names each job that went through the shared runner."""
    monkeypatch.setattr(engine, "PARALLEL_FROM", 10)
    monkeypatch.setattr(engine, "CHUNK", 97)  # many chunks, the last one short
    jobs: list[str] = []
    shared = engine._shared

    def spy(size, job, *args):  # type: ignore[no-untyped-def]
        jobs.append(job.__name__)
        return shared(size, job, *args)

    monkeypatch.setattr(engine, "_shared", spy)
    return jobs


def _records() -> list:  # type: ignore[type-arg]
    path = shared_path("dedup", "stroke", "records_pre_merged.csv")
    return sorted(read_file(path, "stroke", "bib_csv"), key=lambda r: r.id)


def test_parallel_keys_equal_serial_keys(small_chunks: list[str]) -> None:
    records = _records()
    serial = engine.compute_keys(records, workers=1)
    assert small_chunks == []
    parallel = engine.compute_keys(records, workers=2)
    assert small_chunks == ["_normalise_job"]
    assert len(parallel) == len(records)
    assert parallel == serial
    # a named tuple again, not the plain tuple the worker sent
    assert all(type(keys) is type(serial[0][0]) for keys, _ in parallel)


def test_parallel_dedup_equals_serial_dedup(small_chunks: list[str]) -> None:
    records = _records()
    serial = deduplicate(records, method="rules", options={"workers": 1, "progress": False})
    assert small_chunks == []
    parallel = deduplicate(records, method="rules", options={"workers": 2, "progress": False})
    assert small_chunks == ["_normalise_job", "_classify_job"]
    assert sum(len(c) > 1 for c in serial.clusters) > 100  # a set with real duplicates
    assert parallel.clusters == serial.clusters
    assert parallel.matches == serial.matches
    assert parallel.maybe == serial.maybe
