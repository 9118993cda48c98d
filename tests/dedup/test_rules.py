"""Every rule on pairs modelled on the benchmark's hard cases (written here, not copied)."""

from __future__ import annotations

import numpy as np
import pytest

from prisma.dedup import rules
from prisma.dedup.compare import compare_one, compare_pairs
from prisma.dedup.normalise import record_keys
from prisma.dedup.rules import Verdict, classify
from prisma.records import Record
from tests.dedup.pairs import pair


def rec(
    rid: str,
    title: str,
    authors: str = "",
    year: int | None = 2012,
    journal: str = "",
    volume: str = "",
    issue: str = "",
    pages: str = "",
    doi: str = "",
    type_: str = "article",
) -> Record:
    return Record(
        id=rid,
        source="t",
        title=title,
        authors=tuple(a for a in authors.split(" and ") if a),
        year=year,
        journal=journal,
        volume=volume,
        issue=issue,
        pages=pages,
        doi=doi,
        type=type_,
    )


TITLE = "Targeting luteinizing hormone-releasing hormone: a potential therapeutics to treat cancer"
PUBMED = rec(
    "pubmed:1",
    TITLE.upper(),
    "Ghanghoria R. and Kesharwani P. and Tekade R. K.",
    2018,
    "J Control Release",
    "269",
    "",
    "277-301",
    "10.1016/j.jconrel.2016.11.002",
)
WOS = rec(
    "wos:1",
    TITLE,
    "Ghanghoria RakshaKesharwani PrashantTekade Rakesh K.",
    2018,
    "Journal of Controlled Release",
    "269",
    "",
    "277-301",
    "10.1016/J.JCONREL.2016.11.002",
)


# --- vetoes --------------------------------------------------------------------------------


def test_different_dois() -> None:
    a = rec(
        "a",
        "Introduction to the minitrack on crowdsourcing and digital workforce",
        "Deng, X. and Taylor, J.",
        2021,
        doi="10.24251/HICSS.2021.510",
    )
    b = rec(
        "b",
        "Introduction to the minitrack on crowdsourcing and digital workforce",
        "Deng, X. and Taylor, J.",
        2022,
        doi="10.24251/HICSS.2022.544",
    )
    assert rules.different_dois(pair(a, b))
    assert classify(pair(a, b))[0] == Verdict.DISTINCT
    assert not rules.different_dois(pair(PUBMED, WOS))


def test_different_dois_forgiven_when_everything_else_pins_one_article() -> None:
    a = rec(
        "a",
        "Central pontine myelinolysis associated with acquired folate depletion",
        "Ramaekers V. T. and Reul J.",
        1997,
        "Neuropediatrics",
        "28",
        "2",
        "126-130",
        "10.1055/s-2007-973686",
    )
    b = a.with_(id="b", doi="10.1007/s13524-016-0479-5", pages="126-30")
    assert not rules.different_dois(pair(a, b))
    assert classify(pair(a, b))[0] == Verdict.DUPLICATE
    # ...but not for a recurring item at the same page of another issue
    c = rec(
        "c",
        "Editorial introduction",
        "Zwass, V.",
        2009,
        "J Manage Inf Syst",
        "26",
        "2",
        "5-5",
        "10.2753/mis0742-1222260200",
    )
    d = c.with_(id="d", issue="3", pages="5-7", doi="10.2753/mis0742-1222260300")
    assert rules.different_dois(pair(c, d))
    # the volume unreadable on one side: one page range of one issue pins it instead ...
    messy = b.with_(volume="pp 126-130 1997")
    assert not rules.different_dois(pair(a, messy))
    # ... but a single page does not, nor another issue
    single = a.with_(pages="126")
    assert rules.different_dois(pair(single, messy.with_(pages="126")))
    assert rules.different_dois(pair(a, messy.with_(issue="3")))


def test_different_pmids() -> None:
    a = rec("a", TITLE).with_(pmid="111")
    assert rules.different_pmids(pair(a, a.with_(id="b", pmid="222")))
    assert not rules.different_pmids(pair(a, a.with_(id="b", pmid="111")))


@pytest.mark.parametrize(
    "first, second",
    [
        (
            "Long-term outcome of carotid stenting: Part 1",
            "Long-term outcome of carotid stenting: Part 2",
        ),
        ("Genetics of type I diabetes in children", "Genetics of type II diabetes in children"),
        (
            "Two-year results of the SPARCL trial extension",
            "Five-year results of the SPARCL trial extension",
        ),
    ],
)
def test_different_numbers(first: str, second: str) -> None:
    assert rules.different_numbers(pair(rec("a", first), rec("b", second)))
    assert classify(pair(rec("a", first), rec("b", second)))[0] == Verdict.DISTINCT


def test_numbers_written_with_markup_or_a_typo_in_a_long_code() -> None:
    a = rec("a", "Synthesis of 6-[11C]methyl-m-tyrosine for dopamine synthesis imaging")
    b = rec("b", "Synthesis of 6-[<sup>11</sup>C]methyl-m-tyrosine for dopamine synthesis imaging")
    assert not rules.different_numbers(pair(a, b))
    c = rec("c", "The catechol-O-methyl transferase Val108/158Met genotype and brain volume")
    d = rec("d", "The catechol-O-methyl transferase Va1108/158Met genotype and brain volume")
    assert not rules.different_numbers(pair(c, d))
    e = rec("e", "Selective 5-HT6 receptor antagonists improve memory in aged rats")
    f = rec("f", "Selective 5-HT7 receptor antagonists improve memory in aged rats")
    assert rules.different_numbers(pair(e, f))


def test_same_numbers_in_other_spelling_or_cut_off() -> None:
    assert not rules.different_numbers(
        pair(
            rec("a", "Stroke rehabilitation trial: part II"),
            rec("b", "Stroke rehabilitation trial, part 2"),
        )
    )
    long_title = "Outcomes of robotic gait training in chronic stroke survivors after 12 weeks"
    cut = "Outcomes of robotic gait training in chronic stroke survivors after"
    assert not rules.different_numbers(pair(rec("a", long_title), rec("b", cut)))


@pytest.mark.parametrize(
    "marked",
    [
        "Erratum: Gain-of-function mutations in complement factor B are associated with aHUS",
        "Gain-of-function mutations in complement factor B are associated with aHUS (vol 104, pg 240, 2007)",
        # the correction's citation after a note that the notes' cut would drop with it
        "Gain-of-function mutations in complement factor B are associated with aHUS. [Review] "
        "(vol 104, pg 240, 2007)",
        "Retraction: Gain-of-function mutations in complement factor B are associated with aHUS",
        "Comment on: Gain-of-function mutations in complement factor B are associated with aHUS",
    ],
)
def test_different_kinds_erratum_retraction_comment(marked: str) -> None:
    original = rec(
        "a",
        "Gain-of-function mutations in complement factor B are associated with aHUS",
        "de Jorge, E. G. and Harris, C. L.",
        2007,
        "PNAS",
        "104",
        "1",
        "240-245",
    )
    other = original.with_(id="b", title=marked)
    assert rules.different_kinds(pair(original, other))
    assert classify(pair(original, other)) == (Verdict.DISTINCT, "different_kinds")


def test_conference_vs_journal_configurable() -> None:
    abstract = rec(
        "a",
        "Making the most of virtual expertise in telemedicine environments",
        "Standing, C. and Volpe, I.",
        2013,
        "Symposium on Dependable Computing",
        type_="inproceedings",
    )
    article = rec(
        "b",
        "Making the most of virtual expertise in telemedicine environments",
        "Standing, C. and Volpe, I.",
        2013,
        "J Organ Comput Electron Commer",
        "24",
        "2",
        "138-156",
    )
    assert rules.conference_vs_journal(pair(abstract, article))
    assert classify(pair(abstract, article))[0] == Verdict.DISTINCT
    assert not rules.conference_vs_journal(pair(abstract, article, "merge"))
    assert classify(pair(abstract, article, "merge"))[0] == Verdict.DUPLICATE


