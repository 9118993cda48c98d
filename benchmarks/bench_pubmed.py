"""PubMed search throughput against the fake E-utilities server, vs. a plain Bio.Entrez loop.

Both sides talk to the same local fake server (tests/eutils_server.py) with the
rate limit lifted, so the figure is the client's own cost per record: esearch,
efetch, the response checks, saving the raw files and the manifest. The peer is
the loop most scripts use: esearch with usehistory, then efetch pages through
the WebEnv, each body read and written to a file. On the 25,000-record query
the peer stops at PubMed's 9,999 cap (silently short); prisma-review splits
the query into date windows and gets every record.
"""

from __future__ import annotations

import re
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from Bio import Entrez

from prisma.config import Source
from prisma.intake.pubmed import search
from prisma.sources.eutils import RateLimiter
from prisma.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
ENTREZ = ROOT.parent / "shared" / "data" / "entrez"
BATCH = 500
KEY = "benchmark-key"


def _ours(url: str, query: str) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "queries").mkdir()
        (root / "queries" / "pubmed.txt").write_text(query, encoding="utf-8")
        source = Source(
            name="pubmed", kind="pubmed", email="bench@example.org", api_key=KEY, batch_size=BATCH
        )
        start = time.perf_counter()
        result = search(
            Workspace.at(root),
            source,
            today=date(2026, 1, 1),
            base_url=url,
            limiter=RateLimiter(10_000),
            progress=False,
        )
        return len(result.fetched), time.perf_counter() - start


def _plain_entrez(url: str, query: str) -> tuple[int, float]:
    """The usual script: esearch usehistory, efetch pages, write each body."""

    def local(request, *args, **kwargs):  # type: ignore[no-untyped-def]
        request.full_url = request.full_url.replace(
            "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/", url
        )
        return urllib.request.urlopen(request, *args, **kwargs)

    previous = Entrez.urlopen
    Entrez.urlopen = local
    records = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            handle = Entrez.esearch(
                db="pubmed",
                term=query,
                usehistory="y",
                retmax=0,
                email="bench@example.org",
                api_key=KEY,
            )
            found = Entrez.read(handle)
            count = min(int(found["Count"]), 9999)
            for retstart in range(0, count, BATCH):
                handle = Entrez.efetch(
                    db="pubmed",
                    retmode="xml",
                    WebEnv=found["WebEnv"],
                    query_key=found["QueryKey"],
                    retstart=retstart,
                    retmax=min(BATCH, count - retstart),
                    email="bench@example.org",
                    api_key=KEY,
                )
                body = handle.read()
                Path(tmp, f"{retstart}.xml").write_bytes(body)
                records += len(re.findall(rb"<PubmedArticle>", body))
            return records, time.perf_counter() - start
    finally:
        Entrez.urlopen = previous


def run() -> str:
    if not ENTREZ.exists():
        print(f"skipped: {ENTREZ} is absent")
        return "## PubMed search\n\nSkipped: ../shared/data/entrez is absent.\n"
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.eutils_server import FakeEutils, FakePubMed

    server = FakeEutils(FakePubMed(ENTREZ)).start()
    try:
        for pmid in server.pubmed.synthetic:  # build the bodies once, outside the timings
            server.pubmed.body(pmid)
        rows = []
        for query, label in (
            ("bench[all]", "9,000 records"),
            ("synthetic[all]", "25,000 records (over the cap)"),
        ):
            ours_n, ours_s = _ours(server.url, query)
            peer_n, peer_s = _plain_entrez(server.url, query)
            ratio = (ours_n / ours_s) / (peer_n / peer_s)
            print(
                f"{label}: prisma-review {ours_n} in {ours_s:.2f} s "
                f"({ours_n / ours_s:,.0f} rec/s); plain Bio.Entrez {peer_n} in "
                f"{peer_s:.2f} s ({peer_n / peer_s:,.0f} rec/s); ratio {ratio:.2f}"
            )
            rows.append(
                f"| {label} | {ours_n:,} | {ours_n / ours_s:,.0f} | {peer_n:,} | "
                f"{peer_n / peer_s:,.0f} | {ratio:.2f} |"
            )
    finally:
        server.stop()
    return (
        "## PubMed search\n\n"
        "Fetching from the local fake E-utilities server, rate limit lifted, batches of "
        f"{BATCH}. Ratio = prisma-review records/s / plain Bio.Entrez loop records/s "
        "(the loop saves bodies but checks nothing and cannot pass the 9,999 cap).\n\n"
        "| query | prisma-review records | rec/s | Bio.Entrez loop records | rec/s | ratio |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |\n" + "\n".join(rows) + "\n"
    )
