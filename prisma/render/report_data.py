"""The audit report's data: every list behind the diagram, as one JSON payload (pure).

The report (``build/report.html``) embeds this payload once and renders it on demand,
so a 100,000-record review stays one small DOM. Everything here comes from the
state, the flow and the check: records, the lists of ids behind each box, the
ledger rows, the dedup matches that built each study and the findings. Repeated
strings (files, screeners, rules, and ``words``: dates, journals, stages,
decisions, roles, box keys, reason codes) are stored once in a table and referred
to by index, which halves the file at scale.

A list ("box") carries its ``unit`` (records, reports or studies) so a box that
counts reports apart from studies, and per-box actions such as an export, fit the
same shape.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from prisma.config import Group, OtherKind
from prisma.flow import REPORT_BOXES, Box, Column, Flow
from prisma.render.box_export import box_names
from prisma.state import ReviewState

RECORD_FIELDS = [
    "id",
    "title",
    "author",
    "year",
    "source",
    "file",
    "line",
    "round",
    "date",
    "study",
    "doi",
    "journal",
]
DECISION_FIELDS = [
    "record",
    "time",
    "round",
    "stage",
    "decision",
    "reasons",
    "screener",
    "role",
    "file",
    "notes",
]
MATCH_FIELDS = ["a", "b", "rule", "score", "detail"]
LOG_FIELDS = [
    "round",
    "source",
    "platform",
    "date_searched",
    "query",
    "limits",
    "hits_reported",
    "records_retrieved",
    "file",
    "sha256",
    "tool_version",
    "method",
]
STAGE_LABELS = {
    "identification": "Identification",
    "title_abstract": "Title/abstract",
    "full_text": "Full text",
}
OTHER_KINDS = {
    OtherKind.WEBSITES: "Websites",
    OtherKind.ORGANISATIONS: "Organisations",
    OtherKind.CITATIONS: "Citation searching",
}


class FindingLike(Protocol):
    """A finding of the check (``prisma.check.Finding``); render sits below check."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def record_ids(self) -> tuple[str, ...]: ...
    @property
    def severity(self) -> str: ...


@dataclass(frozen=True)
class ListBox:
    """One list the report can show: a box of the diagram, or a part of one."""

    key: str  # fragment of its link: #box-<key>
    label: str  # the box's wording, as on the diagram
    unit: str  # "records", "reports" or "studies"
    ids: tuple[str, ...]
    group: str  # heading it is listed under in the report's contents
    depth: int = 0  # 1: a part of the box above it (a source, a reason)


