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


# --- the log as text for a methods section (PRISMA-S items 1-13) ----------------------

_SHOWN = (
    "round",
    "source",
    "platform",
    "date_searched",
    "hits_reported",
    "records_retrieved",
    "limits",
    "file",
    "sha256",
)


def _cell(entry: SearchEntry, name: str) -> str:
    value = str(getattr(entry, name))
    return value[:12] if name == "sha256" else value


def render(entries: list[SearchEntry], markdown: bool = False) -> str:
    """The search log, sorted by round, date and source, as plain text or Markdown.

    The Markdown form is a table plus each exact query, as PRISMA-S asks (item 8).
    """
    ordered = sorted(entries, key=lambda e: (e.round, e.date_searched, e.source, e.file))
    if not ordered:
        return "No searches logged yet (records/searches.csv is empty).\n"
    if markdown:
        lines = ["| " + " | ".join(_SHOWN) + " |", "|" + " --- |" * len(_SHOWN)]
        for entry in ordered:
            cells = [_cell(entry, n).replace("|", "\\|") for n in _SHOWN]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        seen: set[tuple[str, str]] = set()
        for entry in ordered:
            key = (entry.source, entry.query)
            if entry.query and key not in seen:
                seen.add(key)
                lines.append(
                    f"**{entry.source}** (round {entry.round}, {entry.date_searched}, "
                    f"{entry.platform}):"
                )
                lines.append("")
                lines.append("```")
                lines.append(entry.query)
                lines.append("```")
                lines.append("")
        return "\n".join(lines).rstrip() + "\n"
    widths = {n: max(len(n), *(len(_cell(e, n)) for e in ordered)) for n in _SHOWN}
    lines = ["  ".join(n.ljust(widths[n]) for n in _SHOWN)]
    for entry in ordered:
        lines.append("  ".join(_cell(entry, n).ljust(widths[n]) for n in _SHOWN).rstrip())
    for entry in ordered:
        if entry.query:
            lines.append(f"query ({entry.source}, round {entry.round}): {entry.query}")
    return "\n".join(lines) + "\n"
