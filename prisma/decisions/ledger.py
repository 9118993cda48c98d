"""The decision ledger, ``records/decisions.csv``: append-only, one row per decision.

It is the only input the flow reads for screening. A later decision by the same
screener on the same study and stage supersedes an earlier one; both stay here.
``screen undo`` appends ``undone`` rows: each withdraws the latest live entry with the
same stage, record, screener, role and file hash, as if that import had not happened
(:func:`effective`). Nothing is ever deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from prisma.config import Stage
from prisma.csvio import read_table, to_csv_text
from prisma.errors import Problem, ReviewError
from prisma.workspace import atomic_write, locked


class Decision(StrEnum):
    """What a screener said about a study at a stage."""

    INCLUDE = "include"
    EXCLUDE = "exclude"
    MAYBE = "maybe"  # title/abstract only: goes on to full text
    NOT_RETRIEVED = "not_retrieved"  # full text only: the report could not be obtained
    REMOVE = "remove"  # identification only: removed before screening
    UNDONE = "undone"  # `screen undo`: withdraws the same person's entry from the same file


class Role(StrEnum):
    SCREENER = "screener"
    ARBITER = "arbiter"  # settles a conflict; overrides the screeners
    AUTOMATION = "automation"  # a tool, counted apart on the diagram


# keyed by Stage, looked up by the ledger's plain strings (a StrEnum hashes as its value)
STAGE_DECISIONS: dict[str, tuple[Decision, ...]] = {
    Stage.IDENTIFICATION: (Decision.REMOVE,),
    Stage.TITLE_ABSTRACT: (Decision.INCLUDE, Decision.EXCLUDE, Decision.MAYBE),
    Stage.FULL_TEXT: (Decision.INCLUDE, Decision.EXCLUDE, Decision.NOT_RETRIEVED),
}


@dataclass(frozen=True)
class LedgerEntry:
    time: str  # ISO 8601, UTC; from the import, never regenerated
    round: int
    stage: str
    record_id: str
    decision: Decision
    reason: str  # reason codes joined by ";" (first is the screener's primary)
    screener: str
    role: Role
    file: str
    sha256: str
    notes: str = ""
    # full text: the study this report belongs to, when it is a companion report of
    # another study (a protocol, a follow-up); empty when the report is its own study
    same_study_as: str = ""

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(r for r in (p.strip() for p in self.reason.split(";")) if r)


COLUMNS = [f.name for f in fields(LedgerEntry)]
# Ledgers written before companion reports have no same_study_as column; they keep
# that header until the first link is recorded (their rows read it as empty).
BASE_COLUMNS = COLUMNS[: COLUMNS.index("same_study_as")]
# Dict lookups: calling an Enum by value is slow enough to matter on a 100,000-row ledger.
_DECISIONS = {d.value: d for d in Decision}
_ROLES = {r.value: r for r in Role}


def read_ledger(path: str | Path, *, raw: bool = False) -> list[LedgerEntry]:
    """The ledger's entries in file order; undone entries and the rows that undo them
    are left out unless ``raw``."""
    path = Path(path)
    undone = False
    entries: list[LedgerEntry] = []
    problems: list[Problem] = []
    for row in read_table(path, required=COLUMNS[:10]):
        line = int(row["_row"])
        try:
            stage = row["stage"]
            decision = _DECISIONS.get(row["decision"]) or _member(Decision, row, "decision")
            if stage not in STAGE_DECISIONS:
                raise ValueError(f"unknown stage {stage!r}")
            if decision is Decision.UNDONE:
                undone = True
            elif decision not in STAGE_DECISIONS[stage]:
                raise ValueError(f"decision {decision.value!r} is not used at stage {stage}")
            entries.append(
                LedgerEntry(
                    time=row["time"],
                    round=_round(row["round"]),
                    stage=stage,
                    record_id=row["record_id"],
                    decision=decision,
                    reason=row["reason"],
                    screener=row["screener"],
                    role=_ROLES.get(row["role"]) or _member(Role, row, "role"),
                    file=row["file"],
                    sha256=row["sha256"],
                    notes=row.get("notes", ""),
                    same_study_as=row.get("same_study_as", ""),
                )
            )
        except ValueError as exc:
            problems.append(Problem(str(exc), line))
    if problems:
        raise ReviewError(
            f"{len(problems)} bad row(s) in the decision ledger",
            file=path,
            line=problems[0].line,
            kind="ledger",
            problems=problems,
            hint="the ledger is written by `screen import`; restore it from version control",
        )
    return effective(entries) if undone and not raw else entries


_E = TypeVar("_E", bound=StrEnum)


def _member(kind: type[_E], row: dict[str, str], column: str) -> _E:
    # Python's own "'x' is not a valid Decision" names neither the column nor the choices.
    try:
        return kind(row[column])
    except ValueError:
        choices = ", ".join(m.value for m in kind)
        raise ValueError(f"{column} {row[column]!r} is not one of {choices}") from None


def _round(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"round {text!r} is not a whole number") from None


def _undo_key(entry: LedgerEntry) -> tuple[str, str, str, Role, str]:
    return (entry.stage, entry.record_id, entry.screener, entry.role, entry.sha256)


def effective(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """The entries that still count: each ``undone`` row withdraws the latest earlier
    live entry of the same (stage, record, screener, role, file hash)."""
    live: list[LedgerEntry | None] = []
    open_: dict[tuple[str, str, str, Role, str], list[int]] = {}
    for entry in entries:
        key = _undo_key(entry)
        if entry.decision is Decision.UNDONE:
            stack = open_.get(key)
            if stack:
                live[stack.pop()] = None
            continue
        open_.setdefault(key, []).append(len(live))
        live.append(entry)
    return [e for e in live if e is not None]


def append(path: str | Path, entries: Iterable[LedgerEntry]) -> int:
    """Append entries under the ledger lock; returns how many were written."""
    path = Path(path)
    new = list(entries)
    if not new:
        return 0
    with locked(path):
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        linked = any(e.same_study_as for e in new)
        if not text:
            text = to_csv_text(COLUMNS if linked else BASE_COLUMNS, [])
        elif not text.endswith("\n"):
            text += "\n"
        head, _, rest = text.partition("\n")
        has_links = "same_study_as" in head.rstrip("\r").split(",")
        if linked and not has_links:
            # The one change to earlier bytes: the header gains the trailing column.
            text, has_links = head + ",same_study_as\n" + rest, True
        columns = COLUMNS if has_links else BASE_COLUMNS
        rows = [_row(e)[: len(columns)] for e in new]
        body = to_csv_text(columns, rows).split("\n", 1)[1]
        atomic_write(path, text + body)
    return len(new)


def append_rows(path: str | Path, columns: list[str], rows: list[list[object]]) -> int:
    """Append rows to another append-only ledger (the extraction ledger) under its lock,
    atomically; the header is written with the first rows."""
    path = Path(path)
    if not rows:
        return 0
    with locked(path):
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if not text:
            text = to_csv_text(columns, [])
        elif not text.endswith("\n"):
            text += "\n"
        body = to_csv_text(columns, rows).split("\n", 1)[1]
        atomic_write(path, text + body)
    return len(rows)


def _row(entry: LedgerEntry) -> list[object]:
    # Not dataclasses.astuple: it deep-copies every field, too slow for 100,000 rows.
    values = [getattr(entry, name) for name in COLUMNS]
    values[_DECISION] = entry.decision.value
    values[_ROLE] = entry.role.value
    return values


_DECISION = COLUMNS.index("decision")
_ROLE = COLUMNS.index("role")
