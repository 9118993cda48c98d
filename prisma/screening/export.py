"""``screen export``: the hand-out file of studies still awaiting one screener at a stage.

The file is blind: it shows no one's decisions. Rows come in the default order
(round, then study id) or, with ``order="relevance"``, ranked by a model trained
on the decisions so far (ordering only: every awaiting study is in the file).
"""

from __future__ import annotations

import hashlib
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
# Full text: the id of the study this report belongs to, if it is a companion report.
LINK_COLUMN = "same_study_as"
# After the columns a person fills in: whose file this is (see screening.identity).
IDENTITY_COLUMNS = [identity.COLUMN]
ORDERS = ("default", "relevance")


def columns(stage: str) -> list[str]:
    info = ["study_id", "check", "title", "authors", "year", "journal", "doi", "pmid"]
    if stage == Stage.TITLE_ABSTRACT:
        info.append("abstract")
    return info + ["link"]


def decision_columns(stage: str) -> list[str]:
    return DECISION_COLUMNS + [LINK_COLUMN] if stage == Stage.FULL_TEXT else DECISION_COLUMNS


def link(record: Record) -> str:
    if record.doi:
        return f"https://doi.org/{record.doi}"
    if record.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"
    return record.url


def info_cells(state: ReviewState, study: str, stage: str, handout: str = "") -> list[object]:
    """The study's cells; ``handout`` is the file's identity cell (folded into the check
    code)."""
    record = state.study_record(study)
    cells: list[object] = [
        study,
        check_code(study, state.check_title(study), handout),
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
        studies, message = _relevance_batch(state, stage, studies)
    if limit is not None:
        if limit < 0:
            raise ReviewError("--limit must be 0 or more", kind="screening")
        studies = studies[:limit]
    return studies, message


def _relevance_batch(state: ReviewState, stage: str, studies: list[str]) -> tuple[list[str], str]:
    """Relevance order, or what the stopping rule asks for instead: a random sample of
    the remainder (hypergeometric, once the ranking has run dry) or the second model
    (SAFE's phase F)."""
    from prisma.screening.stop import stage_verdict, with_switch

    model = prioritise.DEFAULT_MODEL
    if stage == Stage.TITLE_ABSTRACT:
        settings = state.config.stopping
        ev, said = stage_verdict(state, stage, settings)
        if said.wants_random_sample and not said.stop:
            # Same sample for every screener, different after every import.
            seed = hashlib.sha256(
                "\n".join([stage, str(len(state.ledger)), *sorted(studies)]).encode()
            ).hexdigest()
            shuffled = sorted(studies, key=lambda s: hashlib.sha256((seed + s).encode()).digest())
            return shuffled, (
                f"random order: the stopping rule ({settings.rule}) asks for a random sample "
                f"of the remainder (nothing relevant in the last {settings.run} screened); "
                f"at least {said.more} all irrelevant before it can say stop"
            )
        if with_switch(ev.sequence, ev.total, settings).switched_at is not None:
            model = prioritise.SECOND_MODEL
    return prioritise.rank_awaiting(state, stage, studies, model)


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
    header = columns(stage) + decision_columns(stage) + IDENTITY_COLUMNS
    cell = identity.identity_for(state, stage, Role.SCREENER, screener or "").cell
    blank = [""] * len(decision_columns(stage))
    write_handout(
        path, header, (info_cells(state, s, stage, cell) + blank + [cell] for s in studies)
    )
    return Export(path, stage, name, tuple(studies), total, message)
