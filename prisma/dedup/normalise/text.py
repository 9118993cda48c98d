"""Text folding shared by every matching key: markup stripped, letters folded to ASCII, words."""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus a mark.
_TRANSLIT = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "α": " alpha ",
        "β": " beta ",
        "γ": " gamma ",
        "δ": " delta ",
        "ε": " epsilon ",
        "κ": " kappa ",
        "λ": " lambda ",
        "μ": " mu ",
        "π": " pi ",
        "σ": " sigma ",
        "τ": " tau ",
        "ω": " omega ",
        "–": "-",
        "—": "-",
        "‐": "-",
        "’": "'",
        "‘": "'",
    }
)
_LATEX_ACCENT = re.compile(r"\\[\'\"`^~=.uvHckr]\s*\{?\s*\\?([A-Za-z])\}?")
_LATEX_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|o|O|l|L|i|aa|AA)(?![A-Za-z])")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_NON_WORD = re.compile(r"[\W_]+")


def strip_markup(text: str) -> str:
    """Drop HTML/XML tags and entities and LaTeX markup, keeping the words."""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "\\" in text or "{" in text or "$" in text:
        text = _LATEX_ACCENT.sub(r"\1", text)
        text = _LATEX_LETTER.sub(lambda m: m.group(1), text)
        text = _LATEX_COMMAND.sub(" ", text)
        text = text.replace("{", "").replace("}", "").replace("$", "")
    return text


def _byte_of_char() -> dict[str, int]:
    """The byte each character came from when UTF-8 was read as Windows-1252 (or as
    Latin-1, for the five bytes Windows-1252 leaves undefined)."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        table[chr(byte)] = byte  # Latin-1's reading
        with contextlib.suppress(UnicodeDecodeError):  # five bytes cp1252 leaves out
            table[bytes([byte]).decode("cp1252")] = byte
    return table


_BYTE_OF_CHAR = _byte_of_char()
_CONTINUATION = "".join(
    sorted(re.escape(ch) for ch, byte in _BYTE_OF_CHAR.items() if 0x80 <= byte <= 0xBF)
)
# A UTF-8 lead byte read as one character (Â..ô), then its continuation bytes
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]{{1,3}}")


def _repair(match: re.Match[str]) -> str:
    raw = bytes(_BYTE_OF_CHAR[ch] for ch in match.group(0))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)


def repair_mojibake(text: str) -> str:
    """UTF-8 that a spreadsheet or an export read as Windows-1252, read back: 'MÃ¼ller' is
    'Müller', 'HrubÃ½' is 'Hrubý', 'Alzheimerâ€™s' is 'Alzheimer’s'. A sequence that is
    not valid UTF-8 is left as it is."""
    return _MOJIBAKE.sub(_repair, text)


def fold_letters(text: str) -> str:
    """Accents and the letters that have no accent form transliterated; case kept (the
    author parser reads case). Mojibake is read back first."""
    if not text.isascii():
        text = repair_mojibake(text)
    text = text.translate(_TRANSLIT)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text


def ascii_fold(text: str) -> str:
    """Casefold and transliterate accents and the letters that have no accent form."""
    return fold_letters(text).casefold()


def words(text: str) -> str:
    """Letters and digits only, single-spaced."""
    return " ".join(_NON_WORD.sub(" ", text).split())