def test_proceedings_paper_in_its_book_series_is_not_vetoed() -> None:
    # the paper under its meeting's name and under the book series, the volume lost on
    # one side: one page range in one year is one paper
    meeting = rec(
        "a",
        "Forensic identification of students outsourcing assignment projects",
        "Monnik, M. and Pan, L.",
        2014,
        "Applications and Techniques in Information Security, ATIS 2014",
        "490",
        pages="183-190",
        type_="inproceedings",
    )
    series = meeting.with_(
        id="b",
        journal="Communications in Computer and Information Science",
        volume="",
        type="incollection",
    )
    assert not rules.conference_vs_journal(pair(meeting, series))
    assert classify(pair(meeting, series))[0] == Verdict.DUPLICATE
    # a year later at other pages it is another report
    later = series.with_(year=2015, pages="201-210")
    assert rules.conference_vs_journal(pair(meeting, later))


def test_abstract_printed_in_the_journal_is_not_vetoed() -> None:
    conference = rec(
        "a",
        "A phase II study of eculizumab in patients with aHUS receiving chronic plasma exchange",
        "Licht, C. and Muus, P.",
        2011,
        "Journal of Thrombosis and Haemostasis.Conference: XXIII Congress",
    )
    journal = conference.with_(id="b", journal="J Thromb Haemost", volume="9", pages="499")
    assert not rules.conference_vs_journal(pair(conference, journal))
    # with no year, volume or page on one side nothing tells the abstract from a paper
    # of the same title in that journal: they stay apart
    bare = journal.with_(year=None, volume="", pages="")
    assert rules.conference_vs_journal(pair(conference, bare))
    assert classify(pair(conference, bare))[0] == Verdict.DISTINCT


def test_recurring_item_elsewhere() -> None:
    a = rec(
        "a",
        "Remarks from the editor: editor's comments",
        "Lee, A. S.",
        2000,
        "MIS Quarterly",
        "24",
        "1",
    )
    b = a.with_(id="b", issue="4")
    assert rules.recurring_item_elsewhere(pair(a, b))
    assert not rules.recurring_item_elsewhere(pair(a, a.with_(id="c")))


def test_years_apart() -> None:
    a = rec("a", TITLE, year=2010)
    assert rules.years_apart(pair(a, a.with_(id="b", year=2014)))
    assert not rules.years_apart(pair(a, a.with_(id="b", year=2011)))


def test_titles_unlike() -> None:
    assert rules.titles_unlike(
        pair(
            rec("a", "Stroke rehabilitation with robots"),
            rec("b", "Cervical screening with HPV testing"),
        )
    )
    assert not rules.titles_unlike(pair(PUBMED, WOS))


# --- duplicates -----------------------------------------------------------------------------


def test_identical_fields() -> None:
    a = rec("a", "ESICON 2017 abstracts", "Anonymous", 2017, "Indian J Endocrinol Metab", "21", "8")
    assert rules.identical_fields(pair(a, a.with_(id="b")))
    assert classify(pair(a, a.with_(id="b"))) == (Verdict.DUPLICATE, "identical_fields")
    assert not rules.identical_fields(pair(a, a.with_(id="b", issue="9")))


def test_same_doi_and_title() -> None:
    assert rules.same_doi_and_title(pair(PUBMED, WOS))
    other_pages = WOS.with_(pages="277-300", journal="J Controlled Release")
    assert classify(pair(PUBMED, other_pages)) == (Verdict.DUPLICATE, "same_doi_and_title")


def test_same_doi_shared_by_two_abstracts_of_a_supplement() -> None:
    a = rec(
        "a",
        "Allergen immunotherapy is useful in the treatment of childhood asthma (con)",
        "Saglani S.",
        2014,
        "Pediatr Pulmonol",
        "49",
        "",
        "S5-S6",
        "10.1002/ppul.23066",
    )
    b = rec(
        "b",
        "Allergen immunotherapy is useful in the treatment of childhood asthma",
        "Wahn U.",
        2014,
        "Pediatr Pulmonol",
        "49",
        "",
        "S4-S5",
        "10.1002/ppul.23066",
    )
    assert not rules.same_doi_and_title(pair(a, b))
    assert classify(pair(a, b))[0] != Verdict.DUPLICATE


def test_same_pmid_and_title() -> None:
    a = rec("a", TITLE).with_(pmid="28")
    assert rules.same_pmid_and_title(pair(a, a.with_(id="b", title=TITLE.upper())))
    assert not rules.same_pmid_and_title(pair(a, a.with_(id="b", pmid="29")))


def test_same_title_authors_year() -> None:
    a = rec(
        "a",
        "How consumers perceive trustworthiness of providers in sharing economy - "
        "effects of photos and comments",
        "Deng, Chaoqun and Ravichandran, Thiagarajan",
        2017,
        "Americas Conference on Information Systems",
        type_="inproceedings",
    )
    b = rec(
        "b",
        "How Consumers Perceive Trustworthiness of Providers in Sharing Economy: "
        "Effects of Photos and Comments",
        "Deng, Chaoqun and Ravichandran, T.",
        2017,
        "AMCIS 2017 Proceedings",
        type_="inproceedings",
    )
    assert rules.same_title_authors_year(pair(a, b))
    assert not rules.same_title_authors_year(pair(a, b.with_(year=2018)))
    assert not rules.same_title_authors_year(pair(a, b.with_(authors=("Lei, Yu",))))


def test_same_title_year_volume_pages_despite_swapped_names() -> None:
    a = rec(
        "a",
        "A computerized visual perception rehabilitation programme with interactive "
        "computer interface",
        "Si Hyun, Kang and Kyung Mook, Seo",
        2009,
        "Clinical Rehabilitation",
        "23",
        "5",
        "434-444",
    )
    b = a.with_(id="b", authors=("Kang, S. H.", "Seo, K. M."), journal="Clin Rehabil")
    assert rules.same_title_year_volume_pages(pair(a, b))
    assert not rules.same_title_year_volume_pages(pair(a, b.with_(pages="435-444")))


def test_typo_title_full_agreement() -> None:
    a = rec(
        "a",
        "Control of malignant pleural effusions in breast cancer: a randomized trial",
        "Vietti-Ramus, G. and Tonda, L.",
        1994,
        "European Journal of Cancer",
        "30",
        "",
        "S27",
    )
    b = a.with_(
        id="b", title="Control of malignant pleural effusing in breast cancer: a randomised trial"
    )
    assert rules.typo_title_full_agreement(pair(a, b))
    assert not rules.typo_title_full_agreement(pair(a, b.with_(volume="31")))


def test_typo_title_full_agreement_with_a_page_range_for_an_unreadable_volume() -> None:
    a = rec(
        "a",
        "Psychopharmacology of autism",
        "Chabrol, H. and Bonnet, D. and Roge, B.",
        1996,
        "Encephale",
        "22",
        "3",
        "197-203",
    )
    # Ovid: the language after the title, the volume field holding the pages
    b = a.with_(id="b", title="Psychopharmacology in autism. French", volume="pp 197-203 1996")
    assert rules.typo_title_full_agreement(pair(a, b))
    # ... not at another page range, nor in another issue
    assert not rules.typo_title_full_agreement(pair(a, b.with_(pages="204-210")))
    assert not rules.typo_title_full_agreement(pair(a, b.with_(issue="4")))


def test_typo_title_full_agreement_with_the_issue_for_a_missing_page() -> None:
    a = rec(
        "a",
        "Surfactant substitution in very small premature infants",
        "Obladen, M. and Segerer, H.",
        1991,
        "Monatsschr Kinderheilkd",
        "139",
        "1",
    )
    b = a.with_(
        id="b",
        title="Surfactant substitution in very small prematures",
        journal="Monatsschrift fur Kinderheilkunde",
        pages="2-9",
    )
    assert rules.typo_title_full_agreement(pair(a, b))
    # without an issue on both sides nothing pins the pair
    assert not rules.typo_title_full_agreement(pair(a.with_(issue=""), b))
    assert not rules.typo_title_full_agreement(pair(a, b.with_(issue="2")))


