"""A small review that uses every box of the report: two rounds, a register, other
methods, duplicates, each kind of decision, and titles written to break a web page."""

from __future__ import annotations

from pathlib import Path

from prisma.load import load_state
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder

HOSTILE_TITLE = "</script><img src=x onerror=\"document.title='pwned'\"> @@JS@@ & <!-- \u2028"
HOSTILE_AUTHOR = "<b>Bold</b>, A."
HOSTILE_REVIEW = '</title><script>document.title="pwned"</script> <svg onload=alert(1)> & co'


def make_report_workspace(root: Path) -> Path:
    b = WorkspaceBuilder(
        root,
        [
            Source("scopus", "Scopus"),
            Source("wos", "Web of Science"),
            Source("trials", "ClinicalTrials.gov", group="register"),
            Source(
                "citations", "Citation searching", group="other", other_kind="citation_searching"
            ),
        ],
    )
    config = b.write_config()
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('title = "Test review"', f"title = '{HOSTILE_REVIEW}'"))
    b.add_search(
        "scopus", [Rec("Alpha trial", doi="10.1/a"), Rec("Beta cohort"), Rec("Gamma review")]
    )
    b.add_search(
        "wos",
        [Rec("Alpha trial", doi="10.1/a"), Rec(HOSTILE_TITLE, authors=(HOSTILE_AUTHOR,))],
    )
    b.add_search("trials", [Rec("Iota registry entry", year=2020)])
    ids = _ids(root)
    b.decide(ids["Alpha trial"], "title_abstract", "include")
    b.decide(ids["Alpha trial"], "full_text", "include", time="2024-03-01T00:00:00Z")
    b.decide(ids["Beta cohort"], "title_abstract", "include")
    b.decide(ids["Beta cohort"], "full_text", "exclude", "wrong_design", screener="bob")
    b.decide(ids["Gamma review"], "title_abstract", "exclude", "wrong_population")
    b.decide(ids["</script>"], "title_abstract", "include")
    b.decide(ids["</script>"], "full_text", "not_retrieved")
    b.decide(ids["Iota registry entry"], "identification", "remove", role="automation")
    b.add_search("scopus", [Rec("Epsilon study"), Rec("Zeta study")], round_=2, date="2024-06-01")
    b.add_search(
        "citations",
        [Rec("Eta report"), Rec("Alpha trial", doi="10.1/a")],
        round_=2,
        date="2024-06-02",
    )
    ids = _ids(root)
    b.decide(ids["Epsilon study"], "title_abstract", "include", round_=2)
    b.decide(
        ids["Epsilon study"], "full_text", "exclude", "wrong_population;wrong_design", round_=2
    )
    b.decide(ids["Eta report"], "full_text", "include", screener="bob", round_=2)
    # Two screeners disagree on Zeta: an open conflict, which the check reports.
    b.decide(ids["Zeta study"], "title_abstract", "include", round_=2)
    b.decide(ids["Zeta study"], "title_abstract", "exclude", "wrong_design", "bob", round_=2)
    return root


def _ids(root: Path) -> dict[str, str]:
    state = load_state(Workspace.at(root), use_cache=False)
    ids = {i.record.title: state.study_of[i.record.id] for i in state.identified}
    # The reader normalises whitespace (the line separator), so find it by its start.
    ids["</script>"] = next(v for k, v in ids.items() if k.startswith("</script>"))
    return ids
