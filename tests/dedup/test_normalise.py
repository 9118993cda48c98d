"""Each normalisation step, on field values written the ways real exports write them."""

from __future__ import annotations

import pytest

from prisma.dedup.normalise import (
    cochrane_review,
    is_conference,
    journals_compatible,
    living_review,
    norm_authors,
    norm_doi,
    norm_journal,
    norm_number,
    norm_pages,
    norm_pmid,
    norm_title,
    numbers_of_title,
    pages_match,
    record_keys,
    strip_language_tag,
    strip_markup,
    title_kinds,
    title_numbers,
)
from prisma.dedup.normalise.text import repair_mojibake
from prisma.records import Record

# --- DOI and PMID -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("10.1016/J.JCONREL.2016.11.002", "10.1016/j.jconrel.2016.11.002"),
        ("http://dx.doi.org/10.4196/kjpp.2017.21.5.475", "10.4196/kjpp.2017.21.5.475"),
        ("https://doi.org/10.1093/NTR/NTY046", "10.1093/ntr/nty046"),
        ("doi: 10.1186/s12933-017-0626-3.", "10.1186/s12933-017-0626-3"),
        ("10.1016/s0735-1097%2811%2961011-5", "10.1016/s0735-1097(11)61011-5"),
        ("see 10.1002/14651858.CD005947.pub2 and more", "10.1002/14651858.cd005947.pub2"),
        # the registrant typed twice by one export
        ("10.3779/10.3779/j.issn.1009-3419.2018.11.07", "10.3779/j.issn.1009-3419.2018.11.07"),
        ("", ""),
        ("not a doi", ""),
    ],
)
def test_norm_doi(raw: str, expected: str) -> None:
    assert norm_doi(raw) == expected


def test_norm_pmid_keeps_digits_only() -> None:
    assert norm_pmid("PMID: 029110715") == "29110715"
    assert norm_pmid("") == ""


# --- title ------------------------------------------------------------------------------


def test_title_casefold_and_punctuation() -> None:
    a = norm_title("THE USE OF ACELLULAR DERMAL MATRICES IN REVISIONAL BREAST RECONSTRUCTION.")
    b = norm_title("The use of acellular dermal matrices in revisional breast reconstruction")
    assert a == b == "the use of acellular dermal matrices in revisional breast reconstruction"


def test_title_accents_transliterated() -> None:
    assert norm_title("Évaluation de l'efficacité — étude") == "evaluation de l efficacite etude"
    assert norm_title("Straße, Ærø and Łódź") == "strasse aero and lodz"


def test_title_greek_letters_spelled_out() -> None:
    assert norm_title("Effects of β-blockers on TNF-α") == norm_title(
        "Effects of beta-blockers on TNF-alpha"
    )


def test_title_html_markup_stripped() -> None:
    raw = "PET exposure: a meta-analysis initiated by GA<SUP>2</SUP>LEN &amp; <i>others</i>"
    assert norm_title(raw) == "pet exposure a meta analysis initiated by ga 2 len others"


def test_title_latex_markup_stripped() -> None:
    assert strip_markup(r"{\"O}zone in \emph{vivo} and $\alpha$") == "Ozone in  vivo and  "
    assert norm_title(r"Die {\"O}kologie von M\"{u}nchen") == "die okologie von munchen"


@pytest.mark.parametrize(
    "raw",
    [
        "Protective effects of incretin on atherosclerosis [Chinese]",
        "Protective effects of incretin on atherosclerosis [Article in German]",
        "Protective effects of incretin on atherosclerosis (author's transl)",
        "[Protective effects of incretin on atherosclerosis].",
    ],
)
def test_title_language_tag_and_translation_brackets(raw: str) -> None:
    assert norm_title(raw) == "protective effects of incretin on atherosclerosis"


def test_language_tag_only_when_it_names_a_language() -> None:
    # a bracketed word that is not a language stays part of the title
    assert strip_language_tag("Outcomes of surgery [phase 2]") == "Outcomes of surgery [phase 2]"