def test_same_title_authors_adjacent_year() -> None:
    a = rec(
        "a",
        "Safety and efficacy of eculizumab in aHUS patients resistant to plasma therapy",
        "Legendre, C. M. and Babu, S.",
        2011,
        "J Am Soc Nephrol",
        "21",
    )
    b = a.with_(id="b", year=2010)
    assert rules.same_title_authors_adjacent_year(pair(a, b))
    assert not rules.same_title_authors_adjacent_year(pair(a, b.with_(volume="22")))
    # another journal (a protocol in Trials, the results elsewhere) separates, unless one
    # page range of one issue pins the article under an odd abbreviation of its journal
    elsewhere = b.with_(journal="Trials")
    assert not rules.same_title_authors_adjacent_year(pair(a, elsewhere))
    placed = (a.with_(issue="3", pages="15-51"), elsewhere.with_(issue="3", pages="15-51"))
    assert rules.same_title_authors_adjacent_year(pair(*placed))
    other_issue = (placed[0], placed[1].with_(issue="4"))
    assert not rules.same_title_authors_adjacent_year(pair(*other_issue))


def test_same_title_authors_journal_volume() -> None:
    a = rec(
        "a",
        "Anti-factor H autoantibodies in a fifth renal transplant recipient with "
        "atypical hemolytic and uremic syndrome",
        "Le Quintrec, M. and Zuber, J. and Noel, L. H.",
        2009,
        "American Journal of Transplantation",
        "9",
        "5",
        "1223-1229",
    )
    b = a.with_(id="b", issue="11", pages="2647")
    assert rules.same_title_authors_journal_volume(pair(a, b))
    assert not rules.same_title_authors_journal_volume(
        pair(a, b.with_(journal="Kidney International"))
    )


def test_subtitle_dropped() -> None:
    a = rec(
        "a",
        "Infrastructure in the wild: what mapping in post-earthquake Nepal reveals",
        "Soden, R. and Palen, L.",
        2016,
        "Proceedings of CHI 2016",
        pages="2796-2807",
        type_="inproceedings",
    )
    b = a.with_(id="b", title="Infrastructure in the Wild")
    assert rules.subtitle_dropped(pair(a, b))
    assert not rules.subtitle_dropped(pair(a, b.with_(pages="2808-2819")))
    # pages unreadable on one side: the whole author list in the same proceedings pins it
    unpaged = b.with_(pages="January")
    assert rules.subtitle_dropped(pair(a, unpaged))
    # ... not one author alone, nor another venue
    alone = (a.with_(authors=("Soden, R.",)), unpaged.with_(authors=("Soden, R.",)))
    assert not rules.subtitle_dropped(pair(*alone))
    assert not rules.subtitle_dropped(pair(a, unpaged.with_(journal="Proceedings of CSCW 2016")))


def test_conference_paper_year_apart() -> None:
    a = rec(
        "a",
        "Good signals, bad signals: performance and trait implications of signaling",
        "Holthaus, Christian and Stock, Ruth Maria",
        2017,
        "International Conference on Information Systems",
        type_="inproceedings",
    )
    b = a.with_(
        id="b",
        year=2018,
        authors=("Holthaus, C.", "Stock, R.M."),
        journal="ICIS : Transforming Society with Digital Innovation",
    )
    assert rules.conference_paper_year_apart(pair(a, b))
    other_meeting = b.with_(journal="Hawaii International Conference on System Sciences")
    assert not rules.conference_paper_year_apart(pair(a, other_meeting))


def test_cochrane_review_versions() -> None:
    a = rec(
        "a",
        "Glutamine supplementation for young infants with severe gastrointestinal disease",
        "Grover Z. and McGuire W.",
        2007,
        "Cochrane Database Syst Rev",
        "",
        "1",
        "CD005947",
        "10.1002/14651858.CD005947.pub2",
    )
    b = a.with_(id="b", year=2014, doi="10.1002/14651858.CD005947.pub4", pages="")
    assert rules.cochrane_review_versions(pair(a, b))
    assert classify(pair(a, b))[0] == Verdict.DUPLICATE
    other = b.with_(doi="10.1002/14651858.CD009128.pub3")
    assert not rules.cochrane_review_versions(pair(a, other))
    # the number lost on one side (no DOI, pages "var.pagings"): in the Cochrane Library
    # one title by the same authors is one review, whatever the years
    lost = b.with_(doi="", journal="Cochr. Datab. Syst. Rev.", pages="var.pagings")
    assert rules.same_review(pair(a, lost))
    assert classify(pair(a, lost))[0] == Verdict.DUPLICATE
    # ... not by other authors, nor outside the Cochrane Library
    others = lost.with_(authors=("Lindqvist, H.", "Ortega, P."))
    assert not rules.same_review(pair(a, others))
    elsewhere = lost.with_(journal="Arch Dis Child")
    assert not rules.same_review(pair(a, elsewhere))
    # the number in the issue field counts as the number
    in_issue = lost.with_(issue="CD005947", pages="")
    assert record_keys(in_issue).review == "cd005947"


# --- maybe ------------------------------------------------------------------------------


def test_similar_title_goes_to_a_person() -> None:
    a = rec(
        "a",
        "Perinatal asphyxia may present with features of neonatal atypical HUS",
        "Biran, V. and Fau, S.",
        2007,
        "Pediatric Nephrology",
        "22",
        "9",
        "1514",
    )
    b = a.with_(id="b", issue="12", pages="2129-2132", journal="Pediatr Nephrol")
    assert rules.similar_title(pair(a, b))
    verdict, rule = classify(pair(a, b))
    assert verdict in (Verdict.MAYBE, Verdict.DUPLICATE)
    assert rule != "no_rule"


def test_unrelated_pair_is_distinct_by_no_rule_or_veto() -> None:
    a = rec("a", "Stroke rehabilitation with robots in the community", "Smith, J.")
    b = rec("b", "Cost of stroke care in hospital", "Jones, K.", year=2012)
    verdict, _ = classify(pair(a, b))
    assert verdict == Verdict.DISTINCT


def test_same_title_journal_volume_issue() -> None:
    title = "Sleep restriction therapy delivered by nurses in general practice for insomnia"
    clean = rec(
        "a", title, "Park, Sang K. and Oduya, P. T.", 2019, "Sleep Med Res", "41", "2", "118-127"
    )
    # authors turned round and glued past reading, pages a month: journal, year, volume
    # and issue still pin one article
    turned = rec("b", title, "Yi WC Ling YC", 2019, "Sleep Medicine Research", "41", "2", "June")
    assert classify(pair(clean, turned)) == (Verdict.DUPLICATE, "same_title_journal_volume_issue")
    # ... but not two items at other first pages of that issue, nor in another issue
    other_page = turned.with_(id="c", pages="131-133")
    assert classify(pair(clean, other_page))[0] != Verdict.DUPLICATE
    other_issue = turned.with_(id="d", issue="3")
    assert classify(pair(clean, other_issue))[0] != Verdict.DUPLICATE


def test_same_title_journal_volume_issue_without_issues_needs_a_longer_title() -> None:
    title = "Results of a randomised trial of nurse-led follow-up after cervical screening"
    clean = rec("a", title, "Solomon, D. and Oduya, P.", 2003, "Am J Obstet Gynecol", "188")
    # a group author on one side, the pages a month: journal, year and volume, a long title
    group = rec("b", title, "ALTS Study Group", 2003, "American Journal of Obstetrics", "188")
    group = group.with_(journal="Am J Obstet Gynecol", pages="Oct")
    assert classify(pair(clean, group)) == (Verdict.DUPLICATE, "same_title_journal_volume_issue")
    # a short title with no issue to pin it is not enough
    short = "Nurse-led follow-up after screening"
    assert classify(pair(clean.with_(title=short), group.with_(title=short)))[0] != (
        Verdict.DUPLICATE
    )
    # nor at other first pages of that volume
    paged = clean.with_(pages="1383-1392")
    assert classify(pair(paged, group.with_(pages="1401-1403")))[0] != Verdict.DUPLICATE


