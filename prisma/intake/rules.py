"""The search-log rules: the round a search or decision joins, which files the log
lacks, and the date a file's name gives.

Used by ``import`` and ``search`` (what to log, in which round), by ``screen import``
(the round a decision is recorded in) and by the loader (unlogged files the config's
globs name count in round 1 until they are imported).
"""

from __future__ import annotations

import datetime as _dt
import glob
import hashlib
import re
from pathlib import Path

from prisma.config import Config
from prisma.errors import ReviewError
from prisma.searchlog import SearchEntry
from prisma.workspace import Workspace

# What `init` writes into each query file, and the same line for any source name: a
# query file still holding it has not been written (import and search refuse it).
PLACEHOLDER_QUERY = "# Paste the exact search string as run on {name}, then delete this line.\n"
PLACEHOLDER = re.compile(
    r"^# Paste the exact search string as run on .*, then delete this line\.\s*$", re.MULTILINE
)
DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})_")


def current_round(log: list[SearchEntry]) -> int:
    """The round under way: the highest in the search log (1 before any search).

    An imported export and a screening decision join it unless told otherwise; an
    export may come in parts (a database's export limit), each logged in one round.
    """
    return max((e.round for e in log), default=1)


def next_round(log: list[SearchEntry], source: str) -> int:
    """The round a new live search of ``source`` joins: the current one, or the next
    if ``source`` was already searched in it (a rerun is the next quarter's search)."""
    current = current_round(log)
    if any(e.round == current and e.source == source for e in log):
        return current + 1
    return current


def unlogged_files(ws: Workspace, config: Config, log: list[SearchEntry]) -> list[tuple[str, Path]]:
    """(source, file) for every file a source's ``files`` globs name that is not logged."""
    logged = {e.file for e in log} | {e.sha256 for e in log if e.sha256}
    found: dict[Path, str] = {}
    for src in config.sources:
        for pattern in src.files:
            for name in sorted(glob.glob(str(ws.root / pattern), recursive=True)):
                path = Path(name)
                if path.is_file() and ws.relative(path) not in logged:
                    found.setdefault(path, src.name)
    out = []
    for path, name in sorted(found.items()):
        if hashlib.sha256(path.read_bytes()).hexdigest() not in logged:
            out.append((name, path))
    return out


def date_in_name(path: Path) -> str | None:
    """The date of a ``YYYY-MM-DD_`` prefix of the file's name, if it is a real date."""
    match = DATED.match(path.name)
    if not match:
        return None
    try:
        _dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return match.group(1)


def checked_query(path: Path, text: str) -> str:
    """The query text, unless it is still the placeholder ``init`` wrote (it would be
    logged as the PRISMA-S search string, and sent to PubMed)."""
    match = PLACEHOLDER.search(text)
    if match:
        raise ReviewError(
            "the query file still holds the placeholder that init wrote",
            file=path,
            line=text.count("\n", 0, match.start()) + 1,
            kind="config",
            hint=f"replace it in {path} with the exact search string as run, then run this again",
        )
    return text
