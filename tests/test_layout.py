"""The package's arrows point one way: the model and the counting never load intake or sources.

Each check runs in a fresh interpreter, because this test process has loaded everything.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import sys, {modules}; print(sorted(m for m in sys.modules "
    "if m.startswith('prisma.sources') or m.startswith('prisma.intake')))"
)


@pytest.mark.parametrize(
    "modules",
    ["prisma.flow, prisma.check", "prisma.state", "prisma.render.outputs", "prisma.rounds"],
)
def test_the_middle_loads_no_intake_or_sources(modules: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(modules=modules)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_the_loader_does_load_them() -> None:
    # the probe can fail: the I/O edge is where sources and intake come in
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(modules="prisma.load")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "prisma.intake.rules" in out.stdout


# docs/architecture.md, "The parts and their arrows", bottom to top.
LAYERS = [
    {
        "errors",
        "workspace",
        "csvio",
        "textcodec",
        "cache",
        "searchlog",
        "records",
        "config",
        "form",
    },
    {"spreadsheet"},
    {"decisions", "dedup"},
    {"state"},
    {"flow"},
    {"render"},
    {"sources"},
    {"intake"},
    {"load"},
    {"screening"},
    {"extraction"},
    {"pipeline", "check", "published", "rounds", "starter", "jsonview"},
    {"cli", "__main__"},
]


def test_every_import_points_down_the_stack() -> None:
    level = {name: i for i, layer in enumerate(LAYERS) for name in layer}
    package = Path(__file__).resolve().parents[1] / "prisma"
    upward = []
    for path in sorted(package.rglob("*.py")):
        part = path.relative_to(package).with_suffix("").parts[0]
        if part == "__init__":
            continue
        assert part in level, f"{part} is missing from LAYERS (and from docs/architecture.md)"
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"^\s*(?:from|import) prisma\.(\w+)", text, re.MULTILINE):
            other = match.group(1)
            if other != part and level[other] > level[part]:
                upward.append(f"{path.relative_to(package)} imports prisma.{other}")
    assert upward == []