def test_same_title_authors_year_page_range() -> None:
    title = "Diagnosis and treatment of malignant pleural effusion in lung cancer"
    clean = rec(
        "a", title, "Hsu, T. and Ogbu, P.", 2010, "American Journal of Clinical Oncology", "33"
    )
    clean = clean.with_(issue="423", pages="420-425")
    # the journal abbreviated with its subtitle, the issue a running record number, the
    # volume a country: the page range, authors, year and title pin one article
    messy = clean.with_(
        id="b",
        journal="Americ. Journ. Clin. Onc. Canc. Clin. Trials",
        issue="424",
        volume="Netherlands",
    )
    assert classify(pair(clean, messy)) == (
        Verdict.DUPLICATE,
        "same_title_authors_year_page_range",
    )
    # not at another page range, nor in another volume, nor by other authors
    assert classify(pair(clean, messy.with_(pages="430-435")))[0] != Verdict.DUPLICATE
    assert classify(pair(clean, messy.with_(volume="34")))[0] != Verdict.DUPLICATE
    others = messy.with_(authors=("Lindqvist, H.", "Ortega, P."))
    assert classify(pair(clean, others))[0] != Verdict.DUPLICATE
    # a supplement abstract at the same page numbers is another report
    supplement = messy.with_(issue="Suppl 2")
    assert classify(pair(clean, supplement))[0] != Verdict.DUPLICATE


def test_same_title_issue_page_range() -> None:
    title = "Migraine: ignition of the brain"
    clean = rec(
        "a", title, "Gonzalez, M. S. R.", 2013, "Revista de Neurologia", "57", "11", "509-514"
    )
    # the authors exported past reading (a compound surname), the volume a country
    messy = rec(
        "b", f"[{title}]", "Sanchez-del-Rio Gonzalez M.", 2013, "Rev Neurol", "United Kingdom"
    )
    messy = messy.with_(issue="11", pages="509-14")
    assert classify(pair(clean, messy)) == (Verdict.DUPLICATE, "same_title_issue_page_range")
    # not in another issue, at other pages, or in another volume
    assert classify(pair(clean, messy.with_(issue="12")))[0] != Verdict.DUPLICATE
    assert classify(pair(clean, messy.with_(pages="515-520")))[0] != Verdict.DUPLICATE
    assert classify(pair(clean, messy.with_(volume="58")))[0] != Verdict.DUPLICATE
    # without an issue on either side the page range, journal and year still pin it ...
    bare, turned = clean.with_(issue=""), messy.with_(issue="")
    assert classify(pair(bare, turned)) == (Verdict.DUPLICATE, "same_title_issue_page_range")
    # ... but not in another journal, nor a year later
    assert classify(pair(bare, turned.with_(journal="Cephalalgia")))[0] != Verdict.DUPLICATE
    assert classify(pair(bare, turned.with_(year=2014)))[0] != Verdict.DUPLICATE


def test_issue_of_a_supplement_among_the_other_numbers_is_unknown() -> None:
    title = "AMP-activated protein kinase upregulates glucose transport in failing hearts"
    medline = rec(
        "a", title, "Tong, C. and Ramratnam, M.", 2013, "Circulation", "128", "22 Suppl 1"
    )
    embase = medline.with_(
        id="b",
        journal="Circulation.Conference: American Heart Association Scientific Sessions. "
        "Dallas TX United States. Conference Start: 20131116 Conference End: 20131120.128 "
        "(SUPPL. 1)",
        volume="",
        issue="",
    )
    assert rules.issues_agree(pair(medline, embase)) is None
    assert classify(pair(medline, embase))[0] == Verdict.DUPLICATE
    # outside a supplement, issue 1 and issue 22 of volume 128 are two issues
    plain = medline.with_(issue="22")
    assert rules.issues_agree(pair(plain, plain.with_(id="c", issue="1"))) is False


def test_same_short_title_page_range() -> None:
    clean = rec(
        "a", "Asthma education", "Moreau, C. and Tan, B.", 2014, "BMJ", "348", "7951", "1021-1030"
    )
    # the volume a country, the first author turned round: one page range of one issue
    messy = rec(
        "b", "Asthma education", "ClaireM. and TanB.", 2014, "BMJ", "France", "7951", "1021-1030"
    )
    assert classify(pair(clean, messy)) == (Verdict.DUPLICATE, "same_short_title_page_range")
    # not at another page range of that issue, nor in another issue at the same pages
    other_pages = messy.with_(id="c", pages="1200-1202")
    assert classify(pair(clean, other_pages))[0] != Verdict.DUPLICATE
    other_issue = messy.with_(id="d", issue="7952")
    assert classify(pair(clean, other_issue))[0] != Verdict.DUPLICATE
    # nor another author list at those pages
    others = messy.with_(id="e", authors=("Lindqvist, H.", "Ortega, P."))
    assert classify(pair(clean, others))[0] != Verdict.DUPLICATE


def test_same_short_title_page_range_in_a_journal_named_in_two_languages() -> None:
    english = rec(
        "a",
        "Pleuritis carcinomatosa",
        "Miyake, A. and Gemba, A.",
        2011,
        "Japanese Journal of Cancer and Chemotherapy",
        "38",
        "",
        "524-527",
    )
    japanese = english.with_(
        id="b",
        title="[Pleuritis carcinomatosa]",
        authors=("Miyake, Akira", "Gemba, Akio"),
        journal="Gan to Kagaku Ryoho",
    )
    assert rules.journals_agree(pair(english, japanese)) is False
    assert classify(pair(english, japanese)) == (Verdict.DUPLICATE, "same_short_title_page_range")
    # the volume must pin it: missing or another one, the names stay two journals
    assert classify(pair(english, japanese.with_(volume="")))[0] != Verdict.DUPLICATE
    assert classify(pair(english, japanese.with_(volume="39")))[0] != Verdict.DUPLICATE


def test_every_rule_is_named_and_reachable() -> None:
    names = [r.__name__ for r in (*rules.VETOES, *rules.DUPLICATE_RULES, *rules.MAYBE_RULES)]
    assert len(names) == len(set(names))
    tested = {name[len("test_") :] for name in globals() if name.startswith("test_")}
    untested = [n for n in names if not any(n in t for t in tested)]
    assert untested == [], f"rules without their own test: {untested}"


# --- the vectorised pre-filter agrees with the rules ---------------------------------------


def test_pairs_below_the_title_floor_never_match() -> None:
    """engine.py skips pairs under MIN_TITLE/MIN_TITLE_SET without a shared id: check that
    no rule could have called such a pair a duplicate or maybe."""
    base = rec(
        "a",
        "Risk control and estimation of online services market segmentation",
        "Wang, X.",
        2007,
        "Conf Service Systems",
        "",
        "",
        "448",
    )
    variants = [
        base.with_(id=f"v{i}", title=t)
        for i, t in enumerate(
            [
                "Risk estimation of online service markets",
                "Market segmentation for online services: risk and control",
                "Online services",
                "Risk control and estimation",
            ]
        )
    ]
    for other in variants:
        p = pair(base, other)
        if (
            p.s.title < rules.MIN_TITLE
            and p.s.title_set < rules.MIN_TITLE_SET
            and not p.s.title_prefix
        ):
            assert classify(p)[0] == Verdict.DISTINCT


def test_vectorised_scores_equal_single_pair_scores() -> None:
    records = [PUBMED, WOS, rec("c", "Cervical screening with HPV testing", "Cox, J. T.")]
    keys = [record_keys(r) for r in records]
    pairs = np.array([[0, 1], [0, 2], [1, 2]])
    many = compare_pairs(keys, pairs, workers=1)
    for position, (a, b) in enumerate(pairs):
        assert many.at(position) == compare_one(keys[a], keys[b])


