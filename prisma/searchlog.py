"""The PRISMA-S search log, ``records/searches.csv``: one row per search or import.

Append-only: a row, once written, is never changed, so the log is the audit trail
of what was searched, when, with which query, and which file holds the result.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from pathlib import Path

from prisma.csvio import read_table, to_csv_text
from prisma.errors import ReviewError
from prisma.workspace import atomic_write, locked


@dataclass(frozen=True)
class SearchEntry:
    round: int
    source: str
    platform: str
    date_searched: str  # YYYY-MM-DD
    query: str
    limits: str
    hits_reported: str  # as the database said it, e.g. "about 800"; may be empty
    records_retrieved: int
    file: str  # relative to the workspace
    sha256: str
    tool_version: str
    method: str = ""  # "full rerun, new PMIDs fetched", "import", ...


COLUMNS = [f.name for f in fields(SearchEntry)]


def read_log(path: str | Path) -> list[SearchEntry]:
    path = Path(path)
    entries = []
    for row in read_table(path, required=COLUMNS[:11]):
        try:
            entries.append(
                SearchEntry(
                    round=int(row["round"]),
                    source=row["source"],
                    platform=row["platform"],
                    date_searched=row["date_searched"],
                    query=row["query"],
                    limits=row["limits"],
                    hits_reported=row["hits_reported"],
                    records_retrieved=int(row["records_retrieved"] or 0),
                    file=row["file"],
                    sha256=row["sha256"],
                    tool_version=row["tool_version"],
                    method=row.get("method", ""),
                )
            )
        except ValueError as exc:
            raise ReviewError(
                f"bad number in the search log: {exc}",
                file=path,
                line=int(row["_row"]),
                kind="parse",
                hint="round and records_retrieved are whole numbers",
            ) from exc
    return entries


def append(path: str | Path, entries: list[SearchEntry]) -> None:
    """Append rows under the lock (rewrite atomically: the file stays small)."""
    path = Path(path)
    with locked(path):
        existing = read_log(path)
        text = to_csv_text(COLUMNS, [astuple(e) for e in existing + entries])
        atomic_write(path, text)


def current_round(entries: list[SearchEntry]) -> int:
    return max((e.round for e in entries), default=0)
