"""The references behind one box of the diagram, ready for RIS or BibTeX (pure).

A box holds record ids (or, for earlier rounds, study ids). A record that is a
study's first member stands for the whole study: its fields are the study's merged
ones (``ReviewState.study_record``: the most complete of its duplicates),
so the export has one entry per study with the best title, DOI and authors found.
A duplicate record stands for itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from prisma.errors import ReviewError
from prisma.flow import Flow
from prisma.render.references import FORMATS, Entry, to_bibtex, to_ris
from prisma.state import ReviewState

# Names a user is likely to type, for boxes the flow keeps under other keys.
ALIASES = {
    "included": ("previous_studies", "new_studies"),  # studies included in review (total)
    "total_studies": ("previous_studies", "new_studies"),
    # every report of an included study (companion reports too): what to retrieve
    "included_reports": ("previous_reports", "new_reports"),
    "total_reports": ("previous_reports", "new_reports"),
    "records_excluded": ("records_excluded_human", "records_excluded_automatic"),
}
LABELS = {
    "included": "Studies included in review",
    "included_reports": "Reports of included studies",
    "new_studies": "New studies included in review",
    "previous_studies": "Studies included in previous version of review",
    "duplicates": "Duplicate records removed",
    "records_screened": "Records screened",
    "records_excluded": "Records excluded",
    "dbr_sought_reports": "Reports sought for retrieval",
    "dbr_notretrieved_reports": "Reports not retrieved",
    "dbr_assessed": "Reports assessed for eligibility",
    "dbr_excluded": "Reports excluded",
    "awaiting_screening": "Awaiting screening",
}


@dataclass(frozen=True)
class BoxExport:
    box: str
    reason: str
    entries: list[Entry]

    def text(self, fmt: str) -> str:
        if fmt == "ris":
            return to_ris(self.entries)
        if fmt == "bibtex":
            return to_bibtex(self.entries)
        raise ReviewError(f"unknown format {fmt!r}", hint=f"one of {', '.join(FORMATS)}")

    def file_name(self, fmt: str) -> str:
        return self.box + (f"_{self.reason}" if self.reason else "") + FORMATS[fmt]


def _boxes(flow: Flow) -> dict[str, list[str]]:
    # The names a user types are the boxes' keys in counts.json (the Box values).
    return {str(key): ids for key, ids in flow.boxes.items()}


def box_names(flow: Flow) -> dict[str, int]:
    """Every box one can export, with how many ids it holds (for help and errors)."""
    boxes = _boxes(flow)
    names = {key: len(ids) for key, ids in boxes.items()}
    for alias, parts in ALIASES.items():
        names[alias] = len({i for part in parts for i in boxes.get(part, ())})
    return dict(sorted(names.items()))


def box_ids(flow: Flow, box: str, reason: str = "") -> list[str]:
    known = box_names(flow)
    if box not in known:
        raise ReviewError(
            f"no box {box!r} in round {flow.round}'s diagram",
            kind="usage",
            hint="boxes: " + ", ".join(f"{k} ({n})" for k, n in known.items()),
        )
    boxes = _boxes(flow)
    ids = sorted({i for part in ALIASES.get(box, (box,)) for i in boxes.get(part, ())})
    if reason:
        reasons = {r.reason for r in flow.rows if r.reason and r.record_id in set(ids)}
        if reason not in reasons:
            raise ReviewError(
                f"no report in {box!r} was excluded for {reason!r}",
                kind="usage",
                hint="reasons in this box: " + (", ".join(sorted(reasons)) or "none"),
            )
        chosen = {r.record_id for r in flow.rows if r.reason == reason}
        ids = [i for i in ids if i in chosen]
    return ids


def export_box(state: ReviewState, flow: Flow, box: str, reason: str = "") -> BoxExport:
    ids = box_ids(flow, box, reason)
    label = LABELS.get(box, box.replace("_", " "))
    entries = []
    for rid in ids:
        study = state.study_of.get(rid, rid)
        if rid == study:
            members = state.members.get(study, (study,))
            record = state.study_record(study)
            also = f"; records {', '.join(members)}" if len(members) > 1 else ""
            note = f"prisma-review round {flow.round}: {label}; study {study}{also}"
        else:
            record = state.by_id()[rid].record
            note = f"prisma-review round {flow.round}: {label}; record {rid} of study {study}"
        if reason:
            note += f"; reason {reason}"
        entries.append(Entry(rid, record, note))
    return BoxExport(box, reason, entries)
