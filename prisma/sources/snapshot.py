"""The folder one PubMed search writes: raw responses byte-exact plus a manifest.

``records/raw/<source>/<YYYY-MM-DD>_<name>/`` holds every accepted E-utilities
response as NCBI sent it (``esearch*.xml``, ``efetch_0001.xml``, ...) and
``manifest.json``, which says what the search was, which date windows it used
and which PMIDs each efetch file holds. The manifest is rewritten atomically
after each saved file, so an interrupted search knows exactly what it has: a
file not named in the manifest is fetched again (and overwritten), a file named
there is never fetched again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from prisma.errors import ReviewError
from prisma.workspace import atomic_write

MANIFEST = "manifest.json"
VERSION = 1


@dataclass
class WindowEntry:
    """One esearch: the whole query, or one date window of it."""

    file: str
    count: int
    datetype: str = ""
    mindate: str = ""  # YYYY/MM/DD; empty: no date limit
    maxdate: str = ""
    crdt_min: str = ""  # YYYY/MM/DD of a creation-date limit in the term; empty: none
    crdt_max: str = ""


@dataclass
class BatchEntry:
    """One saved efetch response and the PMIDs it holds (in file order)."""

    file: str
    pmids: list[str]
    sha256: str
    via: str  # "history" (WebEnv paging) or "ids" (an explicit id list)


@dataclass
class Manifest:
    source: str
    query: str
    date: str  # YYYY-MM-DD the search started
    since: str = ""  # YYYY-MM-DD of an entry-date window, or empty
    datetype: str = ""  # the date field windows split on
    tool: str = ""
    count: int | None = None  # esearch Count for the whole query
    windows: list[WindowEntry] = field(default_factory=list)
    enumerated: bool = False  # windows cover the query and their union was checked
    known: int = 0  # matched PMIDs the workspace already held, not fetched
    batches: list[BatchEntry] = field(default_factory=list)
    complete: bool = False
    version: int = VERSION

    def fetched(self) -> set[str]:
        return {pmid for batch in self.batches for pmid in batch.pmids}

    def to_json(self) -> str:
        # Shallow on purpose: dataclasses.asdict deep-copies every PMID list, and the
        # manifest is rewritten after each batch.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["windows"] = [vars(w) for w in self.windows]
        data["batches"] = [vars(b) for b in self.batches]
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, path: Path) -> Manifest:
        try:
            data = json.loads(text)
            data["windows"] = [WindowEntry(**w) for w in data.get("windows", [])]
            data["batches"] = [BatchEntry(**b) for b in data.get("batches", [])]
            manifest = cls(**data)
        except (ValueError, TypeError, KeyError) as exc:
            raise ReviewError(
                f"not a search manifest: {exc}",
                file=path,
                kind="parse",
                hint="the folder was edited by hand; restore it or remove it to search again",
            ) from exc
        if manifest.version != VERSION:
            raise ReviewError(
                f"manifest version {manifest.version} is not {VERSION}", file=path, kind="parse"
            )
        return manifest


class Snapshot:
    """One search folder and its manifest."""

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        self.folder = folder
        self.manifest = manifest

    @property
    def manifest_path(self) -> Path:
        return self.folder / MANIFEST

    def save_raw(self, name: str, body: bytes) -> str:
        """Write a response byte-exact; return its sha256."""
        atomic_write(self.folder / name, body)
        return hashlib.sha256(body).hexdigest()

    def save(self) -> None:
        atomic_write(self.manifest_path, self.manifest.to_json())

    def add_batch(self, pmids: list[str], body: bytes, via: str) -> BatchEntry:
        name = f"efetch_{len(self.manifest.batches) + 1:04d}.xml"
        entry = BatchEntry(name, pmids, self.save_raw(name, body), via)
        self.manifest.batches.append(entry)
        self.save()
        return entry

    def sha256(self) -> str:
        return hashlib.sha256(self.manifest_path.read_bytes()).hexdigest()


def load(folder: Path) -> Snapshot:
    path = folder / MANIFEST
    return Snapshot(folder, Manifest.from_json(path.read_text(encoding="utf-8"), path))


def snapshots(source_dir: Path) -> list[Snapshot]:
    """Every search folder of one source, oldest first (by folder name)."""
    if not source_dir.is_dir():
        return []
    return [load(p.parent) for p in sorted(source_dir.glob(f"*/{MANIFEST}"))]


def open_snapshot(source_dir: Path, manifest: Manifest, today: date) -> tuple[Snapshot, bool]:
    """Resume the unfinished search with the same query and window, or start a new folder.

    Returns the snapshot and whether it was resumed.
    """
    for snapshot in reversed(snapshots(source_dir)):
        old = snapshot.manifest
        if not old.complete and (old.query, old.since) == (manifest.query, manifest.since):
            return snapshot, True
    name = f"{today.isoformat()}_search" + (f"-since-{manifest.since}" if manifest.since else "")
    folder = source_dir / name
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = source_dir / f"{name}_{suffix}"
    snapshot = Snapshot(folder, manifest)
    snapshot.save()
    return snapshot, False
