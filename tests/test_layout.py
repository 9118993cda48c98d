"""The package's arrows point one way: the model and the counting never load intake or sources.

Each check runs in a fresh interpreter, because this test process has loaded everything.
"""

from __future__ import annotations

import subprocess
import sys

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