def test_translated_title_same_location() -> None:
    german = rec(
        "a",
        "Plattformökonomie und Crowdworking als Herausforderungen für das deutsche "
        "Modell der Arbeitsbeziehungen",
        "Greef, Samuel and Schroeder, Wolfgang",
        2020,
        "Industrielle Beziehungen",
        "27",
        "2",
        "205 -- 226",
        "10.3224/indbez.v27i2.06",
    )
    english = rec(
        "b",
        "Platform economy and crowdworking as challenges for the German model of "
        "industrial relations",
        "Greef, S. and Schroeder, W.",
        2020,
        "Industrielle Beziehungen",
        "27",
        "2",
        "205--226",
    )
    assert rules.translated_title_same_location(pair(german, english))
    assert not rules.titles_unlike(pair(german, english))
    assert classify(pair(german, english))[0] == Verdict.DUPLICATE
    one_page = german.with_(pages="205")
    assert not rules.translated_title_same_location(pair(one_page, english.with_(pages="205")))
    # another issue number at the same page range of the volume, by the same two
    # authors: the issue field holds a record number in some exports, and one author
    # list does not print two articles at one page range of one volume
    other_issue = english.with_(issue="266")
    assert classify(pair(german, other_issue)) == (
        Verdict.DUPLICATE,
        "translated_title_same_location",
    )
    # ... but by other authors, or by one author only, it is another article
    others = other_issue.with_(authors=("Lindqvist, H.", "Ortega, P."))
    assert classify(pair(german, others)) == (Verdict.DISTINCT, "titles_unlike")
    alone = (german.with_(authors=("Greef, Samuel",)), other_issue.with_(authors=("Greef, S.",)))
    assert classify(pair(*alone)) == (Verdict.DISTINCT, "titles_unlike")
    # nor with the issue missing on one side: a column heading ('Motherisk update') is
    # indexed at the pages of the article under it
    assert classify(pair(german, english.with_(issue=""))) == (Verdict.DISTINCT, "titles_unlike")


def test_years_apart_forgiven_for_one_doi_title_and_volume() -> None:
    a = rec(
        "a",
        "Idarucizumab for reversing dabigatran-induced anticoagulation: a systematic review",
        "Thibault N. and Morrill A. M.",
        2018,
        "Am J Ther",
        "25",
        "3",
        "e333-e338",
        "10.1097/mjt.0000000000000460",
    )
    b = a.with_(id="b", year=2016)
    assert not rules.years_apart(pair(a, b))
    assert rules.years_apart(pair(a, b.with_(doi="")))


def test_different_dois_only_by_punctuation_are_one_doi() -> None:
    a = rec(
        "a",
        "Cancer-associated perturbations in alternative pre-messenger RNA splicing",
        "Shkreta L.",
        2013,
        doi="10.1007/978-3-642-31659-3_3",
    )
    assert not rules.different_dois(pair(a, a.with_(id="b", doi="10.1007/978-3-642-31659-3-3")))


def test_doi_of_another_journal_does_not_veto() -> None:
    a = rec(
        "a",
        "Liraglutide and linagliptin improve glycemic control in diet-induced obese rats",
        "Hansen F. and Hansen G.",
        2012,
        "Appetite",
        "59",
        "SUPPL. 1",
        "e24",
        "10.1016/j.appet.2012.05.003",
    )
    b = a.with_(id="b", volume="1", issue="", doi="10.1016/j.regpep.2012.05.039")
    assert rules.doi_names_another_journal(record_keys(b))
    assert not rules.doi_names_another_journal(record_keys(a))
    assert not rules.doi_names_another_journal(
        record_keys(a.with_(journal="J Control Release", doi="10.1016/j.jconrel.2016.11.002"))
    )
    assert not rules.different_dois(pair(a, b))
    assert classify(pair(a, b))[0] == Verdict.DUPLICATE


def test_abstract_in_a_supplement_and_the_full_paper_are_not_reprints() -> None:
    full = rec(
        "a",
        "Impact of a daily exercise dose on knee joint cartilage: a systematic review "
        "and meta-analysis",
        "Bricca A. and Juhl C. B. and Roos E. M.",
        2017,
        "Osteoarthritis Cartilage",
        "25",
        "8",
        "1223-1237",
    )
    abstract = full.with_(id="b", issue="Supplement 1", pages="S189-S190")
    assert record_keys(abstract).supplement and not record_keys(full).supplement
    assert not rules.same_title_authors_journal_volume(pair(full, abstract))


def test_numbers_do_not_separate_one_doi_at_one_page() -> None:
    a = rec(
        "a",
        "Physics and physiology of incubation-1",
        "Tullett S. G.",
        1991,
        "Br Poult Sci",
        "32",
        "1",
        "3-20",
        "10.1080/00071669108417323",
    )
    b = a.with_(id="b", title="Gordon memorial lecture. Physics and physiology of incubation")
    assert not rules.different_numbers(pair(a, b))
    assert rules.different_numbers(pair(a, b.with_(doi="", pages="21-30")))


def test_same_doi_and_identical_title_despite_edition_pages() -> None:
    a = rec(
        "a",
        "Vitamin A and D in allergy: from experimental animal models and cellular "
        "studies to human disease",
        "Roth-Walter F.",
        2018,
        "Allergo J Int",
        "27",
        "3",
        "72-78",
        "10.1007/s40629-018-0054-2",
    )
    b = a.with_(id="b", journal="Allergo Journal", pages="21-27")
    assert rules.same_doi_and_title(pair(a, b))
    c = a.with_(id="c", doi="10.1007/82_2012_287")
    assert rules.same_doi(pair(c, c.with_(id="d", doi="10.1007/82-2012-287")))


def test_same_doi_at_the_same_page_despite_reordered_title_and_authors() -> None:
    a = rec(
        "a",
        "The photosensitivity model is (also) a model for focal (partial) seizures",
        "Kasteleijn-Nolst Trenite D. and Di Bonaventura C.",
        2017,
        "Epilepsy Res",
        "133",
        "",
        "113-120",
        "10.1016/j.eplepsyres.2016.11.012",
    )
    b = a.with_(
        id="b",
        title="The photosensitivity model is seizures (also) a model for focal (partial)",
        authors=("Anonymous",),
    )
    assert rules.same_doi_and_title(pair(a, b))
    assert not rules.same_doi_and_title(pair(a, b.with_(pages="121-130")))


def test_first_page_typo_before_the_same_last_page_is_no_conflict() -> None:
    a = rec(
        "a",
        "Disease recurrence in paediatric renal transplantation",
        "Cochat P.",
        2009,
        "Pediatric Nephrology",
        "24",
        "11",
        "2297-2108",
    )
    assert rules.pages_agree(pair(a, a.with_(id="b", pages="2097-2108"))) is None
    assert rules.pages_agree(pair(a, a.with_(id="b", pages="2097-2110"))) is False


def test_same_page_range_reworded_title() -> None:
    a = rec(
        "a",
        "Indications and contraindications for living kidney donations",
        "Andres, A.",
        2010,
        "Nefrologia",
        "30",
        "",
        "30-38",
    )
    b = a.with_(
        id="b",
        title="Indications and contraindications of living donor kidney transplantation",
        issue="2",
    )
    assert classify(pair(a, b)) == (Verdict.DUPLICATE, "same_page_range_reworded_title")
    # one first page alone (no range), another volume, or another author: not pinned
    assert not rules.same_page_range_reworded_title(pair(a.with_(pages="30"), b.with_(pages="30")))
    assert not rules.same_page_range_reworded_title(pair(a, b.with_(volume="31")))
    # a volume missing on one side is no conflict: the page range still pins it
    assert rules.same_page_range_reworded_title(pair(a, b.with_(volume="")))
    assert not rules.same_page_range_reworded_title(pair(a, b.with_(authors=("Smith, J.",))))


