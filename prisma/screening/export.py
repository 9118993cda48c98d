"""``screen export``: the hand-out file of studies still awaiting one screener at a stage.

The file is blind: it shows no one's decisions. Rows come in the default order
(round, then study id) or, with ``order="relevance"``, ranked by a model trained
on the decisions so far (ordering only: every awaiting study is in the file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prisma.config import Stage
from prisma.decisions.ledger import Role
from prisma.errors import ReviewError
from prisma.load import load_state
from prisma.records import Record
from prisma.screening import identity, prioritise
from prisma.screening.queue import awaiting, check_screener, stage_name
from prisma.screening.sheet import check_code, write_handout
from prisma.state import ReviewState
from prisma.workspace import Workspace

DECISION_COLUMNS = ["decision", "reason", "notes"]
# After the columns a person fills in: whose file this is (see screening.identity).
IDENTITY_COLUMNS = [identity.COLUMN]
ORDERS = ("default", "relevance")
FILLED = ("title", "authors", "year", "journal", "doi", "pmid", "abstract", "url")


def columns(stage: str) -> list[str]:
    info = ["study_id", "check", "title", "authors", "year", "journal", "doi", "pmid"]
    if stage == Stage.TITLE_ABSTRACT:
        info.append("abstract")
    return info + ["link"]


def study_record(state: ReviewState, study: str) -> Record:
    """The study's first record, its empty fields filled from later members."""
    by_id = state.by_id()
    ids = state.members[study]
    lead = by_id[ids[0]].record
    if len(ids) == 1:
        return lead
    members = [by_id[rid].record for rid in ids]
    changes = {}
    for name in FILLED:
        if not getattr(lead, name):
            for other in members[1:]:
                if getattr(other, name):
                    changes[name] = getattr(other, name)
                    break
    return lead.with_(**changes) if changes else lead


def link(record: Record) -> str:
    if record.doi:
        return f"https://doi.org/{record.doi}"
    if record.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"
    return record.url


def info_cells(state: ReviewState, study: str, stage: str, handout: str = "") -> list[object]:
    """The study's cells; ``handout`` is the file's identity cell (folded into the check
    code)."""
    record = study_record(state, study)
    cells: list[object] = [
        study,
        check_code(study, record.title, handout),
        record.title,
        "; ".join(record.authors),
        record.year or "",
        record.journal,
        record.doi,
        record.pmid,
    ]
    if stage == Stage.TITLE_ABSTRACT:
        cells.append(record.abstract)
    cells.append(link(record))
    return cells


@dataclass(frozen=True)
class Export:
    path: Path
    stage: str
    screener: str
    studies: tuple[str, ...]
    awaiting: int  # before --limit
    message: str = ""  # e.g. why relevance order fell back to the default


def handout(
    state: ReviewState,
    stage: str,
    screener: str | None,
    *,
    order: str = "default",
    limit: int | None = None,
) -> tuple[list[str], str]:
    """The studies for one hand-out file, in order, and a note on the ordering used."""
    stage = stage_name(stage)
    if order not in ORDERS:
        raise ReviewError(
            f"unknown order {order!r}", kind="screening", hint="use " + " or ".join(ORDERS)
        )
    if screener is not None:
        check_screener(state, stage, screener, arbiter=False)
    studies = awaiting(state, stage, screener)
    message = ""
    if order == "relevance" and studies:
        ranked, message = prioritise.rank_awaiting(state, stage, studies)
        studies = ranked
    if limit is not None:
        if limit < 0:
            raise ReviewError("--limit must be 0 or more", kind="screening")
        studies = studies[:limit]
    return studies, message


def default_screener(state: ReviewState, stage: str) -> str | None:
    screeners = state.config.stage(stage).screeners
    return screeners[0] if len(screeners) == 1 else None


def export(
    ws: Workspace,
    stage: str,
    screener: str | None = None,
    *,
    order: str = "default",
    limit: int | None = None,
    out: str | Path | None = None,
    state: ReviewState | None = None,
) -> Export:
    state = state or load_state(ws)
    stage = stage_name(stage)
    if screener is None:
        screener = default_screener(state, stage)
        if screener is None and state.config.stage(stage).screeners:
            raise ReviewError(
                f"{stage} has {len(state.config.stage(stage).screeners)} screeners: "
                "say whose file this is",
                kind="screening",
                hint="pass --screener "
                + " or --screener ".join(state.config.stage(stage).screeners),
            )
    studies, message = handout(state, stage, screener, order=order)
    total = len(studies)
    if limit is not None:
        if limit < 0:
            raise ReviewError("--limit must be 0 or more", kind="screening")
        studies = studies[:limit]
    name = screener or "all"
    path = Path(out) if out else ws.build_dir / "screening" / f"{stage}_{name}.csv"
    header = columns(stage) + DECISION_COLUMNS + IDENTITY_COLUMNS
    cell = identity.identity_for(state, stage, Role.SCREENER, screener or "").cell
    write_handout(
        path, header, (info_cells(state, s, stage, cell) + ["", "", "", cell] for s in studies)
    )
    return Export(path, stage, name, tuple(studies), total, message)
