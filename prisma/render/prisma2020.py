"""The PRISMA2020 R package / Shiny app's data template (v1.1.4), filled from a flow.

The rows, their order and the seven text columns are those of the app's own example
file (``inst/extdata/PRISMA.csv`` of v1.1.4); only ``n`` is ours. Where the example
holds ``0`` or a placeholder, we write the same rather than ``NA``: the app's upload
code tests ``n != "0"`` and ``n != "<placeholder>"`` inside ``if ()``, and an ``NA``
there stops it with "missing value where TRUE/FALSE needed". A missing
``total_studies_ma`` row stops ``PRISMA_data()`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from prisma.csvio import to_csv_text

PRISMA_COLUMNS = ["data", "node", "box", "description", "boxtext", "tooltips", "url", "n"]

TEMPLATE_VERSION = "1.1.4"

# The placeholders the app compares against to decide whether to show a detail.
DATABASE_PLACEHOLDER = "Database 1, xxx; Database 2, xxx; Database 3, xxx"
REGISTER_PLACEHOLDER = "Register 1, xxx; Register 2, xxx; Register 3, xxx"
REASON_PLACEHOLDER = "Reason1, xxx; Reason2, xxx; Reason3, xxx"
PLACEHOLDERS = frozenset({DATABASE_PLACEHOLDER, REGISTER_PLACEHOLDER, REASON_PLACEHOLDER})

_EXCLUDED_DESCRIPTION = (
    "Reports excluded ({}): [separate reasons and numbers using ; e.g. "
    "Reason1, xxx; Reason2, xxx; Reason3, xxx]"
)

# (data, node, box, description, boxtext, tooltips, url): v1.1.4's example, row for row.
TEMPLATE: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "NA",
        "node4",
        "prevstud",
        "Grey title box; Previous studies",
        "Previous studies",
        "Grey title box; Previous studies",
        "prevstud.html",
    ),
    (
        "previous_studies",
        "node5",
        "box1",
        "Studies included in previous version of review",
        "Studies included in previous version of review",
        "Studies included in previous version of review",
        "previous_studies.html",
    ),
    (
        "previous_reports",
        "NA",
        "box1",
        "Reports of studies included in previous version of review",
        "Reports of studies included in previous version of review",
        "NA",
        "previous_reports.html",
    ),
    (
        "NA",
        "node6",
        "newstud",
        "Yellow title box; Identification of new studies via databases and registers",
        "Identification of new studies via databases and registers",
        "Yellow title box; Identification of new studies via databases and registers",
        "newstud.html",
    ),
    (
        "database_results",
        "node7",
        "box2",
        "Records identified from: Databases",
        "Databases",
        "Records identified from: Databases and Registers",
        "database_results.html",
    ),
    (
        "database_specific_results",
        "NA",
        "box2",
        "Records identified from: specific databases",
        "Specific Databases",
        "NA",
        "database_results.html",
    ),
    (
        "register_results",
        "NA",
        "box2",
        "Records identified from: Registers",
        "Registers",
        "NA",
        "NA",
    ),
    (
        "register_specific_results",
        "NA",
        "box2",
        "Records identified from: specific registers",
        "Specific Registers",
        "NA",
        "database_results.html",
    ),
    (
        "NA",
        "node16",
        "othstud",
        "Grey title box; Identification of new studies via other methods",
        "Identification of new studies via other methods",
        "Grey title box; Identification of new studies via other methods",
        "othstud.html",
    ),
    (
        "website_results",
        "node17",
        "box11",
        "Records identified from: Websites",
        "Websites",
        "Records identified from: Websites, Organisations and Citation Searching",
        "website_results.html",
    ),
    (
        "organisation_results",
        "",
        "box11",
        "Records identified from: Organisations",
        "Organisations",
        "NA",
        "NA",
    ),
    (
        "citations_results",
        "NA",
        "box11",
        "Records identified from: Citation searching",
        "Citation searching",
        "NA",
        "NA",
    ),
    (
        "duplicates",
        "node8",
        "box3",
        "Duplicate records",
        "Duplicate records",
        "Duplicate records",
        "duplicates.html",
    ),
    (
        "excluded_automatic",
        "NA",
        "box3",
        "Records marked as ineligible by automation tools",
        "Records marked as ineligible by automation tools",
        "NA",
        "NA",
    ),
    (
        "excluded_other",
        "NA",
        "box3",
        "Records removed for other reasons",
        "Records removed for other reasons",
        "NA",
        "NA",
    ),
    (
        "records_screened",
        "node9",
        "box4",
        "Records screened (databases and registers)",
        "Records screened",
        "Records screened (databases and registers)",
        "records_screened.html",
    ),
    (
        "records_excluded",
        "node10",
        "box5",
        "Records excluded (databases and registers)",
        "Records excluded",
        "Records excluded (databases and registers)",
        "records_excluded.html",
    ),
    (
        "dbr_sought_reports",
        "node11",
        "box6",
        "Reports sought for retrieval (databases and registers)",
        "Reports sought for retrieval",
        "Reports sought for retrieval (databases and registers)",
        "dbr_sought_reports.html",
    ),
    (
        "dbr_notretrieved_reports",
        "node12",
        "box7",
        "Reports not retrieved (databases and registers)",
        "Reports not retrieved",
        "Reports not retrieved (databases and registers)",
        "dbr_notretrieved_reports.html",
    ),
    (
        "other_sought_reports",
        "node18",
        "box12",
        "Reports sought for retrieval (other)",
        "Reports sought for retrieval",
        "Reports sought for retrieval (other)",
        "other_sought_reports.html",
    ),
    (
        "other_notretrieved_reports",
        "node19",
        "box13",
        "Reports not retrieved (other)",
        "Reports not retrieved",
        "Reports not retrieved (other)",
        "other_notretrieved_reports.html",
    ),
    (
        "dbr_assessed",
        "node13",
        "box8",
        "Reports assessed for eligibility (databases and registers)",
        "Reports assessed for eligibility",
        "Reports assessed for eligibility (databases and registers)",
        "dbr_assessed.html",
    ),
    (
        "dbr_excluded",
        "node14",
        "box9",
        _EXCLUDED_DESCRIPTION.format("databases and registers"),
        "Reports excluded",
        "Reports excluded (databases and registers)",
        "dbrexcludedrecords.html",
    ),
    (
        "other_assessed",
        "node20",
        "box14",
        "Reports assessed for eligibility (other)",
        "Reports assessed for eligibility",
        "Reports assessed for eligibility (other)",
        "other_assessed.html",
    ),
    (
        "other_excluded",
        "node21",
        "box15",
        _EXCLUDED_DESCRIPTION.format("other"),
        "Reports excluded",
        "Reports excluded (other)",
        "other_excluded.html",
    ),
    (
        "new_studies",
        "node15",
        "box10",
        "New studies included in review",
        "New studies included in review",
        "New studies included in review",
        "new_studies.html",
    ),
    (
        "new_reports",
        "NA",
        "box10",
        "Reports of new included studies",
        "Reports of new included studies",
        "NA",
        "NA",
    ),
    (
        "total_studies",
        "node22",
        "box16",
        "Total studies included in review",
        "Total studies included in review",
        "Total studies included in review",
        "total_studies.html",
    ),
    (
        "total_reports",
        "NA",
        "box16",
        "Reports of total included studies",
        "Reports of total included studies",
        "NA",
        "NA",
    ),
    (
        "identification",
        "node1",
        "identification",
        "Blue identification box",
        "Identification",
        "Blue identification box",
        "identification.html",
    ),
    (
        "screening",
        "node2",
        "screening",
        "Blue screening box",
        "Screening",
        "Blue screening box",
        "screening.html",
    ),
    (
        "included",
        "node3",
        "included",
        "Blue included box",
        "Included",
        "Blue included box",
        "included.html",
    ),
    (
        "total_studies_ma",
        "node23",
        "box17",
        "Total studies included in meta-analysis",
        "Total studies included in meta-analysis",
        "Total studies included in meta-analysis",
        "total_studies_meta_analysis.html",
    ),
    (
        "total_reports_ma",
        "NA",
        "box17",
        "Reports of total included studies in meta-analysis",
        "Reports of total included studies in meta-analysis",
        "NA",
        "NA",
    ),
)

NUMBER_ROWS = (
    "previous_studies",
    "previous_reports",
    "database_results",
    "register_results",
    "website_results",
    "organisation_results",
    "citations_results",
    "duplicates",
    "excluded_automatic",
    "excluded_other",
    "records_screened",
    "records_excluded",
    "dbr_sought_reports",
    "dbr_notretrieved_reports",
    "other_sought_reports",
    "other_notretrieved_reports",
    "dbr_assessed",
    "other_assessed",
    "new_studies",
    "new_reports",
    "total_studies",
    "total_reports",
    "total_studies_ma",
    "total_reports_ma",
)


def breakdown(items: Mapping[str, int]) -> str:
    """``Name, n; Name, n``: the app splits on ";" then takes the text before the first
    comma as the name, so a comma inside a name would cut it (and read its count as NA)."""
    return "; ".join(
        f"{' '.join(name.replace(',', ' ').split())}, {n}" for name, n in items.items()
    )


def fill_template(
    numbers: Mapping[str, int],
    database_specific: Mapping[str, int],
    register_specific: Mapping[str, int],
    dbr_reasons: Mapping[str, int],
    other_reasons: Mapping[str, int],
    other_methods: bool,
) -> str:
    """The template as CSV text with ``n`` filled: every row present, no ``NA`` in ``n``.

    ``numbers`` holds every key of NUMBER_ROWS but the meta-analysis ones (the tool
    does no meta-analysis: 0, as in the example, keeps the app's box hidden). A
    breakdown with nothing in it gets the example's placeholder, which is what makes
    the app leave the detail out; a reasons box that applies but excluded nothing
    gets ``0``.
    """
    n: dict[str, str] = {}
    for key in NUMBER_ROWS:
        value = numbers.get(key, 0)
        if value < 0:
            raise ValueError(f"{key} is negative ({value}): the app would drop the sign")
        n[key] = str(value)
    n["database_specific_results"] = breakdown(database_specific) or DATABASE_PLACEHOLDER
    n["register_specific_results"] = breakdown(register_specific) or REGISTER_PLACEHOLDER
    n["dbr_excluded"] = breakdown(dbr_reasons) or "0"
    n["other_excluded"] = breakdown(other_reasons) or ("0" if other_methods else REASON_PLACEHOLDER)
    rows = [[*row, n.get(row[0], "0")] for row in TEMPLATE]
    return to_csv_text(PRISMA_COLUMNS, rows)
