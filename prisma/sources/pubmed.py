"""PubMed through NCBI E-utilities: harvesting a query's records, reading them back.

A harvest (:class:`Harvest`) has two phases, each resumable:

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
ever read back from those files (:func:`read_snapshot`). The workflow around
a harvest (config, query file, progress bar, search log) is :mod:`prisma.intake.pubmed`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

from prisma.errors import ReviewError
from prisma.records import Record, clean_text
from prisma.sources import snapshot as snap
from prisma.sources.eutils import EutilsClient, Reply, WebEnvExpired

CAP = 9999  # PubMed's most ids per query (and highest retstart + 1)
FIRST_DAY = date(1700, 1, 1)  # before PubMed's oldest publication date
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


class Progress(Protocol):
    """What a harvest reports to (a tqdm bar fits): records saved, and what it waits for."""

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None: ...

    def update(self, n: float | None = 1) -> bool | None: ...


@dataclass
class Harvest:
    """One search while it runs: enumerate the query's PMIDs, then fetch what is new.

    Talks to E-utilities through ``client`` and saves every accepted response in
    ``snapshot`` before anything is parsed from it. The search workflow around it
    (config, query file, progress bar, search log) is :mod:`prisma.intake.pubmed`.
    """

    client: EutilsClient
    snapshot: snap.Snapshot
    query: str
    since: date | None
    today: date
    batch_size: int
    bar: Progress | None = None
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
    """Records of one saved efetch response, read by the shared PubMed XML adapter."""
    from prisma.sources.pubmed_xml import parse_pubmed_xml

    return parse_pubmed_xml(data, path, source)
