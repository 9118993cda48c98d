"""Author keys: surnames + initials from any order, separator or glued export shape."""

from __future__ import annotations

import functools
import re

from prisma.dedup.normalise.text import _TRANSLIT, ascii_fold, fold_letters, strip_markup, words

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
# Every _ETAL branch ends the piece (or precedes a final newline) with one of these
# (case folded; U+017F folds to s): a cheap test before the regex, which would
# otherwise scan a whole glued list.
_ETAL_LAST = frozenset("lL.sS\u017f")


def _is_etal(piece: str) -> bool:
    return (piece[-1:] in _ETAL_LAST or piece.endswith("\n")) and bool(_ETAL.search(piece))


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
            if not piece or _is_etal(piece):
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
    # folded first: where one glued name ends is read from case ("VlachyL.G.KönigA.")
    item = fold_letters(item.strip()) if not item.isascii() else item.strip()
    pieces = (
        _AUTHOR_SPLIT.split(item) if (" and " in item or ";" in item or "|" in item) else [item]
    )
    for piece in pieces:
        piece = piece.strip().strip(",").strip()
        if not piece or _is_etal(piece):
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
