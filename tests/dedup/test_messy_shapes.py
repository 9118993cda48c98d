"""The six messy export shapes of issue #11, each on pairs written for this test: the
duplicate pair is judged one study, and a non-duplicate sharing its title (erratum,
reply, meeting abstract, protocol), written in the same shape, stays apart."""

from __future__ import annotations

import pytest

from prisma.dedup.normalise import (
    journals_compatible,
    norm_authors,
    norm_doi,
    norm_issue,
    norm_journal,
    norm_pages,
    norm_volume,
    record_keys,
    split_source_line,
)
from prisma.dedup.rules import Verdict
from prisma.records import Record
from tests.dedup.pairs import verdict

TITLE = "Sleep restriction therapy delivered by nurses in general practice for chronic insomnia"
AUTHORS = ("Marsden, K. L.", "Oduya, P. T.", "Fenwick, A.", "Lunde, M. P.")


def rec(rid: str, **fields: object) -> Record:
    base: dict[str, object] = {
        "id": rid,
        "source": "t",
        "title": TITLE,
        "authors": AUTHORS,
        "year": 2019,
        "journal": "Sleep Medicine Research",
        "volume": "41",
        "issue": "2",
        "pages": "118-127",
        "doi": "10.5555/smr.2019.0118",
        "type": "article",
    }
    base.update(fields)
    return Record(**base)  # type: ignore[arg-type]


CLEAN = rec("clean")


