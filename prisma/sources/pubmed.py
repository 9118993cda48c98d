"""PubMed searched live: ``queries/<source>.txt`` through NCBI E-utilities.

A search has two phases, each resumable:

1. *Enumerate*: esearch (``usehistory=y``) gives ``Count`` and up to 9,999 PMIDs.
   Past that cap the query is split into date windows (``mindate``/``maxdate``
   on ``datetype``), bisected until every window holds at most 9,999; the union
   of the windows' PMIDs must equal ``Count`` or the search stops with a
   ReviewError rather than silently returning a short set.
2. *Fetch*: the PMIDs the workspace does not hold yet are fetched as PubMed XML
   in batches, through the window's WebEnv (``retstart`` paging, never past
   9,998) when a whole window is new, otherwise by explicit id lists (POST
   from 200 ids). Each batch must hold exactly the PMIDs expected; an expired
   WebEnv reruns that window's esearch.

Every accepted response is saved byte-exact in the search folder before any
record is parsed from it (:mod:`prisma.sources.snapshot`); records are only
ever read back from those files (:func:`read_snapshot`). A finished search
appends one row to the PRISMA-S log saying what was done.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Set
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import Bio
from tqdm import tqdm

from prisma import __version__
from prisma.config import Source, load_config
from prisma.errors import ReviewError
from prisma.records import Record, clean_text, make_record_id, normalise_doi, parse_year
from prisma.searchlog import SearchEntry, append, current_round, read_log
from prisma.sources import snapshot as snap
from prisma.sources.eutils import (
    ENV_API_KEY,
    ENV_EMAIL,
    EutilsClient,
    RateLimiter,
    Reply,
    WebEnvExpired,
)
from prisma.workspace import Workspace

CAP = 9999  # PubMed's most ids per query (and highest retstart + 1)
FIRST_DAY = date(1700, 1, 1)  # before PubMed's oldest publication date
PLATFORM = "PubMed (NCBI E-utilities)"
_CHECK_TRIES = 3  # a response that parses but holds the wrong ids: asked again this often


@dataclass
class _Window:
    entry: snap.WindowEntry
    ids: list[str]
    webenv: str = ""
    query_key: str = ""


@dataclass(frozen=True)
class _Spec:
    """One esearch: the query, limited to a date window and, if needed, a CRDT window.

    A window that is still over the cap when it spans a single day (partial
    publication dates pile up on 1 January) is split further by creation date
    (CRDT), which ``mindate``/``maxdate`` cannot do at the same time, so that
    limit goes into the term.
    """

    datetype: str
    lo: date | None = None
    hi: date | None = None
    crdt_lo: date | None = None
    crdt_hi: date | None = None

    def term(self, query: str) -> str:
        if self.crdt_lo and self.crdt_hi:
            return f"({query}) AND ({_ncbi(self.crdt_lo)}:{_ncbi(self.crdt_hi)}[crdt])"
        return query

    def entry(self) -> snap.WindowEntry:
        if not (self.lo and self.hi):
            return snap.WindowEntry("esearch.xml", 0)
        name = f"esearch_{self.datetype}_{self.lo:%Y%m%d}-{self.hi:%Y%m%d}"
        crdt = ("", "")
        if self.crdt_lo and self.crdt_hi:
            name += f"_crdt_{self.crdt_lo:%Y%m%d}-{self.crdt_hi:%Y%m%d}"
            crdt = (_ncbi(self.crdt_lo), _ncbi(self.crdt_hi))
        return snap.WindowEntry(
            f"{name}.xml", 0, self.datetype, _ncbi(self.lo), _ncbi(self.hi), *crdt
        )

    @classmethod
    def of(cls, entry: snap.WindowEntry) -> _Spec:
        days = (_day(d) for d in (entry.mindate, entry.maxdate, entry.crdt_min, entry.crdt_max))
        return cls(entry.datetype, *days)

    def halves(self, today: date) -> tuple[_Spec, _Spec] | None:
        assert self.lo and self.hi
        if self.lo < self.hi:
            middle = self.lo + timedelta(days=(self.hi - self.lo).days // 2)
            return (replace(self, hi=middle), replace(self, lo=middle + timedelta(days=1)))
        lo, hi = self.crdt_lo or FIRST_DAY, self.crdt_hi or date(today.year + 1, 12, 31)
        if lo >= hi:
            return None
        middle = lo + timedelta(days=(hi - lo).days // 2)
        return (
            replace(self, crdt_lo=lo, crdt_hi=middle),
            replace(self, crdt_lo=middle + timedelta(days=1), crdt_hi=hi),
        )


@dataclass(frozen=True)
class SearchResult:
    """What one search did; ``entry`` is the row appended to the search log."""

    folder: Path
    count: int  # esearch Count: the hits PubMed reported
    pmids: frozenset[str]  # every PMID the query matches now
    fetched: tuple[str, ...]  # PMIDs saved in this search's folder, sorted
    known: int  # matched PMIDs the workspace already held
    windows: int
    resumed: bool
    entry: SearchEntry


@dataclass
class _Run:
    """The state of one search while it runs."""

    client: EutilsClient
    snapshot: snap.Snapshot
    query: str
    since: date | None
    today: date
    batch_size: int
    bar: tqdm | None = None
    windows: list[_Window] = field(default_factory=list)
    searches: int = 0  # esearch calls so far, for the progress bar

    # --- enumerate ----------------------------------------------------------------

    def esearch(self, spec: _Spec) -> _Window:
        params: dict[str, object] = {
            "db": "pubmed",
            "term": spec.term(self.query),
            "usehistory": "y",
            "retmax": CAP,
        }
        if spec.lo and spec.hi:
            params.update(datetype=spec.datetype, mindate=_ncbi(spec.lo), maxdate=_ncbi(spec.hi))
        entry = spec.entry()
        for _ in range(_CHECK_TRIES):
            reply = self.client.call("esearch", **params)
            assert reply.root is not None
            window = _window_of(reply.root, entry)
            if window.entry.count > CAP or len(window.ids) == window.entry.count:
                break
            # A short IdList under the cap: NCBI's answer is inconsistent; ask again.
        else:
            raise ReviewError(
                f"PubMed reported {window.entry.count} records for a window but listed "
                f"{len(window.ids)} ids",
                kind="network",
                hint="NCBI returned an inconsistent answer; run the search again",
            )
        self.snapshot.save_raw(entry.file, reply.body)
        self.searches += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.searches} esearch, Count {window.entry.count}")
        return window

    def enumerate(self) -> int:
        manifest = self.snapshot.manifest
        datetype = "edat" if self.since else "pdat"
        first = self.esearch(_Spec(datetype, self.since, self.today if self.since else None))
        count = first.entry.count
        if count <= CAP:
            leaves = [first]
        else:
            lo = self.since or FIRST_DAY
            hi = self.today if self.since else date(self.today.year + 5, 12, 31)
            leaves = self._bisect(_Spec(datetype, lo, hi))
        union: set[str] = set()
        for window in leaves:
            union.update(window.ids)
        listed = sum(len(w.ids) for w in leaves)
        if len(union) != count or listed != count:
            raise ReviewError(
                f"PubMed reported {count} records for the query, but its date windows hold "
                f"{len(union)} distinct PMIDs ({listed} listed)",
                kind="network",
                hint="PubMed changed during the search (run it again), or some records have "
                f"{datetype.upper()} dates outside the windows searched",
            )
        self.windows = leaves
        manifest.count = count
        manifest.datetype = datetype if count > CAP or self.since else ""
        manifest.windows = [w.entry for w in leaves]
        manifest.enumerated = True
        self.snapshot.save()
        return count

    def _bisect(self, spec: _Spec) -> list[_Window]:
        window = self.esearch(spec)
        if window.entry.count <= CAP:
            return [window] if window.entry.count else []
        halves = spec.halves(self.today)
        if halves is None:
            raise ReviewError(
                f"{window.entry.count} records share the {spec.datetype.upper()} date "
                f"{spec.lo} and the creation date {spec.crdt_lo}: more than PubMed's "
                f"{CAP:,} per query",
                kind="network",
                hint="narrow the query (e.g. by publication type) and search the parts apart",
            )
        return self._bisect(halves[0]) + self._bisect(halves[1])

    def reload_windows(self) -> None:
        """The windows of an interrupted search, from the esearch files it saved."""
        self.windows = []
        for entry in self.snapshot.manifest.windows:
            path = self.snapshot.folder / entry.file
            root = _parse(path.read_bytes(), path)
            self.windows.append(_window_of(root, entry))

    # --- fetch --------------------------------------------------------------------

    def fetch(self, needed: set[str], resumed: bool) -> None:
        fetched = self.snapshot.manifest.fetched()
        if not resumed:
            for window in self.windows:
                fresh = [i for i in window.ids if i in needed and i not in fetched]
                if window.webenv and fresh and len(fresh) == len(window.ids):
                    self._page(window, fetched)
        remaining = sorted(needed - fetched, key=int)
        for start in range(0, len(remaining), self.batch_size):
            chunk = remaining[start : start + self.batch_size]
            self._fetch_ids(chunk)
            fetched.update(chunk)

    def _page(self, window: _Window, fetched: set[str]) -> None:
        """Fetch one window through its WebEnv; stop (leaving the rest to id lists) on doubt."""
        allowed = set(window.ids)
        retstart, reruns = 0, 0
        while retstart < len(window.ids):
            retmax = min(self.batch_size, len(window.ids) - retstart)
            assert retstart <= CAP - 1  # a window never holds more than CAP ids
            try:
                reply = self.client.call(
                    "efetch",
                    db="pubmed",
                    retmode="xml",
                    WebEnv=window.webenv,
                    query_key=window.query_key,
                    retstart=retstart,
                    retmax=retmax,
                )
            except WebEnvExpired:
                reruns += 1
                if reruns > _CHECK_TRIES:
                    return
                fresh = self.esearch(_Spec.of(window.entry))
                if fresh.ids != window.ids:
                    return  # PubMed changed: the id lists fetch what is left
                window.webenv, window.query_key = fresh.webenv, fresh.query_key
                continue
            pmids = list(reply.pmids)
            if (
                len(pmids) != retmax
                or len(set(pmids)) != retmax
                or not set(pmids) <= allowed
                or fetched & set(pmids)
            ):
                return
            self._save(pmids, reply, "history")
            fetched.update(pmids)
            retstart += retmax

    def _fetch_ids(self, chunk: list[str]) -> None:
        wanted = sorted(chunk)
        last = ""
        for _ in range(_CHECK_TRIES):
            try:
                reply = self.client.call("efetch", db="pubmed", retmode="xml", id=",".join(chunk))
            except WebEnvExpired as exc:  # no WebEnv was sent: NCBI is confused
                last = str(exc)
                continue
            pmids = list(reply.pmids)
            if sorted(pmids) == wanted:
                self._save(pmids, reply, "ids")
                return
            missing = sorted(set(wanted) - set(pmids), key=int)
            extra = sorted(set(pmids) - set(wanted), key=int)
            last = f"missing {', '.join(missing[:10])}; unexpected {', '.join(extra[:10])}"
        raise ReviewError(
            f"PubMed did not return exactly the {len(chunk)} records asked for ({last})",
            kind="network",
            hint="run the search again; if it persists, the PMIDs may have "
            "been withdrawn since the esearch",
        )

    def _save(self, pmids: list[str], reply: Reply, via: str) -> None:
        self.snapshot.add_batch(pmids, reply.body, via)
        if self.bar is not None:
            self.bar.set_postfix_str("", refresh=False)  # any "waiting" note is over
            self.bar.update(len(pmids))


# --- the search -------------------------------------------------------------------------


def search(
    workspace: Workspace,
    source: Source,
    *,
    since: date | None = None,
    known_pmids: Set[str] = frozenset(),
    today: date | None = None,
    base_url: str = "",
    limiter: RateLimiter | None = None,
    timeout: float = 60.0,
    backoff: float = 1.0,
    max_attempts: int = 6,
    progress: bool | None = None,
    round_: int | None = None,
) -> SearchResult:
    """Run ``source``'s query against PubMed and save what is new; log it (PRISMA-S).

    ``known_pmids``: PMIDs the workspace already holds (a quarterly rerun fetches
    only the others). ``since`` adds an entry-date (EDAT) window from that day to
    ``today``. ``base_url`` (or ``PRISMA_EUTILS_URL``) replaces NCBI's address.
    ``progress``: None shows the bar on a terminal only.
    """
    today = today or date.today()
    query = read_query(workspace, source)
    api_key = source.api_key or os.environ.get(ENV_API_KEY, "")
    email = source.email or os.environ.get(ENV_EMAIL, "")
    source_dir = workspace.raw_dir / source.name
    manifest = snap.Manifest(
        source=source.name,
        query=query,
        date=today.isoformat(),
        since=since.isoformat() if since else "",
        tool=source.tool,
    )
    bar = tqdm(
        total=None,
        desc=f"{source.name}",
        unit="rec",
        file=sys.stderr,
        disable=None if progress is None else not progress,
        leave=True,
    )

    def on_wait(seconds: float, why: str) -> None:
        if seconds >= 0.5:
            bar.set_postfix_str(f"waiting {seconds:.1f} s ({why})")

    client = EutilsClient(
        email=email,
        tool=source.tool,
        api_key=api_key,
        base_url=base_url,
        limiter=limiter,
        timeout=timeout,
        backoff=backoff,
        max_attempts=max_attempts,
        on_wait=on_wait,
    )
    try:
        snapshot, resumed = snap.open_snapshot(source_dir, manifest, today)
        run = _Run(client, snapshot, query, since, today, max(1, source.batch_size), bar)
        if resumed and snapshot.manifest.enumerated:
            run.reload_windows()
        else:
            run.enumerate()
        count = snapshot.manifest.count or 0
        matched = {pmid for window in run.windows for pmid in window.ids}
        needed = matched - set(known_pmids)
        snapshot.manifest.known = len(matched) - len(needed)
        already = snapshot.manifest.fetched()
        bar.reset(total=len(needed | already))
        bar.update(len(already & needed))
        run.fetch(needed, resumed)
        fetched = snapshot.manifest.fetched()
        if not needed <= fetched:
            lost = sorted(needed - fetched, key=int)
            raise ReviewError(
                f"{len(lost)} PMIDs were not fetched: {', '.join(lost[:10])}",
                kind="network",
                hint="run the search again; it resumes",
            )
        snapshot.manifest.complete = True
        snapshot.save()
    finally:
        bar.close()
    entry = _log(workspace, source, snapshot, query, since, today, len(matched), round_)
    return SearchResult(
        folder=snapshot.folder,
        count=count,
        pmids=frozenset(matched),
        fetched=tuple(sorted(fetched, key=int)),
        known=snapshot.manifest.known,
        windows=len(run.windows),
        resumed=resumed,
        entry=entry,
    )


def run_searches(
    workspace: Workspace,
    *,
    source_name: str | None = None,
    since: date | None = None,
    **options: object,
) -> list[SearchResult]:
    """Search every PubMed source in config.toml (or the one named), each against
    the PMIDs its earlier searches in this workspace already saved."""
    config = load_config(workspace.config_file)
    if source_name:
        sources = [config.source(source_name)]
        if sources[0].kind != "pubmed":
            raise ReviewError(
                f"source {source_name!r} is not searched live (kind {sources[0].kind!r})",
                file=config.path,
                kind="config",
                hint='set kind = "pubmed", or use `prisma-review import`',
            )
    else:
        sources = [s for s in config.sources if s.kind == "pubmed"]
        if not sources:
            raise ReviewError(
                'no source with kind = "pubmed" in config.toml',
                file=config.path,
                kind="config",
                hint='add kind = "pubmed" to the PubMed [[sources]] table',
            )
    return [
        search(
            workspace,
            source,
            since=since,
            known_pmids=held_pmids(workspace, source.name),
            **options,
        )  # type: ignore[arg-type]
        for source in sources
    ]


def held_pmids(workspace: Workspace, source_name: str) -> set[str]:
    """PMIDs saved by this source's finished searches in the workspace."""
    held: set[str] = set()
    for snapshot in snap.snapshots(workspace.raw_dir / source_name):
        if snapshot.manifest.complete:
            held |= snapshot.manifest.fetched()
    return held


