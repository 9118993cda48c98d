"""Sources: every input format as an adapter that turns a file into Records.

An adapter is a declarative pair: ``detect(sample, path) -> confidence`` (0..1,
from content, never only from the extension; it may return ``(confidence, reason)``
so ``inspect`` can say why) and ``read(path, source) -> Iterator[Record]`` (every
record, or a ReviewError: nothing is silently dropped). Adapters register
themselves in ``REGISTRY`` by format name.

Public API: :func:`detect`, :func:`read_file`, :func:`read_file_with_warnings`
(records plus the non-fatal warnings, e.g. a cp1252 guess), :func:`get_adapter`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from prisma.errors import InputWarning, ReviewError
from prisma.records import Record, unique_ids

SAMPLE_BYTES = 64 * 1024

Score = float | tuple[float, str]


@dataclass(frozen=True)
class Adapter:
    name: str  # format name, e.g. "ris", "scopus_csv"
    description: str
    detect: Callable[[bytes, Path], Score]
    read: Callable[[Path, str], Iterator[Record]]
    family: str = ""  # the library underneath, for benchmarks: "rispy", "bibtexparser", ...


REGISTRY: dict[str, Adapter] = {}


def register(adapter: Adapter) -> Adapter:
    REGISTRY[adapter.name] = adapter
    return adapter


@dataclass(frozen=True)
class Detection:
    adapter: Adapter
    confidence: float
    candidates: tuple[tuple[str, float], ...]  # every adapter that scored above zero
    reason: str = ""  # why this adapter, in words ("tagged lines TY  - ... ER  -")


@dataclass(frozen=True)
class ReadResult:
    """Everything one file gave: the records, the adapter used, and non-fatal warnings."""

    records: list[Record]
    fmt: str
    reason: str
    warnings: list[InputWarning] = field(default_factory=list)


def _score(adapter: Adapter, sample: bytes, path: Path) -> tuple[float, str]:
    result = adapter.detect(sample, path)
    if isinstance(result, tuple):
        return float(result[0]), result[1]
    return float(result), adapter.description


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
    from prisma.sources._text import sample_text

    if not sample_text(sample).strip():
        raise ReviewError(
            "binary data, not a text export",
            file=path,
            line=1,
            kind="parse",
            hint="export the records again as RIS, BibTeX, CSV, MEDLINE or XML",
        )
    scored = []
    for name, adapter in REGISTRY.items():
        score, reason = _score(adapter, sample, path)
        if score > 0:
            scored.append((name, score, reason))
    scored.sort(key=lambda item: (-item[1], item[0]))
    if not scored:
        raise ReviewError(
            "not a format prisma-review recognises",
            file=path,
            line=1,
            kind="parse",
            hint="supported: " + ", ".join(sorted(REGISTRY)) + "; pass --format to force one",
        )
    name, score, reason = scored[0]
    return Detection(REGISTRY[name], score, tuple((n, s) for n, s, _ in scored), reason)


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
    return read_file_with_warnings(path, source, fmt).records


def read_file_with_warnings(path: str | Path, source: str, fmt: str = "") -> ReadResult:
    """Like :func:`read_file`, plus the adapter used, why, and every non-fatal warning."""
    from prisma.sources._text import collect_warnings

    path = Path(path)
    if fmt:
        adapter, reason = get_adapter(fmt), f"format {fmt!r} given"
    else:
        found = detect(path)
        adapter, reason = found.adapter, found.reason
    with collect_warnings() as warnings, _cyclic_gc_paused():
        records = list(unique_ids(adapter.read(path, source)))
        # built before the collector resumes, so the parse's own allocation does not
        # trigger a pass over every new object here (the caller's next one may)
        result = ReadResult(records, adapter.name, reason, list(warnings))
    return result


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Parsing allocates millions of small acyclic objects; the cyclic collector would
    rescan all of them again and again (measured: 100k MEDLINE records 2.2x slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_loaded = False


def _load_adapters() -> None:
    # Imported lazily so `import prisma.sources` stays cheap and import cycles cannot form.
    global _loaded
    if _loaded:
        return
    _loaded = True
    from prisma.sources import (  # noqa: F401
        bibcsv,
        bibtex,
        cochrane,
        csvfiles,
        embase,
        endnote,
        eutils_responses,
        medline,
        ovid,
        pubmed_xml,
        ris,
        scholar,
        wos,
    )
