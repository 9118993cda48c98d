"""The whole job on one workspace: load, deduplicate, count, draw, check.

This is what ``make run`` and ``prisma-review run`` do; each stage is also a
command of its own. :func:`dedup_files` is ``prisma-review dedup FILE...``: the
dedup stage on export files outside a workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from prisma.check import Report, check_state
from prisma.dedup.io import DedupSummary, run_dedup, write_outputs
from prisma.flow import Flow, compute_flow
from prisma.load import load_state
from prisma.records import Record
from prisma.render.outputs import write_flow_outputs, write_report
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
    out = out_dir or ws.build_dir
    report = check_state(state, flow)
    written = write_flow_outputs(flow, out, state.config.title)
    written.append(write_report(state, flow, report.findings, out))
    return RunResult(state, flow, report, written)


def dedup_outputs(ws: Workspace, state: ReviewState, out_dir: Path | None = None) -> list[Path]:
    """studies.csv, duplicates.csv and maybe_duplicates.csv for the workspace's records."""
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
    if result.state.config.extraction is not None:
        from prisma.extraction.outputs import write_extraction_outputs

        result.written += write_extraction_outputs(result.state, ws.build_dir)
    return result


def dedup_files(
    files: Sequence[str | Path],
    out_dir: str | Path,
    *,
    review_csv: str | Path | None = None,
    fmt: str = "",
    options: dict[str, object] | None = None,
) -> DedupSummary:
    """Dedup export files outside a workspace; each file's stem is its source name."""
    from prisma.sources import read_file

    records: list[Record] = []
    used: dict[str, int] = {}
    for path in files:
        stem = Path(path).stem
        used[stem] = used.get(stem, 0) + 1
        # two files with one name would give clashing ids: number the later ones
        source = stem if used[stem] == 1 else f"{stem}~{used[stem]}"
        records.extend(read_file(path, source, fmt))
    return run_dedup(records, out_dir, review_csv=review_csv, options=options)


def export_box_file(
    ws: Workspace,
    box: str,
    fmt: str,
    reason: str = "",
    round_: int | None = None,
    out: Path | None = None,
) -> tuple[Path, int]:
    """One box's references as RIS or BibTeX (default: build/export/<box>.<ext>)."""
    from prisma.render.box_export import export_box
    from prisma.workspace import atomic_write

    state = load_state(ws)
    exported = export_box(state, compute_flow(state, round_), box, reason)
    path = out or ws.build_dir / "export" / exported.file_name(fmt)
    atomic_write(path, exported.text(fmt))
    return path, len(exported.entries)