def list_boxes(state: ReviewState, flow: Flow) -> list[ListBox]:
    """Every list behind a number on the diagram, in the diagram's reading order."""
    ids = flow.ids
    rows = [r for r in flow.rows if r.column is not Column.PREVIOUS]
    group_of = {s.name: s.group for s in state.config.sources}
    kind_of = {s.name: s.other_kind for s in state.config.sources}
    out: list[ListBox] = []

    def add(
        key: str, label: str, unit: str, members: Iterable[str], group: str, depth: int = 0
    ) -> None:
        out.append(ListBox(str(key), label, unit, tuple(sorted(members)), group, depth))

    new = "new " if flow.updated else ""
    dbr = f"Identification of {new}studies via databases and registers"
    oth = f"Identification of {new}studies via other methods"
    if flow.updated:
        prev = "Previous studies"
        add(
            Box.PREVIOUS_STUDIES,
            "Studies included in previous version of review",
            "studies",
            ids(Box.PREVIOUS_STUDIES),
            prev,
        )
        add(
            Box.PREVIOUS_REPORTS,
            "Reports of studies included in previous version of review",
            "reports",
            ids(Box.PREVIOUS_REPORTS),
            prev,
        )
    by_source: dict[str, list[str]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row.record_id)
    databases = [s for s in flow.sources if s.group is Group.DATABASE]
    registers = [s for s in flow.sources if s.group is Group.REGISTER]
    others = [s for s in flow.sources if s.group is Group.OTHER]
    add(
        "identified",
        "Records identified from databases and registers",
        "records",
        [r.record_id for r in rows if group_of.get(r.source) is not Group.OTHER],
        dbr,
    )
    for name, members in (("databases", databases), ("registers", registers)):
        add(
            f"identified/{name}",
            f"Records identified from {name}",
            "records",
            [rid for s in members for rid in by_source.get(s.name, ())],
            dbr,
            1,
        )
        for s in members:
            add(f"identified/{s.name}", s.label, "records", by_source.get(s.name, ()), dbr, 1)
    add(Box.DUPLICATES, "Duplicate records removed", "records", ids(Box.DUPLICATES), dbr)
    add(
        Box.EXCLUDED_AUTOMATIC,
        "Records marked as ineligible by automation tools",
        "records",
        ids(Box.EXCLUDED_AUTOMATIC),
        dbr,
    )
    add(
        Box.EXCLUDED_OTHER,
        "Records removed for other reasons",
        "records",
        ids(Box.EXCLUDED_OTHER),
        dbr,
    )
    add(Box.RECORDS_SCREENED, "Records screened", "records", ids(Box.RECORDS_SCREENED), dbr)
    add(
        Box.AWAITING_SCREENING,
        "Awaiting screening",
        "records",
        ids(Box.AWAITING_SCREENING),
        dbr,
        1,
    )
    human = ids(Box.RECORDS_EXCLUDED_HUMAN)
    automatic = ids(Box.RECORDS_EXCLUDED_AUTOMATIC)
    add("records_excluded", "Records excluded", "records", [*human, *automatic], dbr)
    add(Box.RECORDS_EXCLUDED_HUMAN, "Records excluded by a human", "records", human, dbr, 1)
    add(
        Box.RECORDS_EXCLUDED_AUTOMATIC,
        "Records excluded by automation tools",
        "records",
        automatic,
        dbr,
        1,
    )
    columns = [(Column.DBR, dbr, flow.dbr_reasons)]
    if flow.other_methods:
        columns.append((Column.OTHER, oth, flow.other_reasons))
    for column, heading, reasons in columns:
        boxes = REPORT_BOXES[column]
        if column is Column.OTHER:
            add(
                "other_identified",
                "Records identified via other methods",
                "records",
                [r.record_id for r in rows if group_of.get(r.source) is Group.OTHER],
                heading,
            )
            for kind, name in OTHER_KINDS.items():
                add(
                    f"other_identified/{kind.value}",
                    f"Records identified from {name.lower()}",
                    "records",
                    [
                        rid
                        for s in others
                        if kind_of.get(s.name) is kind
                        for rid in by_source.get(s.name, ())
                    ],
                    heading,
                    1,
                )
            for s in others:
                add(
                    f"identified/{s.name}",
                    s.label,
                    "records",
                    by_source.get(s.name, ()),
                    heading,
                    1,
                )
            add(
                Box.OTHER_DUPLICATES,
                "Duplicates of records found via databases or registers",
                "records",
                ids(Box.OTHER_DUPLICATES),
                heading,
            )
        add(boxes.sought, "Reports sought for retrieval", "reports", ids(boxes.sought), heading)
        add(
            boxes.not_retrieved,
            "Reports not retrieved",
            "reports",
            ids(boxes.not_retrieved),
            heading,
        )
        add(
            boxes.assessed,
            "Reports assessed for eligibility",
            "reports",
            ids(boxes.assessed),
            heading,
        )
        add(boxes.awaiting, "Awaiting assessment", "reports", ids(boxes.awaiting), heading, 1)
        add(boxes.excluded, "Reports excluded", "reports", ids(boxes.excluded), heading)
        for reason in reasons:
            add(
                f"{boxes.excluded}/{reason.code}",
                reason.label,
                "reports",
                [
                    r.record_id
                    for r in rows
                    if r.column is column and r.box is boxes.excluded and r.reason == reason.code
                ],
                heading,
                1,
            )
    included = "Included"
    add(
        Box.NEW_STUDIES,
        "New studies included in review" if flow.updated else "Studies included in review",
        "studies",
        ids(Box.NEW_STUDIES),
        included,
    )
    add(
        Box.NEW_REPORTS,
        "Reports of new included studies" if flow.updated else "Reports of included studies",
        "reports",
        ids(Box.NEW_REPORTS),
        included,
    )
    if flow.updated:
        add(
            "total_studies",
            "Total studies included in review",
            "studies",
            [*ids(Box.PREVIOUS_STUDIES), *ids(Box.NEW_STUDIES)],
            included,
        )
        add(
            "total_reports",
            "Reports of total included studies",
            "reports",
            [*ids(Box.PREVIOUS_REPORTS), *ids(Box.NEW_REPORTS)],
            included,
        )
    return out


def export_command(key: str, round_: int, exportable: Mapping[str, int]) -> str:
    """The `prisma-review export` call that writes this list as RIS ("" if none does).

    ``exportable``: ``box_export.box_names(flow)``, the names `export` accepts.
    """
    box, _, reason = key.partition("/")
    if not exportable.get(box) or (reason and not box.endswith("_excluded")):
        return ""
    option = f" --reason {reason}" if reason else ""
    return f"prisma-review export {box}{option} --round {round_} --format ris"


class _Table(dict[str, int]):
    """Strings stored once; rows refer to them by index (``table[text]`` gives it)."""

    def __missing__(self, key: str) -> int:
        n = self[key] = len(self)
        return n

    @property
    def strings(self) -> list[str]:
        return list(self)  # insertion order is index order


