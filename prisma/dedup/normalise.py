"""Matching keys: each field of a Record reduced to the form two sources agree on.

Every function here is pure and total: any string in, a key out ('' / () / None when
the field says nothing). These keys are for comparison only; the merged study keeps
the fields as a source wrote them.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from typing import NamedTuple

from prisma.records import Record, doi_in_text, normalise_doi

# --- text -------------------------------------------------------------------------------

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


def ascii_fold(text: str) -> str:
    """Casefold and transliterate accents and the letters that have no accent form."""
    text = text.translate(_TRANSLIT)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


def words(text: str) -> str:
    """Letters and digits only, single-spaced."""
    return " ".join(_NON_WORD.sub(" ", text).split())


# --- title ------------------------------------------------------------------------------

# "[Article in German]", "[Chinese]", "(author's transl)" at the end of a MEDLINE title.
_LANG_TAG = re.compile(
    r"\s*[\[(](?:article in |in )?(?:[a-z]+(?:,? (?:and )?[a-z]+)*|author'?s'? transl)[\])]\.?\s*$"
)
_LANGUAGES = {
    "chinese",
    "german",
    "french",
    "spanish",
    "japanese",
    "russian",
    "italian",
    "portuguese",
    "polish",
    "dutch",
    "korean",
    "czech",
    "hungarian",
    "turkish",
    "danish",
    "swedish",
    "norwegian",
    "finnish",
    "hebrew",
    "greek",
    "croatian",
    "serbian",
    "romanian",
    "persian",
    "arabic",
    "slovak",
    "slovenian",
    "ukrainian",
    "lithuanian",
    "bulgarian",
    "estonian",
    "latvian",
    "icelandic",
    "afrikaans",
    "catalan",
    "english",
    "author's transl",
    "authors transl",
    "author s transl",
}


def strip_language_tag(title: str) -> str:
    """'Title [Chinese]' -> 'Title'; a bracketed translated title loses its brackets."""
    folded = title.rstrip()
    match = _LANG_TAG.search(folded.casefold()) if ("[" in folded or "(" in folded) else None
    if match:
        inner = re.sub(r"^[\[(](?:article in |in )?|[\])]\.?\s*$", "", match.group(0).strip())
        parts = {p.strip() for p in re.split(r",|\band\b", inner) if p.strip()}
        if parts and parts <= _LANGUAGES:
            folded = folded[: match.start()]
    # Ovid: "Cerebral protection and ketamine. German"
    head, _, last = folded.rstrip(". ").rpartition(". ")
    if head and last.casefold().strip() in _LANGUAGES:
        folded = head
    stripped = folded.strip()
    # MEDLINE puts translated titles in brackets: "[Effect of X on Y]."
    if stripped.startswith("[") and stripped.rstrip(".").endswith("]"):
        stripped = stripped.rstrip(".")[1:-1]
    return stripped


# MEDLINE notes appended to a title: "[Erratum appears in N Engl J Med. 2009 ...]",
# "[Comment in: ...]"; often cut off before the closing bracket. They describe other
# items, not this one.
_NOTE = re.compile(
    r"\s*\[(?:erratum|comment|retraction|retracted|corrected|republished|update|summary for"
    r"|published erratum"
    r"|review\]|\d+ refs)"
    r"[^\]]*(?:\]|$)\.?",
    re.IGNORECASE,
)


_CUT_BRACKET = re.compile(r"\s*\[[^\]]{0,12}$")


def strip_notes(title: str) -> str:
    """Drop MEDLINE notes, and a bracket the export cut short ('... severity... [c')."""
    if "[" not in title:
        return title
    return _CUT_BRACKET.sub("", _NOTE.sub(" ", title))


def norm_title(title: str) -> str:
    """Comparison form of a title: folded, no markup, no punctuation, no language tag."""
    if not title:
        return ""
    text = ascii_fold(strip_markup(strip_notes(title)))
    text = strip_language_tag(text.strip().strip("\"'").strip())
    return words(text)


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "single": 1,
}
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
# A roman numeral counts only after a word that numbers things, so "vitamin d" or
# "x ray" stay letters.
_NUMBERED = {
    "part",
    "phase",
    "type",
    "study",
    "trial",
    "stage",
    "grade",
    "class",
    "series",
    "section",
    "volume",
    "chapter",
    "paper",
    "report",
    "group",
}
_DIGITS = re.compile(r"\d+")


_NUMBER_TOKENS = frozenset(_NUMBER_WORDS) | frozenset(_ROMAN)


def title_numbers(title_key: str) -> tuple[int, ...]:
    """The numbers a normalised title states, in order: 'part ii', 'part 2' and
    'part two' agree; digits inside words count too ('hba1c', '[11c]')."""
    tokens = title_key.split()
    if not _NUMBER_TOKENS.intersection(tokens):
        return tuple([int(d) for d in _DIGITS.findall(title_key) if len(d) <= 9])
    found: list[int] = []
    previous = ""
    for token in tokens:
        if token in _NUMBER_WORDS:
            found.append(_NUMBER_WORDS[token])
        elif token in _ROMAN and previous in _NUMBERED:
            found.append(_ROMAN[token])
        else:
            found.extend(int(d) for d in _DIGITS.findall(token) if len(d) <= 9)
        previous = token
    return tuple(found)


# What a title says the item is, besides an article: these never merge with the original.
_KIND_PATTERNS = {
    "erratum": re.compile(
        r"^(erratum|errata|corrigendum|correction|corrections|author correction|"
        r"publisher correction|publisher s note)\b|\b(erratum|corrigendum|errata)\b|"
        r"\bcorrection to\b"
    ),
    # a protocol and the report of its results share the trial's title
    "protocol": re.compile(
        r"\b(?:study|trial|review|research) protocol\b|\bprotocol (?:for|of) (?:a|an|the)\b"
        r"|^protocol\b"
    ),
    "retraction": re.compile(r"\bretraction\b|\bretracted\b|^withdrawn\b|\bwithdrawal notice\b"),
    "comment": re.compile(
        r"^(reply|comment|comments|commentary|in reply|in response|authors reply|"
        r"author reply)\b|\b(reply to|in reply|authors reply|author s reply|authors response|"
        r"comment on|comments on|commentary on|"
        r"response to (?:the )?(?:letter|comment|comments|dr|drs|editorial|criticism)|"
        r"letter to the editor)\b"
    ),
}
_RE_PREFIX = re.compile(r"^\s*re\s*:")
# Web of Science titles its correction notices "Title (vol 360, pg 542, 2009)".
_WOS_ERRATUM = re.compile(r"\(\s*vol\.?\s*\d+[^,()]{0,12},\s*pg\.?\s*\w+")
# The whole citation, whose numbers are the original's, not the title's.
_WOS_CITATION = re.compile(r"\(\s*vol\.?\s*\d+\s*,\s*pg\.?\s*\w+(?:\s*,\s*\d{4})?\s*\)")


def numbers_of_title(title: str, title_key: str) -> tuple[int, ...]:
    """:func:`title_numbers` of a title (raw and normalised), without a correction
    notice's citation ('... (vol 142, pg 310, 2003)' states no number of the article)."""
    if "pg" in title and _WOS_CITATION.search(title):
        title_key = norm_title(_WOS_CITATION.sub(" ", title))
    return title_numbers(title_key)


