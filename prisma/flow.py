"""PRISMA 2020 counts from record-level state (pure: no files, no printing).

Every number is the size of a list of record or study ids, so each box can be
traced to the records behind it (``Flow.boxes``). The template (new or updated
review; databases and registers only, or also other methods) follows from the
state: an earlier round makes it an update, an "other" source adds the column.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from enum import StrEnum

from prisma.config import Group, OtherKind, Source, Stage
from prisma.decisions.ledger import Decision, Role
from prisma.decisions.settle import Settled, Status
from prisma.errors import ReviewError
from prisma.overlap import round_overlaps
from prisma.searchlog import SearchEntry
from prisma.state import ReviewState

NO_REASON = "no_reason_given"


class Column(StrEnum):
    """A column of the diagram: databases and registers, other methods, previous studies."""

    DBR = "dbr"
    OTHER = "other"
    PREVIOUS = "previous"


class Box(StrEnum):
    """A box of the diagram whose members are kept as ids (``Flow.boxes``).

    The values are the PRISMA2020 app's data keys (and a few of ours), the names
    counts.json, prisma2020.csv and flow_records.csv use.
    """

    DUPLICATES = "duplicates"
    EXCLUDED_AUTOMATIC = "excluded_automatic"  # removed before screening by a tool
    EXCLUDED_OTHER = "excluded_other"  # removed before screening for other reasons
    RECORDS_SCREENED = "records_screened"
    RECORDS_EXCLUDED_HUMAN = "records_excluded_human"
    RECORDS_EXCLUDED_AUTOMATIC = "records_excluded_automatic"
    AWAITING_SCREENING = "awaiting_screening"
    DBR_SOUGHT = "dbr_sought_reports"
    DBR_NOT_RETRIEVED = "dbr_notretrieved_reports"
    DBR_AWAITING = "dbr_awaiting_assessment"
    DBR_ASSESSED = "dbr_assessed"
    DBR_INCLUDED = "dbr_included"
    DBR_EXCLUDED = "dbr_excluded"
    OTHER_SOUGHT = "other_sought_reports"
    OTHER_NOT_RETRIEVED = "other_notretrieved_reports"
    OTHER_AWAITING = "other_awaiting_assessment"
    OTHER_ASSESSED = "other_assessed"
    OTHER_INCLUDED = "other_included"
    OTHER_EXCLUDED = "other_excluded"
    OTHER_DUPLICATES = "other_duplicates"  # the other-methods column has no duplicates box
    PREVIOUS_STUDIES = "previous_studies"
    PREVIOUS_REPORTS = "previous_reports"
    NEW_STUDIES = "new_studies"
    NEW_REPORTS = "new_reports"


@dataclass(frozen=True)
class ReportBoxes:
    """The boxes of one column's reports (sought, not retrieved, assessed, ...)."""

    sought: Box
    not_retrieved: Box
    awaiting: Box
    assessed: Box
    included: Box
    excluded: Box


REPORT_BOXES = {
    Column.DBR: ReportBoxes(
        Box.DBR_SOUGHT,
        Box.DBR_NOT_RETRIEVED,
        Box.DBR_AWAITING,
        Box.DBR_ASSESSED,
        Box.DBR_INCLUDED,
        Box.DBR_EXCLUDED,
    ),
    Column.OTHER: ReportBoxes(
        Box.OTHER_SOUGHT,
        Box.OTHER_NOT_RETRIEVED,
        Box.OTHER_AWAITING,
        Box.OTHER_ASSESSED,
        Box.OTHER_INCLUDED,
        Box.OTHER_EXCLUDED,
    ),
}


@dataclass(frozen=True)
class SourceCount:
    name: str
    label: str
    group: Group
    other_kind: OtherKind | None
    n: int
    hits_reported: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReasonCount:
    code: str
    label: str
    n: int


@dataclass
class RecordBox:
    """Where one record (or, for earlier rounds, one study) lands on the diagram."""

    record_id: str
    study_id: str
    source: str
    round: int
    column: Column
    box: Box
    reason: str = ""  # primary exclusion reason code, where one applies


