"""Run the benchmarks and write docs/benchmarks.md.

Each ``benchmarks/bench_<area>.py`` has ``run() -> str``: it prints its figures as it
goes and returns a Markdown section. ``python -m benchmarks dedup`` runs one area;
with no argument every area runs. Sections of areas not run this time are kept
from the previous docs/benchmarks.md, so one area can be re-measured alone.
"""

from __future__ import annotations

import importlib
import pkgutil
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
MARK = "<!-- bench:{} -->"


def areas() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )


def _old_sections() -> dict[str, str]:
    if not DOC.exists():
        return {}
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"<!-- bench:(\w+) -->\n", text)
    return {parts[i]: parts[i + 1].rstrip() + "\n" for i in range(1, len(parts) - 1, 2)}


def main(argv: list[str]) -> int:
    chosen = argv or areas()
    unknown = [a for a in chosen if a not in areas()]
    if unknown:
        print(f"unknown benchmark area(s): {', '.join(unknown)}; known: {', '.join(areas())}")
        return 2
    sections = _old_sections()
    for area in chosen:
        print(f"== {area} ==", flush=True)
        module = importlib.import_module(f"benchmarks.bench_{area}")
        sections[area] = module.run().rstrip() + "\n"
    header = (
        "# Benchmarks\n\nWritten by `make bench` (`python -m benchmarks [AREA ...]`). "
        "Each figure is compared with the named peer in the same run, because the "
        f"machines are noisy. Last machine: {platform.machine()}, "
        f"Python {platform.python_version()}.\n\n"
    )
    body = "".join(f"{MARK.format(a)}\n{sections[a]}\n" for a in sorted(sections))
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(header + body, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