def test_title_medline_notes_dropped() -> None:
    a = norm_title(
        "Eculizumab for atypical hemolytic-uremic syndrome.[Erratum appears in N Engl J Med. "
        "2009 Jun 4;360(23):2487 No"
    )
    b = norm_title("Update on HPV infection. [Review] [33 refs]")
    c = norm_title("Ecologically-oriented neurorehabilitation of memory... [c")
    assert a == "eculizumab for atypical hemolytic uremic syndrome"
    assert b == "update on hpv infection"
    assert c == "ecologically oriented neurorehabilitation of memory"


def test_title_numbers_agree_across_spellings() -> None:
    assert title_numbers(norm_title("Results of the trial: Part II")) == (2,)
    assert title_numbers(norm_title("Results of the trial, part 2")) == (2,)
    assert title_numbers(norm_title("Two-year outcomes")) == title_numbers("2 year outcomes")
    # a roman numeral only counts after a numbering word: vitamin D is not 500
    assert title_numbers(norm_title("Vitamin D and type I diabetes")) == (1,)


@pytest.mark.parametrize(
    "raw, kinds",
    [
        ("Erratum: Gain-of-function mutations in complement factor B", {"erratum"}),
        ("Correction to: Effects of vildagliptin", {"erratum"}),
        ("Eculizumab for Atypical Hemolytic-Uremic Syndrome (vol 360, pg 542, 2009)", {"erratum"}),
        ("Retraction notice to: Stem cells in heart failure", {"retraction"}),
        ("Re: Stroke and aphasia", {"comment"}),
        ("Comment on: Cannabinoids for epilepsy", {"comment"}),
        ("Atypical hemolytic uremic syndrome - Reply", set()),
        ("Reply to Dr Smith on cannabinoids", {"comment"}),
        ("Re-evaluation of cytology screening", set()),
        ("Response to treatment in acute leukaemia", set()),
        ("Surgical correction of scoliosis", set()),
    ],
)
def test_title_kinds(raw: str, kinds: set[str]) -> None:
    assert title_kinds(raw) == frozenset(kinds)


# --- authors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        ("Slavin, S. A.", "Lin, S. J."),  # BibTeX "and" list, already split
        "Slavin, S. A. and Lin, S. J.",
        "Slavin SA; Lin SJ",
        "Slavin S. A.Lin S. J.",  # glued, dots after initials (Ovid/EndNote)
        "Slavin SALin SJ",  # glued, MEDLINE initials
        "S. A. Slavin and S. J. Lin",
        "Slavin Scott A.Lin Samuel J.",  # glued full names (Web of Science)
    ],
)
def test_authors_any_order_or_separator(raw: tuple[str, ...] | str) -> None:
    assert norm_authors(raw) == (("slavin", "sa"), ("lin", "sj"))


def test_authors_particles_and_apostrophes() -> None:
    assert norm_authors("van der Poll Tom")[0][0] == norm_authors("Van Der Poll T.")[0][0]
    assert norm_authors("De Botton, S. and Dombret, H.")[0] == ("debotton", "s")
    assert norm_authors("O' Higgins CaoimhinWard Frank J.") == (("ohiggins", "c"), ("ward", "fj"))
    assert norm_authors("Godson C. G.McGillicuddy F.") == (("godson", "cg"), ("mcgillicuddy", "f"))


def test_authors_accents_suffixes_and_et_al() -> None:
    assert norm_authors("Müller, Jörg and et al.") == (("muller", "j"),)
    assert norm_authors("Smith, J. W., 2nd") == (("smith", "jw"),)
    assert norm_authors("Zhou, Y. and Huang, J.-B.") == (("zhou", "y"), ("huang", "jb"))
    assert norm_authors("") == ()