@dataclass(frozen=True)
class Counts:
    """Every number of the diagram; :meth:`to_dict` gives counts.json's keys."""

    template: str
    round: int
    database_results: int
    database_specific_results: dict[str, int]
    register_results: int
    register_specific_results: dict[str, int]
    website_results: int
    organisation_results: int
    citations_results: int
    other_specific_results: dict[str, int]
    identified: int
    duplicates: int
    excluded_automatic: int
    excluded_other: int
    records_screened: int
    records_excluded_human: int
    records_excluded_automatic: int
    awaiting_screening: int
    dbr_sought_reports: int
    dbr_notretrieved_reports: int
    dbr_awaiting_assessment: int
    dbr_assessed: int
    other_sought_reports: int
    other_notretrieved_reports: int
    other_awaiting_assessment: int
    other_assessed: int
    other_duplicates: int
    dbr_excluded_reasons: dict[str, int]
    other_excluded_reasons: dict[str, int]
    records_excluded: int
    dbr_excluded: int
    other_excluded: int
    new_studies: int
    new_reports: int
    previous_studies: int
    previous_reports: int
    total_studies: int
    total_reports: int
    sources: tuple[SourceCount, ...]

    def to_dict(self) -> dict[str, object]:
        """The PRISMA2020 app's data keys (and a few of ours), as plain JSON values."""
        out: dict[str, object] = {
            f.name: getattr(self, f.name) for f in fields(self) if f.name != "sources"
        }
        out["sources"] = [
            {
                "name": s.name,
                "label": s.label,
                "group": s.group.value,
                "n": s.n,
                "hits_reported": s.hits_reported,
                "note": s.note,
            }
            for s in self.sources
        ]
        return out


@dataclass
class Flow:
    round: int
    updated: bool
    other_methods: bool
    sources: list[SourceCount]
    boxes: dict[Box, list[str]]  # ids in each box (record ids or study ids)
    dbr_reasons: list[ReasonCount]
    other_reasons: list[ReasonCount]
    rows: list[RecordBox] = field(default_factory=list)
    # A report that is a companion of another study -> that study's id (its main
    # report); reports absent here are their own study. NEW_REPORTS and
    # PREVIOUS_REPORTS hold report ids, NEW_STUDIES and PREVIOUS_STUDIES study ids.
    study_of_report: dict[str, str] = field(default_factory=dict)

    def ids(self, box: Box) -> list[str]:
        return self.boxes.get(box, [])

    def n(self, box: Box) -> int:
        return len(self.boxes.get(box, ()))

    @property
    def template(self) -> str:
        return ("updated" if self.updated else "new") + ("_other" if self.other_methods else "_dbr")

    def counts(self) -> Counts:
        db = [s for s in self.sources if s.group is Group.DATABASE]
        reg = [s for s in self.sources if s.group is Group.REGISTER]
        other = [s for s in self.sources if s.group is Group.OTHER]

        def kind(k: OtherKind) -> int:
            return sum(s.n for s in other if s.other_kind is k)

        n = self.n
        return Counts(
            template=self.template,
            round=self.round,
            database_results=sum(s.n for s in db),
            database_specific_results={s.label: s.n for s in db},
            register_results=sum(s.n for s in reg),
            register_specific_results={s.label: s.n for s in reg},
            website_results=kind(OtherKind.WEBSITES),
            organisation_results=kind(OtherKind.ORGANISATIONS),
            citations_results=kind(OtherKind.CITATIONS),
            other_specific_results={s.label: s.n for s in other},
            identified=sum(s.n for s in db + reg),
            duplicates=n(Box.DUPLICATES),
            excluded_automatic=n(Box.EXCLUDED_AUTOMATIC),
            excluded_other=n(Box.EXCLUDED_OTHER),
            records_screened=n(Box.RECORDS_SCREENED),
            records_excluded_human=n(Box.RECORDS_EXCLUDED_HUMAN),
            records_excluded_automatic=n(Box.RECORDS_EXCLUDED_AUTOMATIC),
            awaiting_screening=n(Box.AWAITING_SCREENING),
            dbr_sought_reports=n(Box.DBR_SOUGHT),
            dbr_notretrieved_reports=n(Box.DBR_NOT_RETRIEVED),
            dbr_awaiting_assessment=n(Box.DBR_AWAITING),
            dbr_assessed=n(Box.DBR_ASSESSED),
            other_sought_reports=n(Box.OTHER_SOUGHT),
            other_notretrieved_reports=n(Box.OTHER_NOT_RETRIEVED),
            other_awaiting_assessment=n(Box.OTHER_AWAITING),
            other_assessed=n(Box.OTHER_ASSESSED),
            other_duplicates=n(Box.OTHER_DUPLICATES),
            dbr_excluded_reasons={r.label: r.n for r in self.dbr_reasons},
            other_excluded_reasons={r.label: r.n for r in self.other_reasons},
            records_excluded=n(Box.RECORDS_EXCLUDED_HUMAN) + n(Box.RECORDS_EXCLUDED_AUTOMATIC),
            dbr_excluded=sum(r.n for r in self.dbr_reasons),
            other_excluded=sum(r.n for r in self.other_reasons),
            new_studies=n(Box.NEW_STUDIES),
            new_reports=n(Box.NEW_REPORTS),
            previous_studies=n(Box.PREVIOUS_STUDIES),
            previous_reports=n(Box.PREVIOUS_REPORTS),
            total_studies=n(Box.PREVIOUS_STUDIES) + n(Box.NEW_STUDIES),
            total_reports=n(Box.PREVIOUS_REPORTS) + n(Box.NEW_REPORTS),
            sources=tuple(self.sources),
        )


