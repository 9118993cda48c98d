"""The whole job on one workspace: load, deduplicate, count, draw, check.

This is what ``make run`` and ``prisma-review run`` do; each stage is also a
command of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from prisma.check import Report, check_state
from prisma.flow import Flow, compute_flow
from prisma.load import load_state
from prisma.render.outputs import write_flow_outputs
from prisma.state import ReviewState
from prisma.workspace import Workspace


@dataclass
class RunResult:
    state: ReviewState
    flow: Flow
    report: Report
    written: list[Path] = field(default_factory=list)


def flow_outputs(
    ws: Workspace, round_: int | None = None, out_dir: Path | None = None
) -> RunResult:
    state = load_state(ws)
    flow = compute_flow(state, round_)
    written = write_flow_outputs(flow, out_dir or ws.build_dir, state.config.title)
    return RunResult(state, flow, check_state(state, flow), written)


def dedup_outputs(ws: Workspace, state: ReviewState, out_dir: Path | None = None) -> list[Path]:
    """studies.csv, duplicates.csv and maybe_duplicates.csv for the workspace's records."""
    from prisma.dedup.io import write_outputs

    order = {i.record.id: i.order for i in state.identified}
    return list(
        write_outputs(
            state.dedup,
            [i.record for i in state.identified],
            out_dir or ws.build_dir / "dedup",
            order=order,
        )
    )


def run(ws: Workspace) -> RunResult:
    result = flow_outputs(ws)
    result.written = [*dedup_outputs(ws, result.state), *result.written]
    return result
