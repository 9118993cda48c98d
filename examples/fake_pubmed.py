"""A local stand-in for PubMed holding the worked example's articles (round 1 and round 2).

NCBI cannot be reached from where this project is built and tested, so the
next-quarter walk-through in the README searches this server instead:

    python examples/fake_pubmed.py            # prints the URL, serves until Ctrl-C
    PRISMA_EUTILS_URL=<that URL> prisma-review search --source pubmed

It speaks the E-utilities protocol (tests/eutils_server.py) on 127.0.0.1 only, and
answers the example's PubMed query with round 1's 115 PMIDs plus the 10 added since.
"""

from __future__ import annotations

import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import eutils_server  # noqa: E402

ENTREZ = ROOT.parent / "shared" / "data" / "entrez"
ROUND1 = "records/raw/pubmed/2024-09-16_search/efetch_0001.xml"
ROUND2 = ROOT / "examples" / "round2" / "pubmed" / "efetch_new.xml"


def build(workspace: Path, entrez_dir: Path = ENTREZ) -> eutils_server.FakePubMed:
    """The fake PubMed: recorded NCBI responses plus the example's articles, by entry date."""
    server = eutils_server.FakePubMed(entrez_dir, synthetic=100)
    query = (workspace / "queries" / "pubmed.txt").read_text(encoding="utf-8").strip()
    ids = []
    for path in (workspace / ROUND1, ROUND2):
        data = path.read_bytes()
        header = data[: data.index(b"<PubmedArticleSet>")]
        for match in re.finditer(rb"<PubmedArticle>.*?</PubmedArticle>", data, re.S):
            block = match.group(0)
            pmid = re.search(rb"<PMID[^>]*>(\d+)</PMID>", block).group(1).decode()  # type: ignore[union-attr]
            entrez = re.search(
                rb'PubStatus="entrez"><Year>(\d+)</Year><Month>(\d+)</Month><Day>(\d+)</Day>',
                block,
            )
            day = date(*(int(g) for g in entrez.groups()))  # type: ignore[union-attr]
            server.articles[pmid] = eutils_server.Article(pmid, day, day, day, header, block)
            ids.append(pmid)
    server.queries[query] = ids
    return server


def main() -> None:
    if not ENTREZ.exists():
        sys.exit(f"needs the recorded NCBI responses in {ENTREZ}")
    fake = eutils_server.FakeEutils(build(ROOT)).start()
    print(fake.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
