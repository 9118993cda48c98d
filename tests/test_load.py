"""The loader: workspace files -> ReviewState, refusing what would make counts untrue."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma.errors import ReviewError
from prisma.load import load_state
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder


def builder(tmp_path: Path) -> WorkspaceBuilder:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus"), Source("wos", "Web of Science")])
    b.write_config()
    return b


def test_every_logged_record_with_its_round_date_and_file(tmp_path: Path) -> None:
    b = builder(tmp_path)
    b.add_search("scopus", [Rec("Alpha trial"), Rec("Beta cohort")], date="2024-01-15")
    b.add_search("wos", [Rec("Alpha trial")], round_=2, date="2024-04-15")
    state = load_state(Workspace.at(tmp_path), use_cache=False)
    assert [(i.record.title, i.round, i.date, i.file) for i in state.identified] == [
        ("Alpha trial", 1, "2024-01-15", "records/raw/scopus/2024-01-15_scopus.ris"),
        ("Beta cohort", 1, "2024-01-15", "records/raw/scopus/2024-01-15_scopus.ris"),
        ("Alpha trial", 2, "2024-04-15", "records/raw/wos/2024-04-15_wos.ris"),
    ]
    # the round-2 record joins the round-1 study (same title and year)
    assert len(state.members) == 2
    assert state.study_of[state.identified[2].record.id] == state.identified[0].record.id


def test_a_record_found_again_keeps_its_own_row_with_a_suffixed_id(tmp_path: Path) -> None:
    b = builder(tmp_path)
    b.add_search("scopus", [Rec("Alpha trial")], date="2024-01-15")
    b.add_search("scopus", [Rec("Alpha trial")], round_=2, date="2024-04-15")
    ids = [i.record.id for i in load_state(Workspace.at(tmp_path)).identified]
    assert len(ids) == 2 and ids[1] == f"{ids[0]}~2"


def test_a_changed_or_missing_raw_file_is_refused(tmp_path: Path) -> None:
    b = builder(tmp_path)
    raw = b.add_search("scopus", [Rec("Alpha trial")])
    raw.write_text(raw.read_text() + "\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="changed after it was logged"):
        load_state(Workspace.at(tmp_path))
    raw.unlink()
    with pytest.raises(ReviewError, match="missing"):
        load_state(Workspace.at(tmp_path))


def test_files_the_config_globs_name_count_in_round_one_until_logged(tmp_path: Path) -> None:
    b = builder(tmp_path)
    b.add_search("wos", [Rec("Beta cohort")])
    config = tmp_path / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('name = "scopus"', 'name = "scopus"\nfiles = ["exports/*.ris"]'),
        encoding="utf-8",
    )
    export = tmp_path / "exports" / "2024-02-03_scopus.ris"
    export.parent.mkdir()
    export.write_text("TY  - JOUR\nTI  - Alpha trial\nPY  - 2021\nER  - \n", encoding="utf-8")
    state = load_state(Workspace.at(tmp_path))
    unlogged = [i for i in state.identified if i.file == "exports/2024-02-03_scopus.ris"]
    assert [(i.record.source, i.round, i.date) for i in unlogged] == [("scopus", 1, "2024-02-03")]


def test_the_cache_gives_the_same_state(tmp_path: Path) -> None:
    b = builder(tmp_path)
    b.add_search("scopus", [Rec("Alpha trial"), Rec("Beta cohort")])
    ws = Workspace.at(tmp_path)
    cold = load_state(ws)
    assert list((tmp_path / "build" / "cache").glob("*.pickle"))
    warm = load_state(ws)
    assert warm.identified == cold.identified and warm.members == cold.members
    assert load_state(ws, use_cache=False).members == cold.members
