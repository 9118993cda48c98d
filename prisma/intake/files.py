"""``prisma-review import FILE``: keep an export byte-exact in the workspace and log it.

The file is parsed completely first; only a file that parses is copied to
``records/raw/<source>/<YYYY-MM-DD>_<name>.<ext>`` and logged in the PRISMA-S
search log. A file whose sha256 is already logged is refused, so re-running an
import can never count the same search twice.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from prisma import __version__
from prisma.config import Config, Source, load_config
from prisma.errors import InputWarning, ReviewError
from prisma.intake.rules import DATED, checked_query, current_round, date_in_name, unlogged_files
from prisma.overlap import FileRecords, overlap_of
from prisma.searchlog import SearchEntry, append, read_log
from prisma.sources import detect, read_file, read_file_with_warnings
from prisma.workspace import Workspace, atomic_write

# Format-name prefix -> the usual source names, to guess --source when it is omitted.
_FAMILY_NAMES = {
    "scopus": ("scopus",),
    "wos": ("wos", "web_of_science", "webofscience"),
    "pubmed": ("pubmed", "medline"),
    "pop": ("scholar", "google_scholar", "googlescholar"),
    "scholar": ("scholar", "google_scholar", "googlescholar"),
    "embase": ("embase",),
    "cochrane": ("cochrane", "central"),
}


@dataclass(frozen=True)
class ImportResult:
    entry: SearchEntry
    stored: Path
    fmt: str
    warnings: list[InputWarning] = field(default_factory=list)
    original: Path | None = None  # the file as the user named it (or a glob found it)
    overlap: str = ""  # how many of its records earlier files of the source hold


def _today() -> str:
    return _dt.date.today().isoformat()


def _safe_name(path: Path) -> tuple[str, str]:
    name = DATED.sub("", path.name)  # the stored name gets the date in front anyway
    stem, dot, ext = name.partition(".")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_") or "export"
    ext = re.sub(r"[^A-Za-z0-9.]+", "", ext) or "txt"
    return stem, ext


def choose_source(config: Config, fmt: str, name: str | None) -> Source:
    if name:
        return config.source(name)
    by_format = [s for s in config.sources if s.kind == "file" and s.format == fmt]
    if len(by_format) == 1:
        return by_format[0]
    family = fmt.split("_", 1)[0]
    names = _FAMILY_NAMES.get(family, ())
    by_name = [s for s in config.sources if s.kind == "file" and s.name.casefold() in names]
    if len(by_name) == 1:
        return by_name[0]
    raise ReviewError(
        f"cannot tell which source this {fmt} file belongs to",
        file=config.path,
        kind="config",
        hint="pass --source NAME (one of: " + ", ".join(s.name for s in config.sources) + ")",
    )


def _query(ws: Workspace, source: Source) -> str:
    if not source.query:
        return ""
    path = ws.resolve(source.query)
    try:
        return checked_query(path, path.read_text(encoding="utf-8-sig").strip())
    except OSError as exc:
        raise ReviewError(
            f"cannot read the query file: {exc.strerror}", file=path, kind="config"
        ) from exc


def import_file(
    ws: Workspace,
    path: str | Path,
    source: str | None = None,
    *,
    date: str | None = None,
    round_: int | None = None,
    hits: str | None = None,
    fmt: str = "",
    rerun: bool = False,
) -> ImportResult:
    """Parse, copy byte-exact into ``records/raw/<source>/`` and log one export file."""
    return import_files(
        ws, [Path(path)], source, date=date, round_=round_, hits=hits, fmt=fmt, rerun=rerun
    )[0]


def import_files(
    ws: Workspace,
    paths: list[Path],
    source: str | None = None,
    *,
    date: str | None = None,
    round_: int | None = None,
    hits: str | None = None,
    fmt: str = "",
    rerun: bool = False,
) -> list[ImportResult]:
    """Import several exports all or nothing: every file is parsed before any is logged.

    Each file is compared with the earlier files of its source (and the ones before it
    in this batch): the records they already hold are reported, and a file they hold
    whole is refused unless ``rerun`` says it is a rerun of the same search.

    With no ``paths``, the files the config's ``files`` globs name that the search log
    does not hold yet are imported, each under the source whose glob names it and dated
    by a ``YYYY-MM-DD_`` prefix of its name when it has one (else ``date``, else today).
    Named files take ``date`` first, then the date in their name.
    """
    config = load_config(ws.config_file)
    if date is not None:
        _check_date(date)
    log = read_log(ws.searches_csv)
    if paths:
        wanted = [(Path(p), source, date or date_in_name(Path(p))) for p in paths]
    else:
        if not any(s.files for s in config.sources):
            raise ReviewError(
                "no file to import: none given, and no source in config.toml has `files` globs",
                file=config.path,
                kind="import",
                hint='prisma-review import EXPORT_FILE, or add files = ["exports/*.ris"] '
                "to a [[sources]] table",
            )
        if source is not None:
            config.source(source)  # an unknown name is an error, not an empty import
        wanted = [
            # each file dated by its name; --date only for those without one
            (path, name, date_in_name(path) or date)
            for name, path in unlogged_files(ws, config, log)
            if source is None or name == source
        ]
    seen: dict[str, Path] = {}
    prepared = []
    earlier: dict[str, list[FileRecords]] = {}  # per source, read when first needed
    for path, name, day in wanted:
        item = _prepare(ws, config, log, path, name, day or _today(), round_, hits, fmt)
        if item.records.source not in earlier:
            earlier[item.records.source] = _earlier_files(ws, config, log, item.records.source)
        held = earlier[item.records.source]
        item = _with_overlap(item, held, rerun)
        held.append(item.records)
        if item.entry.sha256 in seen:
            raise ReviewError(
                f"this file is the same as {seen[item.entry.sha256]}",
                file=path,
                kind="import",
                hint="import each export once",
            )
        seen[item.entry.sha256] = path
        prepared.append(item)
    return _commit(ws, prepared)


def _check_date(date: str) -> None:
    try:
        _dt.date.fromisoformat(date)
    except ValueError as exc:
        raise ReviewError(f"--date {date!r} is not YYYY-MM-DD", kind="config") from exc


@dataclass(frozen=True)
class _Prepared:
    entry: SearchEntry
    stored: Path
    data: bytes
    copy: bool
    fmt: str
    warnings: list[InputWarning]
    original: Path
    records: FileRecords
    overlap: str = ""


def _earlier_files(
    ws: Workspace, config: Config, log: list[SearchEntry], name: str
) -> list[FileRecords]:
    """The records of every file the log holds for one source, in log order."""
    files = []
    known = {s.name: s for s in config.sources}
    for entry in log:
        source = known.get(entry.source) if entry.source == name else None
        path = ws.resolve(entry.file)
        if source is None or not path.is_file() or path.name == "manifest.json":
            # a missing raw file is load_state's to report; a live PubMed search is
            # diffed by PMID when it runs, not against file imports
            continue
        records = read_file(path, source.name, source.format)
        files.append(FileRecords(entry.source, entry.file, entry.round, records))
    return files


def _with_overlap(item: _Prepared, earlier: list[FileRecords], rerun: bool) -> _Prepared:
    found = overlap_of(item.records, earlier)
    if not found.held:
        return item
    if found.whole and not rerun:
        raise ReviewError(
            found.describe(),
            file=item.original,
            kind="import",
            hint="nothing new to log; if this is a rerun of the same search that found "
            "nothing new, import it with --rerun",
        )
    note = f"{len(found.held)} of {found.records} records already held from " + ", ".join(
        found.earlier
    )
    entry = replace(item.entry, method=f"{item.entry.method}; {note}")
    return replace(item, entry=entry, overlap=found.describe())


def _prepare(
    ws: Workspace,
    config: Config,
    log: list[SearchEntry],
    path: Path,
    source: str | None,
    date: str,
    round_: int | None,
    hits: str | None,
    fmt: str,
) -> _Prepared:
    _check_date(date)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
    digest = hashlib.sha256(data).hexdigest()
    for entry in log:
        if entry.sha256 == digest:
            raise ReviewError(
                f"this file was already imported as {entry.file} (round {entry.round}, "
                f"source {entry.source})",
                file=path,
                kind="import",
                hint="nothing to do; a new search needs a new export",
            )
    fmt = fmt or (config.source(source).format if source else "") or detect(path).adapter.name
    chosen = choose_source(config, fmt, source)
    result = read_file_with_warnings(path, chosen.name, chosen.format or fmt)
    if not result.records:
        raise ReviewError(
            "the file holds no records", file=path, kind="parse", hint="export the records again"
        )
    folder = ws.raw_dir / chosen.name
    # a file already kept in its source's raw folder (copied in by hand, named by a
    # glob) is logged where it is: a second copy would be a second search
    in_place = path.resolve().parent == folder.resolve()
    if in_place:
        stored = path
    else:
        stem, ext = _safe_name(path)
        stored = folder / f"{date}_{stem}.{ext}"  # numbered by _commit if it is taken
    entry = SearchEntry(
        round=round_ if round_ is not None else current_round(log),
        source=chosen.name,
        platform=chosen.platform or chosen.display,
        date_searched=date,
        query=_query(ws, chosen),
        limits=chosen.limits,
        hits_reported=hits
        if hits is not None
        else (str(chosen.hits_reported) if chosen.hits_reported is not None else ""),
        records_retrieved=len(result.records),
        file=ws.relative(stored),
        sha256=digest,
        tool_version=f"prisma-review {__version__}",
        method=f"import ({result.fmt})" + _left_out(result.warnings),
    )
    records = FileRecords(chosen.name, entry.file, entry.round, result.records)
    return _Prepared(entry, stored, data, not in_place, result.fmt, result.warnings, path, records)


def _left_out(warnings: list[InputWarning]) -> str:
    """The records a damaged file lost, for the search log: which, and why."""
    dropped = [w for w in warnings if w.extra.get("dropped")]
    if not dropped:
        return ""
    named = "; ".join(f"line {w.line}: {w.extra['dropped'][:80]}" for w in dropped)
    return f"; left out {len(dropped)} record(s) the file cut short ({named})"


def _commit(ws: Workspace, prepared: list[_Prepared]) -> list[ImportResult]:
    copied: list[Path] = []
    done: list[ImportResult] = []
    try:
        for item in prepared:
            stored, entry = item.stored, item.entry
            if item.copy:
                # an export of the same name and date already kept (or earlier in this
                # batch): number this one
                stem, ext = stored.name.split(".", 1)
                number = 2
                while stored.exists():
                    stored = stored.with_name(f"{stem}_{number}.{ext}")
                    number += 1
                entry = replace(entry, file=ws.relative(stored))
                stored.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(stored, item.data)
                copied.append(stored)
            done.append(
                ImportResult(entry, stored, item.fmt, item.warnings, item.original, item.overlap)
            )
        if done:
            append(ws.searches_csv, [result.entry for result in done])
    except BaseException:
        for stored in copied:
            stored.unlink(missing_ok=True)  # the log is the record of the copies: keep them paired
        raise
    return done
