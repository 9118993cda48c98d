"""Text folding shared by every matching key: markup stripped, letters folded to ASCII, words."""

from __future__ import annotations

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


def fold_letters(text: str) -> str:
    """Accents and the letters that have no accent form transliterated; case kept (the
    author parser reads case)."""
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
