"""The evidence tables as a Word document a journal accepts (python-docx), byte-stable.

Landscape A4, one captioned table per group, the header row repeated on every page,
9 pt text. python-docx stamps each zip member with the time of saving; the members
are rewritten with a fixed date so the same tables give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from prisma.extraction.tables import EvidenceTable

_EPOCH = (1980, 1, 1, 0, 0, 0)
FONT = Pt(9)


WIDTH_CM = 29.7 - 2 * 1.8  # landscape A4 between the margins


def column_widths(table: EvidenceTable, total_cm: float) -> list[Cm]:
    """Widths in proportion to each column's longest text (capped, so one long cell does
    not starve the others), filling the page."""
    weights = []
    for index, name in enumerate(table.columns):
        texts = [name] + [(row.reference, *row.cells)[index] for row in table.rows]
        weights.append(min(max(len(t) for t in texts), 45) + 8)
    return [Cm(round(total_cm * w / sum(weights), 2)) for w in weights]


def _repeat_header(row: Any) -> None:  # python-docx's _Row (no public type)
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _cell_text(cell: Any, text: str, bold: bool = False) -> None:  # python-docx's _Cell
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = FONT
    run.bold = bold


def docx_bytes(tables: Sequence[EvidenceTable], title: str) -> bytes:
    document = Document()
    props = document.core_properties
    props.title = title
    props.author = "prisma-review"
    props.last_modified_by = "prisma-review"
    props.created = props.modified = datetime(2000, 1, 1)
    props.revision = 1
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    document.add_heading(title, level=1)
    for table in tables:
        caption = document.add_paragraph()
        caption.paragraph_format.keep_with_next = True
        caption.add_run(table.caption).bold = True
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        widths = column_widths(table, WIDTH_CM)
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width  # the grid (LibreOffice reads it); cells below (Word)
        for cell, name, width in zip(grid.rows[0].cells, table.columns, widths, strict=True):
            _cell_text(cell, name, bold=True)
            cell.width = width
        _repeat_header(grid.rows[0])
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, text, width in zip(cells, (row.reference, *row.cells), widths, strict=True):
                _cell_text(cell, text)
                cell.width = width
        document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