# Substrings without which no marker can match: most titles skip the patterns.
_KIND_TRIGGERS = (
    "errat",
    "corrig",
    "correction",
    "publisher",
    "retract",
    "withdraw",
    "reply",
    "comment",
    "response",
    "letter",
    "re:",
    "re :",
    "vol",
    "protocol",
)
_KIND_TRIGGER = re.compile("|".join(re.escape(t) for t in _KIND_TRIGGERS))


def title_kinds(title: str) -> frozenset[str]:
    """Erratum / retraction / comment markers a title carries ('Re: ...' is a comment)."""
    if not _KIND_TRIGGER.search(title.casefold()):
        return frozenset()
    folded = ascii_fold(strip_markup(strip_notes(title)))
    key = words(folded)
    kinds = {kind for kind, pattern in _KIND_PATTERNS.items() if pattern.search(key)}
    if _RE_PREFIX.match(folded):
        kinds.add("comment")
    if _WOS_ERRATUM.search(folded):
        kinds.add("erratum")
    return frozenset(kinds)


# --- authors ----------------------------------------------------------------------------

_PARTICLES = {
    "mc",
    "mac",
    "de",
    "di",
    "da",
    "du",
    "la",
    "le",
    "van",
    "von",
    "der",
    "den",
    "del",
    "della",
    "dos",
    "st",
    "o",
    "ten",
    "ter",
    "al",
    "el",
    "bin",
    "ben",
}
# Where one author's name runs into the next in exports with no separator: after an
# initial's dot ("Slavin S. A.Lin S. J."), after a run of capital initials ("Pacifico
# AHenry PD"), or between full names ("Ghanghoria RakshaKesharwani Prashant").
# (The leading lookahead lets the scan skip every position before a non-capital fast:
# measured 4x on a 150-character glued list.)
_GLUE = re.compile(
    r"(?=[A-Z])(?:(?<=\.)(?=[A-Z][a-z']|[A-Z]\s)"
    r"|(?<=\s[A-Z])(?=[A-Z][a-z])|(?<=\s[A-Z]{2})(?=[A-Z][a-z])|(?<=\s[A-Z]{3})(?=[A-Z][a-z])"
    r"|(?<=[a-z])(?=[A-Z][a-z]))"
)
_AUTHOR_SPLIT = re.compile(r"\s+and\s+|;\s*|\s*\|\s*")
_ETAL = re.compile(r"\bet\.?\s*al\.?$|\betal\.?$|^others$|^\.\.\.$", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")


def matching_names(authors: tuple[str, ...] | list[str] | str, limit: int = 0) -> list[str]:
    """One display name per author for matching keys: names an export glued together
    are cut apart again and "et al." is dropped. (An author cell is split into
    ``Record.authors`` by the adapters: :func:`prisma.sources._build.split_authors`.)"""
    raw = [authors] if isinstance(authors, str) else list(authors)
    if limit and len(raw) == 1 and len(raw[0]) > 50 * limit:
        # a glued list of 40 authors: the first ``limit`` fit well within this
        raw = [raw[0][: 50 * limit]]
    names: list[str] = []
    for item in raw:
        if limit and len(names) >= limit:
            break
        for piece in _AUTHOR_SPLIT.split(item.strip()):
            piece = piece.strip().strip(",").strip()
            if not piece or _ETAL.search(piece):
                continue
            names.extend(_unglue(piece))
    return names


# "Wang W Sawada M Noriyama Y": surname and initials, no separator between authors.
_SPACED_NAME = re.compile(r"([A-Z][\w'’-]*(?:\s+[A-Z]?[a-z][\w'’-]*)*)\s+([A-Z]{1,3})(?=\s|$)")


def _spaced_list(piece: str) -> list[str]:
    """'Wang W Sawada M Noriyama Y' -> three names; [] when the piece is not such a list."""
    names = _SPACED_NAME.findall(piece)
    if len(names) < 2 or " ".join(f"{a} {b}" for a, b in names) != " ".join(piece.split()):
        return []
    return [f"{a} {b}" for a, b in names]


# A generational suffix inside a glued list ("AdamsH.P.,.J.DavisP.H.", "AdamsH.P., Jr.
# DavisP.H."): dropped, so that the comma does not read as a list separator.
_GLUED_SUFFIX = re.compile(r"(?<=[A-Z]\.),\s*\.?\s*(?:Jr|Sr|J|II|III|IV)\.?(?=\s*[A-Z][a-z]|\s*$)")


_INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.?[\s-]*)+$")