# --- 1. a whole Embase/Ovid source line in the journal field -------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Sleep Medicine Research.41 (2) ()(pp 118-127) 2019.Date of Publication: 3 Feb 2019.",
            ("Sleep Medicine Research", "41", "2", "118-127"),
        ),
        (
            "Sleep Medicine Research (Netherlands).41 (2) (pp 118-127) 2019.Date of Publication: Feb 2019.",
            ("Sleep Medicine Research (Netherlands)", "41", "2", "118-127"),
        ),
        ("Sleep Med Res. 41(2):118-27, 2019 Feb.", ("Sleep Med Res", "41", "2", "118-27")),
        ("Sleep.Med.Res.. Vol.41(2), pp.118-127, 2019.", ("Sleep.Med.Res.", "41", "2", "118-127")),
        (
            "Sleep Medicine Research.Conference: 9th Sleep Congress. Oslo Norway. Conference "
            "Start: 20180901 Conference End: 20180904.40 (SUPPL. 1) (pp S44-S45)",
            (
                "Sleep Medicine Research.Conference: 9th Sleep Congress. Oslo Norway. Conference "
                "Start: 20180901 Conference End: 20180904",
                "40",
                "SUPPL. 1",
                "S44-S45",
            ),
        ),
    ],
)
def test_source_line_split_into_journal_volume_issue_pages(line: str, expected: tuple) -> None:
    assert tuple(split_source_line(line)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Ovid MEDLINE: a supplement in the volume, pages with a "+" or a discussion
        ("Sleep Med Res. 41 Suppl 1:118-27, 2019.", ("Sleep Med Res", "41 Suppl 1", "", "118-27")),
        ("Sleep Med Res. 41(2):118-+, 2019 Feb.", ("Sleep Med Res", "41", "2", "118-+")),
        (
            "Sleep Med Res. 41:118-27; discussion 127-9, 2019.",
            ("Sleep Med Res", "41", "", "118-27; discussion 127-9"),
        ),
        # an article number after "(no pagination)", no volume at all, a year for volume
        (
            "Sleep Med Res. Vol.41 (no pagination)(e118), pp., 2019.",
            ("Sleep Med Res", "41", "", "e118"),
        ),
        (
            "Cochrane Database Syst Rev. (9):CD009194, 2012 Apr.",
            ("Cochrane Database Syst Rev", "", "9", "CD009194"),
        ),
        (
            "Cochr Dat Syst Rev. 2014 (2) (no pagination)(CD005983):, 2014 May.",
            ("Cochr Dat Syst Rev", "2014", "2", "CD005983"),
        ),
        (
            "J Int Med Res. Vol.33 Suppl 1(), pp.12a-20a, 2005.",
            ("J Int Med Res", "33 Suppl 1", "", "12a-20a"),
        ),
        # Embase with "Suppl" after the volume
        (
            "Sleep Med Res.41 Suppl () ()(pp 118-127) 2019.Date of Publication: 3 Feb 2019.",
            ("Sleep Med Res", "41 Suppl", "", "118-127"),
        ),
        # PsycINFO (Ovid, EBSCO): the date between the volume and the pages
        (
            "Sleep Medicine Research. Vol.41(2), Feb 2019, pp. 118-127.",
            ("Sleep Medicine Research", "41", "2", "118-127"),
        ),
        (
            "Sleep Medicine Research, Vol 41(2), Nov-Dec 2019, 118-127",
            ("Sleep Medicine Research", "41", "2", "118-127"),
        ),
        (
            "Dissertation Abstracts International: Section B. Vol.73(3-B), 2012, pp. 1524.",
            ("Dissertation Abstracts International: Section B", "73", "3-B", "1524"),
        ),
        (
            "Cochr Datab Syst Rev, Vol (1), Jul 2006, CD000437",
            ("Cochr Datab Syst Rev", "", "1", "CD000437"),
        ),
        # PsycINFO lines without a volume or with a supplement volume
        ("Clin.Neurops.. Vol.(), Sep 2021, pp. 1-22.", ("Clin.Neurops.", "", "", "1-22")),
        (
            "BMC Bioinf.. Vol.14 Suppl 6(), Mar 2013, pp. S3.",
            ("BMC Bioinf.", "14 Suppl 6", "", "S3"),
        ),
        # Vancouver (PubMed, reference managers)
        (
            "Sleep Med Res. 2019 Feb;41(2):118-27.",
            ("Sleep Med Res", "41", "2", "118-27"),
        ),
        (
            "N Engl J Med. 2009 Oct 22;361(17):1676-87. doi: 10.1056/NEJMra0902814.",
            ("N Engl J Med", "361", "17", "1676-87"),
        ),
        ("BMJ. 2010 Mar 23;340:c1345.", ("BMJ", "340", "", "c1345")),
        ("Front Psychol. 2017 Jul;8:.", ("Front Psychol", "8", "", "")),
        (
            "Health Technol Assess. 2004 Jan;8(37):iii ix-xi 1-82.",
            ("Health Technol Assess", "8", "37", "iii ix-xi 1-82"),
        ),
        ("Clin Infect Dis. 2010;51 Suppl 1:S1-5.", ("Clin Infect Dis", "51 Suppl 1", "", "S1-5")),
        # APA
        (
            "Sleep Medicine Research, 41(2), 118-127",
            ("Sleep Medicine Research", "41", "2", "118-127"),
        ),
        ("Hum.Res.Managem.Rev., 31(1),", ("Hum.Res.Managem.Rev.", "31", "1", "")),
        ("Pharmac Res, 145,", ("Pharmac Res", "145", "", "")),
        (
            "Injury (Netherlands), 36 Suppl 2, B13-26",
            ("Injury (Netherlands)", "36 Suppl 2", "", "B13-26"),
        ),
        ("Front.Neur., 8 (JAN) (no pagination)(744),", ("Front.Neur.", "8", "JAN", "744")),
        # APA for the Cochrane Library: no volume, the issue, the review number
        (
            "Cochrane Database Syst Rev, (4), Cd001186",
            ("Cochrane Database Syst Rev", "", "4", "Cd001186"),
        ),
        (
            "Cochrane Database of Systematic Reviews, 12, CD005091.",
            ("Cochrane Database of Systematic Reviews", "12", "", "CD005091"),
        ),
        # Embase: the volume spelled out, a special issue or a part letter after it
        (
            "J Multidiscip Healthc. Volume 14 () (pp 1945-1953), 2021. Date of Publication: 2021.",
            ("J Multidiscip Healthc", "14", "", "1945-1953"),
        ),
        (
            "Hum Mol Gen. 14 Spec No. 2 () (pp R275-82), 2005. Date of Publication: 2005.",
            ("Hum Mol Gen", "14 Spec No. 2", "", "R275-82"),
        ),
        (
            "Am J Med Genet. 133 B (1) (pp 79-84), 2005. Date of Publication: 2005.",
            ("Am J Med Genet", "133 B", "1", "79-84"),
        ),
        # Embase via Ovid: a comma before the year
        (
            "Sleep Medicine Research. 41 (2) (pp 118-127), 2019. Date of Publication: 2019.",
            ("Sleep Medicine Research", "41", "2", "118-127"),
        ),
        # a colon inside the journal's own name is not the start of the numbers
        (
            "Journal of applied physiology (Bethesda, Md. : 1985). 109(3):745-51, 2010 Feb.",
            ("Journal of applied physiology (Bethesda, Md. : 1985)", "109", "3", "745-51"),
        ),
    ],
)
def test_more_ovid_and_embase_line_spellings(line: str, expected: tuple) -> None:
    assert tuple(split_source_line(line)) == expected  # type: ignore[arg-type]


