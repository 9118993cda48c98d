"""The one error type users see.

Every bad input becomes a :class:`ReviewError` that names the file, the line or
row, what was expected and a hint. The CLI prints it once and exits 2; nothing
else in the package turns errors into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with one place in one file (used to report many at once)."""

    message: str
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"row {self.line}: " if self.line is not None else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class ReviewError(Exception):
    """A problem with the user's input or workspace.

    ``file`` and ``line`` say where; ``hint`` says what to do about it.
    ``problems`` carries every problem when a validator reports them all at once.
    ``kind`` groups errors for callers and tests ("config", "parse", "screening", ...).
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
        kind: str = "input",
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint
        self.kind = kind
        self.problems = list(problems or [])

    def location(self) -> str:
        if self.file and self.line is not None:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        for problem in self.problems:
            text += f"\n  - {problem}"
        return text


@dataclass
class InputWarning:
    """A non-fatal observation about an input (e.g. a cp1252 file read with a guess)."""

    message: str
    file: str | None = None
    line: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        loc = f"{self.file}:{self.line}" if self.file and self.line else (self.file or "")
        return f"{loc}: {self.message}" if loc else self.message
