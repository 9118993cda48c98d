"""Stopping rules on real reviewers' labels: where each rule stops and what recall it
has reached by then.

The five Cohen 2006 drug-class sets in ../shared/data/screening (final inclusion
labels), ``SEEDS`` seeds each, one relevant and one irrelevant prior, batches of 10
with the model retrained after each (notes/screening.md). For each set and rule:
mean and worst recall at stop, the share of runs reaching 95% recall, and the mean
work saved at stop (1 - screened / N). The statistical rule (hypergeometric,
target 0.95, confidence 0.95) must reach 95% recall in at least 95% of all runs;
"best possible" is where it would stop if the model ranked every relevant record
first, so a set whose best possible saving is about 0 is too small for the rule.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.bench_screening import DATA, SETS, _load
from prisma.screening import prioritise
from prisma.screening.simulation import Stop, stop_on_order, stop_replay
from prisma.screening.stopping import StopSettings

SEEDS = 10
RULES = [
    StopSettings("hypergeometric"),
    StopSettings("safe"),
    StopSettings("consecutive"),
]
TARGET_SHARE = 0.95  # runs of the statistical rule that must reach the target recall


def _best(stop: Stop | None) -> str:
    return "n/a" if stop is None else f"{stop.work_saved:.3f}"


def run() -> str:
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return f"## Stopping rules\n\nSkipped: `{DATA}` is absent.\n"
    lines = [
        "| set | N | relevant | rule | mean recall at stop | worst recall at stop | "
        "runs with recall >= 0.95 | mean work saved at stop | best possible work saved | s |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    statistical: list[float] = []
    too_small: list[str] = []
    nothing_saved: list[str] = []
    start_all = time.perf_counter()
    for name in SETS:
        texts, labels = _load(name)
        matrix = prioritise.features(texts)
        for rule in RULES:
            start = time.perf_counter()
            # Each replay ends where its rule stops, so no run screens the whole set.
            stops = [stop_replay(matrix, labels, seed, rule) for seed in range(SEEDS)]
            n, relevant = stops[0].n, sum(labels) - 1
            # SAFE's phases depend on the model switch, so a fixed order says nothing.
            best = (
                None
                if rule.rule == "safe"
                else stop_on_order([1] * relevant + [0] * (n - relevant), n, relevant, rule)
            )
            recalls = [s.recall for s in stops]
            reached = sum(1 for r in recalls if r >= 0.95)
            saved = statistics.mean(s.work_saved for s in stops)
            if rule.rule == "hypergeometric":
                statistical.extend(recalls)
                if best is not None and best.work_saved <= 0.0:
                    too_small.append(name)
                elif saved <= 0.0 and best is not None:
                    nothing_saved.append(
                        f"{name} ({relevant} relevant of {n}: even a perfect ranking would "
                        f"save {best.work_saved:.3f})"
                    )
            seconds = time.perf_counter() - start
            print(
                f"{name} {rule.rule}: recall mean {statistics.mean(recalls):.3f} worst "
                f"{min(recalls):.3f}, {reached}/{len(stops)} >= 0.95, work saved {saved:.3f} "
                f"(best possible {_best(best)}), {seconds:.1f} s",
                flush=True,
            )
            lines.append(
                f"| {name} | {n} | {relevant} | {rule.rule} ({rule.describe()}) | "
                f"{statistics.mean(recalls):.3f} | {min(recalls):.3f} | {reached}/{len(stops)} | "
                f"{saved:.3f} | {_best(best)} | {seconds:.1f} |"
            )
    share = sum(1 for r in statistical if r >= 0.95) / len(statistical)
    verdict = "meets" if share >= TARGET_SHARE else "MISSES"
    total = time.perf_counter() - start_all
    print(f"hypergeometric: {share:.1%} of runs reach recall 0.95 ({verdict} the 95% promise)")
    small = (
        "Sets too small for the rule to save work even with a perfect ranking: "
        + ", ".join(too_small)
        + "."
        if too_small
        else "Every set is large enough for the rule to save work with a perfect ranking."
    )
    if nothing_saved:
        small += (
            " Mean work saved is 0 on "
            + "; ".join(nothing_saved)
            + ". With few relevant records the rule needs a relevant-free run of about 95% "
            "of what is left, so a set this small leaves room for less than a batch, and "
            "only a ranking far better than chance can reach it."
        )
    return (
        "## Stopping rules\n\n"
        f"{len(SETS)} Cohen 2006 sets, {SEEDS} seeds each, batches of 10, model "
        f"`{prioritise.DEFAULT_MODEL}` (SAFE's phase F: `{prioritise.SECOND_MODEL}`). "
        "Recall counts the relevant records found by the stop (priors left out).\n\n"
        + "\n".join(lines)
        + "\n\n"
        f"The statistical rule (hypergeometric, target 0.95, confidence 0.95) reached "
        f"recall >= 0.95 in **{share:.1%}** of its {len(statistical)} runs ({verdict} the "
        f"promise of >= {TARGET_SHARE:.0%}). {small} The heuristics promise nothing; "
        f"their worst runs show what that costs. Total {total:.0f} s.\n"
    )


if __name__ == "__main__":
    print(run())
