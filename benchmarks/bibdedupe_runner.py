"""Run bib-dedupe on one benchmark CSV inside its own venv; print JSON on stdout.

Invoked by bench_dedup.py as ``<venv>/bin/python bibdedupe_runner.py FILE OUT.json``; it never
imports prisma, so the peer runs exactly as its users run it.
"""

import json
import resource
import sys
import time

import pandas as pd
from bib_dedupe.bib_dedupe import block, cluster, match, prep


def main(path: str, out: str) -> None:
    records = pd.read_csv(path)
    start = time.perf_counter()
    prepped = prep(records, verbosity_level=0)
    pairs = block(prepped, verbosity_level=0)
    matched = match(pairs, verbosity_level=0)
    clusters = cluster(matched, verbosity_level=0)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "seconds": seconds,
                "peak_kb_main": own,
                "peak_kb_child": children,
                "clusters": sorted(sorted(str(i) for i in c) for c in clusters),
            },
            handle,
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