def read_query(workspace: Workspace, source: Source) -> str:
    path = (
        workspace.resolve(source.query)
        if source.query
        else (workspace.queries_dir / f"{source.name}.txt")
    )
    try:
        text = path.read_text(encoding="utf-8-sig").strip()
    except FileNotFoundError:
        raise ReviewError(
            "no query file for this source",
            file=path,
            kind="config",
            hint="write the exact PubMed search string there (PRISMA-S item 8)",
        ) from None
    except UnicodeDecodeError as exc:
        raise ReviewError("the query file is not UTF-8", file=path, kind="config") from exc
    if not text:
        raise ReviewError(
            "the query file is empty",
            file=path,
            kind="config",
            hint="write the exact PubMed search string there",
        )
    return text


def _log(
    workspace: Workspace,
    source: Source,
    snapshot: snap.Snapshot,
    query: str,
    since: date | None,
    today: date,
    matched: int,
    round_: int | None,
) -> SearchEntry:
    manifest = snapshot.manifest
    new = len(manifest.fetched())
    if since:
        method = (
            f"entry-date window EDAT {since.isoformat()} to {today.isoformat()}: "
            f"{matched} matched, {manifest.known} already held, {new} new fetched"
        )
    elif manifest.known:
        method = (
            f"full rerun, diffed by PMID: {matched} matched, {manifest.known} already "
            f"held, {new} new fetched"
        )
    else:
        method = f"full search: {new} of {matched} fetched"
    if manifest.datetype and not since:
        method += f"; split into {len(manifest.windows)} {manifest.datetype.upper()} windows"
    limits = source.limits
    if since:
        window = f"EDAT {since:%Y/%m/%d}:{today:%Y/%m/%d}"
        limits = f"{limits}; {window}" if limits else window
    entries = read_log(workspace.searches_csv)
    file = workspace.relative(snapshot.manifest_path)
    for old in entries:
        if old.file == file:
            return old  # logged already (a finished search run again by its caller)
    if round_ is None:
        round_ = current_round(entries) or 1
        if any(e.round == round_ and e.source == source.name for e in entries):
            round_ += 1
    entry = SearchEntry(
        round=round_,
        source=source.name,
        platform=source.platform or PLATFORM,
        date_searched=manifest.date,
        query=query,
        limits=limits,
        hits_reported=str(manifest.count),
        records_retrieved=new,
        file=file,
        sha256=snapshot.sha256(),
        tool_version=f"prisma-review {__version__}; Biopython {Bio.__version__}",
        method=method,
    )
    append(workspace.searches_csv, [entry])
    return entry