def test_doi_retyped_lifts_the_different_dois_veto() -> None:
    a = rec(
        "a",
        "Photodynamic therapy and photothermal therapy for the treatment of peritoneal "
        "metastasis: a systematic review",
        "Pinto, A. and Pocard, M.",
        2018,
        "Pleura Peritoneum",
        "3",
        "4",
        doi="10.1515/pp-2018-0124",
    )
    for retyped in (
        "10.1515/pap-2018-0124",  # a letter typed twice, every number the same
        "10.1515/pp-2018-0124.g001",  # a figure's DOI
        "10.1515/pp-2018-012487",  # two digits too many
    ):
        assert rules.doi_retyped(a.doi, retyped)
        assert classify(pair(a, a.with_(id="b", doi=retyped)))[0] == Verdict.DUPLICATE
    # the next article's DOI (one digit apart) is another article
    assert not rules.doi_retyped("10.1515/pp-2018-0124", "10.1515/pp-2018-0125")
    assert not rules.doi_retyped("10.1515/pp-2018-0124", "10.1515/pp-2018-0124.x1")
    assert rules.different_dois(pair(a, a.with_(id="b", doi="10.1515/pp-2018-0125", issue="5")))
    # a retyped DOI on a record with another title still separates
    other = a.with_(
        id="c", title="Hyperthermic chemotherapy for gastric cancer", doi="10.1515/pap-2018-0124"
    )
    assert classify(pair(a, other))[0] == Verdict.DISTINCT


def test_one_article_two_dois() -> None:
    a = rec(
        "a",
        "Tocotrienols regulate bone loss through suppression on osteoclast differentiation "
        "and activity: a systematic review",
        "Radzi, N. and Ismail, N. and Alias, E.",
        2018,
        "Curr Drug Targets",
        "19",
        "9",
        "1095-1107",
        "10.2174/1389450119666180207092539",
    )
    b = a.with_(id="b", pages="1087-1094", doi="10.2174/1389450118666180516122517")
    assert rules.one_article_two_dois(pair(a, b))
    assert not rules.different_dois(pair(a, b))
    assert classify(pair(a, b))[0] == Verdict.DUPLICATE
    # reprinted in a later issue, or an abstract at the journal's meeting: two reports
    assert rules.different_dois(pair(a, b.with_(issue="11")))
    meeting = b.with_(journal="Curr Drug Targets. Conference: 22nd Congress", type="conference")
    assert rules.different_dois(pair(a, meeting))
    # another author list or another year keeps the veto
    assert rules.different_dois(pair(a, b.with_(authors=("Radzi, N.", "Smith, J."))))
    assert rules.different_dois(pair(a, b.with_(year=2019)))


def test_volume_is_year_is_no_conflict() -> None:
    a = rec(
        "a",
        "The prognostic impact of the coronary collateral circulation in patients with "
        "coronary artery disease: a meta-analysis",
        "Zhu, X. and Liang, Y. and Zuo, Z. and Zhang, H.",
        2017,
        "Biomedical Research",
        "2017",
        "",
        "158-166",
    )
    b = a.with_(id="b", journal="Biomedical Research (India)", volume="28")
    assert rules.volume_is_year(record_keys(a))
    assert rules.volumes_agree(pair(a, b)) is None
    assert classify(pair(a, b))[0] == Verdict.DUPLICATE
    # two real volumes still disagree
    assert rules.volumes_agree(pair(a.with_(volume="27"), b)) is False


def test_online_first_a_year_early() -> None:
    printed = rec(
        "a",
        "A systematic review evaluating the effect of vitamin B6 on semen quality",
        "Banihani, S. A.",
        2018,
        "Urol J",
        "15",
        "1",
    )
    online = printed.with_(id="b", year=2017, volume="", issue="", doi="10.22037/uj.v0i0.3808")
    assert classify(pair(printed, online)) == (Verdict.DUPLICATE, "online_first_a_year_early")
    # both printed (each with a volume) a year apart: not this rule
    assert not rules.online_first_a_year_early(pair(printed, online.with_(volume="14")))
    # another journal, or other authors
    assert not rules.online_first_a_year_early(pair(printed, online.with_(journal="Andrology")))
    assert not rules.online_first_a_year_early(pair(printed, online.with_(authors=("Smith, J.",))))


def test_same_short_title_authors_volume() -> None:
    a = rec(
        "a",
        "Beer and breastfeeding",
        "Koletzko, B. and Lehner, F.",
        2000,
        "Adv Exp Med Biol",
        "478",
        doi="10.1007/0-306-46830-1_2",
    )
    b = a.with_(id="b", pages="23-28", doi="")
    assert classify(pair(a, b)) == (Verdict.DUPLICATE, "same_short_title_authors_volume")
    # one author only, another volume, or another page: not pinned
    assert not rules.same_short_title_authors_volume(
        pair(a.with_(authors=("Koletzko, B.",)), b.with_(authors=("Koletzko, B.",)))
    )
    assert not rules.same_short_title_authors_volume(pair(a, b.with_(volume="479")))
    assert not rules.same_short_title_authors_volume(pair(a.with_(pages="101-102"), b))


def test_sici_dois_differing_in_version_and_check_character_are_one_doi() -> None:
    a = rec(
        "a",
        "Occupational airway sensitizers: an overview on the respective literature",
        "van Kampen, V. and Merget, R. and Baur, X.",
        2000,
        "Am J Ind Med",
        "38",
        "2",
        "164-218",
        "10.1002/1097-0274(200008)38:2<164::AID-AJIM7>3.0.CO;2-2",
    )
    b = a.with_(id="b", doi="10.1002/1097-0274(200008)38:2<164::AID-AJIM7>3.3.CO;2-U")
    assert rules.doi_retyped(record_keys(a).doi, record_keys(b).doi)
    assert classify(pair(a, b))[0] == Verdict.DUPLICATE
    other = b.with_(doi="10.1002/1097-0274(200008)38:2<219::AID-AJIM8>3.0.CO;2-2")
    assert not rules.doi_retyped(record_keys(a).doi, record_keys(other).doi)


def test_different_dois_forgiven_for_a_short_title_at_one_page_range() -> None:
    a = rec(
        "a",
        "Neurofibroma and schwannoma",
        "Ferner, R. E. and O'Doherty, M. J.",
        2002,
        "Curr Opin Neurol",
        "15",
        "6",
        "679-684",
        "10.1097/01.wco.0000044763.39452.aa",
    )
    b = a.with_(id="b", doi="10.1097/00019052-200212000-00004")
    assert not rules.different_dois(pair(a, b))
    assert classify(pair(a, b))[0] == Verdict.DUPLICATE
    # a short title at another page of the issue keeps its own DOI
    assert rules.different_dois(pair(a, b.with_(pages="685-690")))


def test_numbers_do_not_separate_one_doi_with_a_digit_typed_for_a_letter() -> None:
    a = rec(
        "a",
        "Movement-dependent stroke recovery: a systematic review and meta-analysis of TMS "
        "and fMRI evidence",
        "Richards, L. G. and Stewart, K. C.",
        2008,
        "Neuropsychologia",
        "46",
        "1",
        doi="10.1016/j.neuropsychologia.2007.08.013",
    )
    typo = a.with_(id="b", title=a.title.replace("fMRI", "fMR1"))
    assert not rules.different_numbers(pair(a, typo))
    assert classify(pair(a, typo))[0] == Verdict.DUPLICATE
    # 'delta 8' and 'delta 9' under one DOI: two numbers, two titles
    d8 = a.with_(title="Haemodynamic effects of delta 8 tetrahydrocannabinol in vivo: a review")
    d9 = d8.with_(id="b", title=d8.title.replace("8", "9"))
    assert rules.different_numbers(pair(d8, d9))


def test_cochrane_review_versions_include_clinical_evidence_updates() -> None:
    # BMJ Clinical Evidence reissues a topic under one title: versions of one review
    y2011 = rec("a", "Head lice", "Burgess, I. F.", 2011, "BMJ Clin Evid", "2011")
    y2015 = y2011.with_(
        id="b", authors=("Burgess, I. F.", "Silverston, P."), year=2015, volume="2015"
    )
    assert rules.same_review(pair(y2011, y2015))
    assert not rules.recurring_item_elsewhere(pair(y2011, y2015))
    assert classify(pair(y2011, y2015)) == (Verdict.DUPLICATE, "cochrane_review_versions")
    # another topic of the same series, or the same short title in another journal
    assert classify(pair(y2011, y2015.with_(title="Scabies")))[0] == Verdict.DISTINCT
    elsewhere = y2015.with_(journal="Br J Dermatol")
    assert classify(pair(y2011, elsewhere))[0] == Verdict.DISTINCT


