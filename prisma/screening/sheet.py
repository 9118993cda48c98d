"""Hand-out CSV files as spreadsheets see them: writing safely, reading what comes back.

Writing: UTF-8 with a BOM (so Excel shows accents), CRLF, every cell that a
spreadsheet would run as a formula neutralised. Reading: whatever Excel or
LibreOffice saved (``,`` ``;`` or tab, BOM or none, LF or CRLF, re-quoted cells,
extra columns, blank rows), with spreadsheet row numbers (header = row 1).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import fold
from prisma.textcodec import Undecodable, decode_bytes
from prisma.workspace import atomic_write

# Cells starting with these run as formulas (OWASP "CSV injection"); tab and CR too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset(_FORMULA_START)
# No 0/O, 1/I/L: a code read aloud or retyped stays unambiguous.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "K"


_WORDS = re.compile(r"[^\W_]+")


def _fold(title: str) -> str:
    """``records.fold``, with a shortcut for ASCII titles (NFKD and mark removal change
    nothing there); exports of 100,000 studies spend most of their time here otherwise."""
    if title.isascii():
        return " ".join(_WORDS.findall(title.casefold()))
    return fold(title)


def check_code(study_id: str, title: str) -> str:
    """A short code from id and title, so a row whose id was edited or moved is caught.

    It always starts with the letter K, so no spreadsheet reads it as a number or a
    date (a bare hex code would lose leading zeros, ``0012`` -> ``12``, or turn
    ``1e10`` into ``10000000000``).
    """
    digest = hashlib.sha1(f"{study_id}\0{_fold(title)}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(5):
        number, index = divmod(number, len(_CODE_ALPHABET))
        chars.append(_CODE_ALPHABET[index])
    return CODE_PREFIX + "".join(chars)


def neutralise(value: object) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` before formula characters."""
    text = "" if value is None else str(value)
    return "'" + text if text and text[0] in _FORMULA_CHARS else text


def unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def sheet_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def write_sheet(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    atomic_write(path, sheet_text(header, rows))


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet CSV as read: lower-cased header and rows keyed by it."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]  # (spreadsheet row number, cells)
    delimiter: str
    sha256: str


def decode(data: bytes, path: Path) -> str:
    """The sheet's text (UTF-8 with or without BOM, UTF-16, or Excel's Windows-1252)."""
    try:
        return decode_bytes(data).text
    except Undecodable as exc:
        raise ReviewError(
            f"not UTF-8 (nor Windows-1252) text: {exc}",
            file=path,
            kind="screening",
            hint="save it again as 'CSV UTF-8'",
        ) from exc


def _header_cells(text: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [c.strip().lstrip("\ufeff").casefold() for c in next(reader)]
    except StopIteration:
        return []


def read_sheet(path: str | Path, required: Sequence[str]) -> Sheet:
    """Read a hand-out file as a spreadsheet saved it; the separator is the one whose
    header contains the required columns."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="screening") from exc
    text = decode(data, path)
    if not text.strip():
        raise ReviewError(
            "the file is empty",
            file=path,
            kind="screening",
            hint="hand back the file `screen export` wrote, with decisions filled in",
        )
    best: tuple[int, str, list[str]] = (-1, ",", [])
    for delimiter in (",", ";", "\t"):
        header = _header_cells(text, delimiter)
        found = sum(1 for c in required if c in header)
        if found > best[0]:
            best = (found, delimiter, header)
    found, delimiter, header = best
    missing = [c for c in required if c not in header]
    if missing:
        raise ReviewError(
            f"missing column(s) {', '.join(missing)}",
            file=path,
            line=1,
            kind="screening",
            hint=f"keep the header row of the hand-out file; it needs {', '.join(required)}",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        cells = {name: value for name, value in zip(header, values, strict=False) if name}
        rows.append((number, cells))
    return Sheet(path, tuple(header), tuple(rows), delimiter, hashlib.sha256(data).hexdigest())
