"""counts.json, the PRISMA2020 app's CSV, and flow_records.csv (pure text builders)."""

from __future__ import annotations

import json

from prisma.csvio import to_csv_text
from prisma.flow import Flow

PRISMA_COLUMNS = ["data", "node", "box", "description", "boxtext", "tooltips", "url", "n"]

# (data key, node, box, description, boxtext) in the order of the app's template.
_TEMPLATE = [
    ("NA", "node4", "prevstud", "Grey title box; Previous studies", "Previous studies"),
    (
        "previous_studies",
        "node5",
        "box1",
        "Studies included in previous version of review",
        "Studies included in previous version of review",
    ),
    (
        "previous_reports",
        "NA",
        "box1",
        "Reports of studies included in previous version of review",
        "Reports of studies included in previous version of review",
    ),
    (
        "NA",
        "node6",
        "newstud",
        "Yellow title box; Identification of new studies via databases and registers",
        "Identification of new studies via databases and registers",
    ),
    ("database_results", "node7", "box2", "Records identified from: Databases", "Databases"),
    (
        "database_specific_results",
        "NA",
        "box2",
        "Records identified from: specific databases",
        "Databases",
    ),
    ("register_results", "NA", "box2", "Records identified from: Registers", "Registers"),
    (
        "register_specific_results",
        "NA",
        "box2",
        "Records identified from: specific registers",
        "Registers",
    ),
    (
        "NA",
        "node16",
        "othstud",
        "Grey title box; Identification of new studies via other methods",
        "Identification of new studies via other methods",
    ),
    ("website_results", "node17", "box11", "Records identified from: Websites", "Websites"),
    (
        "organisation_results",
        "NA",
        "box11",
        "Records identified from: Organisations",
        "Organisations",
    ),
    (
        "citations_results",
        "NA",
        "box11",
        "Records identified from: Citation searching",
        "Citation searching",
    ),
    ("duplicates", "node8", "box3", "Duplicate records", "Duplicate records removed"),
    (
        "excluded_automatic",
        "NA",
        "box3",
        "Records marked as ineligible by automation tools",
        "Records marked as ineligible by automation tools",
    ),
    (
        "excluded_other",
        "NA",
        "box3",
        "Records removed for other reasons",
        "Records removed for other reasons",
    ),
    (
        "records_screened",
        "node9",
        "box4",
        "Records screened (databases and registers)",
        "Records screened",
    ),
    (
        "records_excluded",
        "node10",
        "box5",
        "Records excluded (databases and registers)",
        "Records excluded",
    ),
    (
        "dbr_sought_reports",
        "node11",
        "box6",
        "Reports sought for retrieval (databases and registers)",
        "Reports sought for retrieval",
    ),
    (
        "dbr_notretrieved_reports",
        "node12",
        "box7",
        "Reports not retrieved (databases and registers)",
        "Reports not retrieved",
    ),
    (
        "other_sought_reports",
        "node18",
        "box12",
        "Reports sought for retrieval (other)",
        "Reports sought for retrieval",
    ),
    (
        "other_notretrieved_reports",
        "node19",
        "box13",
        "Reports not retrieved (other)",
        "Reports not retrieved",
    ),
    (
        "dbr_assessed",
        "node13",
        "box8",
        "Reports assessed for eligibility (databases and registers)",
        "Reports assessed for eligibility",
    ),
    (
        "dbr_excluded",
        "node14",
        "box9",
        "Reports excluded (databases and registers)",
        "Reports excluded",
    ),
    (
        "other_assessed",
        "node20",
        "box14",
        "Reports assessed for eligibility (other)",
        "Reports assessed for eligibility",
    ),
    ("other_excluded", "node21", "box15", "Reports excluded (other)", "Reports excluded"),
    (
        "new_studies",
        "node15",
        "box10",
        "New studies included in review",
        "New studies included in review",
    ),
    (
        "new_reports",
        "NA",
        "box10",
        "Reports of new included studies",
        "Reports of new included studies",
    ),
    (
        "total_studies",
        "node22",
        "box16",
        "Total studies included in review",
        "Total studies included in review",
    ),
    (
        "total_reports",
        "NA",
        "box16",
        "Reports of total included studies",
        "Reports of total included studies",
    ),
    ("identification", "node1", "identification", "Blue identification box", "Identification"),
    ("screening", "node2", "screening", "Blue screening box", "Screening"),
    ("included", "node3", "included", "Blue included box", "Included"),
]


def _breakdown(items: dict[str, int]) -> str:
    # The app splits on ";" then on the last ",": a comma inside a name reads as NA.
    return "; ".join(f"{name.replace(',', ' ')}, {n}" for name, n in items.items())


def prisma2020_csv(flow: Flow) -> str:
    """The data template of the PRISMA2020 R package / Shiny app, filled from the flow."""
    counts = flow.counts()
    values = {
        key: str(value)
        for key, value in counts.to_dict().items()
        if isinstance(value, int) and not isinstance(value, bool) and key != "round"
    }
    values["database_specific_results"] = _breakdown(counts.database_specific_results)
    values["register_specific_results"] = _breakdown(counts.register_specific_results)
    values["dbr_excluded"] = _breakdown(counts.dbr_excluded_reasons) or "NA"
    values["other_excluded"] = _breakdown(counts.other_excluded_reasons) or "NA"
    if not flow.updated:
        for key in ("previous_studies", "previous_reports", "total_studies", "total_reports"):
            values[key] = "NA"
    if not flow.other_methods:
        for key in (
            "website_results",
            "organisation_results",
            "citations_results",
            "other_sought_reports",
            "other_notretrieved_reports",
            "other_assessed",
            "other_excluded",
        ):
            values[key] = "NA"
    rows = []
    for data, node, box, description, boxtext in _TEMPLATE:
        n = (
            values.get(data, "NA")
            if data not in ("NA", "identification", "screening", "included")
            else "NA"
        )
        if data in ("identification", "screening", "included"):
            n = "NA"
        url = "NA" if node == "NA" else f"{box if data == 'NA' else data}.html"
        tooltip = description if node != "NA" else "NA"
        rows.append([data, node, box, description, boxtext, tooltip, url, n or "NA"])
    return to_csv_text(PRISMA_COLUMNS, rows)


def counts_json(flow: Flow, extra: dict[str, object] | None = None) -> str:
    payload = flow.counts().to_dict()
    if extra:
        payload.update(extra)
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


FLOW_RECORD_COLUMNS = ["round", "column", "box", "reason", "study_id", "record_id", "source"]


def flow_records_csv(flow: Flow) -> str:
    rows = sorted(
        (
            [r.round, r.column, r.box, r.reason, r.study_id, r.record_id, r.source]
            for r in flow.rows
        ),
        key=lambda row: (str(row[1]), str(row[2]), str(row[4]), str(row[5])),
    )
    return to_csv_text(FLOW_RECORD_COLUMNS, rows)
