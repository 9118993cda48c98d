"""A review whose trials have several reports each (protocol, main paper, follow-up).

Full-text decisions, and the ``same_study_as`` links, go through the real hand-out:
``screen export`` writes the file, the test fills it as a screener would, and
``screen import`` validates it and appends to the ledger.

Round 1 (databases Scopus and Web of Science):
- Alpha trial: main paper (in both databases: one duplicate), its protocol and its
  5-year follow-up: three reports of one included study;
- Beta cohort: main paper included, its conference abstract not retrieved;
- Gamma study and its secondary analysis: both excluded (wrong design);
- Epsilon study: included, one report; Delta: excluded at title/abstract.
So: 8 reports sought, 1 not retrieved, 7 assessed, 2 excluded, 5 reports of 3 included
studies.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from prisma.load import load_state
from prisma.screening.export import export
from prisma.screening.importer import import_decisions
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder

ALPHA = Rec("Alpha trial: main results", doi="10.1/alpha", authors=("Ames, A.",))
ALPHA_PROTOCOL = Rec("Alpha trial: protocol", 2019, doi="10.1/alpha-p", authors=("Ames, A.",))
ALPHA_FOLLOW_UP = Rec("Alpha trial: 5-year follow-up", 2024, authors=("Ames, A.", "Bo, B."))
BETA = Rec("Beta cohort: outcomes", doi="10.1/beta", authors=("Birch, B.",))
BETA_ABSTRACT = Rec("Beta cohort: conference abstract", authors=("Birch, B.",))
GAMMA = Rec("Gamma study", authors=("Gale, G.",))
GAMMA_SECONDARY = Rec("Gamma study: secondary analysis", authors=("Gale, G.",))
DELTA = Rec("Delta unrelated", authors=("Dee, D.",))
EPSILON = Rec("Epsilon study", doi="10.1/epsilon", authors=("Eck, E.",))

# title -> (decision, reason, title of the study's main report it is a companion of)
FULL_TEXT = {
    ALPHA.title: ("include", "", ""),
    ALPHA_PROTOCOL.title: ("include", "", ALPHA.title),
    ALPHA_FOLLOW_UP.title: ("include", "", ALPHA.title),
    BETA.title: ("include", "", ""),
    BETA_ABSTRACT.title: ("not_retrieved", "", BETA.title),
    GAMMA.title: ("exclude", "wrong_design", ""),
    GAMMA_SECONDARY.title: ("exclude", "wrong_design", GAMMA.title),
    EPSILON.title: ("include", "", ""),
}


def build(root: Path) -> WorkspaceBuilder:
    """Round 1 searched and screened at title/abstract; full text not yet decided."""
    b = WorkspaceBuilder(root, [Source("scopus", "Scopus"), Source("wos", "Web of Science")])
    b.write_config()
    b.add_search("scopus", [ALPHA, ALPHA_PROTOCOL, BETA, BETA_ABSTRACT, GAMMA, DELTA])
    b.add_search("wos", [ALPHA, ALPHA_FOLLOW_UP, GAMMA_SECONDARY, EPSILON])
    state = load_state(Workspace.at(root))
    for study in state.members:
        title = state.by_id()[study].record.title
        decision = "exclude" if title == DELTA.title else "include"
        b.decide(study, "title_abstract", decision)
    return b


def study_ids(root: Path) -> dict[str, str]:
    """Title -> study id."""
    state = load_state(Workspace.at(root))
    return {state.by_id()[s].record.title: s for s in state.members}


def fill_full_text(
    root: Path,
    screener: str = "ann",
    decisions: dict[str, tuple[str, str, str]] | None = None,
    links: dict[str, str] | None = None,
) -> Path:
    """Export the full-text hand-out, fill it as a screener would, return its path.

    ``links`` overrides what ``same_study_as`` holds for a title (any text).
    """
    ws = Workspace.at(root)
    handed = export(ws, "full_text", screener, out=root / "records" / f"ft_{screener}.csv")
    text = handed.path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    ids = study_ids(root)
    decisions = decisions or FULL_TEXT
    for row in rows:
        decision, reason, main = decisions[row["title"]]
        row["decision"], row["reason"] = decision, reason
        row["same_study_as"] = ids[main] if main else ""
        if links and row["title"] in links:
            row["same_study_as"] = links[row["title"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    handed.path.write_text(out.getvalue(), encoding="utf-8")
    return handed.path


def companion_workspace(root: Path) -> Workspace:
    """Round 1 with every full-text decision and link imported."""
    build(root)
    path = fill_full_text(root)
    import_decisions(
        Workspace.at(root), path, "ann", stage="full_text", clock=lambda: "2024-03-01T12:00:00Z"
    )
    return Workspace.at(root)
