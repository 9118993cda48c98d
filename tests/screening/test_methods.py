"""The methods paragraph says only what the ledger shows."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from prisma.cli import cli
from prisma.load import load_state
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder


def test_without_a_stop_it_claims_no_prioritisation(tmp_path: Path) -> None:
    # Screened in full, in the default order (as the worked example): nothing in the
    # workspace shows a relevance order, so the paragraph must not say there was one.
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")])
    b.write_config()
    b.add_search("scopus", [Rec("Alpha trial"), Rec("Beta cohort"), Rec("Gamma series")])
    state = load_state(Workspace.at(b.root))
    studies = sorted(state.members)
    b.decide(studies[0], "title_abstract", "include")
    b.decide(studies[1], "title_abstract", "exclude")
    result = CliRunner().invoke(cli, ["methods", "-w", str(b.root)])
    assert result.exit_code == 0, result.output
    assert "prioritised" not in result.output
    assert "relevance" not in result.output
    assert result.output == (
        "No stopping rule was applied at title and abstract screening: 2 of 3 records "
        "(after deduplication) have been screened by people so far, 1 of them judged "
        "relevant.\n"
    )
