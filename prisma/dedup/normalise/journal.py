"""Journal keys: the normalised journal, abbreviation compatibility, conference and supplement."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from prisma.dedup.normalise.text import ascii_fold, strip_markup, words

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
_OPEN_BRACKET = re.compile(r"\[[^\]]*$")
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
    # a bracket left open at the end, cut short: "Inf Agents Cancer [Electr. Res."
    text = _OPEN_BRACKET.sub(" ", text)
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
    # "neuro endocrinol lett" vs "neuroendocrinology letters": word breaks differ (not
    # "diabetes" inside a long unparsed citation line such as "diabetologia 1 pp s334 ...")
    if (
        squashed_short[:4] == squashed_long[:4]
        and len(squashed_long) <= 2 * len(squashed_short)
        and _char_subsequence(squashed_short, squashed_long)
    ):
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


def _is_venue_tail(token: str) -> bool:
    # abbreviated as freely as the journal's own words: "supplem", "supp", "conf", "congr"
    return token in _VENUE_TAIL or (
        len(token) >= 4
        and any(word.startswith(token) for word in ("supplement", "conference", "congress"))
    )


def _journal_core(tokens: tuple[str, ...]) -> tuple[str, ...]:
    for position, token in enumerate(tokens):
        if position > 0 and _is_venue_tail(token):
            if _MEETING_LEAD.match(tokens[position - 1]):
                return tokens
            return tokens[:position]
    # "Journ. Acquir. Imm. Defic. Syndrom. JAIDS": the name's own acronym after it
    if len(tokens) >= 4 and tokens[-1] == "".join(t[0] for t in tokens[:-1]):
        return tokens[:-1]
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
    r"\b(conference|conf|congress|meeting|symposium|symp|abstracts?|"
    r"workshop|colloquium|convention|summit|poster|amcis|icis|ecis|hicss|pacis)\b"
)
# "Proceedings" names a meeting's book, except in the journals societies, academies and
# clinics call so (Proc Natl Acad Sci, Proc Biol Sci, Mayo Clin Proc, Proc IEEE), which
# one index abbreviates and another spells out: a meeting's book names its meeting.
# ("Annual" is no sign either: Annual Review of Psychology is Annu Rev Psychol.)
_PROCEEDINGS = re.compile(r"\b(?:proceedings|proc)\b")
_SOCIETY_JOURNAL = re.compile(
    r"\b(?:soc|societ\w*|acad\w*|natl|national|royal|r|inst|institution|ieee|clin\w*|"
    r"biol\w*)\b"
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


@functools.lru_cache(maxsize=1 << 16)
def is_conference(record_type: str, journal_key: str) -> bool:
    """A conference item: typed so by the source, or a venue that names a meeting."""
    if record_type.casefold().strip() in _CONFERENCE_TYPES:
        return True
    if not journal_key:
        return False
    if _CONFERENCE.search(journal_key):
        return True
    # the bare word is a name cut at its first full stop ("Proceedings. Biological
    # sciences / The Royal Society", the rest in the volume field): it names no meeting
    return (
        journal_key not in ("proceedings", "proc")
        and bool(_PROCEEDINGS.search(journal_key))
        and not _SOCIETY_JOURNAL.search(journal_key)
    )


_SUPPLEMENT = re.compile(r"\bsuppl|\bsupplement", re.IGNORECASE)
_SUPPLEMENT_PAGE = re.compile(r"^\s*S\d")


@functools.lru_cache(maxsize=1 << 16)
def in_supplement(volume: str, issue: str, pages: str) -> bool:
    """Printed in a supplement (where journals print meeting abstracts): 'Suppl 2',
    '(Supplement 1)', pages 'S189-S190'."""
    return bool(
        _SUPPLEMENT.search(volume) or _SUPPLEMENT.search(issue) or _SUPPLEMENT_PAGE.match(pages)
    )
