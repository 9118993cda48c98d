"""Build small but real review workspaces on disk for tests.

Records are written as RIS files (one per source and round), logged in
records/searches.csv with their sha256, and decisions go through the real ledger.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from prisma.decisions import ledger
from prisma.decisions.ledger import Decision, LedgerEntry, Role
from prisma.searchlog import SearchEntry, append


@dataclass
class Rec:
    title: str
    year: int = 2021
    authors: tuple[str, ...] = ("Smith, J.",)
    doi: str = ""
    journal: str = "Journal of Tests"


def ris(records: list[Rec]) -> str:
    out = []
    for r in records:
        out.append("TY  - JOUR")
        out.extend(f"AU  - {a}" for a in r.authors)
        out.append(f"TI  - {r.title}")
        out.append(f"T2  - {r.journal}")
        out.append(f"PY  - {r.year}")
        if r.doi:
            out.append(f"DO  - {r.doi}")
        out.append("ER  - ")
        out.append("")
    return "\n".join(out) + "\n"


@dataclass
class Source:
    name: str
    label: str
    group: str = "database"
    other_kind: str = ""
    note: str = ""


@dataclass
class WorkspaceBuilder:
    root: Path
    sources: list[Source] = field(default_factory=list)
    reasons: list[tuple[str, str]] = field(
        default_factory=lambda: [
            ("wrong_population", "Wrong population"),
            ("wrong_design", "Wrong study design"),
        ]
    )
    required: int = 1
    method: str = "exact"

    def write_config(self) -> Path:
        lines = ["[review]", 'title = "Test review"', ""]
        for s in self.sources:
            lines += [
                "[[sources]]",
                f'name = "{s.name}"',
                f'label = "{s.label}"',
                f'group = "{s.group}"',
            ]
            if s.other_kind:
                lines.append(f'other_kind = "{s.other_kind}"')
            if s.note:
                lines.append(f'note = "{s.note}"')
            lines.append("")
        for stage in ("title_abstract", "full_text"):
            lines += [
                f"[screening.{stage}]",
                'screeners = ["ann", "bob"]',
                f"required = {self.required}",
                'arbiter = "cat"',
                "",
            ]
        for code, label in self.reasons:
            lines += ["[[screening.reasons]]", f'code = "{code}"', f'label = "{label}"', ""]
        lines += ["[dedup]", f'method = "{self.method}"', ""]
        path = self.root / "config.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    def add_search(
        self, source: str, records: list[Rec], round_: int = 1, date: str = "2024-01-15"
    ) -> Path:
        path = self.root / "records" / "raw" / source / f"{date}_{source}.ris"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ris(records), encoding="utf-8")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        append(
            self.root / "records" / "searches.csv",
            [
                SearchEntry(
                    round=round_,
                    source=source,
                    platform=source,
                    date_searched=date,
                    query="q",
                    limits="",
                    hits_reported="",
                    records_retrieved=len(records),
                    file=path.relative_to(self.root).as_posix(),
                    sha256=digest,
                    tool_version="test",
                )
            ],
        )
        return path

    def decide(
        self,
        record_id: str,
        stage: str,
        decision: str,
        reason: str = "",
        screener: str = "ann",
        role: str = "screener",
        round_: int = 1,
        time: str = "2024-02-01T00:00:00Z",
        same_study_as: str = "",
    ) -> None:
        ledger.append(
            self.root / "records" / "decisions.csv",
            [
                LedgerEntry(
                    time=time,
                    round=round_,
                    stage=stage,
                    record_id=record_id,
                    decision=Decision(decision),
                    reason=reason,
                    screener=screener,
                    role=Role(role),
                    file="test.csv",
                    sha256="0" * 64,
                    same_study_as=same_study_as,
                )
            ],
        )