# --- journal ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("J Control Release", "Journal of Controlled Release"),
        ("Pacing Clin Electrophysiol", "PACE-PACING AND CLINICAL ELECTROPHYSIOLOGY"),
        ("JAMA", "Journal of the American Medical Association"),
        ("N Engl J Med", "The New England Journal of Medicine"),
        (
            "Nicotine & tobacco research : official journal of the Society for Research on "
            "Nicotine and Tobacco",
            "Nicotine and Tobacco Research",
        ),
        ("Oncology (Williston Park, N.Y.)", "Oncology (Williston Park)"),
        ("Neuro Endocrinol Lett", "Neuroendocrinology Letters"),
        ("Pediatric Nephrology", "Pediatric Nephrology.Conference: 44th Annual Meeting"),
        # the name's own acronym after it
        (
            "Journ. Acquir. Imm. Defic. Syndrom. JAIDS",
            "Journal of Acquired Immune Deficiency Syndromes",
        ),
        ("Journal of Acquired Immune Deficiency Syndromes: JAIDS", "J Acquir Immune Defic Syndr"),
        # a bracket left open at the end ([Electronic Resource] cut short)
        ("Inf.Agents.Canc.[Electr.Res.", "Infectious Agents and Cancer"),
    ],
)
def test_journal_abbreviations_match_full_names(a: str, b: str) -> None:
    assert journals_compatible(norm_journal(a), norm_journal(b)) is True


def test_journal_different_journals_do_not_match() -> None:
    assert journals_compatible(norm_journal("Blood"), norm_journal("Lancet")) is False
    # a last word that is not the name's acronym stays part of the name
    assert (
        journals_compatible(
            norm_journal("Journ. Acquir. Imm. Defic. Syndrom. Lett."),
            norm_journal("Journal of Acquired Immune Deficiency Syndromes"),
        )
        is not True
    )


def test_conference_detection() -> None:
    assert is_conference("inproceedings", "")
    assert is_conference(
        "article", norm_journal("Journal of Thrombosis and Haemostasis.Conference: XXIII Congress")
    )
    assert not is_conference("article", norm_journal("Journal of Clinical Virology"))


@pytest.mark.parametrize(
    "venue",
    [
        "Proceedings of the 2019 CHI Conference on Human Factors in Computing Systems",
        "Proceedings of SPIE",
        "Proc. VLDB Endow.",
        "AMIA Annu Symp Proc",
        "Conf Proc IEEE Eng Med Biol Soc",
    ],
)
def test_a_meetings_book_is_a_conference(venue: str) -> None:
    assert is_conference("article", norm_journal(venue))


@pytest.mark.parametrize(
    "journal",
    [
        # a society's, an academy's or a clinic's journal, however an index spells it
        "Proc Biol Sci",
        "Proceedings. Biological sciences / The Royal Society",
        "Proceedings of the Royal Society B: Biological Sciences",
        "Proc Natl Acad Sci U S A",
        "PROCEEDINGS OF THE NATIONAL ACADEMY OF SCIENCES OF THE UNITED STATES OF AMERICA",
        "Mayo Clin Proc",
        "Proceedings of the Nutrition Society",
        "Proceedings of the IEEE",
        # a name cut at its first full stop (the rest went to the volume field)
        "Proceedings",
        # "annual" alone names no meeting
        "Annual Review of Clinical Psychology",
        "Annu Rev Clin Psychol",
    ],
)
def test_journals_called_proceedings_or_annual_are_journals(journal: str) -> None:
    assert not is_conference("article", norm_journal(journal))


# --- pages, volume, issue, year -----------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1613-9", ("1613", "1619")),
        ("123-29", ("123", "129")),
        ("47--65", ("47", "65")),
        ("S5-S10", ("5", "10")),
        ("70s-85s", ("70", "85")),
        ("pp. 12-15", ("12", "15")),
        ("e0123", ("e123", "")),
        ("c1804", ("c1804", "")),
        ("Suppl-10", ("", "10")),  # the first page was lost: unknown, not a guess
        ("Nov-24", ("", "")),  # a spreadsheet turned 11-24 into a date
        ("", ("", "")),
    ],
)
def test_norm_pages(raw: str, expected: tuple[str, str]) -> None:
    assert norm_pages(raw) == expected


def test_pages_match_treats_article_numbers_as_unknown() -> None:
    assert pages_match("1014", "1014") is True
    assert pages_match("1014", "1015") is False
    assert pages_match("1014", "c1804") is None
    assert pages_match("i151", "i149") is False
    assert pages_match("", "12") is None


