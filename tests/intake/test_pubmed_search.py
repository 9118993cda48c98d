"""PubMed searches end to end against the fake E-utilities server."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from prisma.cli import cli
from prisma.config import Source
from prisma.errors import ReviewError
from prisma.intake.pubmed import held_pmids, search
from prisma.searchlog import read_log
from prisma.sources import snapshot as snap
from prisma.sources.eutils import RateLimiter
from prisma.sources.pubmed import read_snapshot
from prisma.workspace import Workspace
from tests import eutils_fixtures
from tests.conftest import shared_path
from tests.eutils_fixtures import KEY
from tests.eutils_server import FakeEutils, FakePubMed

TODAY = date(2026, 1, 15)
pubmed_data, fake = eutils_fixtures.pubmed_data, eutils_fixtures.fake


def make_workspace(root: Path, query: str) -> Workspace:
    (root / "queries").mkdir(parents=True)
    (root / "queries" / "pubmed.txt").write_text(query + "\n", encoding="utf-8")
    (root / "config.toml").write_text(
        '[review]\ntitle = "t"\n\n[[sources]]\nname = "pubmed"\nkind = "pubmed"\n'
        'email = "reviewer@example.org"\nbatch_size = 200\n',
        encoding="utf-8",
    )
    return Workspace.at(root)


def source(**changes: object) -> Source:
    settings: dict[str, object] = dict(
        name="pubmed", kind="pubmed", email="reviewer@example.org", api_key=KEY, batch_size=200
    )
    settings.update(changes)
    return Source(**settings)  # type: ignore[arg-type]


def run(ws: Workspace, fake: FakeEutils, src: Source | None = None, **options: object):
    settings: dict[str, object] = dict(
        today=TODAY,
        base_url=fake.url,
        limiter=RateLimiter(500),
        backoff=0.01,
        timeout=2.0,
        progress=False,
    )
    settings.update(options)
    return search(ws, src or source(), **settings)  # type: ignore[arg-type]


def saved_pmids(folder: Path) -> Counter[str]:
    """PMIDs over every saved efetch file, from the files themselves."""
    counts: Counter[str] = Counter()
    for record in read_snapshot(folder, "pubmed"):
        counts[record.pmid] += 1
    return counts


def efetch_retstarts(fake: FakeEutils) -> list[int]:
    return [int(r.params["retstart"]) for r in fake.log if "retstart" in r.params]


def test_full_search_pages_history_and_saves_byte_exact(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "small[all]")
    result = run(ws, fake)
    expected = set(fake.pubmed.queries["small[all]"])
    assert result.count == 450 and result.pmids == expected
    assert saved_pmids(result.folder) == Counter({pmid: 1 for pmid in expected})
    efetches = fake.requests("efetch")
    assert [(r.params["retstart"], r.params["retmax"]) for r in efetches] == [
        ("0", "200"),
        ("200", "200"),
        ("400", "50"),
    ]
    assert all(r.params["WebEnv"] for r in efetches)
    for request in fake.log:
        assert request.params["tool"] == "prisma-review"
        assert request.params["email"] == "reviewer@example.org"
    # Raw responses are the bytes the server sent.
    manifest = snap.load(result.folder).manifest
    sent = {r.sha256 for r in fake.log if r.status == 200}
    for batch in manifest.batches:
        body = (result.folder / batch.file).read_bytes()
        assert hashlib.sha256(body).hexdigest() == batch.sha256
        assert batch.sha256 in sent
    assert manifest.complete and manifest.count == 450
    (entry,) = read_log(ws.searches_csv)
    assert (entry.hits_reported, entry.records_retrieved) == ("450", 450)
    assert entry.query == "small[all]" and entry.date_searched == "2026-01-15"
    assert entry.method.startswith("full search")
    assert entry.file == "records/raw/pubmed/2026-01-15_search/manifest.json"
    assert (
        entry.sha256 == hashlib.sha256((result.folder / "manifest.json").read_bytes()).hexdigest()
    )


def test_cap_is_split_by_date_windows_full_and_exact_despite_faults(
    tmp_path: Path, fake: FakeEutils
) -> None:
    ws = make_workspace(tmp_path, "synthetic[all]")
    fake.inject("429", "efetch", skip=3)
    fake.inject("cut", "efetch", skip=5)
    fake.inject("expire", "efetch", skip=8)
    fake.inject("503", "esearch", skip=4)
    result = run(ws, fake, source(batch_size=1000))
    assert result.count == 25_000
    assert saved_pmids(result.folder) == Counter({p: 1 for p in fake.pubmed.synthetic})
    manifest = snap.load(result.folder).manifest
    assert manifest.datetype == "pdat" and len(manifest.windows) >= 3
    assert all(0 < w.count <= 9999 for w in manifest.windows)
    assert sum(w.count for w in manifest.windows) == 25_000
    assert max(efetch_retstarts(fake)) <= 9998
    windowed = [r for r in fake.requests("esearch") if "mindate" in r.params]
    assert windowed and all(
        r.params["datetype"] == "pdat" and r.params["maxdate"] for r in windowed
    )
    # The expired WebEnv made that window's esearch run again.
    keys = Counter(
        (r.params.get("mindate"), r.params.get("maxdate"))
        for r in fake.requests("esearch")
        if r.status == 200
    )
    assert max(keys.values()) == 2
    assert {r.fault for r in fake.log} >= {"429", "cut", "expire", "503"}
    (entry,) = read_log(ws.searches_csv)
    assert entry.hits_reported == "25000" and entry.records_retrieved == 25_000
    assert "PDAT windows" in entry.method


def test_quarterly_rerun_fetches_only_new_pmids_by_id_list(
    tmp_path: Path, fake: FakeEutils, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace(tmp_path, "small[all]")
    first = run(ws, fake)
    held = held_pmids(ws, "pubmed")
    assert held == first.pmids
    new = fake.pubmed.synthetic[1:461:2][:230]
    assert not held & set(new)
    monkeypatch.setitem(fake.pubmed.queries, "small[all]", fake.pubmed.queries["small[all]"] + new)
    fake.reset()
    second = run(ws, fake, known_pmids=held, today=date(2026, 4, 15))
    assert second.count == 680 and second.known == 450
    assert set(second.fetched) == set(new)
    assert saved_pmids(second.folder) == Counter({p: 1 for p in new})
    efetches = fake.requests("efetch")
    assert [(r.method, len(r.params["id"].split(","))) for r in efetches] == [
        ("POST", 200),
        ("GET", 30),
    ]
    assert not any("WebEnv" in r.params for r in efetches)
    first_entry, second_entry = read_log(ws.searches_csv)
    assert second_entry.round == 2 and second_entry.hits_reported == "680"
    assert second_entry.records_retrieved == 230
    assert second_entry.method.startswith("full rerun")
    assert "450 already held" in second_entry.method


def test_since_adds_an_entry_date_window(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "synthetic[all]")
    since = date(2025, 10, 1)
    result = run(ws, fake, since=since, today=date(2025, 12, 31))
    expected = {
        p
        for p in fake.pubmed.synthetic
        if since <= fake.pubmed.articles[p].edat <= date(2025, 12, 31)
    }
    assert 0 < len(expected) < 9999 and result.pmids == expected
    first = fake.requests("esearch")[0].params
    assert (first["datetype"], first["mindate"], first["maxdate"]) == (
        "edat",
        "2025/10/01",
        "2025/12/31",
    )
    (entry,) = read_log(ws.searches_csv)
    assert entry.method.startswith("entry-date window EDAT 2025-10-01 to 2025-12-31")
    assert "EDAT 2025/10/01:2025/12/31" in entry.limits
    assert result.folder.name == "2025-12-31_search-since-2025-10-01"


def test_interrupted_search_resumes_without_refetching(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "small[all]")
    fake.inject("500", "efetch", skip=2, times=10)
    with pytest.raises(ReviewError, match="failed 2 times"):
        run(ws, fake, source(batch_size=100), max_attempts=2)
    (folder,) = (ws.raw_dir / "pubmed").iterdir()
    partial = snap.load(folder).manifest
    assert not partial.complete and len(partial.batches) == 2
    have = partial.fetched()
    assert len(have) == 200
    assert not ws.searches_csv.exists()
    fake.reset()
    result = run(ws, fake, source(batch_size=100))
    assert result.resumed and result.folder == folder
    refetched = {i for r in fake.requests("efetch") for i in r.params.get("id", "").split(",")}
    assert not refetched & have
    assert not fake.requests("esearch")  # the saved windows were reused
    assert saved_pmids(folder) == Counter({p: 1 for p in fake.pubmed.queries["small[all]"]})
    assert len(read_log(ws.searches_csv)) == 1


def test_api_key_is_never_written(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "small[all]")
    fake.inject("503", "efetch", times=3)
    with pytest.raises(ReviewError) as caught:
        run(ws, fake, max_attempts=3)
    assert KEY not in str(caught.value)
    fake.reset()
    run(ws, fake)
    assert all(r.params["api_key"] == KEY for r in fake.log)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_real_articles_keep_their_doctype_and_parse(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "real[all]")
    result = run(ws, fake, source(batch_size=1))
    records = {r.pmid: r for r in read_snapshot(result.folder, "pubmed")}
    assert set(records) == {"12091962", "9997", "11748933", "11700088", "27797938", "29963580"}
    tert = records["27797938"]
    assert tert.id == "pubmed:27797938"
    assert tert.title.startswith("Leucocyte telomere length, genetic variants at the TERT gene")
    assert records["9997"].doi == "10.1016/0005-2795(76)90109-4"
    assert records["12091962"].year == 1990
    # Each file keeps the DOCTYPE line its recording had (old DTDs included).
    recorded = shared_path("entrez", "pubmed4.xml").read_bytes().split(b"\n")[1]
    manifest = snap.load(result.folder).manifest
    (batch,) = [b for b in manifest.batches if b.pmids == ["27797938"]]
    assert (result.folder / batch.file).read_bytes().split(b"\n")[1] == recorded
    assert b"pubmed_180101.dtd" in recorded


def test_count_that_the_windows_cannot_cover_is_an_error(tmp_path: Path) -> None:
    data = FakePubMed(shared_path("entrez"), synthetic=10_100)
    odd = data.articles[data.synthetic[7]]
    odd.pdat = date(1650, 1, 1)  # before any window searched
    server = FakeEutils(data).start()
    try:
        ws = make_workspace(tmp_path, "synthetic[all]")
        with pytest.raises(
            ReviewError, match="10100 records for the query, but its date windows hold 10099"
        ):
            run(ws, server)
        assert not ws.searches_csv.exists()
    finally:
        server.stop()


def test_short_id_list_is_not_trusted(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "small[all]")
    fake.inject("short_ids", "esearch", times=3)
    with pytest.raises(ReviewError, match="reported 450 records for a window but listed 449"):
        run(ws, fake)


def test_unknown_phrase_is_a_query_error(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "abcXYZ")
    with pytest.raises(ReviewError, match="did not understand part of the query: abcXYZ"):
        run(ws, fake)


def test_progress_bar_shows_records_and_rate_limit_wait(
    tmp_path: Path, fake: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = make_workspace(tmp_path, "small[all]")
    fake.inject("429", "efetch", retry_after="0.6", skip=1)
    run(ws, fake, progress=True)
    err = capsys.readouterr().err
    assert "450/450" in err
    assert "waiting 0.6 s (HTTP 429)" in err


def test_cli_search_twice(
    tmp_path: Path, fake: FakeEutils, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workspace(tmp_path, "small[all]")
    monkeypatch.setenv("PRISMA_EUTILS_URL", fake.url)
    monkeypatch.setenv("NCBI_API_KEY", KEY)
    runner = CliRunner()
    first = runner.invoke(cli, ["search", "--workspace", str(tmp_path), "--no-progress"])
    assert first.exit_code == 0, first.output
    assert "pubmed: 450 hits, 450 records saved" in first.output
    second = runner.invoke(
        cli,
        [
            "search",
            "-w",
            str(tmp_path),
            "--source",
            "pubmed",
            "--date",
            "2024-12-16",
            "--no-progress",
        ],
    )
    assert second.exit_code == 0, second.output
    assert "pubmed: 450 hits, 0 records saved" in second.output
    assert "450 already held" in second.output
    log = read_log(tmp_path / "records" / "searches.csv")
    assert len(log) == 2
    # --date replays a documented search: it is the date logged and in the folder name.
    assert log[1].date_searched == "2024-12-16"
    assert log[1].file.startswith("records/raw/pubmed/2024-12-16_")
    bad = runner.invoke(cli, ["search", "-w", str(tmp_path), "--since", "2025-13-01"])
    assert bad.exit_code == 2


def test_cli_reports_query_errors_in_one_line(
    tmp_path: Path, fake: FakeEutils, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workspace(tmp_path, "abcXYZ")
    monkeypatch.setenv("PRISMA_EUTILS_URL", fake.url)
    monkeypatch.setenv("NCBI_API_KEY", KEY)
    result = CliRunner().invoke(cli, ["search", "-w", str(tmp_path), "--no-progress"])
    assert result.exit_code == 2
    assert result.output.startswith("error: PubMed did not understand part of the query")
    assert "Traceback" not in result.output


def test_query_without_hits_is_logged_with_zero(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "empty[all]")
    result = run(ws, fake)
    assert result.count == 0 and result.fetched == ()
    assert not fake.requests("efetch")
    (entry,) = read_log(ws.searches_csv)
    assert (entry.hits_reported, entry.records_retrieved) == ("0", 0)


def test_a_changed_raw_file_is_caught(tmp_path: Path, fake: FakeEutils) -> None:
    ws = make_workspace(tmp_path, "real[all]")
    result = run(ws, fake)
    (batch,) = snap.load(result.folder).manifest.batches
    path = result.folder / batch.file
    path.write_bytes(path.read_bytes().replace(b">9997</PMID>", b">9998</PMID>", 1))
    with pytest.raises(ReviewError, match="does not hold the PMIDs its manifest lists"):
        list(read_snapshot(result.folder, "pubmed"))


BOOK_AND_LABELS = b"""<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">111</PMID>
<Article PubModel="Print"><Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate>
</PubDate></JournalIssue><Title>J Test</Title></Journal><ArticleTitle>A <i>B</i> C</ArticleTitle>
<ELocationID EIdType="doi" ValidYN="Y">10.1000/ABC</ELocationID>
<Abstract><AbstractText Label="BACKGROUND">x<sup>2</sup> rises.</AbstractText>
<AbstractText Label="RESULTS">It fell.</AbstractText></Abstract></Article>
<CommentsCorrectionsList><CommentsCorrections RefType="Cites"><PMID Version="1">222</PMID>
</CommentsCorrections></CommentsCorrectionsList></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">111</ArticleId></ArticleIdList>
<ReferenceList><Reference><ArticleIdList><ArticleId IdType="doi">10.9/ref</ArticleId>
</ArticleIdList></Reference></ReferenceList></PubmedData></PubmedArticle>
<PubmedBookArticle><BookDocument><PMID Version="1">333</PMID><Book><Publisher>
<PublisherName>NCBI</PublisherName></Publisher><BookTitle>GeneReviews</BookTitle>
<PubDate><Year>2020</Year></PubDate></Book><ArticleTitle>Gene X</ArticleTitle></BookDocument>
</PubmedBookArticle>
</PubmedArticleSet>"""


def test_minimal_reader_takes_citation_pmids_whole_abstracts_and_books(tmp_path: Path) -> None:
    from prisma.sources.eutils import check_body
    from prisma.sources.pubmed import _records_from_snapshot

    assert check_body("efetch", BOOK_AND_LABELS).pmids == ("111", "333")
    article, book = _records_from_snapshot(BOOK_AND_LABELS, tmp_path / "f.xml", "pubmed")
    assert (article.id, article.title, article.year) == ("pubmed:111", "A B C", 1998)
    assert article.abstract == "BACKGROUND: x2 rises. RESULTS: It fell."
    assert article.doi == "10.1000/abc"
    assert (book.id, book.title, book.year, book.type) == ("pubmed:333", "Gene X", 2020, "Book")


def test_a_day_over_the_cap_is_split_by_creation_date(tmp_path: Path) -> None:
    # 12,000 records all published "2020" (PDAT 2020/01/01): no PDAT window can hold
    # them under the cap, so that day is split by CRDT in the term.
    data = FakePubMed(shared_path("entrez"), synthetic=12_000, lump_every=1)
    server = FakeEutils(data).start()
    try:
        ws = make_workspace(tmp_path, "synthetic[all]")
        everything = set(data.synthetic)
        known = everything - set(data.synthetic[:40])
        result = run(ws, server, known_pmids=known)
        assert result.count == 12_000 and result.pmids == everything
        assert set(result.fetched) == set(data.synthetic[:40])
        manifest = snap.load(result.folder).manifest
        assert len(manifest.windows) >= 2
        assert all(w.mindate == w.maxdate == "2020/01/01" and w.crdt_min for w in manifest.windows)
        crdt_terms = [r for r in server.requests("esearch") if "[crdt]" in r.params["term"]]
        assert crdt_terms and all(
            r.params["term"].startswith("(synthetic[all]) AND (") for r in crdt_terms
        )
    finally:
        server.stop()
