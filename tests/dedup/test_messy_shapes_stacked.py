"""Messy export shapes found among the misses left after the first pass of issue #11
(written for this test, not taken from a set): a generational suffix inside a glued
author list, a multi-word surname before its initials, two abbreviations of one journal
cut at other points, a source line followed by a meeting and the meeting's own tail, and
a short title pinned by its page range. Each duplicate has a same-title non-duplicate
in the same shape that must stay apart."""

from __future__ import annotations

from prisma.dedup.compare import compare_one
from prisma.dedup.normalise import (
    journals_compatible,
    norm_authors,
    norm_journal,
    record_keys,
    split_source_line,
)
from prisma.dedup.rules import Pair, Verdict, same_short_title_page_range
from prisma.records import Record
from tests.dedup.pairs import verdict

TITLE = "Nurse-led titration of beta blockers after myocardial infarction in rural clinics"
AUTHORS = ("Okafor, B. N.", "Haldane, T. R., Jr.", "Villanueva, M. C.", "Prentice, S.")


def rec(rid: str, **fields: object) -> Record:
    base: dict[str, object] = {
        "id": rid,
        "source": "t",
        "title": TITLE,
        "authors": AUTHORS,
        "year": 2016,
        "journal": "Journal of Rural Cardiology",
        "volume": "12",
        "issue": "3",
        "pages": "201-209",
        "doi": "",
        "type": "article",
    }
    base.update(fields)
    return Record(**base)  # type: ignore[arg-type]


def test_suffix_inside_a_glued_list_does_not_end_the_list() -> None:
    clean = norm_authors(AUTHORS)
    for glued in (
        "OkaforB.N.HaldaneT.R.,.J.VillanuevaM.C.PrenticeS.",
        "OkaforB.N.HaldaneT.R., Jr.VillanuevaM.C.PrenticeS.",
    ):
        names = norm_authors((glued,))
        assert [s for s, _ in names][:2] == ["okafor", "haldane"]
        assert len(names) == len(clean) == 4
    dup = rec("glued", authors=("OkaforB.N.HaldaneT.R.,.J.VillanuevaM.C.PrenticeS.",))
    assert verdict(rec("a"), dup)[0] == Verdict.DUPLICATE
    reply = rec(
        "reply",
        title="Reply: " + TITLE,
        authors=("OkaforB.N.HaldaneT.R.,.J.",),
        issue="5",
        pages="412",
    )
    assert verdict(rec("a"), reply)[0] == Verdict.DISTINCT


def test_multi_word_surname_before_initials_is_one_name() -> None:
    assert norm_authors(("Leite Lopes, M. A.",)) == (("leitelopes", "ma"),)
    names = norm_authors(("Okafor, B. N. and Villa Nueva, M. C. and Prentice, S.",))
    assert [s for s, _ in names] == ["okafor", "villanueva", "prentice"]
    # a list of "Surname Initials" parts is still a list
    assert norm_authors(("Smith JA, Jones B",)) == (("smith", "ja"), ("jones", "b"))


def test_two_abbreviations_of_one_journal() -> None:
    assert journals_compatible(
        norm_journal("Americ. Journ. Ger. Psych."), norm_journal("Amer Journ Geriatr Psych")
    )
    assert journals_compatible(norm_journal("Journ. Rur. Cardiol."), norm_journal("J Rural Card"))
    # another word, not another cut of the same word
    assert not journals_compatible(
        norm_journal("Journ Rur Cardiol"), norm_journal("Journ Rur Surg")
    )
    assert not journals_compatible(norm_journal("J Clin Psych"), norm_journal("J Clin Pharm"))


STACKED = (
    "J. Rur. Cardiol.. Vol.12(Supplement 1), pp.201-209, 2016..Conference: Annual Meeting "
    "of the Rural Heart Society. Leeds United Kingdom. Conference Start: 20160412 "
    "Conference End: 20160415.2016 (SUPPL. 1) (pp )"
)


def test_source_line_then_meeting_tail_read_once() -> None:
    line = split_source_line(STACKED)
    assert line is not None
    # volume 12 (inner) against 2016 (the meeting tail): two readings disagree -> unknown
    assert (line.volume, line.issue, line.pages) == ("", "Supplement 1", "201-209")
    assert line.journal.startswith("J. Rur. Cardiol.. Conference: Annual Meeting")
    agreeing = split_source_line(STACKED.replace(".2016 (SUPPL. 1) (pp )", ".12 (SUPPL. 1) (pp )"))
    assert agreeing is not None and agreeing.volume == "12"


def test_stacked_meeting_line_merges_with_its_supplement_record() -> None:
    printed = rec("printed", issue="Suppl 1", pages="201-209")
    meeting = rec("meeting", journal=STACKED, volume="", issue="", pages="")
    assert verdict(printed, meeting)[0] == Verdict.DUPLICATE
    # the paper a year later, in a regular issue: another report
    paper = rec("paper", year=2017, volume="13", issue="2", pages="88-97")
    assert verdict(meeting, paper)[0] == Verdict.DISTINCT
    # the same meeting line at other pages of the supplement: another abstract
    other = rec("other", journal=STACKED.replace("pp.201-209", "pp.310-311"), volume="")
    assert verdict(printed, other)[0] != Verdict.DUPLICATE


