"""Small review workspaces for the screening tests: config.toml, RIS files, searches.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from prisma.searchlog import COLUMNS as LOG_COLUMNS
from prisma.workspace import Workspace

REASONS = [
    ("wrong_population", "Wrong population"),
    ("wrong_outcome", "Wrong outcome"),
    ("not_english", "Not in English"),
]


@dataclass(frozen=True)
class Paper:
    title: str
    year: int = 2020
    authors: tuple[str, ...] = ("Smith, J.",)
    doi: str = ""
    abstract: str = ""
    journal: str = "Journal of Tests"


def ris_text(papers: list[Paper]) -> str:
    lines = []
    for p in papers:
        lines.append("TY  - JOUR")
        lines += [f"AU  - {a}" for a in p.authors]
        lines.append(f"TI  - {p.title}")
        lines.append(f"PY  - {p.year}")
        lines.append(f"JO  - {p.journal}")
        if p.doi:
            lines.append(f"DO  - {p.doi}")
        if p.abstract:
            lines.append(f"AB  - {p.abstract}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def config_text(
    ta_screeners=("ann", "bob"),
    ta_required=2,
    ta_arbiter="cat",
    ft_screeners=("ann",),
    ft_required=1,
    reasons=REASONS,
) -> str:
    def names(items):  # type: ignore[no-untyped-def]
        return "[" + ", ".join(f'"{n}"' for n in items) + "]"

    text = f"""[review]
title = "Screening test review"

[[sources]]
name = "medline"
format = "ris"

[[sources]]
name = "citations"
format = "ris"
group = "other"

[screening.title_abstract]
screeners = {names(ta_screeners)}
required = {ta_required}
arbiter = "{ta_arbiter}"

[screening.full_text]
screeners = {names(ft_screeners)}
required = {ft_required}

[dedup]
method = "exact"
"""
    for code, label in reasons:
        text += f'\n[[screening.reasons]]\ncode = "{code}"\nlabel = "{label}"\n'
    return text


@dataclass
class Review:
    """A workspace being built: add searches (rounds), then load it."""

    root: Path
    log: list[list[str]] = field(default_factory=list)

    @property
    def ws(self) -> Workspace:
        return Workspace.at(self.root)

    def add_search(
        self,
        papers: list[Paper],
        *,
        round_: int = 1,
        date: str = "2024-01-15",
        source: str = "medline",
    ) -> Path:
        rel = f"records/raw/{source}/{date}_export.ris"
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ris_text(papers), encoding="utf-8")
        self.log.append(
            [
                str(round_),
                source,
                "Test platform",
                date,
                "q",
                "",
                "",
                str(len(papers)),
                rel,
                "",
                "test",
                "import",
            ]
        )
        with open(
            self.root / "records" / "searches.csv", "w", newline="", encoding="utf-8"
        ) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(LOG_COLUMNS)
            writer.writerows(self.log)
        return path


def make_review(root: Path, papers: list[Paper], **config: object) -> Review:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(config_text(**config), encoding="utf-8")  # type: ignore[arg-type]
    review = Review(root)
    review.add_search(papers)
    return review


def papers(n: int, prefix: str = "Study") -> list[Paper]:
    return [
        Paper(
            title=f"{prefix} number {i} of imaging twins",
            year=2000 + i % 20,
            authors=(f"Author{i}, A.", "Second, B."),
            doi=f"10.1000/t{i}",
            abstract=f"Abstract {i} about cohort {i % 3}.",
        )
        for i in range(n)
    ]


def fill_and_import(
    review: Review,
    screener: str,
    stage: str,
    decisions: dict[str, tuple[str, str]],
    *,
    arbiter: bool = False,
    time: str = "2026-01-01T10:00:00Z",
    name: str = "",
):  # type: ignore[no-untyped-def]
    """Export (or take the conflicts file), fill in decisions by study id, import."""
    from prisma.screening.conflicts import write_conflicts
    from prisma.screening.export import export
    from prisma.screening.importer import import_decisions

    out = review.root / "returned" / (name or f"{stage}_{screener}.csv")
    if arbiter:
        path = write_conflicts(review.ws, stage, out).path
    else:
        path = export(review.ws, stage, screener, out=out).path
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    for row in rows:
        decision, reason = decisions.get(row["study_id"], ("", ""))
        row["decision"], row["reason"] = decision, reason
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["study_id"])
        writer.writeheader()
        writer.writerows(rows)
    return import_decisions(
        review.ws, path, screener, stage=stage, arbiter=arbiter, clock=lambda: time
    )
