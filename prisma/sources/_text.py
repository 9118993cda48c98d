"""Bytes to text the way real exports need it: BOMs, UTF-16, cp1252, line ends.

Every adapter reads its file through :func:`read_text` so encoding quirks are
handled once. Non-fatal guesses (cp1252) are reported through :func:`warn`, which
the public ``read_file_with_warnings`` collects.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Literal, cast

from prisma.errors import InputWarning, ReviewError
from prisma.textcodec import Undecodable, bom_of, decode_bytes, utf16_without_bom

_collector: ContextVar[list[InputWarning] | None] = ContextVar("prisma_warnings", default=None)

# Control characters that never occur in a text export; many of them mean binary data.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


@contextmanager
def collect_warnings() -> Iterator[list[InputWarning]]:
    """Gather every :func:`warn` raised inside the block (nested blocks see their own)."""
    found: list[InputWarning] = []
    token = _collector.set(found)
    try:
        yield found
    finally:
        _collector.reset(token)


def warn(
    message: str, file: str | Path | None = None, line: int | None = None, dropped: str = ""
) -> None:
    """Report a non-fatal observation; ``dropped`` names a record left out of the file."""
    found = _collector.get()
    if found is not None:
        extra = {"dropped": dropped} if dropped else {}
        found.append(InputWarning(message, str(file) if file else None, line, extra))


def _is_binary(text: str) -> bool:
    # A stray control character happens in real exports; NULs or many of them do not.
    return "\x00" in text or len(_BINARY.findall(text)) > max(2, len(text) // 100)


# Bytes _BINARY does not match. In UTF-8 and cp1252 a control character is its own
# single byte, so bytes.translate counts them in C, far faster than the regex.
_NOT_CONTROL = bytes(b for b in range(256) if not _BINARY.match(chr(b)))
_BYTE_CONTROLS = ("utf-8", "cp1252")


def _is_binary_bytes(data: bytes) -> bool:
    """:func:`_is_binary` on the undecoded sample of a UTF-8 or cp1252 file."""
    sample = data[:SAMPLE_CHARS]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # deletes all but controls
    return controls > max(2, len(sample) // 100)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, path: str | Path = "") -> tuple[str, str]:
    """(text, encoding) by :func:`prisma.textcodec.decode_bytes`; cp1252 with a warning.

    Line ends become ``\\n`` and every U+FEFF is dropped (two exports pasted together
    leave a BOM mid-file). Binary or undecodable input is a ReviewError.
    """
    try:
        decoded = decode_bytes(data)
    except Undecodable as exc:
        if exc.declared:
            raise ReviewError(
                f"the file starts like {exc.encoding} but byte {exc.offset} is not valid "
                f"{exc.encoding}",
                file=path,
                kind="parse",
                hint="save it again as UTF-8 text from the program that exported it",
            ) from exc
        raise ReviewError(
            f"undecodable bytes: not UTF-8 (byte 0x{data[exc.offset]:02x}) and not cp1252 either",
            file=path,
            line=_line_of(data, exc.offset),
            kind="parse",
            hint="this is not a text export, or it uses an unusual encoding; "
            "save it again as UTF-8",
        ) from exc
    text, encoding = decoded.text, decoded.encoding
    if decoded.not_utf8_at is not None:
        at = decoded.not_utf8_at
        line = _line_of(data, at)
        warn(
            f"not valid UTF-8 (first bad byte 0x{data[at]:02x} on line {line}); "
            "read as cp1252 (Windows-1252), check accented characters",
            path,
            line,
        )
    head = data[decoded.bom : decoded.bom + SAMPLE_CHARS]
    if _is_binary_bytes(head) if encoding in _BYTE_CONTROLS else _is_binary(text[:SAMPLE_CHARS]):
        match = _BINARY.search(text)
        raise ReviewError(
            "binary data, not a text export",
            file=path,
            line=text.count("\n", 0, match.start()) + 1 if match else None,
            kind="parse",
            hint="export the records again as RIS, BibTeX, CSV, MEDLINE or XML",
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    return text, encoding


SAMPLE_CHARS = 64 * 1024


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
    text, _ = decode(data, path)
    if not text or text.isspace():  # no strip(): that copies the whole file
        raise ReviewError(
            "the file is empty",
            file=path,
            kind="parse",
            hint="export the records again; an empty export holds no records",
        )
    return text


@lru_cache(maxsize=8)
def sample_text(sample: bytes) -> str:
    """Decoded detection sample (never raises: undecodable samples score zero)."""
    encoding, bom = bom_of(sample)
    sample = sample[bom:]
    encoding = encoding or utf16_without_bom(sample) or "utf-8"
    # The sample may end mid-character, so decoding is lenient here (detection only).
    text = sample.decode(encoding, errors="replace")
    if encoding == "utf-8" and text.count("\ufffd") > 8:
        text = sample.decode("cp1252", errors="replace")
    if _is_binary(text):
        return ""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


ElementEvent = Literal["start", "end"]


def xml_events(
    data: bytes, path: Path, events: tuple[ElementEvent, ...] = ("start", "end")
) -> Iterator[tuple[str, ET.Element]]:
    """Pull-parse in chunks so a large file never becomes one tree in memory."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=events)
    step = 1 << 20

    def read() -> Iterator[tuple[str, ET.Element]]:
        # start and end events (the only ones asked for) carry an Element
        return cast(Iterator[tuple[str, ET.Element]], parser.read_events())

    try:
        for offset in range(0, len(data), step):
            parser.feed(data[offset : offset + step])
            yield from read()
        parser.close()
        yield from read()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ReviewError(
            f"not well-formed XML: {exc}",
            file=path,
            line=line,
            kind="parse",
            hint="the file may be cut short (download it again) or it is not XML",
        ) from exc
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding declaration
        raise ReviewError(f"not readable as XML: {exc}", file=path, kind="parse") from exc
