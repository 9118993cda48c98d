"""build/prisma2020.csv through the PRISMA2020 app's own code (v1.1.4).

The package's ``PRISMA_data()`` and the Shiny app's upload steps (replayed by
``tests/clients/prisma2020_app_upload.R``) must take the file of both worked-example
rounds without error or warning and read back the numbers counts.json holds.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.render.outputs import write_flow_outputs
from prisma.render.prisma2020 import NUMBER_ROWS, TEMPLATE
from tests.prisma2020_client import AppRead, prisma2020_dir, read_with_app
from tests.test_seed_pipeline import copy_workspace, run_round2


@pytest.fixture(scope="module")
def worked_example(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """build/ of round 1 and round 2 of the worked example (round 2 runs the quarter)."""
    prisma2020_dir()  # skip before the work when the package's files are absent
    tmp = tmp_path_factory.mktemp("seed")
    ws = copy_workspace(tmp)
    run_round2(ws, tmp)
    state = load_state(ws)
    out = {}
    for round_ in (1, 2):
        out[round_] = tmp / f"build{round_}"
        write_flow_outputs(compute_flow(state, round_), out[round_])
    return out


def assert_reads_back(build: Path, read: AppRead) -> None:
    counts = json.loads((build / "counts.json").read_text(encoding="utf-8"))
    assert read.error == "" and read.warnings == []
    for step in ("pkg", "app"):
        for key in NUMBER_ROWS:
            expected = 0 if key.endswith("_ma") else counts[key]
            assert read.number(step, key) == expected, (step, key)
        assert read.table(step, "database_specific_results") == counts["database_specific_results"]
        # No exclusion yet: written as 0, which the app reads as one unnamed count of 0.
        assert read.table(step, "dbr_excluded") == (counts["dbr_excluded_reasons"] or {"": 0})


@pytest.mark.parametrize("round_", [1, 2])
def test_worked_example_reads_back_in_the_app(worked_example: dict[int, Path], round_: int) -> None:
    read = read_with_app(worked_example[round_] / "prisma2020.csv")
    assert_reads_back(worked_example[round_], read)
    assert read.values["opts.previous"] == ("Included" if round_ == 2 else "Not Included")
    assert read.values["opts.dbDetail"] == "Included"
    assert read.values["opts.regDetail"] == "Not Included"
    assert read.values["opts.metaAnalysis"] == "Not Included"
    assert read.values["app.labels"] == "Identification|Screening|Included"


def _edited(source: Path, target: Path, drop: set[str], na: set[str]) -> Path:
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    kept = [r[:7] + ["NA" if r[0] in na else r[7]] for r in rows if r[0] not in drop]
    target.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in kept) + "\n")
    return target


def test_the_old_layout_fails_in_the_app_as_reported(
    worked_example: dict[int, Path], tmp_path: Path
) -> None:
    # What the tool wrote before v1.1.4: no meta-analysis rows, NA where it did not apply.
    ours = worked_example[1] / "prisma2020.csv"
    old = _edited(ours, tmp_path / "old.csv", {"total_studies_ma", "total_reports_ma"}, set())
    assert "object 'total_studies_ma_text' not found" in read_with_app(old).error
    na = _edited(ours, tmp_path / "na.csv", set(), {"previous_studies", "previous_reports"})
    read = read_with_app(na)
    assert read.error.startswith("opts: ")
    assert "missing value where TRUE/FALSE needed" in read.error
    # The base-R transcription (used without dplyr) fails the same way...
    assert read_with_app(na, replay="base").error == read.error


def test_base_r_replay_picks_the_same_options(worked_example: dict[int, Path]) -> None:
    # ...and, on a good file, picks what the app's dplyr code picks.
    app = read_with_app(worked_example[2] / "prisma2020.csv")
    if app.values.get("app.replay") != "dplyr":
        pytest.skip("dplyr is not installed (make r-client): nothing to compare with")
    base = read_with_app(worked_example[2] / "prisma2020.csv", replay="base")
    assert base.values["app.replay"] == "base"
    options = {k: v for k, v in app.values.items() if k.startswith("opts.")}
    assert options and {k: base.values[k] for k in options} == options


def test_template_columns_are_the_apps_example(worked_example: dict[int, Path]) -> None:
    example = list(csv.reader(io.StringIO((prisma2020_dir() / "PRISMA.csv").read_text())))
    ours = list(csv.reader(io.StringIO((worked_example[2] / "prisma2020.csv").read_text())))
    assert ours[0] == example[0]
    assert [r[:7] for r in ours[1:]] == [r[:7] for r in example[1:]]
    assert [tuple(r[:7]) for r in ours[1:]] == list(TEMPLATE)


def test_companion_reports_read_back_in_the_app(tmp_path: Path) -> None:
    from tests.companion_workspace import companion_workspace

    ws = companion_workspace(tmp_path / "ws")
    write_flow_outputs(compute_flow(load_state(ws)), ws.build_dir)
    read = read_with_app(ws.build_dir / "prisma2020.csv")
    assert_reads_back(ws.build_dir, read)
    for step in ("pkg", "app"):
        assert (read.number(step, "new_studies"), read.number(step, "new_reports")) == (3, 5)
        assert read.number(step, "dbr_assessed") == 7
    assert read.values["opts.dbDetail"] == "Included"


def test_registers_and_other_methods_read_back_in_the_app(tmp_path: Path) -> None:
    from prisma.workspace import Workspace
    from tests.builders import Rec, Source, WorkspaceBuilder

    prisma2020_dir()
    b = WorkspaceBuilder(
        tmp_path / "ws",
        [
            Source("scopus", "Scopus"),
            Source("ctgov", "ClinicalTrials.gov", "register"),
            Source("web", "Websites", "other", "websites"),
        ],
    )
    b.write_config()
    b.add_search("scopus", [Rec("One"), Rec("Two")])
    b.add_search("ctgov", [Rec("Trial record")])
    b.add_search("web", [Rec("Web one")])
    ws = Workspace.at(b.root)
    write_flow_outputs(compute_flow(load_state(ws)), ws.build_dir)
    read = read_with_app(ws.build_dir / "prisma2020.csv")
    assert_reads_back(ws.build_dir, read)
    assert read.table("pkg", "register_specific_results") == {"ClinicalTrials.gov": 1}
    assert read.number("app", "website_results") == 1
    assert read.values["opts.regDetail"] == "Included"
    assert read.values["app.other_excluded"] == ", 0"  # applies, nothing excluded yet
