"""Write the flow's six output files into build/ (atomically, deterministically)."""

from __future__ import annotations

from pathlib import Path

from prisma.flow import Flow
from prisma.render.diagram import render_bytes
from prisma.render.tables import counts_json, flow_records_csv, prisma2020_csv
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
