"""The worked example's round-2 hand-outs through real LibreOffice at its default import
separators (comma, semicolon and tab all ticked), saved back as `;` CSV and as .xlsx:
not one cell changes, and both import with the ledger entries of the file itself.

One soffice call per format converts every file (the hand-outs and a control written
the old way, quoting only cells with a comma, which LibreOffice does split)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from prisma.decisions.ledger import read_ledger
from prisma.screening.export import export
from prisma.screening.importer import import_decisions
from prisma.spreadsheet import _cell_text, write_handout
from prisma.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not on PATH; `make libreoffice` installs it",
)
# What LibreOffice's CSV import dialog ticks by default: comma, semicolon and tab.
DEFAULT_IMPORT = "CSV:44/59/9,34,76,1"
SAVE_SEMICOLON = "csv:Text - txt - csv (StarCalc):59,34,76,1"
# Typed by the screeners into `notes`: every character a separator setting could cut on.
NOTES = [
    'see p. 3; "twin" used loosely, not a model',
    "two lines:\nsecond line\twith a tab",
    "=not a formula, -2 mutations",
]


def _round2_workspace(root: Path) -> Workspace:
    from prisma.config import load_config
    from prisma.intake import files as importing
    from prisma.intake import pubmed
    from tests import eutils_server
    from tests.conftest import shared_path
    from tests.test_seed_pipeline import copy_workspace, fake_pubmed

    root.mkdir()
    ws = copy_workspace(root)
    server = eutils_server.FakeEutils(fake_pubmed(shared_path(), ws)).start()
    try:
        pubmed.search(
            ws,
            load_config(ws.config_file).source("pubmed"),
            known_pmids=pubmed.held_pmids(ws, "pubmed"),
            today=date(2024, 12, 16),
            base_url=server.url,
            progress=False,
            round_=2,
        )
    finally:
        server.stop()
    exports = EXAMPLES / "round2" / "exports"
    importing.import_file(ws, exports / "scopus.csv", "scopus", date="2024-12-16", round_=2)
    importing.import_file(ws, exports / "PoPCites.csv", "scholar", date="2024-12-18", round_=2)
    return ws


def _rows(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _filled(ws: Workspace, screener: str, out: Path) -> tuple[Path, list[list[str]]]:
    """The hand-out, filled in with what the example's screener decided, plus notes."""
    path = export(ws, "title_abstract", screener).path
    rows = _rows(path.read_text("utf-8-sig"))
    header = rows[0]
    (back,) = (EXAMPLES / "round2" / "screening").glob(f"*_title_abstract_{screener}.csv")
    text = back.read_text("utf-8-sig")
    said = {
        r["study_id"]: r
        for r in csv.DictReader(
            io.StringIO(text, newline=""), delimiter=text[text.index("check") - 1]
        )
    }
    for n, row in enumerate(rows[1:]):
        for column in ("decision", "reason"):
            row[header.index(column)] = said[row[0]][column]
        row[header.index("notes")] = NOTES[n % len(NOTES)] if n < 6 else ""
    target = out / path.name
    write_handout(target, header, rows[1:])
    return target, _rows(target.read_text("utf-8-sig"))


def _soffice(files: list[Path], target: str, outdir: Path, profile: Path) -> None:
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            f"--infilter={DEFAULT_IMPORT}",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return [
            [_cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)
        ]
    finally:
        book.close()


def _changed(before: list[list[str]], after: list[list[str]]) -> list[tuple[int, int]]:
    after = [row + [""] * (len(before[0]) - len(row)) for row in after]
    cells = [
        (r, c)
        for r, row in enumerate(before)
        for c, value in enumerate(row)
        if r >= len(after) or c >= len(after[r]) or after[r][c] != value
    ]
    extra = [
        (r, c) for r, row in enumerate(after) for c in range(len(before[0]), len(row)) if row[c]
    ]
    return cells + extra


def _entries(ws: Workspace) -> list[tuple[object, ...]]:
    return [
        (e.stage, e.record_id, e.decision, e.reason, e.screener, e.role, e.notes)
        for e in read_ledger(ws.decisions_csv)
    ]


def test_libreoffice_defaults_change_no_cell_and_both_formats_import(tmp_path):  # type: ignore[no-untyped-def]
    ws = _round2_workspace(tmp_path / "ws")
    pristine = tmp_path / "pristine"
    shutil.copytree(ws.root, pristine)
    filled_dir = tmp_path / "filled"
    files, written = [], {}
    for screener in ("alice", "bob"):
        path, rows = _filled(ws, screener, filled_dir)
        files.append(path)
        written[path.stem] = rows
    assert sum(";" in cell for rows in written.values() for row in rows for cell in row) > 40
    # Control: the same rows written the old way (quoted only where a comma is).
    old = filled_dir / "old_alice.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(written[files[0].stem])
    old.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")

    profile = tmp_path / "lo_profile"
    _soffice([*files, old], SAVE_SEMICOLON, tmp_path / "csv", profile)
    _soffice([*files, old], "xlsx", tmp_path / "xlsx", profile)

    for path in files:
        saved = tmp_path / "csv" / path.name
        assert _changed(written[path.stem], _rows(saved.read_text("utf-8-sig"), ";")) == []
        book = tmp_path / "xlsx" / f"{path.stem}.xlsx"
        assert _changed(written[path.stem], _xlsx_rows(book)) == []
    # The control does change: that is the bug the quoting fixes.
    shifted = _changed(
        written[files[0].stem], _rows((tmp_path / "csv" / old.name).read_text("utf-8-sig"), ";")
    )
    assert len({r for r, _ in shifted}) > 10

    def replay(folder: Path, suffix: str, name: str) -> list[tuple[object, ...]]:
        root = tmp_path / name
        shutil.copytree(pristine, root)
        target = Workspace.at(root)
        for path in files:
            result = import_decisions(
                target, folder / f"{path.stem}{suffix}", clock=lambda: "2025-01-20T12:00:00Z"
            )
            assert result.recorded == 23 and result.pending == 0
        return _entries(target)

    direct = replay(filled_dir, ".csv", "direct")
    assert {e[6] for e in direct} >= set(NOTES)
    assert replay(tmp_path / "csv", ".csv", "via_csv") == direct
    assert replay(tmp_path / "xlsx", ".xlsx", "via_xlsx") == direct
