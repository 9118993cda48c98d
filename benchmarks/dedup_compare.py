"""Pair-for-pair comparison of two engine states on every labelled set and messy draw.

A rule change is judged by which labelled pairs it gains and loses, not only by the
totals: ``save`` runs the engine of this checkout on the clean sets and their messy
variants and keeps every merged pair; ``compare`` lists, per set and draw, the true
pairs gained and lost and the false pairs added or removed between two saved runs.

    python -m benchmarks.dedup_compare save before [--seeds 0,1,2,3,4,5] [--sets srsr,...]
    (change the rules)
    python -m benchmarks.dedup_compare save after
    python -m benchmarks.dedup_compare compare before after

Seed 0 is the clean set; other seeds are the variants of ``benchmarks/messy.py``. Runs
are kept in benchmarks/.cache (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks import bench_dedup, messy

Pairs = set[tuple[str, str]]


def _files(folder: Path, seed: int) -> tuple[Path, Path]:
    if seed == 0:
        return folder / "records_pre_merged.csv", folder / "merged_record_ids.csv"
    target, _ = messy.write(folder, seed, bench_dedup.MESSY)
    return target / "records_pre_merged.csv", target / "merged_record_ids.csv"


def _saved(label: str) -> Path:
    return bench_dedup.CACHE / f"compare-{label}.json"


def _folders(sets: list[str] | None) -> list[Path]:
    found = bench_dedup.datasets()
    return [f for f in found if sets is None or f.name in sets]


def save(label: str, seeds: list[int], sets: list[str] | None) -> None:
    """Run the engine on every set and draw; print P/R/F1 with the counts behind them."""
    runs: dict[str, list[list[str]]] = {}
    for folder in _folders(sets):
        for seed in seeds:
            records, labels = _files(folder, seed)
            found = bench_dedup.cluster_pairs(bench_dedup.run_prisma(records)["clusters"])
            truth = bench_dedup.true_pairs(labels)
            p, r, f = bench_dedup.score(found, truth)
            tp = len(found & truth)
            print(
                f"{folder.name}:{seed:<3} P={p:.5f} ({tp}/{len(found)}) "
                f"R={r:.4f} ({tp}/{len(truth)}) F1={f:.4f}",
                flush=True,
            )
            runs[f"{folder.name}:{seed}"] = sorted(map(list, found))
    bench_dedup.CACHE.mkdir(parents=True, exist_ok=True)
    _saved(label).write_text(json.dumps(runs), encoding="utf-8")


def compare(before: str, after: str) -> None:
    """The labelled pairs gained and lost between two saved runs, per set and draw."""
    for label in (before, after):
        if not _saved(label).exists():
            print(
                f"no saved run {label!r} ({_saved(label)}): "
                f"run `python -m benchmarks.dedup_compare save {label}` first",
                file=sys.stderr,
            )
            raise SystemExit(2)
    old = json.loads(_saved(before).read_text(encoding="utf-8"))
    new = json.loads(_saved(after).read_text(encoding="utf-8"))
    for key in sorted(set(old) & set(new)):
        name, seed = key.split(":")
        folder = bench_dedup.DATA / name
        truth = bench_dedup.true_pairs(_files(folder, int(seed))[1])
        a: Pairs = {(x, y) for x, y in old[key]}
        b: Pairs = {(x, y) for x, y in new[key]}
        gained, lost = (b - a) & truth, (a - b) & truth
        added, removed = (b - a) - truth, (a - b) - truth
        line = f"{key:<24} +TP {len(gained)} -TP {len(lost)} +FP {len(added)} -FP {len(removed)}"
        if lost or added:
            line += f" lost {sorted(lost)[:5]} added {sorted(added)[:5]}"
        print(line)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dedup_compare")
    sub = parser.add_subparsers(dest="command", required=True)
    saving = sub.add_parser("save", help="run this checkout's engine and keep its pairs")
    saving.add_argument("label")
    saving.add_argument("--seeds", default="0,1,2,3,4,5", help="0 is the clean set")
    saving.add_argument("--sets", default="", help="comma-separated; all when empty")
    comparing = sub.add_parser("compare", help="pairs gained and lost between two runs")
    comparing.add_argument("before")
    comparing.add_argument("after")
    args = parser.parse_args(argv)
    if not bench_dedup.DATA.exists():
        sys.exit(f"no labelled sets: {bench_dedup.DATA} is absent")
    if args.command == "save":
        seeds = [int(s) for s in args.seeds.split(",") if s]
        save(args.label, seeds, [s for s in args.sets.split(",") if s] or None)
    else:
        compare(args.before, args.after)


if __name__ == "__main__":
    main(sys.argv[1:])