def primary_reason(settled: Settled, order: dict[str, int]) -> str:
    """The one reason a report is counted under: the first in the vocabulary's order."""
    if not settled.reasons:
        return NO_REASON
    return min(settled.reasons, key=lambda code: (order.get(code, len(order)), code))


def compute_flow(state: ReviewState, round_: int | None = None) -> Flow:
    config = state.config
    known = sorted({e.round for e in state.log} | set(state.rounds)) or [1]
    if round_ is not None and round_ not in known:
        # A typo'd --round would otherwise draw an all-zero diagram over build/.
        raise ReviewError(
            f"there is no round {round_}: the search log has round(s) "
            + ", ".join(map(str, known)),
            kind="flow",
            hint="leave out --round for the latest round",
        )
    current = round_ if round_ is not None else state.latest_round
    by_id = state.by_id()
    order = {r.code: i for i, r in enumerate(config.reasons)}
    labels = {r.code: r.label for r in config.reasons} | {NO_REASON: "No reason given"}
    boxes: dict[Box, list[str]] = defaultdict(list)
    rows: list[RecordBox] = []
    reason_ids: dict[Column, dict[str, list[str]]] = {
        Column.DBR: defaultdict(list),
        Column.OTHER: defaultdict(list),
    }

    # Identification: every record the searches of this round returned, per source.
    in_round = [i for i in state.identified if i.round == current]
    per_source: dict[str, int] = defaultdict(int)
    for item in in_round:
        per_source[item.record.source] += 1
    logged = [e for e in state.log if e.round == current]
    hits = {e.source: e.hits_reported for e in logged}
    first_round: dict[str, int] = {}
    for entry in sorted(state.log, key=lambda e: e.round):
        first_round.setdefault(entry.source, entry.round)
    twice: dict[str, int] = defaultdict(int)  # records another export of the round holds
    for overlap in round_overlaps(state):
        if overlap.round == current:
            twice[overlap.source] += len(overlap.held)
    sources = [
        SourceCount(
            s.name,
            s.display,
            s.group,
            s.other_kind,
            per_source.get(s.name, 0),
            hits.get(s.name) or (str(s.hits_reported) if s.hits_reported else ""),
            _with_twice(
                _note(
                    s,
                    [e for e in logged if e.source == s.name],
                    first_round.get(s.name, current) == current,
                ),
                twice.get(s.name, 0),
            ),
        )
        for s in config.sources
        if per_source.get(s.name) or s.name in hits or s.files
    ]

    for item in sorted(in_round, key=lambda i: i.record.id):
        rid = item.record.id
        study = state.study_of[rid]
        # A duplicate is counted in the column of the search that found it; a study's
        # own path (screening or not) follows the column of its earliest member.
        column = _column(state, rid)
        box, reason = _place(state, rid, study, column, order)
        if box is Box.DUPLICATES and column is Column.OTHER:
            # The other-methods column has no duplicates box; keep it traceable apart.
            box = Box.OTHER_DUPLICATES
        boxes[box].append(rid)
        if reason:
            reason_ids[column][reason].append(rid)
        rows.append(RecordBox(rid, study, item.record.source, item.round, column, box, reason))

    # Earlier rounds: the studies they included, for an updated review's left column.
    links = state.links
    previous_seen: set[str] = set()
    for study, _members in sorted(state.members.items()):
        first = by_id[study]
        if first.round >= current:
            continue
        ft = state.decision(study, Stage.FULL_TEXT)
        if ft.status is Status.SETTLED and ft.decision is Decision.INCLUDE:
            # `study` is a report here: its study is the one it is linked to, if any.
            if links.study(study) not in previous_seen:
                previous_seen.add(links.study(study))
                boxes[Box.PREVIOUS_STUDIES].append(links.study(study))
            boxes[Box.PREVIOUS_REPORTS].append(study)
            rows.append(
                RecordBox(
                    study,
                    study,
                    first.record.source,
                    first.round,
                    Column.PREVIOUS,
                    Box.PREVIOUS_STUDIES,
                )
            )
    # Derived boxes, as id lists so they trace too.
    for column, kb in REPORT_BOXES.items():
        excluded = [rid for code in reason_ids[column] for rid in reason_ids[column][code]]
        boxes[kb.assessed] = sorted(excluded + boxes.get(kb.included, []))
        boxes[kb.sought] = sorted(boxes[kb.assessed] + boxes[kb.not_retrieved] + boxes[kb.awaiting])
    boxes[Box.RECORDS_SCREENED] = sorted(
        boxes[Box.DBR_SOUGHT]
        + boxes[Box.RECORDS_EXCLUDED_HUMAN]
        + boxes[Box.RECORDS_EXCLUDED_AUTOMATIC]
        + boxes[Box.AWAITING_SCREENING]
    )
    # Reports are counted per report, studies per study: the included reports' studies,
    # less those an earlier round already included (a new report of an old study).
    boxes[Box.NEW_REPORTS] = sorted(
        boxes.get(Box.DBR_INCLUDED, []) + boxes.get(Box.OTHER_INCLUDED, [])
    )
    earlier = set(boxes[Box.PREVIOUS_STUDIES])
    boxes[Box.NEW_STUDIES] = sorted({links.study(r) for r in boxes[Box.NEW_REPORTS]} - earlier)
    study_of_report = {r.record_id: links.study(r.record_id) for r in rows}
    study_of_report = {r: s for r, s in study_of_report.items() if r != s}

    def reason_list(column: Column) -> list[ReasonCount]:
        codes = sorted(reason_ids[column], key=lambda c: (order.get(c, len(order)), c))
        return [ReasonCount(c, labels.get(c, c), len(reason_ids[column][c])) for c in codes]

    other_methods = any(s.group is Group.OTHER for s in config.sources) or any(
        r.column is Column.OTHER for r in rows
    )
    updated = any(i.round < current for i in state.identified)
    return Flow(
        round=current,
        updated=updated,
        other_methods=other_methods,
        sources=sources,
        boxes={k: sorted(v) for k, v in boxes.items()},
        dbr_reasons=reason_list(Column.DBR),
        other_reasons=reason_list(Column.OTHER),
        rows=sorted(
            rows, key=lambda r: (r.column is not Column.PREVIOUS, r.column.value, r.record_id)
        ),
        study_of_report=dict(sorted(study_of_report.items())),
    )


