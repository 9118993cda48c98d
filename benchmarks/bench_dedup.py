"""Dedup accuracy and speed on the labelled sets, against bib-dedupe 0.11 in the same run.

For every dataset under ../shared/data/dedup: pairwise precision, recall and F1
against ``merged_record_ids.csv``, wall time of the dedup call and peak memory, for
prisma-review and for bib-dedupe. bib-dedupe is installed by this module into its
own venv (benchmarks/.envs/bib-dedupe) and run in a subprocess; its results are
cached by dataset sha256 in benchmarks/.cache (the table says "cached" when so).

``PRISMA_BENCH_1M=1`` adds the million-record run (srsr perturbed and repeated).
"""

from __future__ import annotations

import csv
import gc
import hashlib
import itertools
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data" / "dedup"
ENV = HERE / ".envs" / "bib-dedupe"
CACHE = HERE / ".cache"
PEER = "bib-dedupe==0.11.*"
PEER_TAG = "bib-dedupe-0.11"
MILLION = "### One million records"
RUNNER = HERE / "bibdedupe_runner.py"


# --- scoring ----------------------------------------------------------------------------


def true_pairs(path: Path) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            ids = sorted(i.strip() for i in row["merged_ids"].split(";") if i.strip())
            pairs.update(itertools.combinations(ids, 2))
    return pairs


def cluster_pairs(clusters: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for members in clusters:
        pairs.update(itertools.combinations(sorted(members), 2))
    return pairs


def score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- memory -----------------------------------------------------------------------------


class PeakRSS:
    """Peak resident memory of this process during a block (sampled every 20 ms)."""

    def __enter__(self) -> PeakRSS:
        self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    @staticmethod
    def _rss() -> int:
        try:
            with open("/proc/self/statm") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


# --- the two engines --------------------------------------------------------------------


def run_prisma(path: Path) -> dict:  # type: ignore[type-arg]
    from prisma.dedup import deduplicate
    from prisma.sources import read_file

    records = read_file(path, "bench", "bib_csv")
    native = {r.id: r.native_id for r in records}
    gc.collect()
    with PeakRSS() as memory:
        start = time.perf_counter()
        result = deduplicate(records, method="rules", options={"progress": False})
        seconds = time.perf_counter() - start
    clusters = [[native[i] for i in members] for members in result.clusters if len(members) > 1]
    return {
        "seconds": seconds,
        "peak_bytes": memory.peak,
        "clusters": clusters,
        "maybe": len(result.maybe),
    }


def _peer_python() -> Path:
    python = ENV / "bin" / "python"
    if not python.exists():
        print(f"installing {PEER} into {ENV.relative_to(ROOT)} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(ENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", PEER], check=True)
    return python


