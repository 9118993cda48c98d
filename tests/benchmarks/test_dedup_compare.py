"""The pair-for-pair comparison sees what a change gains and loses on a labelled set."""

from __future__ import annotations

import json

import pytest

from benchmarks import bench_dedup, dedup_compare
from tests.conftest import shared_path


def test_compare_lists_the_true_pairs_a_run_lost(tmp_path, monkeypatch, capsys) -> None:
    shared_path("dedup", "special_cases")
    monkeypatch.setattr(bench_dedup, "CACHE", tmp_path)
    dedup_compare.main(["save", "before", "--seeds", "0", "--sets", "special_cases"])
    printed = capsys.readouterr().out
    assert printed.startswith("special_cases:0")
    assert "R=1.0000" in printed
    # the same run with one of its true pairs taken out: a run that lost it
    runs = json.loads((tmp_path / "compare-before.json").read_text(encoding="utf-8"))
    kept, gone = runs["special_cases:0"][1:], runs["special_cases:0"][0]
    (tmp_path / "compare-after.json").write_text(
        json.dumps({"special_cases:0": kept}), encoding="utf-8"
    )
    dedup_compare.main(["compare", "before", "after"])
    line = capsys.readouterr().out.strip()
    assert line.startswith("special_cases:0")
    assert "+TP 0 -TP 1 +FP 0 -FP 0" in line
    assert str(tuple(gone)) in line


def test_save_needs_a_label() -> None:
    with pytest.raises(SystemExit):
        dedup_compare.main(["save"])


def test_compare_names_a_run_never_saved(tmp_path, monkeypatch, capsys) -> None:
    shared_path("dedup")
    monkeypatch.setattr(bench_dedup, "CACHE", tmp_path)
    with pytest.raises(SystemExit) as stop:
        dedup_compare.main(["compare", "nothing", "either"])
    assert stop.value.code == 2
    assert "no saved run 'nothing'" in capsys.readouterr().err
