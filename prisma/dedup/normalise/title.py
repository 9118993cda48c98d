"""Title keys: the normalised title, the numbers it states, and its kind (erratum, comment, ...)."""

from __future__ import annotations

import re

from prisma.dedup.normalise.text import ascii_fold, strip_markup, words

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
    # read before the notes are cut: the citation may follow a note ('... [Review] (vol
    # 12, pg 2189, 2011)'), which strip_notes drops with all that follows it
    if _WOS_ERRATUM.search(folded) or _WOS_ERRATUM.search(ascii_fold(title)):
        kinds.add("erratum")
    return frozenset(kinds)
