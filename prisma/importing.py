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
from dataclasses import dataclass, field
from pathlib import Path

from prisma import __version__
from prisma.config import Config, Source, load_config
from prisma.errors import InputWarning, ReviewError
from prisma.searchlog import SearchEntry, append, current_round, read_log
from prisma.sources import detect, read_file_with_warnings
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


def _today() -> str:
    return _dt.date.today().isoformat()


def _safe_name(path: Path) -> tuple[str, str]:
    name = path.name
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
        return path.read_text(encoding="utf-8-sig").strip()
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
) -> ImportResult:
    """Parse, copy byte-exact into ``records/raw/<source>/`` and log one export file."""
    path = Path(path)
    config = load_config(ws.config_file)
    date = date or _today()
    try:
        _dt.date.fromisoformat(date)
    except ValueError as exc:
        raise ReviewError(f"--date {date!r} is not YYYY-MM-DD", kind="config") from exc
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
    digest = hashlib.sha256(data).hexdigest()
    log = read_log(ws.searches_csv)
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
    stem, ext = _safe_name(path)
    folder = ws.raw_dir / chosen.name
    stored = folder / f"{date}_{stem}.{ext}"
    number = 2
    while stored.exists():
        stored = folder / f"{date}_{stem}_{number}.{ext}"
        number += 1
    entry = SearchEntry(
        round=round_ if round_ is not None else max(current_round(log), 1),
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
        method=f"import ({result.fmt})",
    )
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(stored, data)
    try:
        append(ws.searches_csv, [entry])
    except BaseException:
        stored.unlink(missing_ok=True)  # the log is the record of the copy: keep them paired
        raise
    return ImportResult(entry, stored, result.fmt, result.warnings)