# "SCOTTG.HORAKJ.KOVACOVAM.": a glued list in capitals, where case cannot show where a
# surname ends: the capitals before each run of dotted initials.
_CAPS_GLUED = re.compile(r"([A-Z][A-Z'-]+?)((?:[A-Z]\.)+)")


def _unglue(piece: str) -> list[str]:
    if "," in piece and "." in piece:
        piece = _GLUED_SUFFIX.sub("", piece)
    if " " not in piece and "." in piece and not any(ch.islower() for ch in piece):
        names = _CAPS_GLUED.findall(piece)
        if len(names) >= 2 and "".join(f + i for f, i in names) == piece:
            return [f"{family}, {initials}" for family, initials in names]
    if " " in piece and "." not in piece and "," not in piece:
        spaced = _spaced_list(piece)
        if spaced:
            return spaced
    if "," in piece:
        # "Smith, J. A." is one name; "Smith JA, Jones B" is a list.
        parts = [p.strip() for p in piece.split(",") if p.strip()]
        # "Leite Lopes, M. A." is one name too: a part of initials only is no name
        if (
            len(parts) >= 2
            and all(" " in p for p in parts)
            and not any(_INITIALS_ONLY.match(p) for p in parts)
        ):
            return [n for p in parts for n in _unglue(p)]
        return [piece]
    if " " not in piece and "." not in piece:
        return [piece]
    out: list[str] = []
    for part in _GLUE.split(piece):
        part = part.strip()
        if not part:
            continue
        # "McGillicuddy", "DeBotton": the cut fell after a name particle
        last_word = out[-1].rsplit(" ", 1)[-1] if out else ""
        if (
            last_word.casefold() in _PARTICLES
            and last_word[:1].isupper()
            and last_word[1:].islower()
        ):
            out[-1] += part
            continue
        out.append(part)
    return out


# Enough authors to tell two author lists apart; long consortium lists cost time only.
MAX_AUTHORS = 8


@functools.lru_cache(maxsize=1 << 16)
def norm_authors(authors: tuple[str, ...] | str) -> tuple[tuple[str, str], ...]:
    """The first authors as (surname, initials), folded, whatever the order and separators."""
    raw = [authors] if isinstance(authors, str) else authors
    if len(raw) == 1 and len(raw[0]) > 50 * MAX_AUTHORS:
        # a glued list of 40 authors: the first MAX_AUTHORS fit well within this
        raw = [raw[0][: 50 * MAX_AUTHORS]]
    parsed: list[tuple[str, str]] = []
    for item in raw:
        if len(parsed) >= MAX_AUTHORS:
            break
        parsed.extend(_item_names(item))
    return tuple(name for name in parsed[:MAX_AUTHORS] if name[0])


