"""A cache of parsed records and dedup results in ``build/cache/``.

Raw files never change once logged (their sha256 is in the search log), so what an
adapter or the dedup engine made of them can be kept and reused by every later
command. Keys hash the inputs *and* the package's own code, so a changed adapter
or rule never serves a stale answer; an unreadable entry is simply recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from functools import cache
from pathlib import Path

from prisma.workspace import atomic_write

_PACKAGE = Path(__file__).resolve().parent


@cache
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def make_key(kind: str, *parts: object) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(repr((kind, parts)).encode("utf-8"))
    return f"{kind}-{digest.hexdigest()[:32]}"


class Cache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> object | None:
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{key}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, key: str, value: object) -> None:
        if self.folder is None:
            return
        # A read-only workspace still works, only slower.
        with contextlib.suppress(OSError):
            atomic_write(
                self.folder / f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            )
