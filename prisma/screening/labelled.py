"""A labelled screening set for ``screen simulate``: a CSV with ``title``, ``abstract``
and ``label_included`` (1 included, 0 excluded), as in the ASReview / Cohen 2006 sets.

Every row is checked; a bad label or a set the simulation cannot use (no relevant or
no irrelevant record) is a ReviewError naming the file and row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prisma.errors import Problem, ReviewError
from prisma.spreadsheet import read_spreadsheet

COLUMNS = ("title", "abstract", "label_included")


@dataclass(frozen=True)
class LabelledSet:
    path: Path
    texts: tuple[str, ...]
    labels: tuple[int, ...]


def read_labelled(path: str | Path, label: str = "label_included") -> LabelledSet:
    path = Path(path)
    if not path.is_file():
        raise ReviewError("no such file", file=path, kind="simulate")
    required = ("title", "abstract", label.casefold())
    try:
        # As a spreadsheet saved it: a labelled set exported from Excel may be UTF-16,
        # `;`-separated or .xlsx, like a hand-back.
        table = read_spreadsheet(path, required=required)
    except ReviewError as exc:
        if not (exc.message.startswith("missing column") or exc.message == "the file is empty"):
            raise
        raise ReviewError(
            exc.message,
            file=path,
            line=exc.line,
            kind="simulate",
            hint=f"the header must include {', '.join(required)}",
        ) from None
    rows = [dict(cells, _row=str(number)) for number, cells in table.rows]
    label = label.casefold()
    if not rows:
        raise ReviewError(
            "no records", file=path, kind="simulate", hint="the file has a header but no rows"
        )
    problems = []
    texts, labels = [], []
    for row in rows:
        value = row.get(label, "").strip()
        if value not in ("0", "1"):
            problems.append(Problem(f"{label} is {value!r}, expected 0 or 1", int(row["_row"])))
            continue
        texts.append(f"{row.get('title', '')} {row.get('abstract', '')}")
        labels.append(int(value))
    if problems:
        raise ReviewError(
            f"{len(problems)} row(s) with a label other than 0 or 1",
            file=path,
            line=problems[0].line,
            kind="simulate",
            problems=problems,
            hint=f"{label} must be 1 (included) or 0 (excluded) on every row",
        )
    relevant = sum(labels)
    if relevant < 2 or relevant == len(labels):
        raise ReviewError(
            f"{relevant} relevant and {len(labels) - relevant} irrelevant records: "
            "a simulation needs at least 2 relevant records (one is the prior) and "
            "at least 1 irrelevant one",
            file=path,
            kind="simulate",
            hint=f"check that {label} holds the final inclusion decisions",
        )
    return LabelledSet(path, tuple(texts), tuple(labels))
