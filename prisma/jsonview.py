"""``status --json`` and ``check --json``: the same facts as the text, for scripts and
dashboards (pure: plain dicts; the CLI serialises them with sorted keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prisma.check import Report
from prisma.rounds import RoundStatus
from prisma.screening.status import ScreeningStatus

SCHEMA = 1  # bumped when a key changes meaning or disappears


def status_json(
    rounds: list[RoundStatus],
    screening: ScreeningStatus,
    unlogged: list[tuple[str, str]],
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "rounds": [
            {
                "round": r.round,
                "records": r.records,
                "searches": [
                    {"source": s, "date_searched": d, "records": n} for s, d, n in r.searches
                ],
                "new_studies": len(r.new_studies),
                "refound": r.refound,
                "within_round_duplicates": r.within_round_duplicates,
                "stages": {stage: dict(sorted(c.items())) for stage, c in r.stages.items()},
            }
            for r in rounds
        ],
        "screening": {
            st.stage: {
                "eligible": st.eligible,
                "settled": st.settled,
                "conflicts": st.conflicts,
                "unscreened": st.unscreened,
                "people": [
                    {
                        "name": c.screener,
                        "role": c.role.value,
                        "handed_out": c.handed_out,
                        "returned": c.returned,
                        "awaiting": c.awaiting,
                        "conflicts": c.conflicts,
                    }
                    for c in st.screeners
                ],
                "agreement": [
                    {
                        "first": a.first,
                        "second": a.second,
                        "n": a.n,
                        "kappa": a.kappa,
                        "pabak": a.pabak,
                        "observed": a.observed,
                    }
                    for a in st.agreement
                ],
            }
            for st in screening.stages
        },
        "agreement_rule": screening.rule,
        "moved_decisions": [
            {
                "study": m.study,
                "stage": m.stage,
                "kind": m.kind.value,
                "records": list(m.records),
                "conflict": m.conflict,
            }
            for m in screening.moved
        ],
        "unlogged_files": [{"source": s, "file": str(Path(f))} for s, f in unlogged],
    }


def check_json(report: Report, round_: int) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "round": round_,
        "ok": report.ok,
        "errors": len(report.errors),
        "warnings": len(report.findings) - len(report.errors),
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "message": f.message,
                "record_ids": list(f.record_ids),
            }
            for f in report.findings
        ],
    }
