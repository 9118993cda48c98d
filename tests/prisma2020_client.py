"""Run the PRISMA2020 package's reader and the app's upload steps (v1.1.4) on a CSV.

The package's R files are not ours to ship: they are looked for in the folder named
by ``PRISMA2020_R_DIR``, else ``../prisma2020-r`` beside the repository. Tests skip,
with the reason, when that folder, ``Rscript`` or the R package scales is missing
(``make r-client`` installs R and scales on Debian).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "clients" / "prisma2020_app_upload.R"
R_FILES = ("PRISMA_data.R", "PRISMA_default_or_csv.R", "PRISMA_format.R")


def prisma2020_dir() -> Path:
    """The folder with the package's R files and example CSV, or skip with the reason."""
    configured = os.environ.get("PRISMA2020_R_DIR")
    folder = Path(configured) if configured else ROOT.parent / "prisma2020-r"
    missing = [name for name in (*R_FILES, "PRISMA.csv") if not (folder / name).is_file()]
    if missing:
        pytest.skip(
            f"PRISMA2020 v1.1.4 R files not found in {folder} (missing {', '.join(missing)});"
            " set PRISMA2020_R_DIR to a folder holding R/PRISMA_*.R and inst/extdata/PRISMA.csv"
        )
    return folder


@cache
def _rscript() -> str | None:
    path = shutil.which("Rscript")
    if path is None:
        return None
    probe = subprocess.run(
        [path, "-e", 'quit(status = !requireNamespace("scales", quietly = TRUE))'],
        capture_output=True,
        timeout=60,
    )
    return path if probe.returncode == 0 else None


def rscript() -> str:
    path = _rscript()
    if path is None:
        pytest.skip("Rscript with the R package scales is not installed (make r-client)")
    return path


@dataclass
class AppRead:
    """What the package's reader (``pkg``) and the app's upload steps (``opts``, ``app``) gave."""

    values: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    def number(self, step: str, key: str) -> int | None:
        text = self.values.get(f"{step}.{key}", "NA").replace(",", "")
        return None if text == "NA" else int(text)

    def table(self, step: str, key: str) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for part in self.values.get(f"{step}.{key}", "").split(" | "):
            name, _, n = part.rpartition(", ")
            out[name] = None if n == "NA" else int(n.replace(",", ""))
        return out


def read_with_app(csv_path: Path, replay: str = "") -> AppRead:
    """``replay="base"``: the base-R transcription of the app's option checks instead
    of its dplyr code."""
    folder = prisma2020_dir()
    done = subprocess.run(
        [rscript(), str(DRIVER), str(folder), str(csv_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PRISMA2020_REPLAY": replay},
    )
    result = AppRead()
    for line in done.stdout.splitlines():
        name, _, value = line.partition("=")
        if name == "error":
            result.error = value
        elif name.endswith(".warning"):
            result.warnings.append(f"{name}: {value}")
        else:
            result.values[name] = value
    if done.returncode not in (0, 1) or (done.returncode == 1) != bool(result.error):
        raise AssertionError(f"driver failed ({done.returncode}): {done.stderr}")
    return result
