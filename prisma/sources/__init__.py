"""Sources: every input format as an adapter that turns a file into Records.

An adapter is a declarative pair: ``detect(sample, path) -> confidence`` (0..1,
from content, never only from the extension) and ``read(path, source) ->
Iterator[Record]`` (every record, or a ReviewError: nothing is silently dropped).
Adapters register themselves in ``REGISTRY`` by format name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record, unique_ids

SAMPLE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Adapter:
    name: str  # format name, e.g. "ris", "scopus_csv"
    description: str
    detect: Callable[[bytes, Path], float]
    read: Callable[[Path, str], Iterator[Record]]


REGISTRY: dict[str, Adapter] = {}


def register(adapter: Adapter) -> Adapter:
    REGISTRY[adapter.name] = adapter
    return adapter


@dataclass(frozen=True)
class Detection:
    adapter: Adapter
    confidence: float
    candidates: tuple[tuple[str, float], ...]  # every adapter that scored above zero


def detect(path: str | Path) -> Detection:
    """Which adapter reads this file, judged from its content."""
    _load_adapters()
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
    if not sample.strip():
        raise ReviewError(
            "the file is empty",
            file=path,
            kind="parse",
            hint="export the records again; an empty export holds no records",
        )
    scores = sorted(
        ((name, adapter.detect(sample, path)) for name, adapter in REGISTRY.items()),
        key=lambda item: (-item[1], item[0]),
    )
    scores = [(name, score) for name, score in scores if score > 0]
    if not scores:
        raise ReviewError(
            "not a format prisma-review recognises",
            file=path,
            kind="parse",
            hint="supported: " + ", ".join(sorted(REGISTRY)) + "; pass --format to force one",
        )
    best = scores[0]
    return Detection(REGISTRY[best[0]], best[1], tuple(scores))


def get_adapter(name: str) -> Adapter:
    _load_adapters()
    if name not in REGISTRY:
        import difflib

        close = difflib.get_close_matches(name, list(REGISTRY), n=1)
        raise ReviewError(
            f"unknown format {name!r}",
            kind="config",
            hint=f"did you mean {close[0]!r}?"
            if close
            else "known: " + ", ".join(sorted(REGISTRY)),
        )
    return REGISTRY[name]


def read_file(path: str | Path, source: str, fmt: str = "") -> list[Record]:
    """Every record of one file, with ids unique within the file."""
    path = Path(path)
    adapter = get_adapter(fmt) if fmt else detect(path).adapter
    return list(unique_ids(adapter.read(path, source)))


_loaded = False


def _load_adapters() -> None:
    # Imported lazily so `import prisma.sources` stays cheap and import cycles cannot form.
    global _loaded
    if _loaded:
        return
    _loaded = True
    from prisma.sources import bibcsv, ris  # noqa: F401