# --- responses --------------------------------------------------------------------------


def _ncbi(day: date) -> str:
    return f"{day:%Y/%m/%d}"


def _day(text: str) -> date | None:
    return date(*map(int, text.split("/"))) if text else None


def _window_of(root: ET.Element, entry: snap.WindowEntry) -> _Window:
    try:
        count = int(root.findtext("Count") or "")
    except ValueError:
        raise ReviewError(
            "an esearch answer without a Count",
            kind="network",
            hint="NCBI returned an unexpected answer; run the search again",
        ) from None
    errors = [clean_text(e.text) for e in root.iterfind("ErrorList/*")]
    if errors:
        raise ReviewError(
            f"PubMed did not understand part of the query: {'; '.join(errors)}",
            kind="config",
            hint="fix the query file; PubMed would have searched without those terms",
        )
    ids = [clean_text(e.text) for e in root.iterfind("IdList/Id")]
    window = replace(entry, count=count)
    return _Window(window, ids, root.findtext("WebEnv") or "", root.findtext("QueryKey") or "")


def _parse(data: bytes, path: Path) -> ET.Element:
    try:
        return ET.fromstring(data)
    except (ET.ParseError, LookupError, ValueError) as exc:
        raise ReviewError(
            f"not well-formed XML: {exc}",
            file=path,
            line=exc.position[0] if isinstance(exc, ET.ParseError) else None,
            kind="parse",
            hint="the saved response was changed or cut short; "
            "remove the search folder and search again",
        ) from exc


