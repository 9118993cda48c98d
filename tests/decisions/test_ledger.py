"""A hand-edited ledger row is refused with the column and the allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma.decisions.ledger import COLUMNS, read_ledger
from prisma.errors import ReviewError


def _ledger(tmp_path: Path, *rows: list[str]) -> Path:
    path = tmp_path / "decisions.csv"
    lines = [",".join(COLUMNS)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(**over: str) -> list[str]:
    base = {
        "time": "2024-10-07T10:00:00",
        "round": "1",
        "stage": "title_abstract",
        "record_id": "scopus:1",
        "decision": "include",
        "reason": "",
        "screener": "alice",
        "role": "screener",
        "file": "records/screening/a.csv",
        "sha256": "ab" * 32,
        "notes": "",
    }
    base.update(over)
    return [base.get(c, "") for c in COLUMNS]


def test_every_bad_cell_is_named_with_its_row(tmp_path: Path) -> None:
    path = _ledger(
        tmp_path,
        _row(),
        _row(decision="maybbe"),
        _row(role="boss"),
        _row(round="one"),
    )
    with pytest.raises(ReviewError) as info:
        read_ledger(path)
    err = info.value
    assert err.message == "3 bad row(s) in the decision ledger"
    assert err.line == 3
    assert [(p.line, p.message) for p in err.problems] == [
        (
            3,
            "decision 'maybbe' is not one of include, exclude, maybe, not_retrieved, remove, undone",
        ),
        (4, "role 'boss' is not one of screener, arbiter, automation"),
        (5, "round 'one' is not a whole number"),
    ]