def test_apa_cochrane_line_gives_the_review_number() -> None:
    review = rec(
        "apa",
        title="Surfactant therapy for bronchiolitis in critically ill infants",
        authors=("Jat, K. R.", "Chawla, D."),
        journal="Cochrane Database Syst Rev, (9), CD009194",
        volume="",
        issue="",
        pages="",
        doi="",
        year=2012,
    )
    keys = record_keys(review)
    assert (keys.journal, keys.issue, keys.review) == (
        "cochrane database syst rev",
        "9",
        "cd009194",
    )


def test_cochrane_line_without_volume_merges_but_another_review_not() -> None:
    review = rec(
        "cd",
        title="Surfactant therapy for bronchiolitis in critically ill infants",
        authors=("Jat, K. R.", "Chawla, D."),
        journal="Cochrane Database of Systematic Reviews",
        volume="",
        issue="9",
        pages="CD009194",
        doi="",
        year=2012,
    )
    ovid = review.with_(
        id="ovid", journal="Cochrane Database Syst Rev. (9):CD009194, 2012 Apr.", issue="", pages=""
    )
    assert record_keys(ovid).review == "cd009194"
    assert verdict(review, ovid)[0] == Verdict.DUPLICATE
    other = ovid.with_(id="x", journal="Cochrane Database Syst Rev. (9):CD009195, 2012 Apr.")
    assert verdict(review, other)[0] != Verdict.DUPLICATE


@pytest.mark.parametrize(
    "plain",
    [
        "Sleep Medicine Research",
        "Journal of 3D Printing in Medicine",
        "Journal of applied physiology (Bethesda, Md. : 1985)",
        "Proceedings (2019)",
        "Proceedings of the 3rd Workshop, 2019",
        "Proceedings of the 3rd Workshop, 2019,",
        "Annals, 2019,",
        # a comma and a bracket without an issue and pages after them
        "Journal of Physiology (London), Supplement",
        "Annals of Surgery, (London)",
    ],
)
def test_plain_journal_names_are_not_source_lines(plain: str) -> None:
    assert split_source_line(plain) is None


def test_source_line_duplicate_merges_and_its_numbers_count() -> None:
    embase = rec(
        "embase",
        journal="Sleep Medicine Research.41 (2) ()(pp 118-127) 2019.Date of Publication: 3 Feb 2019.",
        volume="2019",
        issue="",
        pages="",
        doi="",
    )
    keys = record_keys(embase)
    assert (keys.journal, keys.volume, keys.issue, keys.first_page) == (
        "sleep medicine research",
        "41",
        "2",
        "118",
    )
    assert verdict(CLEAN, embase)[0] == Verdict.DUPLICATE
    # an erratum in the same shape: the line's own numbers say another page
    erratum = rec(
        "erratum",
        title="Erratum: " + TITLE,
        journal="Sleep Medicine Research.41 (4) ()(pp 388) 2019.Date of Publication: 9 Apr 2019.",
        volume="",
        issue="",
        pages="",
        doi="",
    )
    assert verdict(CLEAN, erratum)[0] == Verdict.DISTINCT
    assert verdict(embase, erratum)[0] == Verdict.DISTINCT


# --- 2. volume, issue and pages fields that cannot be one ----------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "United States",
        "pp S445-S446 2009",
        "var.pagings",
        "1)",
        # pages 9-19 that a spreadsheet read as a date, then moved into the volume
        "pp Sep-19 2019",
        "pp RA37-RA44 2008",
    ],
)
def test_volume_that_is_not_a_volume_is_unknown(value: str) -> None:
    assert norm_volume(value) == ""


