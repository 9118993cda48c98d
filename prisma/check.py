"""Audits: the invariants of a review's own state, and a published diagram's arithmetic.

Both are pure: they take counts and record-level state and return findings, each
with the record ids involved where there are any, so an auditor can go straight
to the rows behind a wrong number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from prisma.config import Group, Stage
from prisma.decisions.companions import report_study_findings
from prisma.decisions.ledger import Decision
from prisma.decisions.settle import Status
from prisma.flow import NO_REASON, REPORT_BOXES, Box, Column, Flow
from prisma.state import ReviewState


@dataclass(frozen=True)
class Finding:
    code: str  # short stable name, e.g. "screened_arithmetic"
    message: str
    record_ids: tuple[str, ...] = ()
    severity: str = "error"  # "error" breaks the diagram; "warning" is work left to do

    def __str__(self) -> str:
        ids = ""
        if self.record_ids:
            shown = ", ".join(self.record_ids[:12])
            more = f" … (+{len(self.record_ids) - 12} more)" if len(self.record_ids) > 12 else ""
            ids = f"\n    records: {shown}{more}"
        return f"[{self.severity}] {self.code}: {self.message}{ids}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(
        self, code: str, message: str, ids: Iterable[str] = (), severity: str = "error"
    ) -> None:
        self.findings.append(Finding(code, message, tuple(sorted(ids)), severity))


def _equation(
    report: Report, code: str, left: str, lhs: int, right: str, rhs: int, ids: Iterable[str] = ()
) -> None:
    if lhs != rhs:
        report.add(code, f"{left} = {lhs} but {right} = {rhs}", ids)


def check_state(state: ReviewState, flow: Flow) -> Report:
    """Every invariant of docs/architecture.md ("Rounds and counts"), recomputed from
    record-level state."""
    report = Report()
    c = flow.counts()

    def ids(*boxes: Box) -> set[str]:
        return {rid for box in boxes for rid in flow.ids(box)}

    in_round = [i for i in state.identified if i.round == flow.round]
    dbr_ids = {
        i.record.id
        for i in in_round
        if state.config.source(i.record.source).group is not Group.OTHER
    }
    other_ids = {i.record.id for i in in_round} - dbr_ids

    # identified = sum per source
    per_source = Counter(i.record.source for i in in_round)
    for source in flow.sources:
        _equation(
            report,
            "source_count",
            f"{source.label} on the diagram",
            source.n,
            f"records of {source.name} in round {flow.round}",
            per_source[source.name],
        )
    _equation(
        report,
        "identified_sum",
        "records identified (databases + registers)",
        c.identified,
        "the sum over databases and registers",
        sum(s.n for s in flow.sources if s.group is not Group.OTHER),
    )
    # removed before screening + screened = identified
    removed = ids(Box.DUPLICATES, Box.EXCLUDED_AUTOMATIC, Box.EXCLUDED_OTHER)
    screened = ids(Box.RECORDS_SCREENED)
    lost = dbr_ids - removed - screened
    extra = (removed | screened) - dbr_ids
    _equation(
        report,
        "screened_arithmetic",
        "records screened",
        len(screened),
        "identified − removed before screening",
        len(dbr_ids) - len(removed & dbr_ids),
        lost | extra,
    )
    # screened = excluded + sought + awaiting
    excluded = ids(Box.RECORDS_EXCLUDED_HUMAN, Box.RECORDS_EXCLUDED_AUTOMATIC)
    sought = ids(Box.DBR_SOUGHT)
    awaiting = ids(Box.AWAITING_SCREENING)
    _equation(
        report,
        "sought_arithmetic",
        "reports sought",
        len(sought),
        "screened − excluded − awaiting screening",
        len(screened) - len(excluded) - len(awaiting),
        screened ^ (excluded | sought | awaiting),
    )
    for column, kb in REPORT_BOXES.items():
        key = column.value
        sought_k = ids(kb.sought)
        assessed = ids(kb.assessed)
        notret = ids(kb.not_retrieved)
        waiting = ids(kb.awaiting)
        _equation(
            report,
            f"{key}_assessed_arithmetic",
            f"reports assessed ({key})",
            len(assessed),
            "sought − not retrieved − awaiting assessment",
            len(sought_k) - len(notret) - len(waiting),
            sought_k ^ (assessed | notret | waiting),
        )
        reasons = flow.dbr_reasons if column is Column.DBR else flow.other_reasons
        included = ids(kb.included)
        _equation(
            report,
            f"{key}_included_arithmetic",
            f"reports included ({key})",
            len(included),
            "assessed − Σ excluded by primary reason",
            len(assessed) - sum(r.n for r in reasons),
            assessed - included
            if len(included) != len(assessed) - sum(r.n for r in reasons)
            else (),
        )
        no_reason = [r for r in flow.rows if r.column is column and r.reason == NO_REASON]
        if no_reason:
            report.add(
                "exclusion_without_reason",
                f"{len(no_reason)} full-text exclusion(s) without a reason",
                [r.record_id for r in no_reason],
            )
        known = {r.code for r in state.config.reasons} | {NO_REASON}
        unknown = [
            r for r in flow.rows if r.column is column and r.reason and r.reason not in known
        ]
        if unknown:
            report.add(
                "unknown_reason",
                "exclusion reason(s) not in the vocabulary: "
                + ", ".join(sorted({r.reason for r in unknown})),
                [r.record_id for r in unknown],
            )
    other_seen = ids(Box.OTHER_DUPLICATES, Box.OTHER_SOUGHT)
    other_removed = ids(Box.EXCLUDED_AUTOMATIC, Box.EXCLUDED_OTHER) & other_ids
    if other_ids - other_seen - other_removed:
        report.add(
            "other_arithmetic",
            "records from other methods not accounted for",
            other_ids - other_seen - other_removed,
        )
    _equation(
        report,
        "total_arithmetic",
        "total studies",
        c.total_studies,
        "previous + new",
        c.previous_studies + c.new_studies,
    )
    # Reports and studies: companion reports (same_study_as) and the links between them.
    for problem in report_study_findings(
        state.links, {str(k): v for k, v in flow.boxes.items()}, flow.study_of_report
    ):
        report.add(problem.code, problem.message, problem.ids)

    # The search log against the files.
    for entry in state.log:
        got = sum(1 for i in state.identified if i.file == entry.file)
        if entry.records_retrieved != got:
            report.add(
                "log_count",
                f"the search log says {entry.file} holds "
                f"{entry.records_retrieved} records, but it holds {got}",
            )

    # Decisions that do not fit the state.
    if state.unknown_decisions:
        report.add(
            "unknown_record",
            "decisions name record ids that no search returned",
            {e.record_id for e in state.unknown_decisions},
        )
    premature = []
    for (study, stage), settled in state.settled.items():
        if stage != Stage.FULL_TEXT or settled.status is Status.NONE:
            continue
        if state.group_of(study) is Group.OTHER:
            continue
        ta = state.decision(study, Stage.TITLE_ABSTRACT)
        if ta.status is Status.SETTLED and ta.decision is Decision.EXCLUDE:
            premature.append(study)
    if premature:
        report.add(
            "full_text_after_exclusion",
            "full-text decisions on studies excluded at title/abstract",
            premature,
        )
    from prisma.screening.moved import MoveKind, moved_decisions

    for moved in moved_decisions(state):
        if moved.kind is MoveKind.MISSING:
            continue  # reported above as unknown_record
        if moved.arbitrated:
            continue  # the arbiter has seen every side (screen conflicts lists them)
        report.add("moved_decision", str(moved), (moved.study, *moved.records), "warning")
    conflicts = [s for (s, _), v in state.settled.items() if v.status is Status.CONFLICT]
    if conflicts:
        report.add(
            "open_conflicts",
            f"{len(conflicts)} screening conflict(s) await the arbiter",
            conflicts,
            "warning",
        )
    if state.dedup.maybe and state.config.dedup.maybe == "review":
        # with maybe = "keep" the pairs stay distinct without a person's verdict
        report.add(
            "maybe_duplicates",
            f"{len(state.dedup.maybe)} possible duplicate pair(s) "
            "await a decision in records/duplicates_review.csv",
            {m.a for m in state.dedup.maybe},
            "warning",
        )
    if state.config.extraction is not None:
        from prisma.extraction.audit import check_extraction
        from prisma.extraction.queue import extraction_of

        check_extraction(state, extraction_of(state), report.add)
    stale = sorted(
        s
        for s, members in state.members.items()
        if state.by_id()[s].round < flow.round
        and state.decision(s, Stage.TITLE_ABSTRACT).status is not Status.SETTLED
        and state.decision(s, Stage.IDENTIFICATION).status is not Status.SETTLED
        and state.group_of(s) is not Group.OTHER
    )
    if stale:
        report.add(
            "earlier_round_unscreened",
            f"{len(stale)} studies from earlier rounds were never screened",
            stale,
            "warning",
        )
    from prisma.screening.stop import stop_findings

    for code, message, studies, severity in stop_findings(state):
        report.add(code, message, studies, severity)
    return report
