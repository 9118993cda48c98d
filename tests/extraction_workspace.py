"""Small review workspaces with included studies and an extraction form, for the tests."""

from __future__ import annotations

import csv
from pathlib import Path

from prisma.decisions import ledger as screening_ledger
from prisma.decisions.ledger import Decision, LedgerEntry, Role
from tests.screening_workspace import Paper, Review, config_text, make_review

FORM = """
[extraction]
extractors = ["eve", "fay"]
required = 2
arbiter = "gus"
group_by = "design"
chart = ["design", "setting"]
bar_charts = ["outcomes"]

[[extraction.fields]]
name = "design"
label = "Design"
type = "choice"
required = true
choices = ["Randomised trial", "Cohort", "Case series"]

[[extraction.fields]]
name = "setting"
label = "Setting"
type = "choice"
choices = ["Hospital", "Community"]

[[extraction.fields]]
name = "n"
label = "Participants"
type = "number"
required = true

[[extraction.fields]]
name = "outcomes"
label = "Outcomes"
type = "multi_choice"
choices = ["Mortality", "Length of stay", "Quality of life"]

[[extraction.fields]]
name = "summary"
label = "Summary"
type = "text"
"""


def extraction_papers(n: int) -> list[Paper]:
    return [
        Paper(
            title=f"Trial {i} of early mobilisation after surgery",
            year=2010 + i,
            authors=(f"Author{i}, A.", "Second, B.", "Third, C.")[: 1 + i % 3],
            doi=f"10.1000/x{i}",
        )
        for i in range(n)
    ]


def make_extraction_review(root: Path, papers: list[Paper], form: str = FORM) -> Review:
    review = make_review(
        root, papers, ta_screeners=("ann",), ta_required=1, ta_arbiter="", ft_screeners=("ann",)
    )
    (root / "config.toml").write_text(
        config_text(ta_screeners=("ann",), ta_required=1, ta_arbiter="", ft_screeners=("ann",))
        + form,
        encoding="utf-8",
    )
    return review


def decide(
    review: Review, study_ids: list[str], decision: str, time: str = "2026-01-02T00:00:00Z"
) -> None:
    """Settle title/abstract include and a full-text decision for each study (one screener)."""
    entries = []
    for sid in study_ids:
        for stage, value in (("title_abstract", "include"), ("full_text", decision)):
            entries.append(
                LedgerEntry(
                    time,
                    1,
                    stage,
                    sid,
                    Decision(value),
                    "wrong_outcome" if value == "exclude" else "",
                    "ann",
                    Role.SCREENER,
                    "test",
                    "0" * 64,
                )
            )
    screening_ledger.append(review.ws.decisions_csv, entries)


def fill(path: Path, values: dict[str, dict[str, str]], *, delimiter: str = ",") -> Path:
    """Fill a hand-out (or conflicts) file by study id: {study: {column or field: value}}.

    Keys name a field; the matching header cell is found by its leading name.
    """
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    header = rows[0]
    names = [h.split("(", 1)[0].strip() for h in header]
    for row in rows[1:]:
        for key, value in values.get(row[0], {}).items():
            row[names.index(key)] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def fill_conflicts(path: Path, values: dict[tuple[str, str], str]) -> Path:
    """Fill the arbiter's conflicts file: {(study, field): value}."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    header = rows[0]
    for row in rows[1:]:
        key = (row[0], row[header.index("field")])
        if key in values:
            row[header.index("value")] = values[key]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def ids_by_title(review: Review) -> dict[str, str]:
    """Title -> study id."""
    from prisma.load import load_state

    state = load_state(review.ws, use_cache=False)
    return {state.by_id()[s].record.title: s for s in state.members}
