"""Checking a returned hand-out file row by row (pure): every problem, with its row.

A row with an empty decision is "not screened yet" and is skipped. Everything
else must name a study that exists and was handed to this screener, carry that
study's check code, a decision of the stage and, where needed, reasons from the
vocabulary in config.toml.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from prisma.config import Config, Stage
from prisma.decisions.ledger import STAGE_DECISIONS, Decision
from prisma.errors import Problem
from prisma.screening.sheet import unneutralise

REASON_SPLIT = re.compile(r"[;|]")


@dataclass(frozen=True)
class Row:
    """One valid decision from the file."""

    line: int
    record_id: str  # as named in the file (a study id or one of its records)
    study: str
    decision: Decision
    reasons: tuple[str, ...]  # codes, the primary first
    notes: str
    same_study_as: str = ""  # full text: the study (id) this report is a companion of


@dataclass(frozen=True)
class Context:
    stage: str
    config: Config
    study_of: Mapping[str, str]  # record id -> study id
    code_of: Callable[[str], str]  # study id -> expected check code
    handed: Collection[str]  # studies this screener may decide now
    role_word: str = "screener"  # for messages: "screener" or "arbiter"
    commands: tuple[str, str] = ("screen export", "screen conflicts")  # named in hints


def _suggest(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def parse_decision(text: str) -> str:
    """``Include``, ``INCLUDE ``, ``not retrieved``, ``Not-Retrieved`` -> canonical form."""
    return _SEPARATORS.sub("_", text.strip().casefold())


_SEPARATORS = re.compile(r"[\s-]+")
# Answers a spreadsheet user types for "include?"; never taken silently: a yes at
# title/abstract could mean include or maybe.
_YES = {"yes", "y", "1", "true", "x", "ja", "oui", "si", "sí"}
_NO = {"no", "n", "0", "false", "nein", "non"}


def _yes_no_hint(word: str, allowed: list[str]) -> str | None:
    if word in _YES:
        return "did you mean include? write the word: " + ", ".join(allowed)
    if word in _NO:
        return "did you mean exclude? write the word: " + ", ".join(allowed)
    return None


def once_per_study(study: str | None, line: int, first_row: dict[str, int]) -> list[Problem]:
    """A hand-back holds each study once: a second row for it is a problem naming the first."""
    if study is None:
        return []
    if study in first_row:
        return [
            Problem(
                f"study {study} appears again (first on row {first_row[study]})",
                line,
                "keep one row per study",
            )
        ]
    first_row[study] = line
    return []


def check_identity(
    line: int, cells: Mapping[str, str], ctx: Context, *, suggest: bool = True
) -> tuple[str | None, list[Problem]]:
    """The study a returned row names, and what is wrong with its identity: an unknown
    id, a check code that does not match, a study not handed to this person.
    (Shared by every hand-back: screening and extraction.)"""
    record_id = cells.get("study_id", "").strip()
    problems: list[Problem] = []
    if not record_id:
        return None, [Problem("no study id", line, "copy the row from the hand-out file again")]
    study = ctx.study_of.get(record_id)
    if study is None:
        # Suggestions scan every id: worth it for a few typos, not for a wrong file.
        close = _suggest(record_id, sorted(ctx.study_of)) if suggest else None
        return None, [
            Problem(
                f"unknown study id {record_id!r}",
                line,
                close or f"ids are written by `{ctx.commands[0]}`; do not edit the study_id column",
            )
        ]
    code = cells.get("check", "").strip()
    expected = ctx.code_of(study)
    if code != expected:
        problems.append(
            Problem(
                f"check code {code!r} does not match study {record_id} (expected {expected!r})",
                line,
                "the row's id was edited or its cells were shifted; copy it from the "
                "hand-out file again",
            )
        )
    if study not in ctx.handed:
        problems.append(
            Problem(
                f"study {study} was not handed to this {ctx.role_word} at {ctx.stage}",
                line,
                "it is settled, in conflict, or someone else's; export a fresh file"
                if ctx.role_word != "arbiter"
                else "only studies in conflict go to the arbiter; "
                f"run `{ctx.commands[1]}` for the current list",
            )
        )
    return study, problems


def validate_rows(
    rows: list[tuple[int, dict[str, str]]], ctx: Context
) -> tuple[list[Row], list[Problem], list[int]]:
    """Valid rows, problems, and the row numbers left blank (not screened yet)."""
    allowed = [d.value for d in STAGE_DECISIONS[ctx.stage]]
    vocabulary = [r.code for r in ctx.config.reasons] + [r.label for r in ctx.config.reasons]
    valid: list[Row] = []
    problems: list[Problem] = []
    pending: list[int] = []
    first_row: dict[str, int] = {}
    unknown = 0
    for line, cells in rows:
        raw_decision = unneutralise(cells.get("decision", "")).strip()
        record_id = cells.get("study_id", "").strip()
        if not raw_decision:
            pending.append(line)
            continue
        bad = len(problems)
        study, found = check_identity(line, cells, ctx, suggest=unknown < 20)
        problems.extend(found)
        if record_id and study is None:
            unknown += 1
        problems.extend(once_per_study(study, line, first_row))
        decision_text = parse_decision(raw_decision)
        if decision_text not in allowed:
            problems.append(
                Problem(
                    f"decision {raw_decision!r} is not one of {', '.join(allowed)}",
                    line,
                    _yes_no_hint(decision_text, allowed) or _suggest(decision_text, allowed),
                )
            )
        reasons: list[str] = []
        reason_cell = unneutralise(cells.get("reason", ""))
        for part in REASON_SPLIT.split(reason_cell) if reason_cell.strip() else ():
            if not part.strip():
                continue
            reason = ctx.config.reason(part)
            if reason is None:
                hint = (
                    _suggest(part.strip(), vocabulary)
                    if vocabulary
                    else "config.toml has no [[screening.reasons]]; add the vocabulary there"
                )
                problems.append(
                    Problem(
                        f"reason {part.strip()!r} is not in the vocabulary",
                        line,
                        hint or "use a code or label from [[screening.reasons]] in config.toml",
                    )
                )
            elif reason.code not in reasons:
                reasons.append(reason.code)
        reason_text = reason_cell.strip(" ;|")
        if decision_text == Decision.EXCLUDE and ctx.stage == Stage.FULL_TEXT and not reason_text:
            problems.append(
                Problem(
                    "a full-text exclusion needs a reason",
                    line,
                    "give a code or label from [[screening.reasons]]; separate several with ;",
                )
            )
        same_study_as = _link(cells, study, line, ctx, problems)
        if len(problems) == bad and study is not None:
            notes = unneutralise(cells.get("notes", "")).strip()
            valid.append(
                Row(
                    line,
                    record_id,
                    study,
                    Decision(decision_text),
                    tuple(reasons),
                    notes,
                    same_study_as,
                )
            )
    return valid, problems, pending


def _link(
    cells: dict[str, str], study: str | None, line: int, ctx: Context, problems: list[Problem]
) -> str:
    """The study a full-text report is a companion of, as its study id ("" if none)."""
    named = unneutralise(cells.get("same_study_as", "")).strip()
    if not named or ctx.stage != Stage.FULL_TEXT:
        return ""
    target = ctx.study_of.get(named)
    if target is None:
        problems.append(
            Problem(
                f"same_study_as names {named!r}, which is not a study or record of this review",
                line,
                _suggest(named, sorted(ctx.study_of))
                or "give the study_id of the study's main report, as in a hand-out file",
            )
        )
        return ""
    if target == study:
        problems.append(
            Problem(
                f"same_study_as names {named!r}, the report itself",
                line,
                "leave same_study_as empty for a report that is its own study",
            )
        )
        return ""
    return target