def test_cochrane_review_versions_with_a_reworded_title_and_the_same_lead_author() -> None:
    old = rec(
        "a",
        "Ergonomic design and training for preventing work-related musculoskeletal "
        "disorders of the upper limb and neck in adults",
        "Hoe, V. C. and Urquhart, D. M. and Kelsall, H. L. and Sim, M. R.",
        2012,
        "Cochrane Database Syst Rev",
        "",
        "8",
        "CD008570",
        "10.1002/14651858.CD008570.pub2",
    )
    new = old.with_(
        id="b",
        title="Ergonomic interventions for preventing work-related musculoskeletal "
        "disorders of the upper limb and neck among office workers",
        year=2018,
        doi="10.1002/14651858.CD008570.pub3",
    )
    assert classify(pair(old, new)) == (Verdict.DUPLICATE, "cochrane_review_versions")
    # the same reworded title under a new lead author is not vouched for
    other_lead = new.with_(authors=("Zamri, E. N.", "Hoe, V. C.", "Sim, M. R."))
    assert not rules.cochrane_review_versions(pair(old, other_lead))


def test_same_page_range_lifts_a_session_number() -> None:
    a = rec(
        "a",
        "Cardiac and vascular remodelling: effect of antihypertensive agents",
        "Mallion, J. M. and Baguet, J. P. and Siche, J. P.",
        1999,
        "J Hum Hypertens",
        "13",
        "",
        "35-41",
    )
    b = a.with_(id="b", title="Session 2: " + a.title, issue="1")
    assert rules.same_page_range(pair(a, b))
    assert not rules.different_numbers(pair(a, b))
    assert classify(pair(a, b))[0] == Verdict.DUPLICATE
    # at another page range the number separates: 'Session 2' and 'Session 3'
    c = a.with_(id="c", title="Session 3: " + a.title, pages="42-48")
    assert not rules.same_page_range(pair(b, c))
    assert rules.different_numbers(pair(b, c))


def test_translation_same_issue() -> None:
    russian = rec(
        "a",
        "Genetic control of circadian rhythms and aging",
        "Solovyeva, E. and Dobrovolskaya, E. and Moskalev, A.",
        2016,
        "Genetika",
        "52",
        "4",
        "393-412",
    )
    english = russian.with_(
        id="b",
        journal="Russian Journal of Genetics",
        pages="343-361",
        doi="10.1134/S1022795416040104",
    )
    assert classify(pair(russian, english)) == (Verdict.DUPLICATE, "translation_same_issue")
    # another issue, or a short generic title, is not pinned by the numbers
    assert not rules.translation_same_issue(pair(russian, english.with_(issue="5")))
    short = russian.with_(title="Ancient DNA")
    assert not rules.translation_same_issue(pair(short, english.with_(title="Ancient DNA")))


def test_same_doi_and_title_for_a_retitled_export_at_one_page() -> None:
    a = rec(
        "a",
        "Nitro derivatives as antiplatelet agents",
        "De Caterina, R.",
        1994,
        "Cardiology",
        "84",
        "",
        "29-42",
        "10.1159/000176443",
    )
    b = a.with_(id="b", title="Nitrates as antiplatelet agents")
    assert rules.same_doi_and_title(pair(a, b))
    # another page, or another author, at the same DOI: abstracts sharing one DOI
    assert not rules.same_doi_and_title(pair(a, b.with_(pages="43-50")))
    assert not rules.same_doi_and_title(pair(a, b.with_(authors=("Smith, J.",))))


def test_long_title_contained_same_venue() -> None:
    a = rec(
        "a",
        "Upwork's CEO on how an introverted engineer learned to lead",
        "Kasriel, S.",
        2016,
        "Harvard Business Review",
        "2016",
    )
    b = a.with_(
        id="b",
        title="How did it? Upwork's CEO on how an introverted engineer learned to lead",
        volume="94",
        issue="5",
        pages="35",
    )
    assert classify(pair(a, b)) == (Verdict.DUPLICATE, "long_title_contained_same_venue")
    # another journal, another year, or a short title inside a longer one: not enough
    assert not rules.long_title_contained_same_venue(pair(a, b.with_(journal="Sloan Manag Rev")))
    assert not rules.long_title_contained_same_venue(pair(a, b.with_(year=2017)))
    short = a.with_(title="Learning to lead")
    assert not rules.long_title_contained_same_venue(pair(short, b))


# --- one item under two DOIs ------------------------------------------------------------


def test_reprinted_a_year_later() -> None:
    # a journal printed one article twice, a volume apart, each time with its own DOI
    first = rec(
        "a",
        "Governance of outsourced analytics platforms in public hospitals",
        "Moreno, Lucia and Achterberg, Paul",
        2011,
        "Journal of Health Informatics",
        "31",
        "2",
        "101-112",
        "10.1234/jhi.2011.7",
    )
    reprint = first.with_(id="b", year=2012, volume="32", pages="88-99", doi="10.1234/jhi.2010.41")
    assert not rules.different_dois(pair(first, reprint))
    assert classify(pair(first, reprint)) == (Verdict.DUPLICATE, "reprinted_a_year_later")
    # a yearly section preface by the same guest editors runs to another length
    preface = reprint.with_(pages="88-93")
    assert classify(pair(first, preface))[0] == Verdict.DISTINCT
    # two years apart, another journal, one author fewer, or a two-page meeting abstract
    # presented again the next year: not a reprint
    abstract = first.with_(pages="965-966", doi="")
    for other in (
        abstract.with_(id="c", year=2012, volume="32", pages="1161-1162"),
        reprint.with_(year=2013),
        reprint.with_(journal="Health Policy"),
        reprint.with_(authors=("Moreno, Lucia",)),
    ):
        base = abstract if other.pages == "1161-1162" else first
        assert not rules.reprinted_a_year_later(pair(base, other))
        assert classify(pair(base, other))[0] != Verdict.DUPLICATE


def test_editorial_titled_twice() -> None:
    # one index files the guest editorial under the bare heading, a page early, with
    # the DOI of the item beside it
    full = rec(
        "a",
        "Guest editorial: Digital platforms and the changing nature of public services",
        "Brennan, Kieran and Osei, Ama and Lund, Henrik",
        2004,
        "Government Information Quarterly",
        "21",
        "3",
        "263-266",
        "10.1016/j.giq.2004.05.004",
    )
    bare = full.with_(id="b", title="Editorial", pages="261", doi="10.1016/j.giq.2004.05.001")
    assert classify(pair(full, bare)) == (Verdict.DUPLICATE, "editorial_titled_twice")
    # other editors, another issue, or pages far apart: two editorials
    for other in (
        bare.with_(authors=("Quinn, Maeve", "Osei, Ama", "Lund, Henrik")),
        bare.with_(issue="4"),
        bare.with_(pages="301"),
    ):
        assert classify(pair(full, other))[0] == Verdict.DISTINCT
    # an ordinary article that begins with the word is not an editorial heading
    article = bare.with_(title="Editorial boards and gender balance in public administration")
    assert not rules.editorial_titled_twice(pair(full, article))


def test_numbers_against_only_two_volumes_without_a_page_range_or_a_doi() -> None:
    title = "Sensitivity and specificity of the animal fluency test for dementia"
    paper = rec("a", title, "Ross, T. and Lee, K.", 2015, "Can J Anaesth", "62", "6", "603-608")
    paper = paper.with_(doi="10.1007/s12630-014-0306-7")
    # a typed volume with the same DOI: one article
    typed = paper.with_(id="b", volume="24", issue="", pages="")
    assert rules.numbers_against(pair(paper, typed)) is False
    # a supplement numbered apart from its journal keeps one page range
    supplement = paper.with_(id="c", doi="", journal="Can J Anaesth Suppl", volume="75")
    assert rules.numbers_against(pair(paper, supplement)) is False
    # another volume with nothing to tie it: two publications
    chapter = paper.with_(id="d", doi="", volume="54", pages="Jan-30")
    assert rules.numbers_against(pair(paper, chapter)) is True
    # an Elsevier DOI naming another journal than the record's does not tie them
    elsevier = paper.with_(journal="Parkinsonism Relat Disord", volume="28", pages="41-48")
    elsevier = elsevier.with_(doi="10.1016/j.parkreldis.2016.04.014")
    copied = elsevier.with_(id="e", journal="Journal of Neurochemistry", volume="138", pages="366")
    assert rules.trusted_doi(pair(elsevier, copied)) is False
    assert rules.numbers_against(pair(elsevier, copied)) is True


