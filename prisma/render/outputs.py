"""Write the flow's output files into build/ (atomically, deterministically)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prisma.flow import Flow
from prisma.render.diagram import render_bytes
from prisma.render.report import report_html
from prisma.render.report_data import FindingLike
from prisma.render.tables import counts_json, flow_records_csv, prisma2020_csv
from prisma.state import ReviewState
from prisma.workspace import atomic_write


def write_flow_outputs(flow: Flow, out_dir: Path, title: str = "") -> list[Path]:
    files: dict[str, bytes | str] = {
        "counts.json": counts_json(flow),
        "prisma2020.csv": prisma2020_csv(flow),
        "flow_records.csv": flow_records_csv(flow),
    }
    for fmt, data in render_bytes(flow, title).items():
        files[f"prisma_flow.{fmt}"] = data
    written = []
    for name in sorted(files):
        path = out_dir / name
        atomic_write(path, files[name])
        written.append(path)
    return written


def write_report(
    state: ReviewState, flow: Flow, findings: Sequence[FindingLike], out_dir: Path
) -> Path:
    """build/report.html: the clickable audit report (see prisma/render/report.py)."""
    path = out_dir / "report.html"
    atomic_write(path, report_html(state, flow, findings))
    return path