def build_payload(
    state: ReviewState,
    flow: Flow,
    findings: Sequence[FindingLike],
    boxes: list[ListBox] | None = None,
) -> dict[str, object]:
    """The report's data (plain JSON types; every list sorted, so the bytes are stable)."""
    # Hundreds of thousands of small lists, none cyclic: with the cycle collector on,
    # it rescans the whole loaded state again and again (3-4x the time at 50,000
    # records). read_file pauses it for the same reason.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _payload(state, flow, findings, boxes)
    finally:
        if enabled:
            gc.enable()


def _payload(
    state: ReviewState, flow: Flow, findings: Sequence[FindingLike], boxes: list[ListBox] | None
) -> dict[str, object]:
    config = state.config
    identified = sorted(state.identified, key=lambda i: i.record.id)
    index = {item.record.id: n for n, item in enumerate(identified)}
    files = _Table()
    words = _Table()  # dates, journals, stages, decisions, roles, boxes, reason codes
    sources = _Table()
    for s in config.sources:
        _ = sources[s.name]  # config order first, for the filter
    records = []
    for item in identified:
        r = item.record
        records.append(
            [
                r.id,
                r.title,
                r.authors[0] if r.authors else "",
                r.year if r.year is not None else "",
                sources[r.source],
                files[item.file],
                r.line if r.line is not None else "",
                item.round,
                words[item.date],
                index[state.study_of.get(r.id, r.id)],
                r.doi,
                words[r.journal],
            ]
        )
    screeners = _Table()
    rules = _Table()
    decisions = []
    for entry in state.ledger:
        if entry.record_id not in index:
            continue  # the check names decisions on unknown ids; they belong to no list
        decisions.append(
            [
                index[entry.record_id],
                words[entry.time],
                entry.round,
                words[entry.stage],
                words[entry.decision.value],
                [words[c] for c in entry.reasons],
                screeners[entry.screener],
                words[entry.role.value],
                files[entry.file],
                entry.notes,
            ]
        )
    matches = [
        [index[m.a], index[m.b], rules[m.rule], round(m.score, 4), m.detail]
        for m in sorted(state.dedup.matches, key=lambda m: (m.a, m.b, m.rule))
        if m.a in index and m.b in index
    ]
    maybe = [
        [index[m.a], index[m.b], rules[m.rule], round(m.score, 4), m.detail]
        for m in sorted(state.dedup.maybe, key=lambda m: (m.a, m.b, m.rule))
        if m.a in index and m.b in index
    ]
    settled = []
    for (study, stage), outcome in sorted(state.settled.items()):
        if study in index:
            settled.append(
                [
                    index[study],
                    words[stage],
                    words[outcome.status.value],
                    words[outcome.decision.value if outcome.decision else ""],
                    [words[c] for c in outcome.reasons],
                    words[outcome.role.value if outcome.role else ""],
                ]
            )
    landed = {}  # record index -> [box of the flow, primary reason]
    for row in flow.rows:
        if row.record_id in index:
            landed[index[row.record_id]] = [words[str(row.box)], words[row.reason]]
    exportable = box_names(flow)
    box_rows = [
        {
            "key": box.key,
            "label": box.label,
            "unit": box.unit,
            "group": box.group,
            "depth": box.depth,
            "ids": [index[i] for i in box.ids if i in index],
            "export": export_command(box.key, flow.round, exportable),
        }
        for box in (boxes if boxes is not None else list_boxes(state, flow))
    ]
    finding_rows = [
        {
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "ids": [index[i] for i in f.record_ids if i in index],
            "unknown": [i for i in f.record_ids if i not in index],
        }
        for f in findings
    ]
    reason_labels = {r.code: r.label for r in config.reasons}
    return {
        "title": config.title,
        "round": flow.round,
        "template": flow.template,
        "record_fields": RECORD_FIELDS,
        "records": records,
        "decision_fields": DECISION_FIELDS,
        "decisions": decisions,
        "settled": settled,
        "match_fields": MATCH_FIELDS,
        "matches": matches,
        "maybe": maybe,
        "landed": [[k, *v] for k, v in sorted(landed.items())],
        # A companion report -> its study (PRISMA counts reports and studies apart).
        "report_study": [
            [index[report], index[study]]
            for report, study in sorted(flow.study_of_report.items())
            if report in index and study in index
        ],
        "boxes": box_rows,
        "files": files.strings,
        "words": words.strings,
        "sources": sources.strings,
        "source_labels": {s.name: s.display for s in config.sources},
        "screeners": screeners.strings,
        "rules": rules.strings,
        "reasons": [[r.code, r.label] for r in config.reasons],
        "reason_labels": reason_labels,
        "stages": STAGE_LABELS,
        "findings": finding_rows,
    }


def payload_json(payload: dict[str, object]) -> str:
    """JSON safe inside a <script> element: no "<", ">", "&" or line separators in it.

    These characters can only occur inside JSON strings, where the escapes mean the
    same text; so a title holding "</script>" cannot end the element early.
    """
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text
