"""Load a review's state from its workspace files (the I/O edge).

Reads the config, the search log, every logged raw file (and unlogged files the
config's globs name), the dedup verdicts and the decision ledger, with the build
cache in front of parsing and deduplication, and assembles the pure
:class:`prisma.state.ReviewState`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from prisma.cache import Cache, make_key
from prisma.config import Config, Source, load_config
from prisma.decisions.extraction import read_extraction_ledger
from prisma.decisions.ledger import read_ledger
from prisma.dedup import DedupResult, deduplicate
from prisma.dedup.io import read_review
from prisma.errors import ReviewError
from prisma.intake.rules import date_in_name, unlogged_files
from prisma.records import Record
from prisma.searchlog import SearchEntry, read_log
from prisma.state import Identified, ReviewState, assign_studies
from prisma.workspace import Workspace


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    if path.is_dir():
        # A PubMed snapshot is a folder of raw responses: hash names and contents in order.
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.relative_to(path).as_posix().encode() + b"\0")
            digest.update(child.read_bytes())
        return digest.hexdigest()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_source_file(path: Path, source: Source) -> list[Record]:
    """Records of one raw file (or PubMed snapshot folder) of a source."""
    if path.is_dir() or path.name == "manifest.json":
        # `prisma-review search` logs a snapshot by its manifest; the folder holds the data.
        from prisma.sources.pubmed import read_snapshot

        return list(read_snapshot(path if path.is_dir() else path.parent, source.name))
    from prisma.sources import read_file

    return read_file(path, source.name, source.format)


def load_identified(
    ws: Workspace,
    config: Config,
    log: list[SearchEntry],
    cache: Cache | None = None,
    inputs: list[tuple[str, ...]] | None = None,
) -> list[Identified]:
    """Every record of every logged search (and of unlogged files the config globs name).

    ``inputs`` collects (file, sha256, round, date, source) of what was read, so the
    caller can key anything derived from all of them.
    """
    cache = cache or Cache(None)
    inputs = inputs if inputs is not None else []
    identified: list[Identified] = []
    for entry in sorted(log, key=lambda e: (e.round, e.date_searched, e.source, e.file)):
        path = ws.resolve(entry.file)
        if not path.exists():
            raise ReviewError(
                f"the search log names {entry.file}, which is missing",
                file=ws.searches_csv,
                kind="workspace",
                hint="raw files are never deleted: restore it from version control",
            )
        digest = sha256_of(path if path.name != "manifest.json" else path.parent)
        if entry.sha256 and sha256_of(path) != entry.sha256:
            raise ReviewError(
                f"{entry.file} changed after it was logged (sha256 differs)",
                file=ws.searches_csv,
                kind="workspace",
                hint="raw files are an audit trail: import a new export instead of editing one",
            )
        source = config.source(entry.source)
        inputs.append((entry.file, digest, str(entry.round), entry.date_searched, source.name))
        for record in _cached_read(cache, path, source, digest, entry.file):
            identified.append(Identified(record, entry.round, entry.date_searched, entry.file))
    # Files a source's globs name that were never logged (copied in by hand): round 1
    # until `prisma-review import` logs them.
    for name, path in unlogged_files(ws, config, log):
        rel = ws.relative(path)
        date = date_in_name(path) or ""
        digest = sha256_of(path)
        inputs.append((rel, digest, "1", date, name))
        for record in _cached_read(cache, path, config.source(name), digest, rel):
            identified.append(Identified(record, 1, date, rel))
    return _unique_across_files(identified)


def _cached_read(cache: Cache, path: Path, source: Source, digest: str, name: str) -> list[Record]:
    key = make_key("records", digest, name, source.name, source.format)
    records = cache.get(key)
    if not isinstance(records, list):
        records = read_source_file(path, source)
        cache.put(key, records)
    return records


def _unique_across_files(identified: list[Identified]) -> list[Identified]:
    """A record re-retrieved by a later search keeps its own row, with a suffixed id."""
    used: set[str] = set()
    out = []
    for item in identified:
        rid = item.record.id
        if rid in used:
            n = 2
            while f"{rid}~{n}" in used:
                n += 1
            rid = f"{rid}~{n}"
            item = Identified(item.record.with_(id=rid), item.round, item.date, item.file)
        used.add(rid)
        out.append(item)
    return out


def load_state(
    ws: Workspace, config: Config | None = None, *, use_cache: bool = True
) -> ReviewState:
    config = config or load_config(ws.config_file)
    cache = Cache(ws.build_dir / "cache" if use_cache else None)
    log = read_log(ws.searches_csv)
    inputs: list[tuple[str, ...]] = []
    identified = load_identified(ws, config, log, cache, inputs)
    records = [i.record for i in identified]
    reviewed = (
        read_review(ws.duplicates_review_csv, known_ids={r.id for r in records})
        if ws.duplicates_review_csv.exists()
        else []
    )
    order = {i.record.id: i.order for i in identified}
    options = {"conference_abstracts": config.dedup.conference_abstracts}
    key = make_key(
        "dedup",
        config.dedup.method,
        sorted(options.items()),
        inputs,
        [(d.a, d.b, d.same) for d in reviewed],
    )
    result = cache.get(key)
    if not isinstance(result, DedupResult):
        result = deduplicate(
            records,
            method=config.dedup.method,
            reviewed=reviewed,
            options={"order": order, **options},
        )
        cache.put(key, result)
    study_of, members = assign_studies(identified, result)
    ledger = read_ledger(ws.decisions_csv)
    state = ReviewState(config, log, identified, result, study_of, members, ledger)
    state.extraction_ledger = read_extraction_ledger(ws.extraction_csv)
    state.settle()
    return state
