"""Reading and writing the small CSV files the workspace keeps (logs, ledgers, tables).

Reading is tolerant of what spreadsheets do to a file (BOM, CRLF); writing is
strict and deterministic: UTF-8 without BOM, LF line ends, every row sorted by the
caller, written atomically.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from prisma.errors import ReviewError
from prisma.workspace import atomic_write


def to_csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    atomic_write(path, to_csv_text(header, rows))


def read_table(path: str | Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a CSV the tool wrote (possibly opened and saved by a person since).

    Each dict has a ``_row`` key with the 1-based line number of the row in the file,
    counting the header as row 1, so errors can point at it.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    except UnicodeDecodeError as exc:
        raise ReviewError(
            "not UTF-8 text", file=path, kind="parse", hint="save it again as CSV UTF-8"
        ) from exc
    if not text.strip():
        return []
    sample = text[:4096]
    delimiter = ","
    first = sample.splitlines()[0] if sample else ""
    if first.count(";") > first.count(",") and first.count(";") >= first.count("\t"):
        delimiter = ";"
    elif first.count("\t") > first.count(","):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise ReviewError(
            f"missing column(s) {', '.join(missing)}",
            file=path,
            line=1,
            kind="parse",
            hint=f"the header must include {', '.join(required)}",
        )
    rows = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        row = dict(zip(header, (v.strip() for v in values), strict=False))
        for column in header[len(values) :]:
            row[column] = ""
        row["_row"] = str(line)
        rows.append(row)
    return rows
