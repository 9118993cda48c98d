"""Duplicate / maybe / distinct, decided by named predicates over one pair.

Each rule is a plain function ``Pair -> bool`` with its own tests. ``classify``
tries the vetoes first (any one makes the pair distinct), then the rules that
prove a duplicate, then the rule that asks a person. The first rule that fires
names the verdict, so every merge in ``duplicates.csv`` says why it was made.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from prisma.dedup.compare import Scores
from prisma.dedup.normalise import CDSR, Keys, journals_compatible, pages_match


class Verdict(enum.IntEnum):
    """Ordered from "keep apart" to "same study"."""

    DISTINCT = 0  # different studies (or too little alike to ask)
    MAYBE = 1  # a person should decide
    DUPLICATE = 2  # the same study


@dataclass(frozen=True)
class Pair:
    a: Keys
    b: Keys
    s: Scores
    conference_abstracts: str = "separate"  # or "merge"


# --- facts the rules share ---------------------------------------------------------------


def title_agrees(p: Pair, threshold: float) -> bool:
    return p.s.title >= threshold or (p.s.title_prefix and not _short_title(p))


def _fewest_words(p: Pair) -> int:
    """Words in the shorter of the two normalised titles."""
    return min(len(p.a.title.split()), len(p.b.title.split()))


def whole_author_list(p: Pair) -> bool:
    """The same author list, two or more names on each side (one name alone pins little:
    a column's heading and the article under it share their author)."""
    return p.s.authors >= 95 and min(p.a.n_authors, p.b.n_authors) >= 2


def _short_title(p: Pair) -> bool:
    return (
        min(len(p.a.title), len(p.b.title)) < 25
        or min(p.a.title.count(" "), p.b.title.count(" ")) < 3
    )


def names_swapped(a: Keys, b: Keys) -> bool:
    """'Xiaoguang, Wang' vs 'Wang, X.': given and family name written the other way."""
    if not (a.first_author and b.first_author and a.initials and b.initials):
        return False
    if a.first_author == b.first_author:
        return False
    if a.first_author[0] == b.initials[0] and b.first_author[0] == a.initials[0]:
        return True
    # "SangK.P." vs "ParkS.K.": the given name read as the surname, the surname's initial
    # last among the initials
    return (a.first_author[0] == b.initials[0] and b.first_author[0] == a.initials[-1]) or (
        b.first_author[0] == a.initials[0] and a.first_author[0] == b.initials[-1]
    )


def authors_agree(p: Pair) -> bool | None:
    """None when a side lists no authors."""
    if p.s.authors < 0:
        return None
    fa, fb = p.a.first_author, p.b.first_author
    if p.s.first_author >= 85 or (
        min(len(fa), len(fb)) >= 4 and (fa.endswith(fb) or fb.endswith(fa))
    ):
        return p.s.authors >= 50 or min(p.a.n_authors, p.b.n_authors) <= 2
    if names_swapped(p.a, p.b) and p.a.n_authors == p.b.n_authors:
        return True
    # the same people in another order
    fewest = min(p.a.n_authors, p.b.n_authors)
    return (p.s.authors >= 90 and fewest >= 3) or (p.s.authors >= 95 and fewest >= 2)


def same_year(p: Pair) -> bool | None:
    if p.a.year is None or p.b.year is None:
        return None
    return p.a.year == p.b.year


def _agree(x: str, y: str) -> bool | None:
    return None if not x or not y else x == y


def pages_agree(p: Pair) -> bool | None:
    """Equal first pages. A different first page before one shared last page is a typo
    ('2297-2108' and '2097-2108'): unknown, not a conflict."""
    agree = pages_match(p.a.first_page, p.b.first_page)
    if agree is False and p.a.last_page and p.a.last_page == p.b.last_page:
        return None
    return agree


def page_range_equal(p: Pair) -> bool:
    """Both give one page range (first and last page, not a single page) and it is equal."""
    a, b = p.a, p.b
    return bool(
        a.last_page
        and a.last_page != a.first_page
        and a.last_page == b.last_page
        and pages_agree(p) is True
    )


def volumes_agree(p: Pair) -> bool | None:
    """Equal volumes; a volume found among the other's issue numbers is not a conflict
    (Embase writes 'SUPPL. 1' where the volume belongs)."""
    agree = _agree(p.a.volume, p.b.volume)
    if agree is False and (p.a.volume in p.b.numbers or p.b.volume in p.a.numbers):
        return None
    if agree is False and (volume_is_year(p.a) or volume_is_year(p.b)):
        return None  # some indexes file an article under its year: no volume given
    return agree


def numbers_against(p: Pair) -> bool:
    """A volume that both records give and that differs (read with its allowances for
    misplaced fields), with no page range or DOI to say they are one article: two
    volumes are two publications. A supplement numbered apart from its journal ('Kidney
    Int Suppl 75' is 'Kidney Int 57') or a typed volume keeps one page range. First
    pages, issues and years are typed wrong or shifted too often between exports to
    split a study on their own."""
    return volumes_agree(p) is False and not page_range_equal(p) and not trusted_doi(p)


def volume_is_year(k: Keys) -> bool:
    """'Biomedical Research 2017' where the volume is 28: the year in the volume field."""
    return k.year is not None and k.volume == str(k.year)


def identical_fields(p: Pair) -> bool:
    """The same record exported twice: every field equal, titles non-empty.

    The journal need only be compatible (one index appends the meeting's name); a DOI
    or a year may be missing on one side.
    """
    a, b = p.a, p.b
    same = (a.title, a.authors, a.volume, a.issue, a.first_page, a.last_page) == (
        b.title,
        b.authors,
        b.volume,
        b.issue,
        b.first_page,
        b.last_page,
    )
    same = same and (a.doi == b.doi or not a.doi or not b.doi)
    same = same and same_year(p) is not False  # a year unreadable on one side (the issue)
    return bool(a.title) and same and (a.journal == b.journal or journals_agree(p) is True)


def journals_agree(p: Pair) -> bool | None:
    return journals_compatible(p.a.journal, p.b.journal)


_DOI_PUNCTUATION = re.compile(r"[^a-z0-9]")


def same_doi(p: Pair) -> bool:
    """Equal DOIs; '82_2012_287' and '82-2012-287' are one DOI retyped."""
    if not p.a.doi or not p.b.doi:
        return False
    return p.a.doi == p.b.doi or (
        _DOI_PUNCTUATION.sub("", p.a.doi) == _DOI_PUNCTUATION.sub("", p.b.doi)
    )


def issues_agree(p: Pair) -> bool | None:
    """Equal issues; in a supplement, one side's issue among the other's numbers is not a
    conflict ('22 Suppl 1' in MEDLINE is '(SUPPL. 1)' in an Embase meeting line)."""
    agree = _agree(p.a.issue, p.b.issue)
    if (
        agree is False
        and (p.a.supplement or p.b.supplement)
        and (p.a.issue in p.b.numbers or p.b.issue in p.a.numbers)
    ):
        return None
    return agree


# Words of the items a journal prints under the same title in every issue.
GENERIC_WORDS = frozenset(
    {
        "editorial",
        "editor",
        "editors",
        "preface",
        "foreword",
        "issue",
        "news",
        "announcement",
        "announcements",
        "contents",
        "index",
        "highlights",
        "reviewers",
        "acknowledgement",
        "acknowledgment",
        "acknowledgements",
        "message",
        "remarks",
        "column",
        "introduction",
        "overview",
        "abstracts",
        "proceedings",
        "correspondence",
        "letters",
    }
)


def generic_title(k: Keys) -> bool:
    """A title journals reuse: very short, or naming a recurring item ('Editorial ...')."""
    title_words = k.title.split()
    return len(title_words) < 4 or (
        len(title_words) < 10 and not GENERIC_WORDS.isdisjoint(title_words)
    )


# --- vetoes: any one makes the pair distinct --------------------------------------------


_ELSEVIER_CODE = re.compile(r"^10\.1016/j\.([a-z]{3,})\.")


def trusted_doi(p: Pair) -> bool:
    """The same DOI, and neither record's journal is another than the one an Elsevier
    DOI names (an abstract in J Neurochem carrying a Parkinsonism Relat Disord DOI
    copied from the paper). The journal code test is loose (codes are not always
    abbreviations), so this only decides whether a volume conflict may split a group."""
    return same_doi(p) and not (doi_names_another_journal(p.a) or doi_names_another_journal(p.b))


def doi_names_another_journal(k: Keys) -> bool:
    """An Elsevier DOI carries its journal's code ('10.1016/j.appet.' is Appetite); a
    record whose journal the code cannot abbreviate holds another record's DOI."""
    match = _ELSEVIER_CODE.match(k.doi)
    if not match or not k.journal:
        return False
    code = match.group(1)
    squashed = k.journal.replace(" ", "")
    if code[:3] != squashed[:3] and not any(w.startswith(code[:3]) for w in k.journal.split()):
        it = iter(squashed)
        return not all(ch in it for ch in code)
    return False


_DOI_DIGITS = re.compile(r"\d+")
# What a publisher appends to an article's DOI for one of its parts: '.001' (eLife's
# sections), '.g001' / '.t001' / '.s001' (PLOS figures, tables, supplements).
_PART_SUFFIX = re.compile(r"^\.[gts]?\d{1,4}$")


def doi_retyped(x: str, y: str) -> bool:
    """Two spellings of one DOI: a part's DOI ('pone.0094853.g001'), one letter
    typed wrong or twice with every number equal ('pp-2018-0124' and 'pap-2018-0124'),
    two digits too many at the end ('2016.01.007' and '2016.01.00787'), or a SICI
    with another version and check character."""
    if "::" in x and "::" in y and x.split(">")[0] == y.split(">")[0]:
        return True  # a SICI ('...<164::aid-ajim7>3.0.co;2-2'): one item, check digits aside
    short, long_ = sorted((x, y), key=len)
    if long_.startswith(short):
        rest = long_[len(short) :]
        return bool(_PART_SUFFIX.match(rest)) or (rest.isdigit() and len(rest) <= 2)
    return _DOI_DIGITS.findall(x) == _DOI_DIGITS.findall(y) and Levenshtein.distance(x, y) <= 1


def same_review(p: Pair) -> bool:
    """Two versions of one living review: the same Cochrane CD number (any year or
    .pubN), or one BMJ Clinical Evidence topic (see ``normalise.living_review``). In the
    Cochrane Library without a number on one side (its DOI and pages lost), one title
    by the same lead author names one review: a review keeps its title and its first
    author across updates, while co-authors come and go."""
    if p.a.review and p.a.review == p.b.review:
        return True
    if p.a.review and p.b.review:
        return False  # two review numbers: two reviews
    return bool(
        CDSR.match(p.a.journal)
        and CDSR.match(p.b.journal)
        and p.s.title >= 95
        and not _short_title(p)
        and (authors_agree(p) is True or p.s.first_author >= 85)
    )


def one_article_two_dois(p: Pair) -> bool:
    """One article the publisher registered twice (online first and in print; an old and
    a new DOI, a JSTOR one): the same title, year, journal and volume, pinned either by
    a long title (7+ words) and every author, or by the issue both give, the authors
    agreeing and the first page not against it ('Endogenous cannabinoids and appetite',
    Nutr Res Rev 14(1) 2001, as 10.1079/nrr200118 and as 10.1079/095442201108729141,
    its pages unreadable on one side)."""
    if not (
        p.s.title >= 98
        and not generic_title(p.a)
        and same_year(p) is True
        and journals_agree(p) is True
        and volumes_agree(p) is True
        and p.a.conference == p.b.conference
        and p.a.supplement == p.b.supplement
    ):
        return False
    long_title_every_author = (
        _fewest_words(p) >= 7
        and whole_author_list(p)
        # a reissue in a later issue, or an abstract beside its paper, is another report
        and issues_agree(p) is not False
    )
    one_issue = (
        _fewest_words(p) >= 4
        and not generic_title(p.b)
        and not (p.a.title_truncated or p.b.title_truncated)
        and authors_agree(p) is True
        and issues_agree(p) is True
        and pages_agree(p) is not False
    )
    return long_title_every_author or one_issue


def reprinted_a_year_later(p: Pair) -> bool:
    """'Sponsorship and IT vendor management of projects' (Liu, Yetton) in J Inf Technol
    24(1) 2009 and again in 25(1) 2010 under another DOI: a journal printing one article
    twice. A long, specific title, the whole author list and the journal pin it; the
    volume and pages cannot, since the reprint has its own."""
    return (
        p.s.title >= 98
        and len(p.a.title.split()) >= 6
        and not (generic_title(p.a) or generic_title(p.b))
        and whole_author_list(p)
        and p.a.n_authors == p.b.n_authors
        and p.a.year is not None
        and p.b.year is not None
        and abs(p.a.year - p.b.year) == 1
        and journals_agree(p) is True
        and p.a.conference == p.b.conference
        and p.a.supplement == p.b.supplement
        # a reprint runs as long as the original (a section's yearly preface does not),
        # and is a full paper: an abstract of a page or two is presented again at the
        # next year's meeting, which is another report
        and (_page_count(p.a) or 0) >= 4
        and _page_count(p.a) == _page_count(p.b)
    )


def _page_count(k: Keys) -> int | None:
    if not (k.first_page.isdigit() and k.last_page.isdigit()):
        return None
    return int(k.last_page) - int(k.first_page)


_EDITORIAL = frozenset({"editorial", "guest editorial"})


def _page_number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def editorial_titled_twice(p: Pair) -> bool:
    """'Editorial' (p. 271) and 'Guest editorial: Open source software ...' (pp. 273-276),
    the same three editors in Inf Syst J 11(4): one index files the editorial under the
    bare heading, at the heading's page and with a neighbouring item's DOI. The same
    editors, issue and nearly the same page say one item; two editorials signed by the
    same people in one issue are the rare case."""
    bare, full = sorted((p.a, p.b), key=lambda k: len(k.title))
    heading = full.title.removeprefix("guest ")
    if bare.title not in _EDITORIAL or not heading.startswith("editorial "):
        return False
    first, second = _page_number(bare.first_page), _page_number(full.first_page)
    return (
        whole_author_list(p)
        and p.a.n_authors == p.b.n_authors
        and same_year(p) is True
        and journals_agree(p) is True
        and volumes_agree(p) is True
        and issues_agree(p) is True
        and first is not None
        and second is not None
        and abs(first - second) <= 3
    )


def different_dois(p: Pair) -> bool:
    """Both have a DOI and they differ: two registered works.

    Unless everything else pins one article (same title, year, journal, volume and
    first page): then one DOI was attached by mistake, which exports do.
    """
    if not (p.a.doi and p.b.doi) or p.a.doi == p.b.doi or same_review(p):
        return False
    if _DOI_PUNCTUATION.sub("", p.a.doi) == _DOI_PUNCTUATION.sub("", p.b.doi):
        return False  # "..._3" and "...-3": one DOI retyped
    if doi_names_another_journal(p.a) or doi_names_another_journal(p.b):
        return False  # a DOI copied from another record: it says nothing
    if (
        doi_retyped(p.a.doi, p.b.doi)
        and title_agrees(p, 95)
        and same_year(p) is not False
        and authors_agree(p) is not False
    ):
        return False  # one article's DOI mistyped in one export
    if one_article_two_dois(p) or reprinted_a_year_later(p) or editorial_titled_twice(p):
        return False
    return not (
        p.s.title >= 95
        and same_year(p)
        # a volume unreadable on one side: one page range of one issue pins it as well
        and (
            volumes_agree(p)
            or (volumes_agree(p) is None and page_range_equal(p) and issues_agree(p))
        )
        and pages_agree(p)
        and journals_agree(p)
        and issues_agree(p) is not False
        # a short title is pinned only by the whole page range of one issue
        and (not generic_title(p.a) or same_location(p))
    )


def different_pmids(p: Pair) -> bool:
    return bool(p.a.pmid and p.b.pmid) and p.a.pmid != p.b.pmid


def different_numbers(p: Pair) -> bool:
    """'Part 1' vs 'Part 2', 'type I' vs 'type II', '2-year' vs '5-year' results."""
    # digits joined: '[11C]' and '<sup>11</sup>C', 'Mecp2(1lox)' and 'Mecp21lox' agree
    na = "".join(map(str, p.a.title_numbers))
    nb = "".join(map(str, p.b.title_numbers))
    if na == nb:
        return False
    if (
        same_location(p)
        or same_page_range(p)
        or (same_doi(p) and (pages_agree(p) or (p.s.title >= 98 and not (na and nb))))
        or (
            trusted_doi(p)
            and not (na and nb)
            and volumes_agree(p) is True
            and issues_agree(p) is not False
            and pages_agree(p) is not False
        )
    ):
        # "Lecture 1992: ..." or "Session 2: ..." at the same pages is one article; so is one DOI
        # whose title has a digit typed for a letter ('fMRI' and 'fMR1'), but not
        # 'delta 8' and 'delta 9'; nor is a heading with a number ('Winner of resident
        # paper award 2014: ...', '... I. Epidemiology') on one title only, one DOI
        # and volume pinning it
        return False
    if p.s.title_prefix:
        # a truncated title lost the numbers after its cut
        if len(p.a.title) <= len(p.b.title):
            short, long_ = na, nb
        else:
            short, long_ = nb, na
        return not long_.startswith(short)
    # a long code may carry one typo ('Va1108/158' for 'Val108/158'); a short number
    # never: 'Part 1' vs 'Part 2', '5-HT6' vs '5-HT7'
    return min(len(na), len(nb)) < 4 or Levenshtein.distance(na, nb) > 1


def different_kinds(p: Pair) -> bool:
    """An erratum, comment, reply or retraction is not the article it is about."""
    return p.a.kinds != p.b.kinds


def conference_vs_journal(p: Pair) -> bool:
    """A conference abstract and the later journal article are two reports.

    Unless they sit at the same volume and page, or the abstract's venue is the
    journal itself with nothing conflicting (an abstract printed in a supplement,
    indexed once as each), or ``conference_abstracts = "merge"``.
    """
    if p.conference_abstracts == "merge" or p.a.conference == p.b.conference:
        return False
    if not p.a.journal or not p.b.journal:
        return False  # no venue on one side: nothing says what it is
    if volumes_agree(p) and pages_agree(p):
        return False
    if (
        trusted_doi(p)
        and same_year(p) is True
        and volumes_agree(p) is not False
        and issues_agree(p) is not False
    ):
        # one DOI in one year: one item that one index files as a meeting's ('Proc Biol
        # Sci' reads as proceedings) and the other as the journal's
        return False
    if volumes_agree(p) is not False and same_year(p) and page_range_equal(p):
        return False  # one page range in one year: a proceedings paper in its book series
    if same_year(p) is False or issues_agree(p) is False:
        return True  # the abstract at the meeting, the paper a year later or in another issue
    # An abstract printed in the journal it is indexed under ("Blood.Conference: ..."
    # and "Blood") is one item unless volume or page says otherwise, and if year, volume
    # or page says anything at all: with none of them on one side, the abstract and the
    # paper cannot be told apart
    if same_year(p) is None and volumes_agree(p) is None and pages_agree(p) is None:
        return True
    return journals_agree(p) is not True or volumes_agree(p) is False or pages_agree(p) is False


def recurring_item_elsewhere(p: Pair) -> bool:
    """'Editorial Introduction' in two issues is two editorials.

    For a generic title any disagreement of year, volume, issue or page separates.
    """
    if not (generic_title(p.a) or generic_title(p.b)) or same_review(p):
        return False
    if editorial_titled_twice(p):
        return False
    return False in (same_year(p), volumes_agree(p), issues_agree(p), pages_agree(p))


def years_apart(p: Pair) -> bool:
    """More than a year apart is a different report, even with the same DOI (but not
    the versions of one Cochrane review, nor one DOI, title and volume or page)."""
    if p.a.year is None or p.b.year is None or abs(p.a.year - p.b.year) <= 1:
        return False
    if same_review(p):
        return False
    # one DOI, one title, one volume or page: a wrong year in one export
    return not (
        same_doi(p) and p.s.title >= 95 and (volumes_agree(p) is True or pages_agree(p) is True)
    )


def place_key(k: Keys) -> str:
    """Year, issue and page range, when all are known ('' otherwise): the engine's
    vectorised stand-in for the first half of :func:`same_location` (the volume left
    out: it may be unreadable on one side)."""
    if not (k.year and k.issue and k.first_page and k.last_page):
        return ""
    if k.first_page == k.last_page:
        return ""
    return f"{k.year}|{k.issue}|{k.first_page}|{k.last_page}"


def range_key(k: Keys) -> str:
    """Year, volume and page range without the issue ('' unless all known): the
    vectorised stand-in for the first half of :func:`same_place_same_people`."""
    if not (k.year and k.volume and k.first_page and k.last_page) or k.first_page == k.last_page:
        return ""
    return f"{k.year}|{k.volume}|{k.first_page}|{k.last_page}"


def same_location(p: Pair) -> bool:
    """The same page range of the same issue of the same journal, same year and authors:
    only one article fits there, whatever language its title is given in. A volume
    unreadable on one side ('pp 128 -- 139 2018', a country) leaves the place pinned by
    the year and the issue both records give."""
    return bool(
        page_range_equal(p)
        and volumes_agree(p) is not False
        and issues_agree(p)
        and same_year(p)
        and journals_agree(p)
        and authors_agree(p)
    )


def same_place_same_people(p: Pair) -> bool:
    """One page range of one volume, journal and year, by the whole same author list
    (two or more), where both records give an issue and the issues differ, or both
    issue fields hold record numbers (a file's whole column: see ``normalise.columns``):
    the issue field then holds a running record number ('65' and '266'), which
    ``same_location`` would read as the issue. (With the issue missing on one side the
    pair is left to the other rules: a column heading such as 'Motherisk update' is
    indexed at the same pages as the article under it.)"""
    return (
        (issues_agree(p) is False or (p.a.issue_numbered and p.b.issue_numbered))
        and page_range_equal(p)
        and volumes_agree(p) is True
        and same_year(p) is True
        and journals_agree(p) is True
        and whole_author_list(p)
    )


def titles_unlike(p: Pair) -> bool:
    """Nothing alike in the titles (both present), and no page range pins the pair."""
    return (
        bool(p.a.title and p.b.title)
        and p.s.title_set < 70
        and not p.s.title_prefix
        and not same_location(p)
        and not same_place_same_people(p)
    )


# --- rules that prove a duplicate -------------------------------------------------------


def same_doi_and_title(p: Pair) -> bool:
    """Same DOI and titles that agree (a missing title cannot disagree)."""
    if not same_doi(p):
        return False
    if volumes_agree(p) is False and (pages_agree(p) is False or journals_agree(p) is False):
        return False  # a DOI copied onto another report (an abstract elsewhere)
    if p.s.title >= 98:
        return True  # one DOI, one title: pages differ between editions and exports
    if pages_agree(p) is True and p.s.title_set >= 90:
        return True  # one DOI at one page: however the authors were exported
    if pages_agree(p) is True and volumes_agree(p) is True and authors_agree(p) is True:
        return True  # one DOI, page, volume and author list: a retitled or translated export
    if pages_agree(p) is False or authors_agree(p) is False:
        return False  # abstracts of one supplement share its DOI
    if not p.a.title or not p.b.title:
        return True
    return p.s.title_set >= 85 or p.s.title_prefix


def same_pmid_and_title(p: Pair) -> bool:
    if not (p.a.pmid and p.a.pmid == p.b.pmid):
        return False
    return not p.a.title or not p.b.title or p.s.title_set >= 85 or p.s.title_prefix


def venues_agree(p: Pair) -> bool | None:
    """Journals compatible; conference names vary too much to count against a pair."""
    if p.a.conference and p.b.conference:
        return None
    if p.a.conference != p.b.conference and p.conference_abstracts == "merge":
        return None  # a meeting and a journal never share a name
    return journals_agree(p)


def same_title_authors_year(p: Pair) -> bool:
    """Near-identical title, same authors, same year, and no conflicting venue fields."""
    return (
        title_agrees(p, 95)
        and not _short_title(p)
        and authors_agree(p) is True
        and same_year(p) is True
        and pages_agree(p) is not False
        and volumes_agree(p) is not False
        and (
            venues_agree(p) is not False
            # one journal under two names (a translation): its numbers pin it
            or bool(volumes_agree(p) and (pages_agree(p) or issues_agree(p)))
            # ... or, with its pages unreadable on one side ('Zhonghua Yi Xue Za Zhi' and
            # 'National Medical Journal of China'), the volume, a long title and the
            # whole author list of two or more
            or (
                volumes_agree(p) is True
                and _fewest_words(p) >= 6
                and whole_author_list(p)
                and p.a.supplement == p.b.supplement
                and p.a.conference == p.b.conference
            )
        )
    )


def same_title_year_volume_pages(p: Pair) -> bool:
    """Title close, and year, volume and first page all present and equal.

    Authors are not asked: the same title at the same page of the same volume is
    one article even when one export swapped given and family names, or named the
    journal in another language.
    """
    return (
        title_agrees(p, 90)
        and not _short_title(p)
        and same_year(p) is True
        and volumes_agree(p) is True
        and pages_agree(p) is True
    )


def same_title_journal_volume_issue(p: Pair) -> bool:
    """A long title in one issue of one journal (year, volume and issue present and
    equal), pages not against it. Authors are not asked: Embase and Ovid turn names
    round ('SangK.P.' for 'Park, Sang K.') or drop a part of a double surname, and a
    journal does not print two articles of one long title in one issue (an erratum or
    reply carries its marker, which ``different_kinds`` reads)."""
    return (
        p.s.title >= 98
        and _fewest_words(p) >= 6
        and not (generic_title(p.a) or generic_title(p.b))
        and same_year(p) is True
        and journals_agree(p) is True
        and volumes_agree(p) is True
        # without an issue on both sides the volume is a wider place: a longer title
        and (issues_agree(p) is True or (issues_agree(p) is None and _fewest_words(p) >= 8))
        # first pages not against it, not even as a typo before one last page
        and pages_match(p.a.first_page, p.b.first_page) is not False
        and not (p.a.title_truncated or p.b.title_truncated)
        and p.a.conference == p.b.conference
        and p.a.supplement == p.b.supplement
    )


def same_title_authors_year_page_range(p: Pair) -> bool:
    """The same title, authors and year at one page range (first and last page equal):
    one article, whatever the journal field says ('Americ. Journ. Clin. Onc. Canc. Clin.
    Trials', a parallel title in another language) or the issue field holds (a running
    record number in some exports). Only a volume against it separates."""
    a, b = p.a, p.b
    return (
        title_agrees(p, 95)
        and not _short_title(p)
        and not (generic_title(a) or generic_title(b))
        and authors_agree(p) is True
        and same_year(p) is True
        and page_range_equal(p)
        and volumes_agree(p) is not False
        and a.supplement == b.supplement
    )


def same_title_issue_page_range(p: Pair) -> bool:
    """One title at one page range of one journal, in one year: one article however its
    authors were exported ('Sanchez-del-Rio Gonzalez M.' and 'Gonzalez M. S. R.') and
    whatever the volume field holds. Only a volume or an issue against it separates."""
    return (
        p.s.title >= 98
        and not (generic_title(p.a) or generic_title(p.b))
        and not (p.a.title_truncated or p.b.title_truncated)
        and same_year(p) is True
        and journals_agree(p) is True
        and issues_agree(p) is not False
        and page_range_equal(p)
        and volumes_agree(p) is not False
        and p.a.supplement == p.b.supplement
    )


def typo_title_full_agreement(p: Pair) -> bool:
    """A title with typos or an extra phrase, but every other field present and equal
    (a page missing on one side is made up for by the issue)."""
    return (
        (p.s.title >= 85 or p.s.title_set >= 95)
        and p.s.title_set >= 85
        and authors_agree(p) is True
        and p.s.authors >= 90
        and same_year(p) is True
        # a volume unreadable on one side: one page range, issue not against it, pins it
        and (
            volumes_agree(p) is True
            or (volumes_agree(p) is None and page_range_equal(p) and issues_agree(p) is not False)
        )
        # no page on one side: the issue, present and equal, pins it instead
        and (pages_agree(p) is True or (pages_agree(p) is None and issues_agree(p) is True))
        and journals_agree(p) is not False
    )


def same_page_range_reworded_title(p: Pair) -> bool:
    """'Indications and contraindications for living kidney donations' and '... of living
    donor kidney transplantation': a reworded title at one page range (first and last
    page both equal) of one volume, journal and year, by the same authors (the whole
    list where the issue fields differ: see ``same_place_same_people``)."""
    return (
        p.s.title_set >= 85
        and len(p.a.title.split()) >= 5
        and len(p.b.title.split()) >= 5
        and (same_page_range(p) or same_place_same_people(p))
    )


def same_page_range(p: Pair) -> bool:
    """One page range (first and last page equal) in one journal and year, by the same
    authors, with no volume or issue against it: a looser :func:`same_location`."""
    return (
        page_range_equal(p)
        and volumes_agree(p) is not False
        and issues_agree(p) is not False
        and same_year(p) is True
        and journals_agree(p) is True
        and authors_agree(p) is True
    )


def same_short_title_page_range(p: Pair) -> bool:
    """'Stroke rehabilitation' twice in Lancet 9778, pages 1693-1702, by the same
    authors: a title too short to trust alone (and the volume unreadable on one side),
    pinned by one page range of one issue of one journal. In proceedings, without
    issue, the whole author list (two or more) pins it instead ('Subcontracting
    microwork', CHI 2017, 1867-1876). An erratum or reply carries its marker
    (``different_kinds``) and sits on other pages."""
    a, b = p.a, p.b
    return (
        p.s.title >= 100
        and bool(a.title)
        and not (a.title_truncated or b.title_truncated)
        and page_range_equal(p)
        and volumes_agree(p) is not False
        and issues_agree(p) is not False
        and same_year(p) is True
        and authors_agree(p) is True
        and (
            (issues_agree(p) is True and journals_agree(p) is True)
            or (
                whole_author_list(p)
                # a journal named in two languages ('Gan to Kagaku Ryoho' and 'Japanese
                # Journal of Cancer and Chemotherapy'): its volume, given on both, pins it
                and (venues_agree(p) is not False or volumes_agree(p) is True)
            )
        )
    )


def same_title_authors_adjacent_year(p: Pair) -> bool:
    """Online-first one year, in print the next: the same volume (and page) pins it."""
    return (
        title_agrees(p, 95)
        and authors_agree(p) is True
        and same_year(p) is False
        and volumes_agree(p) is True
        and pages_agree(p) is not False
        # a protocol in Trials, the results elsewhere; but one page range of one issue is
        # one article however its journal is abbreviated
        and (journals_agree(p) is not False or (page_range_equal(p) and issues_agree(p) is True))
    )


def online_first_a_year_early(p: Pair) -> bool:
    """'... vitamin B6 on semen quality' (Urol J 2017, no volume) and the same in Urol J
    2018 15(1): a record without volume or pages is the online-first version, dated by
    its first appearance, of the printed article a year later."""
    bare_a = not p.a.volume and not p.a.first_page
    bare_b = not p.b.volume and not p.b.first_page
    return (
        bare_a != bare_b
        # a meeting abstract without volume or pages is the report before the paper
        and p.a.conference == p.b.conference
        and p.a.supplement == p.b.supplement
        and p.s.title >= 98
        and not _short_title(p)
        and authors_agree(p) is True
        and p.s.authors >= 95
        and same_year(p) is False
        and journals_agree(p) is True
        and issues_agree(p) is not False
    )


def same_short_title_authors_volume(p: Pair) -> bool:
    """'Beer and breastfeeding' twice in Adv Exp Med Biol 478, by the same two authors:
    a title too short to trust alone, pinned by the full author list, year, journal
    and volume (a page, if both give one, equal)."""
    return (
        p.s.title >= 100
        and bool(p.a.title)
        and whole_author_list(p)
        and same_year(p) is True
        and journals_agree(p) is True
        and volumes_agree(p) is True
        and pages_agree(p) is not False
        and issues_agree(p) is not False
    )


def same_title_authors_journal_volume(p: Pair) -> bool:
    """A long title, the same authors, journal, volume and year, pages aside.

    Journals reprint an item in a later issue of the same volume (a corrected
    version, an abstract and its full text); databases index both under one title.
    """
    return (
        p.s.title >= 97
        and p.a.supplement == p.b.supplement  # not an abstract and its full paper
        and len(p.a.title.split()) >= 6
        and authors_agree(p) is True
        and p.s.authors >= 90
        and same_year(p) is True
        and journals_agree(p) is True
        and volumes_agree(p) is True
    )


def subtitle_dropped(p: Pair) -> bool:
    """'Infrastructure in the Wild' and 'Infrastructure in the wild: what mapping ...':
    every word of one title in the other, and authors, year and first page agree. With
    the pages unreadable on one side, the whole author list (two or more) in the same
    journal or proceedings pins a title of four or more words instead."""
    return (
        p.s.title_set >= 98
        and _fewest_words(p) >= 3
        and not (generic_title(p.a) or generic_title(p.b))
        and authors_agree(p) is True
        and same_year(p) is True
        and (
            pages_agree(p) is True
            or (
                pages_agree(p) is None
                and _fewest_words(p) >= 4
                and whole_author_list(p)
                and journals_agree(p) is True
                and issues_agree(p) is not False
                and p.a.supplement == p.b.supplement
            )
        )
        and volumes_agree(p) is not False
        and venues_agree(p) is not False
    )


def long_title_contained_same_venue(p: Pair) -> bool:
    """'Upwork's CEO on how an introverted engineer learned to lead' and 'How did it?
    Upwork's CEO on ...': a long title (8+ words) inside the other, by the same authors
    in the same journal and year, with no volume, issue or page against it."""
    return (
        p.s.title_set >= 98
        and _fewest_words(p) >= 8
        and not (generic_title(p.a) or generic_title(p.b))
        and authors_agree(p) is True
        and same_year(p) is True
        and journals_agree(p) is True
        and volumes_agree(p) is not False
        and issues_agree(p) is not False
        and pages_agree(p) is not False
        and p.a.conference == p.b.conference
    )


def conference_paper_year_apart(p: Pair) -> bool:
    """A conference paper dated by the meeting in one index and by the proceedings
    in another: both conference items, same long title and authors, a year apart."""
    return (
        p.a.conference
        and p.b.conference
        and title_agrees(p, 95)
        and len(p.a.title.split()) >= 5
        and authors_agree(p) is True
        and same_year(p) is False
        # an abstract printed in a journal supplement is another report than the paper
        and p.a.supplement == p.b.supplement
        and journals_agree(p) is not False
        and pages_agree(p) is not False
        and volumes_agree(p) is not False
    )


def translation_same_issue(p: Pair) -> bool:
    """'Genetic control of circadian rhythms and aging' in Genetika 52(4) and in its
    English edition, Russian Journal of Genetics 52(4): another journal name and other
    pages, but the same long title, authors, year, volume and issue."""
    return (
        p.s.title >= 98
        and _fewest_words(p) >= 5
        and not (generic_title(p.a) or generic_title(p.b))
        and authors_agree(p) is True
        and same_year(p) is True
        and volumes_agree(p) is True
        and issues_agree(p) is True
        and journals_agree(p) is False
        and p.a.conference == p.b.conference
    )


def cochrane_review_versions(p: Pair) -> bool:
    """The same Cochrane review number and title: versions of one review."""
    return same_review(p) and (
        title_agrees(p, 85)
        or p.s.title_set >= 90
        # an update reworded its title ('Ergonomic design and training for ...' became
        # 'Ergonomic interventions for ...'): the same lead author vouches for it
        or (p.s.title_set >= 85 and p.s.first_author >= 85)
    )


def translated_title_same_location(p: Pair) -> bool:
    """A title in two languages at one page range of one issue (see same_location), or
    of one volume by the whole same author list (``same_place_same_people``)."""
    return (
        bool(p.a.title and p.b.title)
        and (same_location(p) or same_place_same_people(p))
        and p.s.title_set < 85
    )


# --- rules that ask a person ------------------------------------------------------------


def similar_title(p: Pair) -> bool:
    """Alike enough that a person should look."""
    return (title_agrees(p, 85) or p.s.title_set >= 90) and authors_agree(p) is not False


Rule = Callable[[Pair], bool]
VETOES: tuple[Rule, ...] = (
    different_dois,
    different_pmids,
    different_kinds,
    different_numbers,
    conference_vs_journal,
    recurring_item_elsewhere,
    years_apart,
    titles_unlike,
)
DUPLICATE_RULES: tuple[Rule, ...] = (
    identical_fields,
    same_doi_and_title,
    same_pmid_and_title,
    same_title_authors_year,
    same_title_year_volume_pages,
    same_title_journal_volume_issue,
    same_title_authors_year_page_range,
    same_title_issue_page_range,
    typo_title_full_agreement,
    same_page_range_reworded_title,
    same_short_title_page_range,
    same_title_authors_adjacent_year,
    same_title_authors_journal_volume,
    online_first_a_year_early,
    same_short_title_authors_volume,
    subtitle_dropped,
    long_title_contained_same_venue,
    conference_paper_year_apart,
    cochrane_review_versions,
    reprinted_a_year_later,
    editorial_titled_twice,
    translated_title_same_location,
    translation_same_issue,
)
MAYBE_RULES: tuple[Rule, ...] = (same_doi, similar_title)

# The weakest title evidence any duplicate or maybe rule accepts: pairs below it on
# every count, without a shared DOI, PMID or page range (see ``place_key``), are
# distinct without running the rules (checked in the tests).
MIN_TITLE_SET = 85.0
MIN_TITLE = 85.0


# The name of "distinct" when no veto fired either: nothing proves the pair two studies,
# so clustering does not let it split a group that duplicate links join.
NO_RULE = "no_rule"


def classify(p: Pair) -> tuple[Verdict, str]:
    """The verdict and the name of the rule that gave it."""
    for rule in VETOES:
        if rule(p):
            return Verdict.DISTINCT, rule.__name__
    for rule in DUPLICATE_RULES:
        if rule(p):
            return Verdict.DUPLICATE, rule.__name__
    for rule in MAYBE_RULES:
        if rule(p):
            return Verdict.MAYBE, rule.__name__
    return Verdict.DISTINCT, NO_RULE


def describe(p: Pair) -> str:
    """The evidence in one line, for duplicates.csv."""
    parts = [f"title={p.s.title:.0f}/{p.s.title_set:.0f}"]
    if p.s.title_prefix:
        parts.append("title_truncated")
    if p.s.authors >= 0:
        parts.append(f"authors={p.s.authors:.0f} first={p.s.first_author:.0f}")
    parts.append(f"year={p.a.year or ''}/{p.b.year or ''}")
    for name, x, y in (
        ("doi", p.a.doi, p.b.doi),
        ("volume", p.a.volume, p.b.volume),
        ("page", p.a.first_page, p.b.first_page),
    ):
        if x or y:
            parts.append(f"{name}={'=' if x == y else f'{x}/{y}'}")
    return " ".join(parts)