@pytest.mark.parametrize(
    "value", ["02-Mar", "2-Mar", "3-Feb", "Mar-02", "May", "AUGUST2015", "Jul-Aug", "Spring 2019"]
)
def test_issue_turned_into_a_date_or_month_is_unknown(value: str) -> None:
    assert norm_issue(value) == ""


@pytest.mark.parametrize(
    ("value", "number"), [("3", "3"), ("Suppl 2", "2"), ("4 SUPPL. 1", "4"), ("12 Pt 2", "12")]
)
def test_issue_numbers_still_read(value: str, number: str) -> None:
    assert norm_issue(value) == number


@pytest.mark.parametrize("value", ["May", "September", "var.pagings", "var. pagings", "01-Aug"])
def test_pages_that_are_not_pages_are_unknown(value: str) -> None:
    assert norm_pages(value) == ("", "")


def test_year_column_holding_the_issue_is_unknown() -> None:
    # Proc Biol Sci 285(1885) exported with year 1885: the issue in the year column
    shifted = rec("shifted", year=1885, volume="285", issue="1885", doi="")
    assert record_keys(shifted).year is None
    paper = rec("paper", year=2018, volume="285", issue="1885", doi="")
    assert record_keys(paper).year == 2018
    assert verdict(paper, shifted)[0] == Verdict.DUPLICATE
    # a year that is only close to the issue is still a year
    assert record_keys(rec("x", year=2018, issue="2017")).year == 2018


def test_numbers_still_read_where_they_are_numbers() -> None:
    assert (norm_volume("41"), norm_issue("2-3"), norm_pages("pp 118-27")) == (
        "41",
        "2",
        ("118", "127"),
    )


@pytest.mark.parametrize(
    "garbled",
    [
        {"volume": "United States"},
        {"volume": "pp 118-127 2019"},
        {"issue": "02-Mar"},
        {"pages": "September"},
        {"pages": "var.pagings"},
    ],
)
def test_unreadable_field_is_unknown_not_different(garbled: dict[str, str]) -> None:
    clean = rec("clean", issue="2-3")
    messy = rec("messy", doi="", **garbled)
    assert verdict(clean, messy)[0] == Verdict.DUPLICATE


def test_unreadable_fields_do_not_merge_a_reply_or_protocol() -> None:
    reply = rec(
        "reply",
        title="Authors' reply: " + TITLE,
        volume="United States",
        pages="var.pagings",
        doi="",
    )
    protocol = rec(
        "protocol",
        title=TITLE + ": study protocol for a randomised controlled trial",
        year=2018,
        journal="Trials",
        volume="United States",
        issue="02-Mar",
        pages="May",
        doi="",
    )
    assert verdict(CLEAN, reply)[0] == Verdict.DISTINCT
    assert verdict(CLEAN, protocol)[0] == Verdict.DISTINCT


# --- 3. DOI fields with labels, escapes, or on one side only -------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "S0167-4943(19)30011-2 [pii];10.5555/smr.2019.0118 [doi]",
        "10.5555/smr.2019.0118 [doi]; S0167-4943(19)30011-2 [pii]",
        "http://dx.doi.org/10.5555%2Fsmr.2019.0118",
        "DOI: 10.5555/SMR.2019.0118",
    ],
)
def test_labelled_or_escaped_doi(value: str) -> None:
    assert norm_doi(value) == "10.5555/smr.2019.0118"


def test_labelled_sici_doi_keeps_its_brackets() -> None:
    # a Wiley SICI DOI holds "<", ">" and ";": the labelled and escaped form is the same DOI
    bare = "10.1002/1097-0274(200008)38:2<164::aid-ajim7>3.0.co;2-2"
    labelled = (
        "S6128-8275(00)56576-5 [pii];10.1002/1097-0274%28200008%2938:2%3C164::AID-AJIM7%3E3.0"
        ".CO;2-2 [doi]"
    )
    assert norm_doi(labelled) == norm_doi(bare) == bare


def test_percent_escaped_parentheses() -> None:
    assert (
        norm_doi("http://dx.doi.org/10.1016/S0924-977X%2809%2970695-9")
        == "10.1016/s0924-977x(09)70695-9"
    )


