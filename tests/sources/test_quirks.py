"""Behaviour of the adapters on the quirks real exports have (MANIFEST.tsv, notes/exports.md)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prisma.errors import ReviewError
from prisma.sources import detect, read_file, read_file_with_warnings
from prisma.sources._build import collapse, split_authors
from prisma.sources.pubmed_xml import parse_pubmed_xml
from tests.conftest import shared_path

ARTICLE = """<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">{pmid}</PMID><Article PubModel="Print"><Journal><ISSN>1234-5678</ISSN>
<JournalIssue><Volume>12</Volume><Issue>3</Issue><PubDate>{date}</PubDate></JournalIssue>
<Title>Journal of Tests</Title></Journal>
<ArticleTitle>Effect of <i>CO<sub>2</sub></i> on <b>x</b></ArticleTitle>
<Pagination><MedlinePgn>1-9</MedlinePgn></Pagination>
{eloc}
<Abstract><AbstractText Label="BACKGROUND">Some <i>italic</i> text.</AbstractText>
<AbstractText Label="RESULTS">More <sup>2</sup> text.</AbstractText></Abstract>
<AuthorList><Author><LastName>Smith</LastName><Initials>JA</Initials></Author>
<Author><CollectiveName>The Test Group</CollectiveName></Author></AuthorList>
</Article></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId>{aid}</ArticleIdList>
<ReferenceList><Reference><Citation>ref</Citation><ArticleIdList>
<ArticleId IdType="pubmed">99999999</ArticleId><ArticleId IdType="doi">10.9999/ref</ArticleId>
</ArticleIdList></Reference></ReferenceList></PubmedData></PubmedArticle>"""


def _xml(*articles: str, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0"?>\n<PubmedArticleSet>\n'
        + "\n".join(articles)
        + extra
        + "\n</PubmedArticleSet>\n"
    ).encode()


def test_pubmed_xml_fields() -> None:
    article = ARTICLE.format(
        pmid="111",
        date="<MedlineDate>1998 Dec-1999 Jan</MedlineDate>",
        eloc='<ELocationID EIdType="doi">10.1000/ELOC</ELocationID>',
        aid="",
    )
    (record,) = parse_pubmed_xml(_xml(article), "x.xml", "pubmed")
    assert record.id == "pubmed:111"
    assert record.pmid == "111"
    assert record.title == "Effect of CO2 on x"
    assert record.abstract == "BACKGROUND: Some italic text. RESULTS: More 2 text."
    assert record.doi == "10.1000/eloc"  # from ELocationID, not the reference list
    assert record.year == 1998
    assert record.authors == ("Smith JA", "The Test Group")
    assert (record.journal, record.volume, record.issue, record.pages) == (
        "Journal of Tests",
        "12",
        "3",
        "1-9",
    )
    assert record.line == 3


def test_pubmed_xml_doi_from_article_id_list_and_deleted_reported(tmp_path: Path) -> None:
    article = ARTICLE.format(
        pmid="222",
        date="<Year>2020</Year>",
        eloc="",
        aid='<ArticleId IdType="doi">10.1000/AID</ArticleId>',
    )
    path = tmp_path / "p.xml"
    path.write_bytes(_xml(article, extra="<DeleteCitation><PMID>333</PMID></DeleteCitation>"))
    result = read_file_with_warnings(path, "pubmed")
    assert [r.doi for r in result.records] == ["10.1000/aid"]
    assert result.fmt == "pubmed_xml"
    assert any("333" in str(w) for w in result.warnings)


def test_pubmed_xml_truncated_is_an_error_with_line() -> None:
    data = _xml(ARTICLE.format(pmid="1", date="", eloc="", aid=""))[:-200]
    with pytest.raises(ReviewError) as info:
        list(parse_pubmed_xml(data, "cut.xml", "pubmed"))
    assert info.value.line and info.value.hint and info.value.file == "cut.xml"


def test_pubmed_book_article_real() -> None:
    path = shared_path("exports", "pubmed_xml", "JabRef__jabref__MedlineImporterTestNbib.xml")
    records = read_file(path, "pubmed")
    assert all(r.id.startswith("pubmed:") for r in records)
    assert all(r.pmid.isdigit() for r in records)


def test_scopus_author_separators() -> None:
    assert split_authors("Phillips J.C., Braun R.") == ["Phillips J.C.", "Braun R."]
    assert split_authors("Traag, V.A., Waltman, L.") == ["Traag, V.A.", "Waltman, L."]
    assert split_authors("Traag V.A.; Waltman L.") == ["Traag V.A.", "Waltman L."]
    assert split_authors("Smith, John and Doe, Jane") == ["Smith, John", "Doe, Jane"]


def test_a_lone_author_written_family_first_stays_one_author() -> None:
    # Zotero and RefWorks write one author as "Family, Given"; the comma is not a separator
    assert split_authors("Yip, Chi Bun") == ["Yip, Chi Bun"]
    assert split_authors("Stringer, Anthony Y.") == ["Stringer, Anthony Y."]
    assert split_authors("van der Berg, Anna") == ["van der Berg, Anna"]
    # ... while two names that each carry initials, or two full names, are two authors
    assert split_authors("Smith J, Doe A") == ["Smith J", "Doe A"]
    assert split_authors("J Smith, A Doe") == ["J Smith", "A Doe"]
    assert split_authors("Waseem Sheikh, Nadeem Sheikh") == ["Waseem Sheikh", "Nadeem Sheikh"]


def test_zotero_csv_single_authors_are_not_split() -> None:
    path = shared_path("exports", "other_csv", "camaradesuk__ASySD__zotero_export.csv")
    authors = [r.authors for r in read_file(path, "zotero")]
    assert ("Cole, Lynette K.",) in authors
    assert ("Cole", "Lynette K.") not in authors
    assert sum(a == ("Polton, Gerry",) for a in authors) >= 3


def test_scopus_csv_placeholders_extra_field_and_eid() -> None:
    path = shared_path("exports", "scopus_csv", "NLeSC__litstudy__scopus.csv")
    records = read_file(path, "scopus")
    assert all(r.id.startswith("scopus:2-s2.0-") for r in records)
    assert not any(r.abstract.casefold() == "[no abstract available]" for r in records)
    assert not any("[No author name available]" in r.authors for r in records)
    # The extra Funding Text column is realigned: Language stays a language.
    assert {r.language for r in records} <= {"English", ""}


def test_scholar_truncation_flagged() -> None:
    path = shared_path(
        "exports",
        "pop_csv",
        "vimotest__viewmodel-classification__2023-02-26-GoogleScholar_PoPCites_MVVM.csv",
    )
    records = read_file(path, "scholar")
    flagged = [r for r in records if "abstract" in r.truncated]
    assert len(flagged) == 238  # MANIFEST: 238 abstracts truncated with U+2026
    assert not any(r.abstract.endswith("…") for r in records)
    assert sum(1 for r in records if "authors" in r.truncated) == 10


def test_ris_unterminated_last_record_left_out_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "cut.ris"
    path.write_text("TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\nAU  - Doe, J\n")
    result = read_file_with_warnings(path, "zotero")
    assert [r.title for r in result.records] == ["One"]
    (warning,) = result.warnings
    assert warning.line == 5 and warning.extra["dropped"] == "Two"
    assert "no ER line" in warning.message and "left out" in warning.message


def test_ris_missing_er_between_records_splits_them(tmp_path: Path) -> None:
    path = tmp_path / "merged.ris"
    path.write_text("TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \n")
    assert [r.title for r in read_file(path, "x")] == ["One", "Two"]


def test_bibtex_repeated_fields_and_keys_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "dup.bib"
    path.write_text(
        "@article{a, title={First}, funding_details={x}, funding_details={y}}\n"
        '@article{a, title={Second}}\n@article{b, title={Third {\\"u}ber}}\n'
    )
    records = read_file(path, "x", "bib")
    assert [r.title for r in records] == ["First", "Second", "Third über"]


def test_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.ris"
    path.write_bytes("TY  - JOUR\nTI  - Caf\u00e9 25\u00b0C\nER  - \n".encode("cp1252"))
    result = read_file_with_warnings(path, "x")
    assert result.records[0].title == "Café 25°C"
    assert any("cp1252" in str(w) for w in result.warnings)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "u16.bib"
    path.write_bytes(bom + "@article{k, title={Wide}, year={2001}}\n".encode(codec))
    assert [(r.title, r.year) for r in read_file(path, "x")] == [("Wide", 2001)]


def test_cr_only_and_mid_file_bom(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    text = (
        "\ufeffRecord #1 of 2\rID: CD1\rTI: First\rYR: 2001\r\r\ufeffRecord #2 of 2\r"
        "ID: CD2\rTI: Second\rYR: 2002\r"
    )
    path.write_bytes(text.encode("utf-8"))
    assert detect(path).adapter.name == "cochrane_txt"
    records = read_file(path, "cochrane")
    assert [(r.id, r.title, r.line) for r in records] == [
        ("cochrane:CD1", "First", 1),
        ("cochrane:CD2", "Second", 6),
    ]


def test_wos_plaintext_native_ids_and_repeated_tags() -> None:
    path = shared_path("exports", "wos_plaintext", "diging__tethne__wos.txt")
    records = read_file(path, "wos")
    assert all(r.id.startswith("wos:WOS:") for r in records)
    assert all(len(r.authors) >= 1 for r in records)


def test_medline_pmids_dois_and_loose_tags() -> None:
    path = shared_path("exports", "pubmed_medline", "mjwestgate__revtools__restoration_pubmed.nbib")
    records = read_file(path, "pubmed")
    assert all(r.id == f"pubmed:{r.pmid}" for r in records)
    assert sum(1 for r in records if r.doi.startswith("10.")) > 50


def test_bib_dedupe_csv_ids(tmp_path: Path) -> None:
    path = shared_path("dedup", "special_cases", "records_pre_merged.csv")
    records = read_file(path, "bench")
    assert records and all(r.id.startswith("bench:") and r.native_id for r in records)


@given(
    st.text(
        alphabet=st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0ab\u2009")),
        max_size=30,
    )
)
def test_collapse_matches_split_join(text: str) -> None:
    assert collapse(text) == " ".join(text.split())


def test_pubmed_xml_other_roots_refused_even_in_utf16() -> None:
    early = b"<?xml version='1.0'?>\n<Other><PubmedArticle/></Other>"  # refused up front
    late = "<?xml version='1.0' encoding='utf-16'?><Other><Item/></Other>".encode("utf-16")
    for raw in (early, late):
        with pytest.raises(ReviewError) as info:
            list(parse_pubmed_xml(raw, "o.xml", "pubmed"))
        assert "PubmedArticleSet" in info.value.message


@given(st.text(alphabet=st.sampled_from(list("10./ABCabc;., \t-")), max_size=20))
def test_doi_fast_path_agrees_with_normalise_doi(text: str) -> None:
    from prisma.records import normalise_doi
    from prisma.sources._build import doi_from

    if normalise_doi(text):
        assert doi_from(text) == normalise_doi(text)


def test_tagged_field_map_takes_the_first_non_blank_tag() -> None:
    from prisma.sources._build import map_fields

    tags = {"TI": ["  "], "T1": ["Real title"], "PY": ["2019"]}
    fields = map_fields(tags, {"title": ("TI", "T1"), "year": ("PY",), "doi": ("DO",)})
    assert fields == {"title": "Real title", "year": "2019", "doi": ""}
