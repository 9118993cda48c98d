"""Write the extraction's outputs into build/ (atomically, deterministically).

build/extraction.csv              one row per included study: status, settled values
build/tables/NN_<group>.md|.csv   one evidence table per group
build/tables/evidence_tables.docx the same tables for a journal
build/charts/classification.*     the two-ring chart of the form's ``chart`` fields
build/charts/<field>.*            counts per value of each ``bar_charts`` field
"""

from __future__ import annotations

from pathlib import Path

from prisma.extraction.charts import bar_chart, sunburst
from prisma.extraction.docx import docx_bytes
from prisma.extraction.queue import extraction_of
from prisma.extraction.reference import reference_labels
from prisma.extraction.tables import (
    evidence_tables,
    extraction_csv,
    table_csv,
    table_markdown,
)
from prisma.state import ReviewState
from prisma.workspace import atomic_write

TABLES = "tables"
CHARTS = "charts"


def extraction_files(state: ReviewState) -> dict[str, bytes | str]:
    """Relative path -> content of every extraction output (pure)."""
    extraction = extraction_of(state)
    form = extraction.form
    labels = reference_labels(state, sorted(set(extraction.included) | set(extraction.extracted)))
    tables = evidence_tables(extraction, labels)
    files: dict[str, bytes | str] = {"extraction.csv": extraction_csv(extraction, labels)}
    for table in tables:
        files[f"{TABLES}/{table.slug}.md"] = table_markdown(table)
        files[f"{TABLES}/{table.slug}.csv"] = table_csv(table)
    files[f"{TABLES}/evidence_tables.docx"] = docx_bytes(
        tables, f"{state.config.title}: evidence tables"
    )
    if form.chart:
        inner, outer = (form.field(name) for name in form.chart)
        assert inner is not None and outer is not None  # config.py checked the names
        for fmt, data in sunburst(extraction, inner, outer).items():
            files[f"{CHARTS}/classification.{fmt}"] = data
    for name in form.bar_charts:
        field = form.field(name)
        assert field is not None
        for fmt, data in bar_chart(extraction, field).items():
            files[f"{CHARTS}/{name}.{fmt}"] = data
    return files


def write_extraction_outputs(state: ReviewState, out_dir: Path) -> list[Path]:
    return write_files(extraction_files(state), out_dir)


def write_files(files: dict[str, bytes | str], out_dir: Path) -> list[Path]:
    # Tables and charts of groups or fields that are gone would mislead: the folders
    # hold exactly what this run wrote.
    for folder in (TABLES, CHARTS):
        directory = out_dir / folder
        if directory.is_dir():
            for old in directory.iterdir():
                if old.is_file() and f"{folder}/{old.name}" not in files:
                    old.unlink()
    written = []
    for name in sorted(files):
        path = out_dir / name
        atomic_write(path, files[name])
        written.append(path)
    return written