def test_reworded_title_where_the_issue_field_holds_a_running_number() -> None:
    a = rec(
        "a",
        # the original-language title after the English one
        "Antibiotic and antiseptic prophylaxis in lung resection surgery: a randomized study. "
        "Prophylaxie antibiotique et antiseptique en chirurgie pulmonaire",
        "Marchal, P. and Dupont, L. and Girard, T.",
        1991,
        "Rev Mal Respir",
        "8",
        "61",
        "301-306",
    )
    b = a.with_(
        id="b",
        title="[Antibiotic and antiseptic prophylaxis in lung resection surgery. Controlled study]",
        journal="Revue des Maladies Respiratoires",
        issue="62",
    )
    assert classify(pair(a, b)) == (Verdict.DUPLICATE, "same_page_range_reworded_title")
    # one author alone, or another page range, does not pin it across two issue numbers
    alone = (a.with_(authors=("Marchal, P.",)), b.with_(authors=("Marchal, P.",)))
    assert not rules.same_page_range_reworded_title(pair(*alone))
    assert not rules.same_page_range_reworded_title(pair(a, b.with_(pages="307-312")))


def test_same_location_with_the_volume_unreadable_on_one_side() -> None:
    german = rec(
        "a",
        "Arbeitszeit und Gesundheit in der Plattformarbeit",
        "Keller, Jonas",
        2019,
        "Zeitschrift für Arbeitswissenschaft",
        "73",
        "3",
        "301 -- 312",
        "10.1007/s41449-019-00170-x",
    )
    english = german.with_(
        id="b",
        title="Working time and health in platform work",
        authors=("Keller, J.",),
        volume="pp 301 -- 312 2019",  # the pages where the volume belongs
        doi="",
    )
    assert rules.same_location(pair(german, english))
    assert classify(pair(german, english)) == (Verdict.DUPLICATE, "translated_title_same_location")
    # without the issue on both sides the year does not stand in for the volume
    assert not rules.same_location(pair(german, english.with_(issue="")))
    assert classify(pair(german, english.with_(issue="")))[0] == Verdict.DISTINCT
    # nor in another issue
    assert not rules.same_location(pair(german, english.with_(issue="4")))


def test_one_doi_in_one_year_is_not_a_meeting_against_a_journal() -> None:
    journal = rec(
        "a",
        "Thermal tolerance of reef fishes across a latitudinal gradient",
        "Okafor, N. and Lind, E.",
        2018,
        "Proceedings of the Royal Society B: Biological Sciences",
        "285",
        "1871",
        "",
        "10.1098/rspb.2017.2510",
    )
    meeting = journal.with_(id="b", journal="Proc Biol Sci", type="conference", issue="")
    assert not rules.conference_vs_journal(pair(journal, meeting))
    assert classify(pair(journal, meeting))[0] == Verdict.DUPLICATE
    # the abstract a year before the paper stays apart, the DOI copied or not
    earlier = meeting.with_(year=2017)
    assert rules.conference_vs_journal(pair(journal, earlier))
    # so does one in another volume
    assert rules.conference_vs_journal(pair(journal, meeting.with_(volume="284")))


def test_same_review_needs_only_the_lead_author() -> None:
    update = rec(
        "a",
        "Once-daily versus multiple-daily dosing of aminoglycosides in preterm neonates",
        "Okoro, U. and Baines, T. and Ferris, M.",
        2016,
        "Cochrane Database Syst Rev",
        "",
        "12",
        "CD007311",
        "10.1002/14651858.CD007311.pub3",
    )
    # the first version, its number lost (no DOI, a month in the pages), other co-authors
    first = update.with_(
        id="b",
        year=2006,
        authors=("Okoro, U.", "Hale, D."),
        journal="Cochrane database of systematic reviews (Online)",
        issue="1",
        pages="Feb",
        doi="",
    )
    assert rules.same_review(pair(update, first))
    assert classify(pair(update, first))[0] == Verdict.DUPLICATE
    # another lead author: another review of the same question
    other = first.with_(authors=("Hale, D.", "Okoro, U."))
    assert not rules.same_review(pair(update, other))
    assert classify(pair(update, other)) == (Verdict.DISTINCT, "years_apart")


def test_a_numbered_heading_on_one_title_is_lifted_by_one_doi() -> None:
    plain = rec(
        "a",
        "Benzodiazepine use in posttraumatic stress disorder: a systematic review",
        "Grant, J. and Ross, S. and Noor, R.",
        2015,
        "J Psychiatr Pract",
        "21",
        "4",
        "281-303",
        "10.1097/PRA.0000000000000091",
    )
    award = plain.with_(
        id="b",
        title="Winner of the 2014 resident paper award: benzodiazepine use in posttraumatic "
        "stress disorder: a systematic review",
        pages="var.pagings",
    )
    assert not rules.different_numbers(pair(plain, award))
    assert classify(pair(plain, award))[0] == Verdict.DUPLICATE
    # without the DOI the number still separates
    assert rules.different_numbers(pair(plain.with_(doi=""), award.with_(doi="")))
    # numbers on both titles that differ: one DOI does not make part 1 part 2
    part1 = plain.with_(title=plain.title + ": part 1")
    part2 = award.with_(title=plain.title + ": part 2")
    assert rules.different_numbers(pair(part1, part2))


def test_one_article_two_dois_in_one_issue_with_its_pages_unreadable() -> None:
    old = rec(
        "a",
        "Dietary fibre and satiety signalling",
        "Kirk, T. and Wills, C.",
        2001,
        "Nutr Res Rev",
        "14",
        "1",
        "65-86",
        "10.1079/nrr200118",
    )
    new = old.with_(id="b", pages="Nov", doi="10.1079/095442201108729141")
    assert rules.one_article_two_dois(pair(old, new))
    assert not rules.different_dois(pair(old, new))
    assert classify(pair(old, new))[0] == Verdict.DUPLICATE
    # another first page, another issue, or no issue on one side: two registered works
    assert rules.different_dois(pair(old, new.with_(pages="90-101")))
    assert rules.different_dois(pair(old, new.with_(issue="2")))
    assert rules.different_dois(pair(old, new.with_(issue="")))
    # a short or generic title is not pinned by its issue
    short = (old.with_(title="Editorial"), new.with_(title="Editorial"))
    assert not rules.one_article_two_dois(pair(*short))


def test_same_title_authors_year_in_one_journal_under_two_names() -> None:
    english = rec(
        "a",
        "Phase II trial of pemetrexed plus intrapleural cisplatin in malignant pleural effusion",
        "Yang, S. Y. and Cui, C. L. and Chi, Z. H.",
        2012,
        "National Medical Journal of China",
        "92",
        "",
        "2998-3000",
    )
    # the transliterated name, the title in brackets, the pages unreadable
    pinyin = english.with_(
        id="b",
        title="[" + english.title + "]",
        journal="Zhonghua Yi Xue Za Zhi",
        pages="var.pagings",
    )
    assert rules.journals_agree(pair(english, pinyin)) is not True
    assert classify(pair(english, pinyin)) == (Verdict.DUPLICATE, "same_title_authors_year")
    # another volume, a short title, or one author alone does not pin it
    assert not rules.same_title_authors_year(pair(english, pinyin.with_(volume="93")))
    short = (english.with_(title="Pleural effusion"), pinyin.with_(title="[Pleural effusion]"))
    assert not rules.same_title_authors_year(pair(*short))
    alone = (english.with_(authors=("Yang, S. Y.",)), pinyin.with_(authors=("Yang, S. Y.",)))
    assert not rules.same_title_authors_year(pair(*alone))
