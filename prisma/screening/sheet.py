"""Screening hand-out rows: the check code that catches edited or shifted rows.

Writing and reading the files themselves is :mod:`prisma.spreadsheet` (every cell
quoted, formula-safe; CSV in any encoding a spreadsheet saves, or .xlsx).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import fold
from prisma.spreadsheet import Table, neutralise, read_spreadsheet, unneutralise, write_handout

Sheet = Table
__all__ = ["Sheet", "check_code", "neutralise", "read_sheet", "unneutralise", "write_handout"]

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


def check_code(study_id: str, title: str, identity: str = "") -> str:
    """A short code from id, title and the file's identity (the ``handout`` cell), so a
    row whose id or identity was edited, or whose cells moved, is caught.

    Hand-outs written before identities existed carry the code of ``identity=""``; they
    still validate.

    It always starts with the letter K, so no spreadsheet reads it as a number or a
    date (a bare hex code would lose leading zeros, ``0012`` -> ``12``, or turn
    ``1e10`` into ``10000000000``).
    """
    key = f"{study_id}\0{_fold(title)}" + (f"\0{identity}" if identity else "")
    digest = hashlib.sha1(key.encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(5):
        number, index = divmod(number, len(_CODE_ALPHABET))
        chars.append(_CODE_ALPHABET[index])
    return CODE_PREFIX + "".join(chars)


def read_sheet(path: str | Path, required: Sequence[str], data: bytes | None = None) -> Sheet:
    """A returned hand-out (CSV in any encoding and separator a spreadsheet writes, or
    .xlsx); errors are screening errors."""
    try:
        return read_spreadsheet(path, required, data)
    except ReviewError as exc:
        exc.kind = "screening"
        raise