def test_doi_on_one_side_only_and_labelled_doi_merge() -> None:
    labelled = rec("labelled", doi="S0167-4943(19)30011-2 [pii];10.5555/smr.2019.0118 [doi]")
    none = rec("none", doi="")
    assert verdict(CLEAN, labelled) == (Verdict.DUPLICATE, "identical_fields")
    assert verdict(labelled, none)[0] == Verdict.DUPLICATE
    erratum = rec(
        "erratum",
        title="Correction to: " + TITLE,
        doi="S0167-4943(19)30099-0 [pii];10.5555/smr.2019.0388 [doi]",
        pages="388",
    )
    assert verdict(labelled, erratum)[0] == Verdict.DISTINCT


# --- 4. author lists without separators, glued, turned round, shortened --------------------


def test_glued_initials_and_spaced_lists() -> None:
    expected = (("marsden", "kl"), ("oduya", "pt"), ("fenwick", "a"), ("lunde", "mp"))
    assert norm_authors(AUTHORS) == expected
    assert norm_authors("MarsdenK.L.OduyaP.T.FenwickA.LundeM.P.") == expected
    assert norm_authors("Marsden K.L.Oduya P.T.Fenwick A.Lunde M.P.") == expected
    assert norm_authors("Marsden KL Oduya PT Fenwick A Lunde MP") == expected
    # a surname in two words is not split into two authors
    assert norm_authors("Van Wyk KL Oduya PT") == (("vanwyk", "kl"), ("oduya", "pt"))
    # a glued name that starts with an accented capital or holds one still ends where
    # the next begins
    assert norm_authors("MarsdenK.L.ÖduyaP.T.FenwickA.LündeM.P.") == (
        ("marsden", "kl"),
        ("oduya", "pt"),
        ("fenwick", "a"),
        ("lunde", "mp"),
    )


def test_author_shapes_merge() -> None:
    for authors in (
        ("MarsdenK.L.OduyaP.T.FenwickA.LundeM.P.",),
        ("Marsden KL Oduya PT Fenwick A Lunde MP",),
    ):
        assert verdict(CLEAN, rec("glued", authors=authors, doi=""))[0] == Verdict.DUPLICATE


def test_turned_round_first_author() -> None:
    # "Park, Sang K." indexed as "SangK.P.": the given name read as the surname
    korean = rec("a", authors=("Park, Sang K.", "Nguyen, M. D.", "Fischer, A."), doi="")
    turned = rec("b", authors=("SangK.P.NguyenM.D.FischerA.",), doi="", pages="")
    assert verdict(korean, turned)[0] == Verdict.DUPLICATE


def test_shortened_double_surname() -> None:
    full = rec("a", authors=("Hammami-Abrand Abadi, A.", "Oduya, P. T."), doi="")
    short = rec("b", authors=("AbadiA.H.-A.OduyaP.T.",), doi="", volume="United States")
    assert norm_authors(("AbadiA.H.-A.",)) == (("abadi", "aha"),)
    assert verdict(full, short)[0] == Verdict.DUPLICATE


def test_glued_authors_do_not_merge_an_erratum() -> None:
    erratum = rec(
        "erratum",
        title=TITLE + " (vol 41, pg 118, 2019)",
        authors=("MarsdenK.L.OduyaP.T.FenwickA.LundeM.P.",),
        volume="42",
        issue="1",
        pages="15",
        doi="",
    )
    assert verdict(CLEAN, erratum)[0] == Verdict.DISTINCT


# --- 5. abbreviated vs full journal titles ------------------------------------------------


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Pain Med.", "Pain Medicine (United States)"),
        ("Arq Neuropsiquiatr.", "Arquivos de neuro-psiquiatria"),
        ("Behav.Pharmacol.", "Behavioural Pharmacology"),
        ("J Strateg Inf Syst", "The Journal of Strategic Information Systems"),
        ("Psychogeriatrics", "Psychogeriatrics:The Official Journal of the Japanese Society"),
        # the supplement or meeting word abbreviated too
        ("Europ.Heart.Journ.Supplem.", "European Heart Journal Supplement. Conference: CardioAlex"),
        ("Eur Heart J Suppl", "European Heart Journal"),
    ],
)
def test_abbreviated_journal_titles_agree(short: str, full: str) -> None:
    assert journals_compatible(norm_journal(short), norm_journal(full)) is True


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pain Med.", "Pain Research"),
        ("Behav.Pharmacol.", "Behavioural Neurology"),
        ("Arq Neuropsiquiatr.", "Archives of Neurology"),
        # one name's letters found in order inside a long unread citation line
        ("Diabetes", "Diabetologia.1) () (pp S334) 2012.Date of Publication: Sep 2012."),
    ],
)
def test_other_journals_do_not_agree(a: str, b: str) -> None:
    assert journals_compatible(norm_journal(a), norm_journal(b)) is False


