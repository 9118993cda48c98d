"""The fake E-utilities server driven by Biopython itself, with the tutorial's spellings.

``Bio.Entrez`` builds NCBI's https URLs; here its ``urlopen`` (and the one its XML
parser uses to fetch a DTD it lacks) is pointed at the fake on 127.0.0.1, and the
``fake`` fixture fails any connection elsewhere. What comes back is compared with
what NCBI gives: the recorded responses in ../shared/data/entrez and Biopython's
recorded esummary, parsed by the same Biopython.
"""

from __future__ import annotations

import io
import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from Bio import Entrez, Medline
from Bio.Entrez import Parser

from prisma.sources import read_file
from tests import eutils_fixtures
from tests.conftest import shared_path
from tests.eutils_server import FakeEutils

fake = eutils_fixtures.fake
pubmed_data = eutils_fixtures.pubmed_data

NCBI = "https://eutils.ncbi.nlm.nih.gov/"


@pytest.fixture
def entrez(fake: FakeEutils, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Bio.Entrez talking to the fake: NCBI's address rewritten to the loopback one."""
    base = fake.url.removesuffix("entrez/eutils/")
    real = urllib.request.urlopen

    def local(request, *args, **kwargs):  # type: ignore[no-untyped-def]
        url = request.full_url if isinstance(request, urllib.request.Request) else request
        assert url.startswith(NCBI), f"Bio.Entrez asked for {url}"
        moved = urllib.request.Request(
            base + url[len(NCBI) :],
            data=getattr(request, "data", None),
            headers=dict(getattr(request, "headers", {})),
        )
        return real(moved, *args, **kwargs)

    monkeypatch.setattr(Entrez, "urlopen", local)
    monkeypatch.setattr(Parser, "urlopen", local)
    monkeypatch.setattr(Entrez, "email", "reviewer@example.org")
    monkeypatch.setattr(Entrez, "max_tries", 1)
    before = Parser.DataHandler.directory
    Parser.DataHandler.directory = str(tmp_path / "biopython")  # no DTD lands in ~/.config
    yield
    Parser.DataHandler.directory = before


def _bytes(handle: io.IOBase) -> bytes:
    data = handle.read()
    return data.encode() if isinstance(data, str) else data


def test_tutorial_history_search_then_medline_text(fake: FakeEutils, entrez: None) -> None:
    # Biopython tutorial, "Searching for and downloading abstracts using the history"
    record = Entrez.read(Entrez.esearch(db="pubmed", term="small[all]", usehistory="y"))
    count = int(record["Count"])
    webenv, query_key = record["WebEnv"], record["QueryKey"]
    fetched = []
    for start in range(0, count, 200):
        handle = Entrez.efetch(
            db="pubmed",
            rettype="medline",
            retmode="text",
            retstart=start,
            retmax=200,
            webenv=webenv,  # the tutorial's lower-case spelling
            query_key=query_key,
        )
        fetched += list(Medline.parse(handle))
    expected = fake.pubmed.matches("small[all]")
    assert count == len(expected) == 450
    assert [r["PMID"] for r in fetched] == expected
    assert all(r["TI"].startswith("Synthetic record ") and r["SO"] for r in fetched)
    # the session was used, not a new search (NCBI ignores nothing it was sent)
    assert [r.params.get("webenv") for r in fake.requests("efetch")] == [webenv] * 3


def test_medline_text_reads_as_the_xml_does(fake: FakeEutils, entrez: None, tmp_path: Path) -> None:
    ids = ",".join(fake.pubmed.real)
    medline = tmp_path / "real.nbib"
    medline.write_bytes(
        _bytes(Entrez.efetch(db="pubmed", id=ids, rettype="medline", retmode="text"))
    )
    xml = tmp_path / "real.xml"
    xml.write_bytes(_bytes(Entrez.efetch(db="pubmed", id=ids, retmode="xml")))
    from_text = read_file(medline, "pubmed")
    from_xml = read_file(xml, "pubmed")
    fields = ("id", "title", "authors", "year", "doi", "pmid", "volume", "issue", "pages")
    assert len(from_text) == len(from_xml) == len(fake.pubmed.real)
    for a, b in zip(from_text, from_xml, strict=True):
        assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
        assert a.abstract == b.abstract


def _layout_problems(text: str) -> list[str]:
    """How MEDLINE text departs from NCBI's layout (as the recorded files have it)."""
    problems = []
    for record in text.strip("\n").split("\n\n"):
        lines = record.split("\n")
        if not lines[0].startswith("PMID- "):
            problems.append(f"starts with {lines[0][:10]!r}")
        tags = [line[:4].strip() for line in lines if not line.startswith("      ")]
        if tags[-1] != "SO":
            problems.append(f"ends with {tags[-1]}")
        for line in lines:
            if len(line.rstrip()) > 88 or not re.match(r"(?:[A-Z]{2,4} {0,2}- |      \S)", line):
                problems.append(f"odd line {line[:30]!r}")
    return problems


def test_medline_layout_is_ncbis(fake: FakeEutils, entrez: None) -> None:
    recorded = [
        shared_path("entrez", f"medline_pubmed_result{n}.txt").read_text() for n in (1, 2, 3)
    ]
    assert all(not _layout_problems(text) for text in recorded)  # the check fits NCBI's
    ids = ",".join(fake.pubmed.real)
    served = _bytes(Entrez.efetch(db="pubmed", id=ids, rettype="medline", retmode="text")).decode()
    assert not _layout_problems(served)
    # tags in NCBI's order: the order of the tags both have is the recorded one
    order = [line[:4].strip() for line in recorded[2].split("\n") if line[:1].strip()]
    mine = [line[:4].strip() for line in served.split("\n\n")[0].split("\n") if line[:1].strip()]
    shared = [tag for tag in dict.fromkeys(mine) if tag in order]
    assert shared == sorted(shared, key=order.index)
    assert len(shared) >= 15


def test_esearch_json_matches_the_xml_answer(fake: FakeEutils, entrez: None) -> None:
    as_xml = Entrez.read(Entrez.esearch(db="pubmed", term="small[all]", retmax=30))
    body = Entrez.esearch(db="pubmed", term="small[all]", retmax=30, retmode="json").read()
    result = json.loads(body)["esearchresult"]
    assert result["count"] == as_xml["Count"] == "450"
    assert result["idlist"] == list(as_xml["IdList"])
    assert (result["retmax"], result["retstart"]) == ("30", "0")


def test_esummary_has_ncbis_docsum_items(fake: FakeEutils, entrez: None) -> None:
    recorded = Entrez.read(
        io.BytesIO(
            shared_path("exports", "eutils_xml", "biopython__biopython__esummary1.xml").read_bytes()
        )
    )
    ids = fake.pubmed.real[:3]
    summaries = Entrez.read(Entrez.esummary(db="pubmed", id=",".join(ids)))
    assert [s["Id"] for s in summaries] == ids
    names = [k for k in recorded[0] if k != "Id"]
    for summary in summaries:
        assert [k for k in names if k in summary] == names  # every item NCBI's DocSum has
    articles = Entrez.read(Entrez.efetch(db="pubmed", id=",".join(ids), retmode="xml"))
    titles = [a["MedlineCitation"]["Article"]["ArticleTitle"] for a in articles["PubmedArticle"]]
    assert [str(s["Title"]) for s in summaries] == [str(t) for t in titles]


def test_parameter_names_in_any_case(fake: FakeEutils, entrez: None) -> None:
    first = Entrez.read(Entrez.esearch(db="pubmed", term="small[all]", usehistory="y"))
    again = Entrez.read(
        Entrez.esearch(db="pubmed", term="real[all]", usehistory="y", WebEnv=first["WebEnv"])
    )
    assert again["WebEnv"] == first["WebEnv"] and again["QueryKey"] == "2"
    upper = Entrez.efetch(
        db="pubmed", rettype="medline", retmode="text", WebEnv=first["WebEnv"], query_key="2"
    )
    lower = Entrez.efetch(
        db="pubmed", rettype="medline", retmode="text", webenv=first["WebEnv"], query_key="2"
    )
    assert [r["PMID"] for r in Medline.parse(upper)] == [r["PMID"] for r in Medline.parse(lower)]


def test_errors_reach_biopython_as_ncbis_do(fake: FakeEutils, entrez: None) -> None:
    record = Entrez.read(Entrez.esearch(db="pubmed", term="small[all]", usehistory="y"))
    fake.expire_all()
    handle = Entrez.efetch(db="pubmed", webenv=record["WebEnv"], query_key="1", retmode="xml")
    with pytest.raises(RuntimeError, match="Unable to obtain query #1"):
        Entrez.read(handle)
    with pytest.raises(RuntimeError, match="'retstart' cannot be larger than 9998"):
        Entrez.read(Entrez.esearch(db="pubmed", term="synthetic[all]", retstart=10000))
    with pytest.raises(RuntimeError, match="Invalid db name specified: nothing"):
        Entrez.read(Entrez.epost(db="nothing", id="1"))
