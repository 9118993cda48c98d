"""Bytes a program or a person saved -> text: the one rule for which encoding it is.

A byte-order mark first (UTF-8, UTF-16, UTF-32); else UTF-16 without one (a NUL in
every other byte of the first 2,000); else UTF-8; else Windows-1252, the ANSI code
page that Excel's plain "CSV" and older exports on Windows use. Exports
(:mod:`prisma.sources._text`) and screening hand-backs (:mod:`prisma.screening.sheet`)
both decode through here and word their own errors.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-16-le", ..., "cp1252"
    bom: int = 0  # length of the byte-order mark the text came after
    not_utf8_at: int | None = None  # read as cp1252: offset of the first byte not UTF-8


class Undecodable(ValueError):
    """``encoding`` failed at ``offset`` (of the bytes after the BOM); ``declared``: a
    BOM or UTF-16 layout promised that encoding. For Windows-1252 the offset is the
    first byte that was not UTF-8."""

    def __init__(self, encoding: str, offset: int, declared: bool) -> None:
        super().__init__(f"not {encoding} at byte {offset}")
        self.encoding = encoding
        self.offset = offset
        self.declared = declared


def bom_of(data: bytes) -> tuple[str, int]:
    """(encoding, length) of the byte-order mark ``data`` starts with, or ("", 0)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return "", 0


def utf16_without_bom(data: bytes) -> str | None:
    head = data[:2000]
    if len(head) < 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if odd > len(head) // 4 and even == 0:
        return "utf-16-le"
    if even > len(head) // 4 and odd == 0:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> Decoded:
    """The text of ``data`` by the rule above; :class:`Undecodable` when no encoding fits."""
    encoding, bom = bom_of(data)
    body = data[bom:] if bom else data
    encoding = encoding or utf16_without_bom(body) or ""
    if encoding:
        try:
            return Decoded(body.decode(encoding), encoding, bom)
        except UnicodeDecodeError as exc:
            raise Undecodable(encoding, exc.start, declared=True) from exc
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        try:
            return Decoded(body.decode("cp1252"), "cp1252", not_utf8_at=exc.start)
        except UnicodeDecodeError:
            raise Undecodable("cp1252", exc.start, declared=False) from exc