@functools.lru_cache(maxsize=1 << 18)
def _item_names(item: str) -> tuple[tuple[str, str], ...]:
    """Every (surname, initials) of one author field item, in order, a surname '' where
    none could be read. Cached: one person's name recurs across records and rounds."""
    out: list[tuple[str, str]] = []
    item = item.strip()
    pieces = (
        _AUTHOR_SPLIT.split(item) if (" and " in item or ";" in item or "|" in item) else [item]
    )
    for piece in pieces:
        piece = piece.strip().strip(",").strip()
        if not piece or _ETAL.search(piece):
            continue
        out.extend(_display_name(display) for display in _unglue(piece))
    return tuple(out)


@functools.lru_cache(maxsize=1 << 18)
def _display_name(display: str) -> tuple[str, str]:
    return parse_author(strip_markup(display.translate(_TRANSLIT)))


_GLUED_INITIALS = re.compile(r"^\s*(.*?[a-z'’])((?:-?[A-Z]\.)+-?|[A-Z]{1,3})\s*$")
_SUFFIX = re.compile(r",?\s*\b(jr|sr|2nd|3rd|ii|iii|iv)\b\.?", re.IGNORECASE)
_CAPS_INITIALS = re.compile(r"[A-Z]{1,4}")


@functools.lru_cache(maxsize=1 << 18)
def parse_author(display: str) -> tuple[str, str]:
    """(folded surname, initials) of one display name in any of the usual orders.

    Case is the only clue to which token holds the initials ("Smith JA"), so the
    name is parsed before it is folded.
    """
    glued = _GLUED_INITIALS.match(display) if " " not in display.strip() else None
    if glued:
        # "ParkS.K.", "AbadiA.H.-A.": initials glued to the surname
        family, given = glued.group(1), glued.group(2).replace("-", "")
    elif "," in display:
        family, given = display.split(",", 1)
        # "Smith, J. W., 2nd": the suffix is not an initial.
        given = _SUFFIX.sub("", given)
    else:
        tokens = display.split()
        if len(tokens) == 1:
            family, given = tokens[0], ""
        else:
            is_initials = [bool(_INITIALS.match(t)) for t in tokens]
            if any(is_initials) and not all(is_initials):
                # "Smith JA", "Smith J. A.", "J. A. Smith", "De Botton S",
                # "Tekade Rakesh K." (glued exports: surname, given name, initial)
                names = [t for t, ini in zip(tokens, is_initials, strict=True) if not ini]
                given = " ".join(t for t, ini in zip(tokens, is_initials, strict=True) if ini)
                lead = 0
                while lead < len(names) - 1 and _is_particle(names[lead]):
                    lead += 1
                family = " ".join(names[: lead + 1])
                if not is_initials[0] and lead + 1 < len(names):
                    given = " ".join(names[lead + 1 :] + [given])
            else:
                # "Ghanghoria Raksha" (glued exports write the surname first) and
                # "John Smith" look alike; without a comma we meet the first far more.
                lead = 0
                while lead < len(tokens) - 2 and _is_particle(tokens[lead]):
                    lead += 1
                family, given = " ".join(tokens[: lead + 1]), " ".join(tokens[lead + 1 :])
    family_key = words(ascii_fold(family)).replace(" ", "")
    given = given.strip()
    if glued:
        initials = re.sub(r"[^A-Za-z]", "", given)
    elif _CAPS_INITIALS.fullmatch(given):
        initials = given
    else:
        initials = "".join(w[0] for w in words(given.replace("-", " ").replace(".", " ")).split())
    return family_key, ascii_fold(initials)


def _is_particle(token: str) -> bool:
    return token.casefold() in _PARTICLES or token.endswith("'")


def author_key(authors: tuple[tuple[str, str], ...]) -> str:
    """Surnames in order, space-separated: the string the similarity scorers see."""
    return " ".join(family for family, _ in authors)


# --- journal ----------------------------------------------------------------------------

_JOURNAL_STOP = {
    "of",
    "the",
    "and",
    "in",
    "for",
    "on",
    "de",
    "la",
    "le",
    "der",
    "und",
    "a",
    "an",
    "official",
    "journal_of",
}
_PARENS = re.compile(r"\([^)]*\)")
# "Zhongguo zhen jiu [Chinese acupuncture & moxibustion]": a translation of the name
_BRACKETS = re.compile(r"\[[^\]]*\]")
# "Psychogeriatrics:The Official Journal of the Japanese Psychogeriatric Society"
_OFFICIAL = re.compile(r"\s*:\s*(?:the\s+)?official (?:journal|publication)\b.*$")
# ... and the same tail abbreviated, without its colon: "Journ clin onc off journ Americ
# Soc Clinic Oncol", "J Clin Virol. offic. public. Pan Americ. Soc. ..." (two words of
# the name before it at least)
_OFFICIAL_WORDS = re.compile(
    r" (?:the )?(?:off|offic|offici|official) "
    r"(?:j|jour|journ|journal|pub|publ|public|publicat|publication|organ)\b.*$"
)


