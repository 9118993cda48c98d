"""The dev corpus in ../shared/data/exports: MANIFEST rows, the adapter each MANIFEST
format maps to, and the files whose expected outcome differs from the MANIFEST (with why).

Shared by tests/sources/test_exports_conformance.py and benchmarks/formats_table.py.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

# MANIFEST format -> adapters that may claim it (detected from content).
FORMAT_ADAPTERS: dict[str, frozenset[str]] = {
    "bib_generic": frozenset({"bib"}),
    "scholar_bib": frozenset({"bib"}),
    "scopus_bib": frozenset({"scopus_bib"}),
    "wos_bib": frozenset({"wos_bib"}),
    "cochrane": frozenset({"cochrane_txt", "cochrane_csv", "ris"}),
    "ebsco_csv": frozenset({"csv"}),
    "ebsco_ris": frozenset({"ris"}),
    "embase_csv": frozenset({"embase_csv"}),
    "embase_ris": frozenset({"ris"}),
    "endnote_enw": frozenset({"enw"}),
    "scholar_enw": frozenset({"enw"}),
    "endnote_ris": frozenset({"ris"}),
    "endnote_xml": frozenset({"endnote_xml"}),
    "eutils_xml": frozenset({"eutils_xml"}),
    "other_csv": frozenset({"csv"}),
    "ovid_ris": frozenset({"ris"}),
    "ovid_tagged": frozenset({"ovid_tagged"}),
    "pop_csv": frozenset({"pop_csv"}),
    "pop_json": frozenset({"pop_json"}),
    "pubmed_csv": frozenset({"pubmed_csv"}),
    "pubmed_medline": frozenset({"pubmed_medline"}),
    "pubmed_xml": frozenset({"pubmed_xml"}),
    "ris_generic": frozenset({"ris"}),
    "scholar_csv": frozenset({"scholar_csv"}),
    "scholar_ris": frozenset({"ris"}),
    "scopus_csv": frozenset({"scopus_csv"}),
    "scopus_ris": frozenset({"scopus_ris"}),
    "wos_plaintext": frozenset({"wos_plaintext"}),
    "wos_ris": frozenset({"wos_ris"}),
    "wos_tabdelim": frozenset({"wos_tabdelim"}),
    "other": frozenset(),
}


@dataclass(frozen=True)
class Expect:
    """A file whose outcome differs from "detected as its MANIFEST format, MANIFEST count"."""

    why: str
    count: int | None = None  # the true record count (None: the MANIFEST's)
    refused: bool = False  # a ReviewError is the right answer
    adapter: str = ""  # the content is another format than the MANIFEST's label
    untitled_ok: bool = False  # a synthetic file whose records lack titles on purpose


EXCEPTIONS: dict[str, Expect] = {
    "other/BharatBlade__AIML__pubmed89Abstract.txt": Expect(
        "PubMed's human-readable 'Abstract' text is not an export format", refused=True
    ),
    "other/diging__tethne__zotero.rdf": Expect(
        "Zotero RDF is not supported; export RIS or BibTeX from Zotero instead", refused=True
    ),
    "endnote_enw/CoLRev-Environment__colrev__colrev_ais_enl.txt": Expect(
        "MANIFEST counts '%0' lines (2); the file has 6 blank-line separated records, "
        "4 of them without %0 (each has %T, %B, %D)",
        count=6,
    ),
    "pubmed_medline/UWNETLAB__metaknowledge__medline_test.medline": Expect(
        "the test file itself is cut short: its last record (PMID 26153366) stops inside "
        "its title ('... in t endometriu') with no SO line; it is left out with a warning",
        count=174,
    ),
    "bib_generic/vimotest__viewmodel-classification__2024-01-23-ieee.bib": Expect(
        "MANIFEST counts '@' at line starts (1); IEEE glues entries as '}}@INPROCEEDINGS{', "
        "the file holds 38 entries",
        count=38,
    ),
    "bib_generic/JabRef__jabref__encoding-windows-1252-with-header.bib": Expect(
        "JabRef encoding test: its one entry has only an abstract", untitled_ok=True
    ),
    "other_csv/asreview__citation-file-formatting__abstrackr.csv": Expect(
        "the last row is Abstrackr's one-cell note 'citations that are not yet labeled by "
        "anyone', not a record (reported as a warning)",
        count=10,
    ),
    "pubmed_medline/JabRef__jabref__MedlinePlainImporterTestMultipleEntries.txt": Expect(
        "JabRef stress test: MANIFEST counts PMID lines (5); two more blank-line separated "
        "records have no PMID (PMC-/PMCR- only), and most records have no title",
        count=7,
        untitled_ok=True,
    ),
    "pubmed_xml/JabRef__jabref__MedlineImporterTestBookArticleSet.xml": Expect(
        "JabRef test: the second PubmedBookArticle is a stub with a PMID and pages only",
        untitled_ok=True,
    ),
    "scopus_ris/asreview__asreview__ris_issue_1099.txt": Expect(
        "a Citavi re-export mixing 3 Scopus and 4 Lens records ('M4  - Citavi' on all): "
        "generic RIS, not Scopus' own layout",
        adapter="ris",
    ),
}
for _name in (
    "efetch_pmc",
    "einfo1",
    "elink1",
    "epost1",
    "epost2",
    "epost3",
    "esearch1",
    "esearch2",
    "esearch3",
    "esearch5",
    "esearch8",
    "espell",
    "esummary1",
    "esummary8",
):
    EXCEPTIONS[f"eutils_xml/biopython__biopython__{_name}.xml"] = Expect(
        "an E-utilities response without PubMed records: recognised and refused with a "
        "hint to use PubmedArticleSet XML",
        refused=True,
    )


@dataclass(frozen=True)
class Row:
    path: str
    format: str
    records: str
    quirks: str


def manifest_rows(exports: Path) -> list[Row]:
    with open(exports / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Row(r["path"], r["format"], r["records"], r["quirks"]) for r in reader]
