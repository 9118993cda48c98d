"""The dev corpus in ../shared/data/exports: MANIFEST rows, the adapter each MANIFEST
format maps to, and the files whose expected outcome differs from the MANIFEST (with why).

Shared by tests/test_exports_conformance.py and benchmarks/formats_table.py.
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

# Files whose outcome is not "detected, parsed, MANIFEST count": path -> (outcome, why).
# outcome is "refused" (a ReviewError is expected) or an int (the true record count).
EXCEPTIONS: dict[str, tuple[str | int, str]] = {
    "other/BharatBlade__AIML__pubmed89Abstract.txt": (
        "refused", "PubMed's human-readable 'Abstract' text is not an export format"),
    "other/diging__tethne__zotero.rdf": (
        "refused", "Zotero RDF is not supported; export RIS or BibTeX from Zotero instead"),
    "endnote_enw/CoLRev-Environment__colrev__colrev_ais_enl.txt": (
        6, "MANIFEST counts '%0' lines (2); the file has 6 blank-line separated records, "
        "4 of them without %0 (each has %T, %B, %D)"),
}
for _name in ("efetch_pmc", "einfo1", "elink1", "epost1", "epost2", "epost3", "esearch1",
              "esearch2", "esearch3", "esearch5", "esearch8", "esummary1", "esummary8"):
    EXCEPTIONS[f"eutils_xml/biopython__biopython__{_name}.xml"] = (
        "refused", "an E-utilities response without PubMed records: recognised and refused "
        "with a hint to use PubmedArticleSet XML")


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