def test_short_title_pinned_by_one_page_range() -> None:
    a = rec(
        "a",
        title="Cardiac rehabilitation",
        authors=("Langley, P.", "Bernard, J.", "Kwan, G."),
        journal="Lancet",
        volume="377",
        issue="9778",
        pages="1693-1702",
    )
    # turned first author, a country in the volume field
    b = rec(
        "b",
        title="Cardiac rehabilitation",
        authors=("PeterL.BernardJ.KwanG.",),
        journal="Lancet",
        volume="Germany",
        issue="9778",
        pages="1693-1702",
    )
    assert verdict(a, b) == (Verdict.DUPLICATE, "same_short_title_page_range")
    # same short title by the same authors in another issue: another article
    other = rec(
        "c",
        title="Cardiac rehabilitation",
        authors=("Langley, P.", "Bernard, J.", "Kwan, G."),
        journal="Lancet",
        volume="",
        issue="9801",
        pages="2110-2112",
    )
    assert verdict(b, other)[0] != Verdict.DUPLICATE
    # the correction at the same pages of a later issue carries its marker
    erratum = rec(
        "d",
        title="Cardiac rehabilitation (vol 377, pg 1693, 2011)",
        authors=("PeterL.BernardJ.KwanG.",),
        journal="Lancet",
        volume="",
        issue="9778",
        pages="1693-1702",
    )
    assert verdict(a, erratum)[0] == Verdict.DISTINCT


def test_abbreviated_official_journal_tail_dropped() -> None:
    for messy in (
        "Journ. Rur. Cardiol. offic. journ. Rur. Heart Soc.",
        "Journ rur cardiol  off public Rural Heart Society",
    ):
        assert norm_journal(messy) == "journ rur cardiol"
        assert journals_compatible(norm_journal(messy), norm_journal("Journal of Rural Cardiology"))
    # a journal whose name is an official journal keeps it
    assert norm_journal("Official Journal of the European Union").startswith("official journal")
    dup = rec("b", journal="Journ. Rur. Cardiol. offic. journ. Rur. Heart Soc.", pages="Nov")
    assert verdict(rec("a"), dup)[0] == Verdict.DUPLICATE
    # the same title in another journal of that society: not the article
    other = rec(
        "c", journal="Journ. Rur. Surg. offic. journ. Rur. Heart Soc.", volume="30", issue="1"
    )
    assert verdict(rec("a"), other)[0] != Verdict.DUPLICATE


def test_ovid_line_with_empty_or_garbled_pages() -> None:
    assert split_source_line("J. Rur. Cardiol.. 12:, 2016.") == ("J. Rur. Cardiol.", "12", "", "")
    line = split_source_line("J Rur Cardiol. 12:t-9, 2016.")
    assert line is not None and (line.journal, line.volume) == ("J Rur Cardiol", "12")
    keys = record_keys(rec("b", journal="J Rur Cardiol. 12:t-9, 2016.", volume="(no pagination)"))
    assert (keys.volume, keys.first_page) == ("12", "")
    assert (
        verdict(rec("a"), rec("b", journal="J. Rur. Cardiol.. 12:, 2016.", volume="", pages=""))[0]
        == Verdict.DUPLICATE
    )
    # the erratum a volume later, in the same line style
    erratum = rec(
        "e",
        title=TITLE + " (vol 12, pg 201, 2016)",
        journal="J. Rur. Cardiol.. 13:, 2017.",
        year=2017,
    )
    assert verdict(rec("a"), erratum)[0] == Verdict.DISTINCT


def test_glued_list_in_capitals() -> None:
    names = norm_authors(("OKAFORB.N.HALDANET.R.VILLANUEVAM.C.PRENTICES.",))
    assert names == (("okafor", "bn"), ("haldane", "tr"), ("villanueva", "mc"), ("prentice", "s"))
    caps = rec("caps", authors=("OKAFORB.N.HALDANET.R.VILLANUEVAM.C.PRENTICES.",), volume="")
    assert verdict(rec("a"), caps)[0] == Verdict.DUPLICATE
    # the reply in the same shape stays apart
    reply = rec("r", title="Reply: " + TITLE, authors=("OKAFORB.N.",), issue="6", pages="501")
    assert verdict(caps, reply)[0] == Verdict.DISTINCT


def test_short_title_in_proceedings_pinned_by_page_range_and_authors() -> None:
    people = ("Moreau, C.", "Tan, B.", "Lindqvist, H.")
    a = rec(
        "a",
        title="Crowd triage",
        authors=people,
        journal="CHI Conference on Human Factors",
        volume="",
        issue="",
        pages="1867-1876",
        type="inproceedings",
    )
    b = rec(
        "b",
        title="Crowd triage",
        authors=("Moreau, Claire", "Tan, Bo", "Lindqvist, Hanna"),
        journal="Proceedings of the 2017 CHI Conference on Human Factors in Computing Systems",
        volume="Netherlands",
        issue="",
        pages="1867-1876",
        type="inproceedings",
    )
    assert verdict(a, b)[0] == Verdict.DUPLICATE
    ka, kb = record_keys(a), record_keys(b)
    assert same_short_title_page_range(Pair(ka, kb, compare_one(ka, kb)))
    # same short title by others at those pages of another proceedings: not merged
    others = b.with_(id="c", authors=("Okafor, B.", "Haldane, T."))
    assert verdict(a, others)[0] != Verdict.DUPLICATE
    # the same authors' short paper of that title at other pages
    short = b.with_(id="d", pages="2101-2104")
    assert verdict(a, short)[0] != Verdict.DUPLICATE