def test_volume_issue_first_number() -> None:
    assert norm_number("16 (1) (no pagination)") == "16"
    assert norm_number("7 Pt 2") == "7"
    assert norm_number("030") == "30"
    assert norm_number("Suppl.") == ""


def test_cochrane_review_number_from_doi_or_pages() -> None:
    assert cochrane_review("10.1002/14651858.cd005947.pub2", "") == "cd005947"
    assert cochrane_review("", "CD005947") == "cd005947"
    assert cochrane_review("10.1016/j.x.2019.1", "12-19") == ""
    # a seven-digit number is something else, not a review number cut to six
    assert cochrane_review("10.1002/14651858.cd1012345", "") == ""
    assert cochrane_review("", "CD0059471") == ""


def test_record_keys_year_and_volume_quirks() -> None:
    keys = record_keys(
        Record(
            id="x:1",
            source="x",
            title="Number concepts",
            year=1752,
            volume="1)",
            issue="",
            pages="S124",
        )
    )
    assert keys.year is None  # an issue number in the year column
    assert keys.volume == ""  # Embase's "1)" for "(Supplement 1)"
    assert keys.first_page == "124"


def test_pages_a_spreadsheet_turned_into_a_date_or_a_huge_number_are_unknown() -> None:
    assert norm_pages("01-Aug") == ("", "")
    assert norm_pages("Sep-12") == ("", "")
    assert norm_pages("3490000000000") == ("", "")


def test_title_trailing_language_word_after_a_full_stop() -> None:
    assert norm_title("Cerebral protection and ketamine. German") == norm_title(
        "Cerebral protection and ketamine"
    )
    assert norm_title("Outcomes in Germany. Results") == "outcomes in germany results"


def test_numbers_of_title_skip_a_correction_notices_citation() -> None:
    # Web of Science's correction notice cites the original: its numbers are not the title's
    raw = (
        "Severe deficiency of the von Willebrand factor-cleaving protease (ADAMTS 13) in "
        "children with atypical hemolytic uremic syndrome (vol 142, pg 310, 2003)"
    )
    assert numbers_of_title(raw, norm_title(raw)) == (13,)
    plain = "Outcomes of ADAMTS 13 testing in 2003 (volume 2)"
    assert numbers_of_title(plain, norm_title(plain)) == (13, 2003, 2)


def test_living_review_names_a_clinical_evidence_topic_across_updates() -> None:
    assert living_review(norm_journal("BMJ Clin Evid"), "head lice") == "clinevid:head lice"
    assert living_review(norm_journal("Clinical Evidence"), "head lice") == "clinevid:head lice"
    assert living_review(norm_journal("BMJ"), "head lice") == ""
    assert living_review(norm_journal("BMJ Clin Evid"), "") == ""


# --- mojibake -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "garbled, text",
    [
        ("MÃ¼ller", "Müller"),
        ("HrubÃ½ R.HaÅ¡to J.MinÃ¡rik P.", "Hrubý R.Hašto J.Minárik P."),
        ("Alzheimerâ€™s disease", "Alzheimer’s disease"),  # read as Windows-1252
        ("Alzheimer\u00e2\u0080\u0099s disease", "Alzheimer’s disease"),  # as Latin-1
        ("CerdÃ¡-NicolÃ¡s", "Cerdá-Nicolás"),
    ],
)
def test_mojibake_is_read_back(garbled: str, text: str) -> None:
    assert repair_mojibake(garbled) == text


@pytest.mark.parametrize("text", ["São Paulo", "Zürich 10°C", "Ã la carte", "Smith, J."])
def test_text_that_is_not_mojibake_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == text


def test_mojibake_authors_and_titles_match_their_clean_spelling() -> None:
    assert norm_authors("BayÃ©s M.Rabasseda X.") == norm_authors("Bayés, M. and Rabasseda, X.")
    assert norm_title("Alzheimerâ€™s as a systems-level disease") == norm_title(
        "Alzheimer's as a systems-level disease"
    )