@functools.lru_cache(maxsize=1 << 16)
def norm_journal(journal: str) -> str:
    """Folded journal words; '&' is 'and', parentheses (place of publication) dropped."""
    if not journal:
        return ""
    text = ascii_fold(strip_markup(journal)).replace("&", " and ")
    text = _PARENS.sub(" ", _BRACKETS.sub(" ", text))
    # "Nicotine & tobacco research : official journal of ..." -> the title before the colon
    text = _OFFICIAL.sub("", text.split(" : ", 1)[0])
    text = re.sub(r"(?<=[a-z])\.(?=[a-z])", ". ", text)
    key = words(text)
    tail = _OFFICIAL_WORDS.search(key)
    if tail and key.count(" ", 0, tail.start()) >= 1:
        key = key[: tail.start()]
    return key


def journal_tokens(journal_key: str) -> tuple[str, ...]:
    return tuple(t for t in journal_key.split() if t not in _JOURNAL_STOP)


def journals_compatible(a: str, b: str) -> bool | None:
    """Whether two normalised journal names can name the same journal (None: unknown).

    Accepts an abbreviation ('j control release' vs 'journal of controlled release'),
    an acronym ('jama', 'bmj'), and extra words on one side ('pediatric nephrology
    conference 44th annual meeting' vs 'pediatric nephrology').
    """
    if not a or not b:
        return None
    if a == b:
        return True
    ta, tb = _journal_core(journal_tokens(a)), _journal_core(journal_tokens(b))
    if not ta or not tb:
        return None
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if _prefix_subsequence(short, long_) or _prefix_subsequence(long_, short):
        return True
    # "americ journ ger psych" vs "amer journ geriatr psych": two abbreviations of one
    # name, each word cut at another point
    if len(ta) == len(tb) and all(
        x.startswith(y) or y.startswith(x) for x, y in zip(ta, tb, strict=True)
    ):
        return True
    squashed_short = "".join(short)
    if len(short) == 1 and squashed_short == "".join(t[0] for t in long_):
        return True
    squashed_short, squashed_long = sorted(("".join(ta), "".join(tb)), key=len)
    # "neuro endocrinol lett" vs "neuroendocrinology letters": word breaks differ
    if squashed_short[:4] == squashed_long[:4] and _char_subsequence(squashed_short, squashed_long):
        return True
    # "pace pacing and clinical" style prefixes and single typos
    from rapidfuzz import fuzz

    if fuzz.ratio(" ".join(ta), " ".join(tb)) >= 90:
        return True
    # "arq neuropsiquiatr" vs "arquivos de neuro psiquiatria": the ISO 4 abbreviation
    # (LTWA word list) of the longer name, word breaks aside
    return _iso4_squashed(" ".join(long_)) == "".join(short) or _iso4_squashed(
        " ".join(short)
    ) == "".join(long_)


@functools.lru_cache(maxsize=1)
def _ltwa() -> Callable[..., str]:
    from pyiso4.ltwa import Abbreviate  # loads the LTWA list (about a second): only when asked

    return Abbreviate.create()


@functools.lru_cache(maxsize=1 << 14)
def _iso4_squashed(journal_key: str) -> str:
    """The ISO 4 abbreviation of a normalised journal name, folded, without spaces."""
    abbreviate = _ltwa()  # outside the try: a missing pyiso4 is an install error, not "no match"
    try:
        abbreviated = abbreviate(journal_key, remove_part=True)
    except Exception:  # noqa: BLE001 - the list's code fails on some odd names: no abbreviation
        return ""
    return "".join(t for t in journal_tokens(words(ascii_fold(abbreviated))))


# Words after which a venue names its supplement or meeting, not the journal:
# "Atherosclerosis. Conference: 15th International ..." / "Atherosclerosis Supplements".
_VENUE_TAIL = frozenset(
    {
        "conference",
        "congress",
        "meeting",
        "symposium",
        "supplement",
        "supplements",
        "suppl",
        "abstracts",
        "proceedings",
    }
)


# ...unless the word before makes it the name of a meeting ("International Conference").
_MEETING_LEAD = re.compile(
    r"^(international|annual|national|european|joint|world|asian|"
    r"american|americas|ieee|acm|pacific|\d+(st|nd|rd|th)|\d{4})$"
)


