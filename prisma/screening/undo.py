"""``screen undo``: withdraw one import by appending reversing rows (the ledger stays
append-only). The undone decisions are awaiting again; ``status`` and the flow return
to what they were before the import (see ``ledger.effective``)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prisma.decisions import ledger
from prisma.decisions.ledger import Decision, LedgerEntry
from prisma.errors import ReviewError
from prisma.workspace import Workspace

_HEX = re.compile(r"^[0-9a-f]{8,64}$")


@dataclass(frozen=True)
class Undone:
    file: str  # the kept hand-back the undone rows came from
    sha256: str
    entries: tuple[LedgerEntry, ...]  # the reversing rows appended
    dry_run: bool = False


def _target(ws: Workspace, what: str, entries: list[LedgerEntry]) -> tuple[str, set[str]]:
    """(how to name it, the sha256 values it designates)."""
    path = Path(what)
    if not path.is_absolute() and not path.exists():
        path = ws.root / what
    if path.is_file():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return str(what), {digest}
    by_file = {e.sha256 for e in entries if e.file == what or Path(e.file).name == what}
    if by_file:
        return what, by_file
    if _HEX.match(what.casefold()):
        return what, {e.sha256 for e in entries if e.sha256.startswith(what.casefold())}
    raise ReviewError(
        f"{what!r} is neither a file nor an import in the ledger",
        file=ws.decisions_csv,
        kind="screening",
        hint="name the hand-back file, its kept copy in records/screening/ (the ledger's "
        "file column) or the first 8+ characters of its sha256",
    )


def undo_import(
    ws: Workspace, what: str, clock: Callable[[], str], *, dry_run: bool = False
) -> Undone:
    raw = ledger.read_ledger(ws.decisions_csv, raw=True)
    name, digests = _target(ws, what, raw)
    live = [e for e in ledger.effective(raw) if e.sha256 in digests]
    if len(digests) > 1 and len({e.sha256 for e in live}) > 1:
        raise ReviewError(
            f"{what!r} matches {len({e.sha256 for e in live})} different imports",
            file=ws.decisions_csv,
            kind="screening",
            hint="give more characters of the sha256, or the kept file's path",
        )
    if not live:
        ever = any(e.sha256 in digests for e in raw)
        raise ReviewError(
            f"nothing to undo for {name}: "
            + ("its decisions were undone already" if ever else "no ledger row came from it"),
            file=ws.decisions_csv,
            kind="screening",
            hint="`prisma-review screen status` shows what is recorded",
        )
    time = clock()
    reversing = tuple(
        LedgerEntry(
            time,
            e.round,
            e.stage,
            e.record_id,
            Decision.UNDONE,
            "",
            e.screener,
            e.role,
            e.file,
            e.sha256,
            f"undoes {e.decision.value} of {e.time}",
        )
        for e in live
    )
    if not dry_run:
        ledger.append(ws.decisions_csv, reversing)
    return Undone(live[0].file, live[0].sha256, reversing, dry_run)
