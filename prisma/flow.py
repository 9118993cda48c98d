"""PRISMA 2020 counts from record-level state (pure: no files, no printing).

Every number is the size of a list of record or study ids, so each box can be
traced to the records behind it (``Flow.boxes``). The template (new or updated
review; databases and registers only, or also other methods) follows from the
state: an earlier round makes it an update, an "other" source adds the column.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from prisma.config import Group, OtherKind, Source
from prisma.decisions.ledger import Decision, Role
from prisma.decisions.settle import Settled, Status
from prisma.overlap import round_overlaps
from prisma.searchlog import SearchEntry
from prisma.state import ReviewState

NO_REASON = "no_reason_given"


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
    column: str  # "dbr", "other" or "previous"
    box: str  # a key of Flow.boxes
    reason: str = ""  # primary exclusion reason code, where one applies


@dataclass
class Flow:
    round: int
    updated: bool
    other_methods: bool
    sources: list[SourceCount]
    boxes: dict[str, list[str]]  # box key -> ids in it (record ids or study ids)
    dbr_reasons: list[ReasonCount]
    other_reasons: list[ReasonCount]
    rows: list[RecordBox] = field(default_factory=list)

    def n(self, box: str) -> int:
        return len(self.boxes.get(box, ()))

    @property
    def template(self) -> str:
        return ("updated" if self.updated else "new") + ("_other" if self.other_methods else "_dbr")

    def counts(self) -> dict[str, object]:
        """The PRISMA2020 app's data keys (and a few of ours), as plain numbers."""
        db = [s for s in self.sources if s.group is Group.DATABASE]
        reg = [s for s in self.sources if s.group is Group.REGISTER]
        other = [s for s in self.sources if s.group is Group.OTHER]

        def kind(k: OtherKind) -> int:
            return sum(s.n for s in other if s.other_kind is k)

        result: dict[str, object] = {
            "template": self.template,
            "round": self.round,
            "database_results": sum(s.n for s in db),
            "database_specific_results": {s.label: s.n for s in db},
            "register_results": sum(s.n for s in reg),
            "register_specific_results": {s.label: s.n for s in reg},
            "website_results": kind(OtherKind.WEBSITES),
            "organisation_results": kind(OtherKind.ORGANISATIONS),
            "citations_results": kind(OtherKind.CITATIONS),
            "other_specific_results": {s.label: s.n for s in other},
            "identified": sum(s.n for s in db + reg),
        }
        for key in BOX_KEYS:
            result[key] = self.n(key)
        result["dbr_excluded_reasons"] = {r.label: r.n for r in self.dbr_reasons}
        result["other_excluded_reasons"] = {r.label: r.n for r in self.other_reasons}
        result["records_excluded"] = self.n("records_excluded_human") + self.n(
            "records_excluded_automatic"
        )
        result["dbr_excluded"] = sum(r.n for r in self.dbr_reasons)
        result["other_excluded"] = sum(r.n for r in self.other_reasons)
        result["new_studies"] = self.n("new_studies")
        result["new_reports"] = self.n("new_reports")
        result["previous_studies"] = self.n("previous_studies")
        result["previous_reports"] = self.n("previous_reports")
        result["total_studies"] = result["previous_studies"] + result["new_studies"]  # type: ignore[operator]
        result["total_reports"] = result["previous_reports"] + result["new_reports"]  # type: ignore[operator]
        result["sources"] = [
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
        return result


# Boxes whose membership is kept as id lists (see compute_flow for what goes where).
BOX_KEYS = (
    "duplicates",
    "excluded_automatic",
    "excluded_other",
    "records_screened",
    "records_excluded_human",
    "records_excluded_automatic",
    "awaiting_screening",
    "dbr_sought_reports",
    "dbr_notretrieved_reports",
    "dbr_awaiting_assessment",
    "dbr_assessed",
    "other_sought_reports",
    "other_notretrieved_reports",
    "other_awaiting_assessment",
    "other_assessed",
    "other_duplicates",
)


def primary_reason(settled: Settled, order: dict[str, int]) -> str:
    """The one reason a report is counted under: the first in the vocabulary's order."""
    if not settled.reasons:
        return NO_REASON
    return min(settled.reasons, key=lambda code: (order.get(code, len(order)), code))


def compute_flow(state: ReviewState, round_: int | None = None) -> Flow:
    config = state.config
    current = round_ if round_ is not None else state.latest_round
    by_id = state.by_id()
    order = {r.code: i for i, r in enumerate(config.reasons)}
    labels = {r.code: r.label for r in config.reasons} | {NO_REASON: "No reason given"}
    boxes: dict[str, list[str]] = defaultdict(list)
    rows: list[RecordBox] = []
    reason_ids: dict[str, dict[str, list[str]]] = {
        "dbr": defaultdict(list),
        "other": defaultdict(list),
    }

    # Identification: every record the searches of this round returned, per source.
    in_round = [i for i in state.identified if i.round == current]
    per_source: dict[str, int] = defaultdict(int)
    for item in in_round:
        per_source[item.record.source] += 1
    logged = [e for e in state.log if e.round == current]
    hits = {e.source: e.hits_reported for e in logged}
    first_round = {}
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
        own = "other" if state.group_of(rid) is Group.OTHER else "dbr"
        column = (
            own if rid != study else ("other" if state.group_of(study) is Group.OTHER else "dbr")
        )
        box, reason = _place(state, rid, study, column, order, current)
        if box == "duplicates" and column == "other":
            # The other-methods column has no duplicates box; keep it traceable apart.
            box = "other_duplicates"
        boxes[box].append(rid)
        if reason:
            reason_ids[column][reason].append(rid)
        rows.append(RecordBox(rid, study, item.record.source, item.round, column, box, reason))

    # Earlier rounds: the studies they included, for an updated review's left column.
    for study, _members in sorted(state.members.items()):
        first = by_id[study]
        if first.round >= current:
            continue
        ft = state.decision(study, "full_text")
        if ft.status is Status.SETTLED and ft.decision is Decision.INCLUDE:
            boxes["previous_studies"].append(study)
            boxes["previous_reports"].append(study)
            rows.append(
                RecordBox(
                    study, study, first.record.source, first.round, "previous", "previous_studies"
                )
            )
    # Derived boxes, as id lists so they trace too.
    for key in ("dbr", "other"):
        boxes[f"{key}_assessed"] = sorted(
            rid for code in reason_ids[key] for rid in reason_ids[key][code]
        )
        boxes[f"{key}_assessed"] += boxes.get(f"{key}_included", [])
        boxes[f"{key}_assessed"].sort()
    boxes["dbr_sought_reports"] = sorted(
        boxes["dbr_assessed"] + boxes["dbr_notretrieved_reports"] + boxes["dbr_awaiting_assessment"]
    )
    boxes["other_sought_reports"] = sorted(
        boxes["other_assessed"]
        + boxes["other_notretrieved_reports"]
        + boxes["other_awaiting_assessment"]
    )
    boxes["records_screened"] = sorted(
        boxes["dbr_sought_reports"]
        + boxes["records_excluded_human"]
        + boxes["records_excluded_automatic"]
        + boxes["awaiting_screening"]
    )
    boxes["new_studies"] = sorted(boxes.get("dbr_included", []) + boxes.get("other_included", []))
    boxes["new_reports"] = list(boxes["new_studies"])

    def reason_list(key: str) -> list[ReasonCount]:
        codes = sorted(reason_ids[key], key=lambda c: (order.get(c, len(order)), c))
        return [ReasonCount(c, labels.get(c, c), len(reason_ids[key][c])) for c in codes]

    other_methods = any(s.group is Group.OTHER for s in config.sources) or any(
        r.column == "other" for r in rows
    )
    updated = any(i.round < current for i in state.identified)
    return Flow(
        round=current,
        updated=updated,
        other_methods=other_methods,
        sources=sources,
        boxes={k: sorted(v) for k, v in boxes.items()},
        dbr_reasons=reason_list("dbr"),
        other_reasons=reason_list("other"),
        rows=sorted(rows, key=lambda r: (r.column != "previous", r.column, r.record_id)),
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


def _place(
    state: ReviewState, rid: str, study: str, column: str, order: dict[str, int], current: int
) -> tuple[str, str]:
    """The box one record of the current round lands in, and its primary reason."""
    if rid != study:
        return "duplicates", ""
    removal = state.decision(study, "identification")
    if removal.status is Status.SETTLED:
        return ("excluded_automatic" if removal.role is Role.AUTOMATION else "excluded_other"), ""
    if column == "dbr":
        ta = state.decision(study, "title_abstract")
        if ta.status is not Status.SETTLED:
            return "awaiting_screening", ""
        if ta.decision is Decision.EXCLUDE:
            return (
                "records_excluded_automatic"
                if ta.role is Role.AUTOMATION
                else "records_excluded_human"
            ), ""
    ft = state.decision(study, "full_text")
    if ft.status is not Status.SETTLED:
        return f"{column}_awaiting_assessment", ""
    if ft.decision is Decision.NOT_RETRIEVED:
        return f"{column}_notretrieved_reports", ""
    if ft.decision is Decision.INCLUDE:
        return f"{column}_included", ""
    return f"{column}_excluded", primary_reason(ft, order)