def _journal_core(tokens: tuple[str, ...]) -> tuple[str, ...]:
    for position, token in enumerate(tokens):
        if token in _VENUE_TAIL and position > 0:
            if _MEETING_LEAD.match(tokens[position - 1]):
                return tokens
            return tokens[:position]
    return tokens


def _char_subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def _prefix_subsequence(abbrev: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Each abbreviated word starts a later word of the full name, in order."""
    position = 0
    for word in abbrev:
        while position < len(full) and not full[position].startswith(word):
            position += 1
        if position == len(full):
            return False
        position += 1
    return True


_CONFERENCE = re.compile(
    r"\b(conference|congress|meeting|symposium|proceedings|proc|abstracts?|annual|"
    r"workshop|colloquium|convention|summit|poster|amcis|icis|ecis|hicss|pacis)\b"
)
_CONFERENCE_TYPES = {
    "inproceedings",
    "conference",
    "proceedings",
    "conference paper",
    "conference abstract",
    "conf",
    "abst",
    "cpaper",
    "meeting abstract",
    "conference review",
}


def is_conference(record_type: str, journal_key: str) -> bool:
    """A conference item: typed so by the source, or a venue that names a meeting."""
    if record_type.casefold().strip() in _CONFERENCE_TYPES:
        return True
    return bool(journal_key and _CONFERENCE.search(journal_key))


_SUPPLEMENT = re.compile(r"\bsuppl|\bsupplement", re.IGNORECASE)
_SUPPLEMENT_PAGE = re.compile(r"^\s*S\d")


def in_supplement(volume: str, issue: str, pages: str) -> bool:
    """Printed in a supplement (where journals print meeting abstracts): 'Suppl 2',
    '(Supplement 1)', pages 'S189-S190'."""
    return bool(
        _SUPPLEMENT.search(volume) or _SUPPLEMENT.search(issue) or _SUPPLEMENT_PAGE.match(pages)
    )


# --- the source line in the journal field -----------------------------------------------

# Embase (via EndNote, Reference Manager, Ovid) writes the whole citation into the
# journal field and something else into volume: "Cell.122 (2) ()(pp 275-287)
# 2005.Date of Publication: 29 Jul 2005."; Ovid MEDLINE's SO: "Cell. 122(2):275-87, 2005
# Jul 29."; Ovid Embase: "Cell. Vol.122(2), pp.275-287, 2005."; a meeting abstract:
# "...Conference End: 20091016.19 (SUPPL. 3) (pp S445-S446)". The tails, anchored at the
# end of the field; what precedes a tail is the journal (a meeting's name included, so
# the record stays a conference item).
_SOURCE_TAILS = (
    re.compile(
        r"\.\s*(?P<volume>[0-9][^\s().]{0,11})?\s*\((?P<issue>[^()]*)\)\s*(?:\(\s*\)\s*)*"
        r"(?:\((?P<pages>[^()]*)\))?\s*(?:\d{4})?\s*\.?\s*"
        r"(?:Date of Publication:(?:(?!Conference:)[^()])*)?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"\.\s+(?P<volume>\d+)\s*(?:\((?P<issue>[^()]*)\))?\s*:\s*(?P<pages>[\w-]*)"
        r"\s*,\s*\d{4}\b[^()]*$"
    ),
    re.compile(
        r"\.\s*Vol\.?\s*(?P<volume>[^\s(),]+)\s*(?:\((?P<issue>[^()]*)\))?\s*,?\s*"
        r"(?:pp?\.?\s*(?P<pages>[^,]+))?,?\s*\d{4}\s*\.?$",
        re.IGNORECASE,
    ),
)
_PAGES_LABEL = re.compile(r"^\s*(?:pp?\.?\s*|no pagination)", re.IGNORECASE)


class SourceLine(NamedTuple):
    journal: str
    volume: str
    issue: str
    pages: str


@functools.lru_cache(maxsize=1 << 16)
def split_source_line(journal: str) -> SourceLine | None:
    """Journal, volume, issue and pages of a journal field that holds a whole source
    line (see ``_SOURCE_TAILS``); None when the field is a plain journal name."""
    if not journal or not any(ch.isdigit() for ch in journal):
        return None
    line = _split_tail(journal)
    if line is None and "Conference:" in journal:
        # the source line first and the meeting after it: "Diabetes.67 (Suppl 1) (pp A129)
        # 2018.Conference: 78th Scientific Sessions ..."
        head, _, meeting = journal.partition("Conference:")
        inner = _split_tail(head.rstrip(". "))
        if inner is not None:
            line = inner._replace(journal=f"{inner.journal}. Conference: {meeting.strip()}")
    elif line is not None and "Conference:" in line.journal:
        # a source line, the meeting, then the meeting's own tail: "Res Pract Thromb
        # Haemost. Vol.1(Suppl 1), pp.287-288, 2017..Conference: ... .2017 (SUPPL. 1) (pp )"
        head, _, meeting = line.journal.partition("Conference:")
        inner = _split_tail(head.rstrip(". "))
        if inner is not None:
            line = SourceLine(
                f"{inner.journal}. Conference: {meeting.strip()}",
                _one_reading(inner.volume, line.volume, norm_volume),
                _one_reading(inner.issue, line.issue, norm_issue),
                _one_reading(inner.pages, line.pages, lambda v: norm_pages(v)[0]),
            )
    return line


def _one_reading(inner: str, outer: str, norm: Callable[[str], str]) -> str:
    """One field read from two source lines of one record: the value both give (or the
    one only one gives); '' (unknown, never different) when they disagree."""
    if not norm(inner):
        return outer
    if not norm(outer):
        return inner
    return inner if norm(inner) == norm(outer) else ""


def _split_tail(journal: str) -> SourceLine | None:
    for pattern in _SOURCE_TAILS:
        match = pattern.search(journal)
        if match and match.start() > 0 and (match.group("volume") or match.group("pages")):
            pages = _PAGES_LABEL.sub("", match.group("pages") or "").strip()
            return SourceLine(
                journal[: match.start()].strip(),
                (match.group("volume") or "").strip(),
                (match.group("issue") or "").strip(),
                pages,
            )
    return None


# --- numbers ----------------------------------------------------------------------------

_SPREADSHEET_DATE = re.compile(r"^(\d{1,2}-[A-Za-z]{3}|[A-Za-z]{3}-\d{1,2})$")
_PAGE_PART = re.compile(r"^([A-Za-z]*)0*(\d+)")


def norm_pages(pages: str) -> tuple[str, str]:
    """(first page, last page): '123-9' is 123-129, 'S27' is 27, 'e0123' stays 'e123'.

    An article number keeps its letter (it is not a page and must not equal one);
    a first page the export garbled ('Suppl-10', 't-6') is unknown, not a guess.
    """
    if not pages or _SPREADSHEET_DATE.match(pages.strip()):
        return "", ""  # "01-Aug": a spreadsheet read pages 1-8 as a date
    pages = re.sub(r"^pp?\.?\s*(?=\d)", "", pages.strip(), flags=re.IGNORECASE)
    parts = [p.strip() for p in re.split(r"\s*[-–—]+\s*", pages.strip(), maxsplit=1)]
    first_match = _PAGE_PART.match(parts[0])
    first = ""
    if first_match and len(first_match.group(2)) <= 7:  # "3490000000000" is no page
        prefix = first_match.group(1).casefold()
        first = ("" if prefix in ("", "s", "p", "pp") else prefix[:1]) + first_match.group(2)
    last = ""
    if len(parts) > 1:
        last_match = _PAGE_PART.match(parts[1])
        if last_match:
            last = last_match.group(2)
            digits = first.lstrip("abcdefghijklmnopqrstuvwxyz")
            if digits and len(last) < len(digits):
                last = digits[: len(digits) - len(last)] + last
    return first, last


def pages_match(a: str, b: str) -> bool | None:
    """Equal first pages; an article number ('c1804') neither matches nor conflicts."""
    if not a or not b:
        return None
    if a == b:
        return True
    if a[0].isdigit() != b[0].isdigit():
        return None  # an article number against a page: neither says anything
    return False


_FIRST_NUMBER = re.compile(r"\d+")


# A volume field holding pages ("pp S445-S446 2009"), "var.pagings", or the Embase
# "1)" left of "(Supplement 1)": not a volume.
_NOT_VOLUME = re.compile(r"^\s*(?:pp?\.?\s*[A-Za-z]?\d|var\b)|^[^(]*\)\s*$", re.IGNORECASE)


def norm_volume(value: str) -> str:
    """A volume number, or '' when the field holds something that is not a volume (a
    country, a page range, a month): unknown, never different."""
    if not value or _NOT_VOLUME.search(value):
        return ""
    return norm_number(value)


def norm_issue(value: str) -> str:
    """An issue number, or '' for a spreadsheet date ('02-Mar' was issue 2-3) and text."""
    if not value or _SPREADSHEET_DATE.match(value.strip()):
        return ""
    return norm_number(value)


def norm_number(value: str) -> str:
    """The first run of digits of a volume or issue ('16 (1) (no pagination)' -> '16')."""
    if not value:
        return ""
    match = _FIRST_NUMBER.search(value)
    return match.group(0).lstrip("0") or "0" if match else ""


# exactly six digits: a longer number is not a review number cut short
_COCHRANE = re.compile(r"(?:14651858\.|^)(cd\d{6})(?!\d)", re.IGNORECASE)


_CLINICAL_EVIDENCE = re.compile(r"\bclin(?:ical)? evid(?:ence)?$")


def living_review(journal_key: str, title_key: str) -> str:
    """BMJ Clinical Evidence reissues each topic ('Head lice', 2009, 2011, 2015) as an
    update of one living review: its title names the review, as a CD number does."""
    if title_key and _CLINICAL_EVIDENCE.search(journal_key):
        return "clinevid:" + title_key
    return ""


def cochrane_review(doi: str, pages: str) -> str:
    """The Cochrane review number ('cd005947') from its DOI or the pages field.

    Every version of a review (.pub2, .pub3 ...) keeps the number: one review.
    """
    for text in (doi, pages.strip()):
        match = _COCHRANE.search(text) if text else None
        if match:
            return match.group(1).casefold()
    return ""


def norm_pmid(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits.lstrip("0")


_DOUBLED_PREFIX = re.compile(r"^(10\.\d{4,9}/)\1+")


# "S0092-8674(05)00555-6 [pii];10.1016/j.cell.2005.05.031 [doi]": MEDLINE's AID field
_PLAIN_DOI = re.compile(r"10\.\d{4,9}/[^\sA-Z%\[\]]*[^\sA-Z%\[\].,;]$")
_LABELLED_DOI = re.compile(r"(\S+)\s*\[doi\]", re.IGNORECASE)


def norm_doi(value: str) -> str:
    """Lower-case bare DOI; URL prefixes dropped; the one labelled [doi] among several
    labelled identifiers, else the first of several DOIs."""
    if not value:
        return ""
    if value[:3] == "10." and _PLAIN_DOI.match(value) and "/10." not in value:
        return value  # already bare and folded (most adapters store it so): the common case
    if "%" in value:
        value = urllib.parse.unquote(value)  # "s0735-1097%2811%2961011-5"
    if "[" in value:
        labelled = _LABELLED_DOI.search(value)
        if labelled:
            value = labelled.group(1).lstrip(";")
    doi = normalise_doi(value)
    if doi:
        # "10.3779/10.3779/j.issn...": the registrant typed twice
        return _DOUBLED_PREFIX.sub(r"\1", doi)
    return doi_in_text(value).rstrip(".,;").casefold()


# --- the whole record -------------------------------------------------------------------


class Keys(NamedTuple):
    """One record's matching keys (a named tuple: a million are built and pickled)."""

    id: str
    doi: str
    pmid: str
    title: str  # normalised title, words single-spaced
    title_numbers: tuple[int, ...]
    kinds: frozenset[str]
    title_truncated: bool
    authors: str  # surnames, space-separated
    first_author: str
    initials: str  # initials of the first author
    n_authors: int
    year: int | None
    journal: str
    conference: bool
    volume: str
    issue: str
    numbers: frozenset[str]  # every number in volume and issue: garbled exports swap them
    first_page: str
    last_page: str
    review: str = ""  # Cochrane review number, shared by its versions
    supplement: bool = False  # printed in a supplement (where meeting abstracts go)


def record_keys(record: Record) -> Keys:
    title = norm_title(record.title)
    authors = norm_authors(record.authors)
    doi = norm_doi(record.doi)
    volume_text, issue_text, pages_text = record.volume, record.issue, record.pages
    line = split_source_line(record.journal)
    if line is None:
        journal = norm_journal(record.journal)
    else:
        # the source line's numbers are the article's; the record's own fields often hold
        # something else (the year, "(no pagination)", the pages)
        journal = norm_journal(line.journal)
        volume_text = line.volume or volume_text
        issue_text = line.issue or issue_text
        pages_text = line.pages or pages_text
    first, last = norm_pages(pages_text)
    volume, issue = norm_volume(volume_text), norm_issue(issue_text)
    numbers_text = f"{volume_text if volume else ''} {issue_text if issue else ''}"
    return Keys(
        id=record.id,
        doi=doi,
        pmid=norm_pmid(record.pmid),
        title=title,
        title_numbers=numbers_of_title(record.title, title),
        kinds=title_kinds(record.title),
        title_truncated="title" in record.truncated,
        authors=author_key(authors),
        first_author=authors[0][0] if authors else "",
        initials=authors[0][1] if authors else "",
        n_authors=len(authors),
        # a "year" before 1800 in a modern export is an issue number in the wrong column
        year=record.year if record.year is None or record.year >= 1800 else None,
        journal=journal,
        conference=is_conference(record.type, journal),
        supplement=in_supplement(volume_text, issue_text, pages_text),
        volume=volume,
        issue=issue,
        numbers=frozenset(n.lstrip("0") or "0" for n in _FIRST_NUMBER.findall(numbers_text)),
        first_page=first,
        last_page=last,
        review=cochrane_review(doi, record.pages) or living_review(journal, title),
    )
