"""Files a person opens in Excel or LibreOffice: the one hand-out writer, and a reader
for whatever the spreadsheet saves back.

Writing (:func:`write_handout`, shared by every hand-out: screening, extraction):
UTF-8 with a BOM (so Excel shows accents), CRLF, **every cell quoted** so that no
separator setting can split a cell (LibreOffice splits on comma, semicolon and tab
by default, and authors are joined with ``;``), every cell that a spreadsheet would
run as a formula neutralised with a leading ``'``.

Reading (:func:`read_spreadsheet`): CSV or TSV in UTF-8 (BOM or none), UTF-16 with a
BOM (Excel's "Unicode text"), Windows-1252 (Excel's plain "CSV"), with ``,`` ``;`` or
tab, LF or CRLF, re-quoted cells, extra columns and blank rows; and ``.xlsx``
(first sheet, read-only). Rows carry spreadsheet row numbers (header = row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from prisma.errors import ReviewError
from prisma.textcodec import Undecodable, decode_bytes
from prisma.workspace import atomic_write

# Cells starting with these run as formulas (OWASP "CSV injection"); tab and CR too.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset(FORMULA_START)
_ZIP_MAGIC = b"PK\x03\x04"


def neutralise(value: object) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` before formula characters."""
    text = "" if value is None else str(value)
    return "'" + text if text and text[0] in _FORMULA_CHARS else text


def unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def handout_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The text of a hand-out file: BOM, CRLF, every cell quoted and formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def write_handout(
    path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Write a file a person fills in with a spreadsheet (atomically)."""
    atomic_write(path, handout_text(header, rows))


@dataclass(frozen=True)
class Table:
    """A spreadsheet as read: lower-cased header and rows keyed by it."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]  # (spreadsheet row number, cells)
    delimiter: str  # "" for .xlsx
    sha256: str
    kind: str  # "csv (utf-8)", "csv (utf-16)", "csv (windows-1252)", "xlsx"


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the encoding's name, by :func:`prisma.textcodec.decode_bytes`."""
    try:
        decoded = decode_bytes(data)
    except Undecodable as exc:
        if exc.declared:
            raise ReviewError(
                f"starts like {_NAMES.get(exc.encoding, exc.encoding).upper()} text (a byte "
                f"order mark) but does not decode as {_NAMES.get(exc.encoding, exc.encoding).upper()}",
                file=path,
                kind="spreadsheet",
                hint="save it again as 'CSV UTF-8' or 'Unicode text'",
            ) from exc
        raise ReviewError(
            "not UTF-8, UTF-16 or Windows-1252 text",
            file=path,
            kind="spreadsheet",
            hint="save it again as 'CSV UTF-8' or as an Excel workbook (.xlsx)",
        ) from exc
    return decoded.text, _NAMES.get(decoded.encoding, decoded.encoding)


# textcodec's codec names -> the names a person knows (Table.kind)
_NAMES = {
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
    "utf-32-le": "utf-32",
    "utf-32-be": "utf-32",
    "cp1252": "windows-1252",
}


def _clean_header(cells: Iterable[object]) -> list[str]:
    return [("" if c is None else str(c)).strip().lstrip("\ufeff").casefold() for c in cells]


def _header_cells(text: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _clean_header(next(reader))
    except StopIteration:
        return []


def _missing(path: Path, header: Sequence[str], required: Sequence[str]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise ReviewError(
            f"missing column(s) {', '.join(missing)}",
            file=path,
            line=1,
            kind="spreadsheet",
            hint=f"keep the header row of the hand-out file; it needs {', '.join(required)}",
        )


def _cell_text(value: object) -> str:
    """A workbook cell as the CSV the tool wrote would have it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a year or a PMID the spreadsheet stored as a number
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path, data: bytes, required: Sequence[str]) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise ReviewError(
            "reading .xlsx needs openpyxl",
            file=path,
            kind="spreadsheet",
            hint="pip install openpyxl",
        ) from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReviewError(
            f"not a readable Excel workbook ({exc})",
            file=path,
            kind="spreadsheet",
            hint="save it again from the spreadsheet as .xlsx or as CSV UTF-8",
        ) from exc
    try:
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = _clean_header(next(values, ()))
        _missing(path, header, required)
        rows = []
        for number, row in enumerate(values, start=2):
            cells = [_cell_text(v) for v in row]
            if not any(c.strip() for c in cells):
                continue
            rows.append((number, {n: v for n, v in zip(header, cells, strict=False) if n}))
    finally:
        book.close()
    return Table(path, tuple(header), tuple(rows), "", hashlib.sha256(data).hexdigest(), "xlsx")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReviewError(
            f"cannot read file: {exc.strerror}", file=path, kind="spreadsheet"
        ) from exc


def read_spreadsheet(path: str | Path, required: Sequence[str], data: bytes | None = None) -> Table:
    """Read a file as a spreadsheet saved it (``data``: its bytes, if already read); for
    text, the separator is the one whose header holds the most required columns."""
    path = Path(path)
    if data is None:
        data = read_bytes(path)
    if data.startswith(_ZIP_MAGIC):
        if path.suffix.casefold() in (".ods", ".numbers"):
            raise ReviewError(
                f"{path.suffix} files are not read",
                file=path,
                kind="spreadsheet",
                hint="save it as an Excel workbook (.xlsx) or as CSV UTF-8",
            )
        return _read_xlsx(path, data, required)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReviewError(
            "an old Excel workbook (.xls) is not read",
            file=path,
            kind="spreadsheet",
            hint="save it as an Excel workbook (.xlsx) or as CSV UTF-8",
        )
    text, encoding = decode(data, path)
    if not text.strip():
        raise ReviewError(
            "the file is empty",
            file=path,
            kind="spreadsheet",
            hint="hand back the file the tool wrote, filled in",
        )
    best: tuple[int, str, list[str]] = (-1, ",", [])
    for delimiter in (",", ";", "\t"):
        header = _header_cells(text, delimiter)
        found = sum(1 for c in required if c in header)
        if found > best[0]:
            best = (found, delimiter, header)
    _, delimiter, header = best
    _missing(path, header, required)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        rows.append((number, {n: v for n, v in zip(header, values, strict=False) if n}))
    return Table(
        path,
        tuple(header),
        tuple(rows),
        delimiter,
        hashlib.sha256(data).hexdigest(),
        f"csv ({encoding})",
    )
