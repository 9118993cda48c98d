"""Hand-back files kept in the workspace: ``records/screening/``, byte-exact, dated,
never overwritten. The ledger's ``file`` and ``sha256`` point at the kept copy, as the
search log points at the kept raw exports."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from prisma.errors import ReviewError
from prisma.workspace import Workspace, atomic_write

_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}_")


def archive_dir(ws: Workspace) -> Path:
    return ws.records_dir / "screening"


def archived_name(name: str, day: str) -> str:
    """``2025-01-13_x.csv`` stays as it is; any other name gets the import's date."""
    return name if _DATED.match(name) else f"{day}_{name}"


def planned_path(
    ws: Workspace, path: Path, data: bytes, day: str, folder: Path | None = None
) -> Path:
    """Where the file is (or will be) kept: the file itself when it already sits in
    records/screening/, the copy with the same bytes when one is kept, else a free name
    (``_2``, ``_3``… before the extension)."""
    folder = folder or archive_dir(ws)  # extraction keeps its own in records/extraction/
    if path.resolve().parent == folder.resolve():
        return path.resolve()
    name = archived_name(path.name, day)
    stem, suffix = Path(name).stem, Path(name).suffix
    digest = hashlib.sha256(data).digest()
    for n in range(1, 10_000):
        candidate = folder / (name if n == 1 else f"{stem}_{n}{suffix}")
        if not candidate.exists():
            return candidate
        if hashlib.sha256(candidate.read_bytes()).digest() == digest:
            return candidate
    raise ReviewError(  # pragma: no cover - 10,000 different files of one name and day
        f"too many different files named {name} in {folder}", kind="screening"
    )


def keep(path: Path, target: Path, data: bytes) -> None:
    """Copy the bytes that were validated (not a re-read) to their kept place."""
    if target.exists():
        return  # the same bytes (planned_path checked), or the file itself
    atomic_write(target, data)
