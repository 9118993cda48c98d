"""Where a review's files live, and how they are written safely.

Every output goes through :func:`atomic_write` (temp file in the same folder, then
``os.replace``) so an interrupted run never leaves half a file; appends to the
ledgers happen under :func:`locked` so two screeners importing at once cannot
interleave rows.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workspace:
    """The folder of one review (the repository root for the worked example)."""

    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> Workspace:
        return cls(Path(root or ".").resolve())

    @property
    def config_file(self) -> Path:
        return self.root / "config.toml"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def records_dir(self) -> Path:
        return self.root / "records"

    @property
    def raw_dir(self) -> Path:
        return self.records_dir / "raw"

    @property
    def searches_csv(self) -> Path:
        return self.records_dir / "searches.csv"

    @property
    def decisions_csv(self) -> Path:
        return self.records_dir / "decisions.csv"

    @property
    def extraction_csv(self) -> Path:
        return self.records_dir / "extraction.csv"

    @property
    def duplicates_review_csv(self) -> Path:
        return self.records_dir / "duplicates_review.csv"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def relative(self, path: str | Path) -> str:
        """A path as stored in logs: relative to the workspace, with forward slashes."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def resolve(self, stored: str) -> Path:
        path = Path(stored)
        return path if path.is_absolute() else self.root / path


def atomic_write(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` all at once: readers see the old file or the new one."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; keep what the user expects
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def locked(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (for read-modify-write of a ledger)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
