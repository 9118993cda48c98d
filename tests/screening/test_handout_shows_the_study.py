"""A hand-out row shows the study as build/dedup/studies.csv does (one rule, dedup.merge),
while its check code stays on the study's first record, so older sheets still import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from prisma.load import load_state
from prisma.pipeline import dedup_outputs
from prisma.screening.export import export
from prisma.screening.sheet import check_code
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_handout_shows_what_studies_csv_shows(tmp_path: Path) -> None:
    b = WorkspaceBuilder(tmp_path / "ws", [Source("scopus", "Scopus"), Source("wos", "WoS")])
    b.write_config()
    # The first record of the study is the sparse one; the later one is more complete.
    b.add_search(
        "scopus", [Rec("Alpha trial", doi="10.1234/alpha.2021", journal="")], date="2024-01-15"
    )
    b.add_search(
        "wos",
        [
            Rec(
                "Alpha trial: a randomised comparison",
                doi="10.1234/ALPHA.2021",
                authors=("Smith, John", "Doe, Jane"),
                journal="Journal of Tests",
            )
        ],
        date="2024-01-16",
    )
    ws = Workspace.at(b.root)
    state = load_state(ws)
    (study,) = state.members
    assert study.startswith("scopus:")  # earliest-identified member names the study
    dedup_outputs(ws, state, tmp_path / "dedup")
    (row,) = rows(tmp_path / "dedup" / "studies.csv")
    handout = export(ws, "title_abstract", "ann", out=tmp_path / "ann.csv")
    (sheet,) = rows(handout.path)
    assert row["representative"].startswith("wos:")
    assert sheet["title"] == row["title"] == "Alpha trial: a randomised comparison"
    assert (
        sheet["authors"].split("; ")
        == row["authors"].split(" and ")
        == [
            "Smith, John",
            "Doe, Jane",
        ]
    )
    assert sheet["journal"] == row["journal"] == "Journal of Tests"
    # the code is built from the first record's title, as every earlier hand-out's was
    assert sheet["check"] == check_code(study, "Alpha trial", sheet["handout"])