# --- records ------------------------------------------------------------------------------


def read_snapshot(folder: str | Path, source: str) -> Iterator[Record]:
    """Every record a search folder holds, in file order, checked against its manifest."""
    snapshot = snap.load(Path(folder))
    for batch in snapshot.manifest.batches:
        path = snapshot.folder / batch.file
        records = list(_records_from_snapshot(path.read_bytes(), path, source))
        if [r.pmid for r in records] != batch.pmids:
            raise ReviewError(
                "the file does not hold the PMIDs its manifest lists",
                file=path,
                kind="parse",
                hint="restore the file; raw responses never change",
            )
        yield from records


def _records_from_snapshot(data: bytes, path: Path, source: str) -> Iterator[Record]:
    """Records of one saved efetch response.

    A minimal ElementTree reader until the shared PubMed XML adapter
    (``prisma.sources.pubmed_xml.parse_pubmed_xml``) is merged; this is the one
    place to point at it.
    """
    root = _parse(data, path)
    for element in root:
        if element.tag == "PubmedArticle":
            yield _article(element, path, source)
        elif element.tag == "PubmedBookArticle":
            yield _book(element, path, source)


def _text(element: ET.Element | None) -> str:
    # itertext keeps inline markup (<i>, <sup>) inside titles and abstracts whole.
    return clean_text("".join(element.itertext())) if element is not None else ""


