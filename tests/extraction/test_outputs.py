"""Extraction outputs on the worked example: the seed's Tables 2-8 reproduced, byte-stable,
readable back from the .docx; check and check --published on the 64-of-69 gap."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from docx import Document

from prisma.check import check_state
from prisma.extraction.outputs import extraction_files, write_files
from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.published import audit, load_published
from prisma.state import ReviewState
from prisma.workspace import Workspace
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples"))
from seed_tables import ROWS  # noqa: E402

TRUTH = json.loads((ROOT / "examples" / "seed_truth.json").read_text(encoding="utf-8"))
STUDY_OF_KEY = {s["key"]: s["study"] for s in TRUTH["round1"]["studies"]}
SEED = SHARED / "seeds" / "000_30ed36ce49a3a36c.txt"
COLUMNS = (
    "clinical_site",
    "data_modality",
    "data_quantity",
    "data_publicity",
    "computational_models",
)


@pytest.fixture(scope="module")
def seed_state() -> ReviewState:
    return load_state(Workspace.at(ROOT), use_cache=False)


@pytest.fixture(scope="module")
def files(seed_state: ReviewState) -> dict[str, bytes | str]:
    return extraction_files(seed_state)


def md_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines[1:]]


def test_seven_tables_hold_the_seeds_64_rows_value_for_value(files: dict[str, bytes | str]) -> None:
    tables = sorted(name for name in files if name.startswith("tables/") and name.endswith(".md"))
    assert [re.sub(r"^tables/\d\d_|\.md$", "", t) for t in tables] == [
        "cardiovascular_system",
        "central_nervous_system",
        "musculoskeletal_system",
        "breast",
        "urinary_system",
        "digestive_system",
        "respiratory_system",
    ]
    shown: dict[str, tuple[str, list[str]]] = {}
    for name in tables:
        caption = str(files[name]).splitlines()[0]
        system = re.search(r"Body system: (.+) \(", caption).group(1)  # type: ignore[union-attr]
        for row in md_rows(str(files[name])):
            shown[row[-1]] = (system, row)
    assert len(shown) == 64 == len(ROWS)
    for seed in ROWS:
        system, row = shown.pop(STUDY_OF_KEY[seed.key])
        assert system == seed.system
        assert row[1:6] == [getattr(seed, c) for c in COLUMNS], seed.key
        if seed.key != "moztarzadeh2023breast":  # the seed names no co-author of it
            assert row[0] == seed.reference, seed.key
        else:
            assert row[0] == "Moztarzadeh, 2023"
    assert shown == {}


@pytest.mark.skipif(not SEED.exists(), reason="the seed review is not in ../shared")
def test_seed_tables_are_the_papers_cells() -> None:
    text = SEED.read_text(encoding="utf-8")
    printed = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("| (")
    ]
    assert len(printed) == 64
    for seed, cells in zip(ROWS, printed, strict=True):
        reference = cells[0].replace("<i>", "").replace("</i>", "").replace(" ,", ",").strip("()")
        assert reference == seed.reference
        assert cells[1:] == [getattr(seed, c) for c in COLUMNS]


def test_extraction_csv_has_every_included_study(files: dict[str, bytes | str]) -> None:
    lines = str(files["extraction.csv"]).splitlines()
    assert lines[0].startswith("study_id,reference,status,body_system,")
    assert len(lines) == 1 + 69
    assert sum(1 for line in lines if ",settled," in line) == 64
    assert sum(1 for line in lines if ",none," in line) == 5


def test_the_docx_reads_back_as_the_same_tables(files: dict[str, bytes | str]) -> None:
    document = Document(io.BytesIO(files["tables/evidence_tables.docx"]))  # type: ignore[arg-type]
    assert len(document.tables) == 7
    captions = [p.text for p in document.paragraphs if p.text.startswith("Table ")]
    assert captions[0] == "Table 1. Body system: Cardiovascular system (17 studies)"
    rows = 0
    for table, name in zip(
        document.tables, sorted(n for n in files if n.endswith(".md")), strict=True
    ):
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[0] == [
            "Reference",
            "Clinical Site",
            "Data Modality",
            "Data Quantity",
            "Data Publicity",
            "Computational Models",
        ]
        assert cells[1:] == [row[:-1] for row in md_rows(str(files[name]))]
        rows += len(cells) - 1
    assert rows == 64


def test_outputs_are_byte_identical(
    seed_state: ReviewState, files: dict[str, bytes | str], tmp_path: Path
) -> None:
    again = extraction_files(seed_state)
    assert again.keys() == files.keys()
    assert [n for n in files if files[n] != again[n]] == []
    assert {
        "charts/classification.svg",
        "charts/classification.png",
        "charts/classification.pdf",
        "charts/modalities.svg",
        "charts/data_access.pdf",
    } <= set(files)
    svg = (
        str(files["charts/classification.svg"])
        if isinstance(files["charts/classification.svg"], str)
        else files["charts/classification.svg"].decode()
    )
    assert "Cardiovascular system (17)" in svg or "<path" in svg
    written = write_files(files, tmp_path)
    assert len(written) == len(files)
    (tmp_path / "tables" / "99_stale.md").write_text("old", encoding="utf-8")
    write_files(files, tmp_path)
    assert not (tmp_path / "tables" / "99_stale.md").exists()


def test_check_names_the_five_untabulated_included_studies(seed_state: ReviewState) -> None:
    report = check_state(seed_state, compute_flow(seed_state))
    assert report.ok
    codes = [f.code for f in report.findings]
    assert codes == ["included_without_extraction"]
    finding = report.findings[0]
    keys = {s["study"]: s["key"] for s in TRUTH["round1"]["studies"]}
    assert sorted(keys[s] for s in finding.record_ids) == [
        "gamage2023",
        "syn001",
        "syn002",
        "syn003",
        "zilberman2003",
    ]
    assert "Zilberman et al., 2003" in finding.message and "Gamage et al., 2023" in finding.message


def test_published_tables_are_checked_against_the_included_count() -> None:
    result = audit(load_published(ROOT / "records" / "published" / "figure3.toml"))
    assert any("= 64, but 69 studies were included (5 not tabulated)" in p for p in result.problems)


def test_published_tables_that_add_up_are_consistent(tmp_path: Path) -> None:
    path = tmp_path / "paper.toml"
    path.write_text(
        'new_studies = 3\n\n[tabulated_studies]\n"Table 1" = 2\n"Table 2" = 1\n', encoding="utf-8"
    )
    result = audit(load_published(path))
    assert result.ok and any("= 3 = studies included" in c for c in result.consistent)