def _with_twice(note: str, twice: int) -> str:
    """The note, and how many of the count are records exported twice this round."""
    if not twice:
        return note
    extra = f"incl. {twice} exported twice (overlapping exports)"
    return f"{note}; {extra}" if note else extra


def _note(source: Source, entries: list[SearchEntry], first: bool) -> str:
    """What to print beside a source's count: how the records relate to the hits.

    Derived from the search log of the round, so a rerun with other numbers gets its
    own note; the configured note is kept for the round it was written for.
    """
    retrieved = sum(e.records_retrieved for e in entries)
    reported = [e.hits_reported for e in entries if e.hits_reported]
    if len(reported) == 1 and reported[0] != str(retrieved):
        if source.kind == "pubmed":
            return f"{retrieved} new of {reported[0]} matching the query"
        return f"first {retrieved} of {reported[0]} results"
    return source.note if first else ""


def _column(state: ReviewState, record_id: str) -> Column:
    return Column.OTHER if state.group_of(record_id) is Group.OTHER else Column.DBR


def _place(
    state: ReviewState, rid: str, study: str, column: Column, order: dict[str, int]
) -> tuple[Box, str]:
    """The box one record of the current round lands in, and its primary reason.

    A duplicate is counted in the column of the search that found it; a study's own
    path (screening or not) follows the column of its earliest member.
    """
    if rid != study:
        return Box.DUPLICATES, ""
    removal = state.decision(study, Stage.IDENTIFICATION)
    if removal.status is Status.SETTLED:
        return (
            Box.EXCLUDED_AUTOMATIC if removal.role is Role.AUTOMATION else Box.EXCLUDED_OTHER
        ), ""
    if column is Column.DBR:
        ta = state.decision(study, Stage.TITLE_ABSTRACT)
        if ta.status is not Status.SETTLED:
            return Box.AWAITING_SCREENING, ""
        if ta.decision is Decision.EXCLUDE:
            return (
                Box.RECORDS_EXCLUDED_AUTOMATIC
                if ta.role is Role.AUTOMATION
                else Box.RECORDS_EXCLUDED_HUMAN
            ), ""
    boxes = REPORT_BOXES[column]
    ft = state.decision(study, Stage.FULL_TEXT)
    if ft.status is not Status.SETTLED:
        return boxes.awaiting, ""
    if ft.decision is Decision.NOT_RETRIEVED:
        return boxes.not_retrieved, ""
    if ft.decision is Decision.INCLUDE:
        return boxes.included, ""
    return boxes.excluded, primary_reason(ft, order)