def _abstract(element: ET.Element | None) -> str:
    if element is None:
        return ""
    parts = []
    for part in element.iterfind("AbstractText"):
        text = _text(part)
        label = part.get("Label")
        parts.append(f"{label}: {text}" if label and text else text)
    return " ".join(p for p in parts if p)


def _authors(element: ET.Element | None) -> tuple[str, ...]:
    if element is None:
        return ()
    names = []
    for author in element.iterfind("Author"):
        last = clean_text(author.findtext("LastName"))
        initials = clean_text(author.findtext("Initials"))
        name = f"{last}, {initials}" if last and initials else last
        names.append(name or clean_text(author.findtext("CollectiveName")))
    return tuple(n for n in names if n)


def _year(pubdate: ET.Element | None) -> int | None:
    if pubdate is None:
        return None
    return parse_year(pubdate.findtext("Year")) or parse_year(pubdate.findtext("MedlineDate"))


def _article(element: ET.Element, path: Path, source: str) -> Record:
    citation = element.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    pmid = clean_text(citation.findtext("PMID") if citation is not None else "")
    if article is None or not pmid:
        raise ReviewError(
            "a PubmedArticle without MedlineCitation/PMID or Article", file=path, kind="parse"
        )
    journal = article.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    doi = ""
    for node in element.iterfind("PubmedData/ArticleIdList/ArticleId"):
        if node.get("IdType") == "doi":
            doi = normalise_doi(node.text)
            break
    if not doi:
        for node in article.iterfind("ELocationID"):
            if node.get("EIdType") == "doi":
                doi = normalise_doi(node.text)
                break
    year = _year(issue.find("PubDate") if issue is not None else None)
    if year is None:
        year = parse_year(article.findtext("ArticleDate/Year"))
    return Record(
        id=make_record_id(source, pmid),
        source=source,
        title=_text(article.find("ArticleTitle")),
        authors=_authors(article.find("AuthorList")),
        year=year,
        journal=clean_text(journal.findtext("Title") if journal is not None else ""),
        volume=clean_text(issue.findtext("Volume") if issue is not None else ""),
        issue=clean_text(issue.findtext("Issue") if issue is not None else ""),
        pages=clean_text(article.findtext("Pagination/MedlinePgn")),
        doi=doi,
        pmid=pmid,
        native_id=pmid,
        abstract=_abstract(article.find("Abstract")),
        keywords=tuple(_text(k) for k in citation.iterfind("KeywordList/Keyword")),
        language=clean_text(article.findtext("Language")),
        type=clean_text(article.findtext("PublicationTypeList/PublicationType")),
        issn=clean_text(journal.findtext("ISSN") if journal is not None else ""),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        file=str(path),
    )


def _book(element: ET.Element, path: Path, source: str) -> Record:
    document = element.find("BookDocument")
    pmid = clean_text(document.findtext("PMID") if document is not None else "")
    if document is None or not pmid:
        raise ReviewError("a PubmedBookArticle without BookDocument/PMID", file=path, kind="parse")
    book = document.find("Book")
    title = _text(document.find("ArticleTitle")) or _text(
        book.find("BookTitle") if book is not None else None
    )
    doi = ""
    for node in document.iterfind("ArticleIdList/ArticleId"):
        if node.get("IdType") == "doi":
            doi = normalise_doi(node.text)
    return Record(
        id=make_record_id(source, pmid),
        source=source,
        title=title,
        authors=_authors(document.find("AuthorList")),
        year=_year(book.find("PubDate") if book is not None else None),
        doi=doi,
        pmid=pmid,
        native_id=pmid,
        abstract=_abstract(document.find("Abstract")),
        publisher=clean_text(book.findtext("Publisher/PublisherName") if book is not None else ""),
        type="Book",
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        file=str(path),
    )