def test_abbreviated_journal_with_unreadable_volume_merges_but_protocol_elsewhere_not() -> None:
    abbreviated = rec("abbr", journal="Sleep Med.Res.", volume="United States", doi="")
    assert verdict(CLEAN, abbreviated)[0] == Verdict.DUPLICATE
    protocol = rec(
        "protocol",
        title=TITLE + ": protocol for a randomised controlled trial",
        journal="BMJ Open",
        year=2018,
        volume="8",
        pages="",
        doi="",
    )
    assert verdict(abbreviated, protocol)[0] == Verdict.DISTINCT


# --- 6. conference abstracts in journal supplements ---------------------------------------


ABSTRACT = rec(
    "abstract",
    journal="Sleep Medicine Research.Conference: 9th Sleep Congress. Oslo Norway",
    volume="40",
    issue="Suppl 1",
    pages="S44",
    year=2018,
    doi="",
    type="conference",
)


def test_abstract_with_and_without_supplement_pages_merge() -> None:
    no_pages = rec(
        "no_pages", journal=ABSTRACT.journal, volume="40", issue="", pages="", year=2018, doi=""
    )
    assert verdict(ABSTRACT, no_pages)[0] == Verdict.DUPLICATE


def test_abstract_and_later_paper_stay_apart_whatever_is_unreadable() -> None:
    for garbled in ({}, {"volume": "United States"}, {"volume": "", "pages": "var.pagings"}):
        abstract = rec(
            "abstract",
            journal=ABSTRACT.journal,
            volume=str(garbled.get("volume", "40")),
            issue="Suppl 1",
            pages=str(garbled.get("pages", "S44")),
            year=2018,
            doi="",
        )
        assert verdict(CLEAN, abstract)[0] == Verdict.DISTINCT, garbled


@pytest.mark.parametrize(
    ("volume", "issue", "pages", "expected"),
    [
        # Embase through a reference manager: the issue inside the volume field, the
        # article number in the issue field
        ("9 (1) (no pagination)", "47", "", ("9", "1", "47")),
        ("7 (6) (no pagination)", "e38870", "", ("7", "6", "e38870")),
        ("2015 (no pagination)", "801691", "", ("2015", "", "801691")),
        # pages already given (or unreadable) beside it
        ("19 (12) (no pagination)", "104", "104", ("19", "12", "104")),
        ("8 (no pagination)", "15193", "01-Dec", ("8", "", "15193")),
        # any other volume field is read as before
        ("9", "47", "", ("9", "47", "")),
        ("(no pagination)", "5", "", ("", "5", "")),
    ],
)
def test_unpaged_embase_volume_holds_the_issue(
    volume: str, issue: str, pages: str, expected: tuple[str, str, str]
) -> None:
    keys = record_keys(rec("e", volume=volume, issue=issue, pages=pages))
    assert (keys.volume, keys.issue, keys.first_page) == expected


def test_unpaged_embase_record_merges_with_its_pubmed_record() -> None:
    pubmed = rec(
        "pm",
        title="Oxytocin receptor variants and social cognition in autism: a cohort study",
        authors=("Lindqvist, H.", "Ortega, P.", "Ruiz, C."),
        journal="Mol Autism",
        volume="9",
        issue="1",
        pages="47",
        doi="",
        year=2018,
    )
    embase = pubmed.with_(
        id="em",
        authors=("LindqvistH.", "OrtegaP.", "RuizC."),
        journal="Molecular Autism",
        volume="9 (1) (no pagination)",
        issue="47",
        pages="",
    )
    assert verdict(pubmed, embase)[0] == Verdict.DUPLICATE
    # its issue is 1, not the article number: another issue still separates
    other = pubmed.with_(id="x", issue="2", pages="")
    assert record_keys(embase).issue == "1"
    assert record_keys(other).issue != record_keys(embase).issue
