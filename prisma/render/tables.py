"""counts.json, the PRISMA2020 app's CSV, and flow_records.csv (pure text builders)."""

from __future__ import annotations

import json

from prisma.csvio import to_csv_text
from prisma.flow import Flow
from prisma.render.prisma2020 import NUMBER_ROWS, fill_template


def prisma2020_csv(flow: Flow) -> str:
    """The PRISMA2020 app's data template (v1.1.4), filled from the flow."""
    counts = flow.counts()
    numbers = {
        key: value
        for key, value in counts.to_dict().items()
        if key in NUMBER_ROWS and isinstance(value, int) and not isinstance(value, bool)
    }
    return fill_template(
        numbers,
        counts.database_specific_results,
        counts.register_specific_results,
        counts.dbr_excluded_reasons,
        counts.other_excluded_reasons,
        flow.other_methods,
    )


def counts_json(flow: Flow, extra: dict[str, object] | None = None) -> str:
    payload = flow.counts().to_dict()
    if extra:
        payload.update(extra)
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# same_study_as: for a companion report, the study it belongs to (PRISMA counts
# reports and studies apart); empty when the report is its own study.
FLOW_RECORD_COLUMNS = [
    "round",
    "column",
    "box",
    "reason",
    "study_id",
    "record_id",
    "source",
    "same_study_as",
]


def flow_records_csv(flow: Flow) -> str:
    linked = flow.study_of_report
    rows = sorted(
        (
            [
                r.round,
                r.column,
                r.box,
                r.reason,
                r.study_id,
                r.record_id,
                r.source,
                linked.get(r.record_id, ""),
            ]
            for r in flow.rows
        ),
        key=lambda row: (str(row[1]), str(row[2]), str(row[4]), str(row[5])),
    )
    return to_csv_text(FLOW_RECORD_COLUMNS, rows)
