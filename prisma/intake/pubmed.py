"""The PubMed search workflow: ``queries/<source>.txt`` through NCBI E-utilities.

Reads the source's settings and query file, shows progress, runs the harvest
(:class:`prisma.sources.pubmed.Harvest`: enumerate the PMIDs, fetch the new ones,
every response saved byte-exact in a search folder) and appends one row to the
PRISMA-S search log saying what was done. Records are read back from the saved
folder by :func:`prisma.sources.pubmed.read_snapshot`, never from the network.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Set
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import Bio
from tqdm import tqdm

from prisma import __version__
from prisma.config import Source, load_config
from prisma.errors import ReviewError
from prisma.intake.rules import checked_query, next_round
from prisma.searchlog import SearchEntry, append, read_log
from prisma.sources import snapshot as snap
from prisma.sources.eutils import ENV_API_KEY, ENV_EMAIL, EutilsClient, RateLimiter
from prisma.sources.pubmed import Harvest
from prisma.workspace import Workspace

PLATFORM = "PubMed (NCBI E-utilities)"


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
        run = Harvest(client, snapshot, query, since, today, max(1, source.batch_size), bar)
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
    today: date | None = None,
    base_url: str = "",
    progress: bool | None = None,
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
            today=today,
            base_url=base_url,
            progress=progress,
        )
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
    return checked_query(path, text)


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
    entry = SearchEntry(
        round=round_ if round_ is not None else next_round(entries, source.name),
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