def run_peer(path: Path) -> dict:  # type: ignore[type-arg]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    cached = CACHE / f"{PEER_TAG}-{digest}.json"
    if cached.exists():
        result = json.loads(cached.read_text(encoding="utf-8"))
        result["cached"] = True
        return result
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    subprocess.run(
        [str(_peer_python()), str(RUNNER), str(path), str(tmp)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tmp.replace(cached)
    result = json.loads(cached.read_text(encoding="utf-8"))
    result["cached"] = False
    return result


NOT_RUN = "not run"


def peer_or_skip(path: Path) -> dict | None:  # type: ignore[type-arg]
    """The peer's result; None when ``PRISMA_BENCH_PEER=cached`` and this file has no
    cached result (bib-dedupe takes 5 to 60 minutes on the srsr files on a shared
    2-core machine). The table then says "not run" rather than leave out the set."""
    if os.environ.get("PRISMA_BENCH_PEER") == "cached":
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if not (CACHE / f"{PEER_TAG}-{digest}.json").exists():
            return None
    return run_peer(path)


# --- the report -------------------------------------------------------------------------


def datasets() -> list[Path]:
    if not DATA.exists():
        return []
    found = [d for d in DATA.iterdir() if (d / "records_pre_merged.csv").exists()]
    return sorted(found, key=lambda d: (d / "records_pre_merged.csv").stat().st_size)


def _count(path: Path) -> int:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def run() -> str:
    if not DATA.exists():
        message = f"dedup benchmark skipped: {DATA} is absent"
        print(message)
        return f"## Deduplication\n\n{message}\n"
    lines = [
        "## Deduplication",
        "",
        "Pairwise precision / recall / F1 against each set's `merged_record_ids.csv`; "
        "seconds for the dedup call (records already read); peak resident memory. "
        f"Peer: {PEER} in its own venv, same machine, same run"
        " (\\* = peer result cached from an earlier run of the same file, by sha256).",
        "",
        "| set | records | prisma P | R | F1 | s | MB | maybe | bib-dedupe P | R | F1 | s | MB "
        "| time ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: |",
    ]
    clean_f1: dict[str, float] = {}
    clean_found: dict[str, set[tuple[str, str]]] = {}
    for folder in datasets():
        path = folder / "records_pre_merged.csv"
        truth = true_pairs(folder / "merged_record_ids.csv")
        n = _count(path)
        ours = run_prisma(path)
        p, r, f = score(cluster_pairs(ours["clusters"]), truth)
        peer = peer_or_skip(path)
        clean_f1[folder.name] = f
        clean_found[folder.name] = cluster_pairs(ours["clusters"]) & truth
        if peer is None:
            print(
                f"{folder.name:20} n={n:6} prisma P={p:.4f} R={r:.4f} F1={f:.4f} "
                f"{ours['seconds']:7.2f}s | bib-dedupe not run (not cached)",
                flush=True,
            )
            lines.append(
                f"| {folder.name} | {n:,} | {p:.4f} | {r:.4f} | {f:.4f} | {ours['seconds']:.2f} "
                f"| {ours['peak_bytes'] / 2**20:.0f} | {ours['maybe']} | {NOT_RUN} |  |  |  |  "
                "|  |"
            )
            continue
        pp, pr, pf = score(cluster_pairs(peer["clusters"]), truth)
        peer_mb = max(peer["peak_kb_main"], peer["peak_kb_child"]) / 1024
        ratio = ours["seconds"] / peer["seconds"] if peer["seconds"] else float("nan")
        star = "\\*" if peer["cached"] else ""
        print(
            f"{folder.name:20} n={n:6} prisma P={p:.4f} R={r:.4f} F1={f:.4f} "
            f"{ours['seconds']:7.2f}s {ours['peak_bytes'] / 2**20:7.0f}MB | "
            f"bib-dedupe P={pp:.4f} R={pr:.4f} F1={pf:.4f} {peer['seconds']:7.2f}s"
            f"{' (cached)' if peer['cached'] else ''} | time ratio {ratio:.3f}",
            flush=True,
        )
        lines.append(
            f"| {folder.name} | {n:,} | {p:.4f} | {r:.4f} | {f:.4f} | {ours['seconds']:.2f} "
            f"| {ours['peak_bytes'] / 2**20:.0f} | {ours['maybe']} | {pp:.4f} | {pr:.4f} "
            f"| {pf:.4f} | {peer['seconds']:.1f}{star} | {peer_mb:.0f} | {ratio:.3f} |"
        )
    lines += ["", *messy_section(clean_f1, clean_found)]
    if os.environ.get("PRISMA_BENCH_1M"):
        from benchmarks import dedup_million

        lines += ["", dedup_million.run()]
    else:
        lines += ["", _previous_million()]
    return "\n".join(lines) + "\n"


SEEDS = (1, 2, 3, 4, 5)
MESSY = CACHE / "messy"


def messy_variants() -> list[tuple[Path, int, Path, object]]:
    """(set folder, seed, variant folder, Variant) for every labelled set and seed."""
    from benchmarks import messy

    out = []
    for folder in datasets():
        for seed in SEEDS:
            target, variant = messy.write(folder, seed, MESSY)
            out.append((folder, seed, target, variant))
    return out


def messy_section(
    clean_f1: dict[str, float], clean_found: dict[str, set[tuple[str, str]]]
) -> list[str]:
    """The stress set of issue #11: each labelled set with one record of every duplicate
    pair rewritten into messy export shapes, plus same-title non-duplicates."""
    lines = [
        "### Messy-export variants",
        "",
        "Each set rewritten by `benchmarks/messy.py` with five seeds: one record of every "
        "duplicate pair (all but one of a larger cluster) in two to four of the shapes of "
        "issue #11 (Embase/Ovid source line in the journal field; a volume, issue or page "
        "that is a country, a month, `var.pagings`, a page range or an Excel date; labelled "
        "or percent-escaped DOIs, or a DOI on one side only; glued, turned-round or "
        "shortened author names; abbreviated journal titles or a place of publication; "
        "supplement pages), labels carried over; and 2% more records that share a title "
        "with a record of the set but are another item (erratum, reply, the meeting "
        "abstract a year before the paper, a protocol), rewritten the same way. "
        "Clean = the set as it is (table above). `same-title merged` = injected "
        "non-duplicates wrongly merged. `kept` = of the true pairs found on the clean set, "
        "the share still found in the variant: what the shapes cost, apart from the pairs "
        "the clean set's own labels or garbled fields already lose. "
        "Targets: recall >= 0.99, precision >= 0.998.",
        "",
        "| set | seed | records | rewritten | injected | clean F1 | messy P | R | F1 | kept "
        "| same-title merged | s | bib-dedupe P | R | F1 | s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: |",
    ]
    for folder, seed, target, variant in messy_variants():
        path = target / "records_pre_merged.csv"
        truth = true_pairs(target / "merged_record_ids.csv")
        ours = run_prisma(path)
        found = cluster_pairs(ours["clusters"])
        p, r, f = score(found, truth)
        injected = set(variant.injected)  # type: ignore[attr-defined]
        wrong = sum(1 for a, b in found if a in injected or b in injected)
        before = clean_found.get(folder.name, set())
        kept = len(found & before) / len(before) if before else 1.0
        peer = peer_or_skip(path)
        if peer is None:
            peer_cells = f"{NOT_RUN} |  |  | "
        else:
            pp, pr, pf = score(cluster_pairs(peer["clusters"]), truth)
            star = "\\*" if peer["cached"] else ""
            peer_cells = f"{pp:.4f} | {pr:.4f} | {pf:.4f} | {peer['seconds']:.1f}{star}"
        n = _count(path)
        print(
            f"{folder.name:20} seed={seed} n={n:6} messy P={p:.4f} R={r:.4f} F1={f:.4f} "
            f"kept={kept:.4f} same-title merged={wrong} {ours['seconds']:6.2f}s | bib-dedupe {peer_cells}",
            flush=True,
        )
        lines.append(
            f"| {folder.name} | {seed} | {n:,} | {variant.rewritten:,} "  # type: ignore[attr-defined]
            f"| {len(injected)} | {clean_f1[folder.name]:.4f} | {p:.4f} | {r:.4f} | {f:.4f} "
            f"| {kept:.4f} | {wrong} | {ours['seconds']:.2f} | {peer_cells} |"
        )
    return lines


def _previous_million() -> str:
    """The last opt-in 1M figures, kept when this run skipped them (they take minutes)."""
    docs = ROOT / "docs" / "benchmarks.md"
    text = docs.read_text(encoding="utf-8") if docs.exists() else ""
    start = text.find(MILLION)
    if start < 0:
        return f"{MILLION}\n\nnot run: set PRISMA_BENCH_1M=1 (about 5 minutes).\n"
    end = text.find("<!-- bench:", start)
    kept = text[start : end if end >= 0 else len(text)].rstrip()
    note = "_Kept from the last run with PRISMA_BENCH_1M=1; this run skipped it._"
    if note not in kept:
        kept = kept.replace(MILLION, f"{MILLION}\n\n{note}", 1)
    return kept + "\n"


if __name__ == "__main__":
    print(run())
