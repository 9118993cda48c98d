"""`prisma-review screen simulate` on real reviewers' labels (a slice of the Cohen 2006
NSAIDS set) and on files it must refuse."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from prisma.cli import cli
from tests.conftest import shared_path


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _slice(tmp_path: Path, n: int = 120) -> Path:
    source = shared_path("screening", "Cohen_2006_NSAIDS.csv")
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:n]
    return _write(
        tmp_path / "nsaids.csv",
        ["title", "abstract", "label_included"],
        [[r["title"], r["abstract"], r["label_included"]] for r in rows],
    )


def test_simulate_json_shape_and_figures(tmp_path):  # type: ignore[no-untyped-def]
    path = _slice(tmp_path)
    with open(path, encoding="utf-8", newline="") as handle:
        labels = [int(r["label_included"]) for r in csv.DictReader(handle)]
    result = CliRunner().invoke(
        cli,
        [
            "screen",
            "simulate",
            str(path),
            "--seeds",
            "2",
            "--rule",
            "consecutive",
            "--run",
            "20",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["n", "relevant", "runs"]
    assert data["n"] == len(labels) - 2 and data["relevant"] == sum(labels) - 1
    assert [r["seed"] for r in data["runs"]] == [0, 1]
    for run in data["runs"]:
        assert list(run) == [
            "seed",
            "wss95",
            "recall_at_10",
            "stopped_at",
            "recall_at_stop",
            "work_saved_at_stop",
        ]
        assert 0 < run["stopped_at"] <= data["n"]
        assert run["work_saved_at_stop"] == round(1 - run["stopped_at"] / data["n"], 4)
        assert 0 <= run["recall_at_stop"] <= 1
        assert run["stopped_at"] % 10 == 0 or run["stopped_at"] == data["n"]  # batches of 10
    # The same seed gives the same figures (the hand-out order is deterministic).
    again = CliRunner().invoke(
        cli,
        [
            "screen",
            "simulate",
            str(path),
            "--seeds",
            "1",
            "--rule",
            "consecutive",
            "--run",
            "20",
            "--json",
        ],
    )
    assert json.loads(again.output)["runs"] == data["runs"][:1]


def test_simulate_hypergeometric_keeps_its_promise_on_a_slice(tmp_path):  # type: ignore[no-untyped-def]
    path = _slice(tmp_path)
    result = CliRunner().invoke(cli, ["screen", "simulate", str(path), "--seeds", "1"])
    assert result.exit_code == 0, result.output
    assert "rule hypergeometric (target recall 0.95, confidence 0.95)" in result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("worst recall at stop ")
    assert float(last.rsplit(" ", 1)[1]) >= 0.95


def test_simulate_refuses_a_file_without_the_label_column(tmp_path):  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "x.csv", ["title", "abstract"], [["a", "b"]])
    result = CliRunner().invoke(cli, ["screen", "simulate", str(path)])
    assert result.exit_code == 2
    assert "x.csv" in result.output and "label_included" in result.output


def test_simulate_names_the_rows_with_bad_labels(tmp_path):  # type: ignore[no-untyped-def]
    rows = [
        ["t1", "a", "1"],
        ["t2", "a", "0"],
        ["t3", "a", "yes"],
        ["t4", "a", "1"],
        ["t5", "a", "2"],
    ]
    path = _write(tmp_path / "bad.csv", ["title", "abstract", "label_included"], rows)
    result = CliRunner().invoke(cli, ["screen", "simulate", str(path)])
    assert result.exit_code == 2
    assert "bad.csv:4" in result.output  # header is row 1
    assert "2 row(s) with a label other than 0 or 1" in result.output


def test_simulate_refuses_a_set_without_relevant_records(tmp_path):  # type: ignore[no-untyped-def]
    rows = [[f"t{i}", "a", "0"] for i in range(20)]
    path = _write(tmp_path / "none.csv", ["title", "abstract", "label_included"], rows)
    result = CliRunner().invoke(cli, ["screen", "simulate", str(path)])
    assert result.exit_code == 2
    assert "none.csv" in result.output and "0 relevant" in result.output
