"""Flow counts from record-level state: every template, every box, traceable ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma.check import check_state
from prisma.flow import Box, compute_flow
from prisma.load import load_state
from prisma.workspace import Workspace
from tests.builders import Rec, Source, WorkspaceBuilder


def ids_by_title(ws: Path) -> dict[str, str]:
    state = load_state(Workspace.at(ws))
    out: dict[str, str] = {}
    for item in state.identified:
        out.setdefault(item.record.title, item.record.id)
    return out


def study_of(ws: Path, title: str) -> str:
    state = load_state(Workspace.at(ws))
    rid = next(i.record.id for i in state.identified if i.record.title == title)
    return state.study_of[rid]


@pytest.fixture
def new_review(tmp_path: Path) -> WorkspaceBuilder:
    """Two databases, one shared record by DOI, screening partly done."""
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus"), Source("wos", "Web of Science")])
    b.write_config()
    b.add_search(
        "scopus",
        [
            Rec("Alpha trial", doi="10.1/a"),
            Rec("Beta cohort"),
            Rec("Gamma case series"),
            Rec("Delta model"),
        ],
    )
    b.add_search("wos", [Rec("ALPHA TRIAL.", doi="10.1/A"), Rec("Epsilon review")])
    return b


def decide_all(b: WorkspaceBuilder) -> None:
    s = lambda t: study_of(b.root, t)  # noqa: E731
    b.decide(s("Alpha trial"), "title_abstract", "include")
    b.decide(s("Beta cohort"), "title_abstract", "exclude")
    b.decide(s("Gamma case series"), "title_abstract", "maybe")
    b.decide(s("Delta model"), "title_abstract", "include")
    b.decide(s("Alpha trial"), "full_text", "include")
    b.decide(s("Gamma case series"), "full_text", "exclude", "wrong_design;wrong_population")
    b.decide(s("Delta model"), "full_text", "not_retrieved")


def test_new_review_counts_every_box(new_review: WorkspaceBuilder) -> None:
    decide_all(new_review)
    state = load_state(Workspace.at(new_review.root))
    flow = compute_flow(state)
    c = flow.counts()
    assert flow.template == "new_dbr"
    assert c.database_specific_results == {"Scopus": 4, "Web of Science": 2}
    assert c.identified == 6
    assert c.duplicates == 1
    assert c.records_screened == 5
    assert c.records_excluded == 1
    assert c.awaiting_screening == 1  # Epsilon review: nobody decided yet
    assert c.dbr_sought_reports == 3
    assert c.dbr_notretrieved_reports == 1
    assert c.dbr_assessed == 2
    # Two reasons given: counted once, under the first in the vocabulary's order.
    assert c.dbr_excluded_reasons == {"Wrong population": 1}
    assert c.new_studies == 1
    assert check_state(state, flow).ok


def test_every_box_traces_to_record_ids(new_review: WorkspaceBuilder) -> None:
    decide_all(new_review)
    state = load_state(Workspace.at(new_review.root))
    flow = compute_flow(state)
    titles = {i.record.id: i.record.title for i in state.identified}
    assert [titles[r] for r in flow.boxes[Box.DUPLICATES]] == ["ALPHA TRIAL."]
    assert [titles[r] for r in flow.boxes[Box.RECORDS_EXCLUDED_HUMAN]] == ["Beta cohort"]
    assert [titles[r] for r in flow.boxes[Box.DBR_NOT_RETRIEVED]] == ["Delta model"]
    assert [titles[r] for r in flow.boxes[Box.NEW_STUDIES]] == ["Alpha trial"]
    # every record of the round lands in exactly one row of flow_records
    assert sorted(r.record_id for r in flow.rows) == sorted(titles)


def test_dual_screening_waits_for_both_and_arbiter_settles(tmp_path: Path) -> None:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")], required=2)
    b.write_config()
    b.add_search("scopus", [Rec("One"), Rec("Two")])
    one, two = study_of(tmp_path, "One"), study_of(tmp_path, "Two")
    b.decide(one, "title_abstract", "include", screener="ann")
    b.decide(two, "title_abstract", "include", screener="ann")
    b.decide(two, "title_abstract", "exclude", screener="bob")
    flow = compute_flow(load_state(Workspace.at(tmp_path)))
    assert flow.boxes[Box.AWAITING_SCREENING] == sorted([one, two])  # partial + conflict
    b.decide(one, "title_abstract", "maybe", screener="bob")  # maybe agrees with include
    b.decide(two, "title_abstract", "exclude", screener="cat", role="arbiter")
    flow = compute_flow(load_state(Workspace.at(tmp_path)))
    assert flow.boxes[Box.DBR_AWAITING] == [one]
    assert flow.boxes[Box.RECORDS_EXCLUDED_HUMAN] == [two]


def test_later_decision_supersedes_earlier(tmp_path: Path) -> None:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")])
    b.write_config()
    b.add_search("scopus", [Rec("One")])
    one = study_of(tmp_path, "One")
    b.decide(one, "title_abstract", "exclude")
    b.decide(one, "title_abstract", "include", time="2024-03-01T00:00:00Z")
    flow = compute_flow(load_state(Workspace.at(tmp_path)))
    assert flow.n(Box.RECORDS_EXCLUDED_HUMAN) == 0 and flow.n(Box.DBR_SOUGHT) == 1


def test_automation_counts_apart(tmp_path: Path) -> None:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")])
    b.write_config()
    b.add_search("scopus", [Rec("One"), Rec("Two"), Rec("Three")])
    b.decide(
        study_of(tmp_path, "One"), "identification", "remove", role="automation", screener="robot"
    )
    b.decide(study_of(tmp_path, "Two"), "identification", "remove", reason="retracted")
    b.decide(
        study_of(tmp_path, "Three"),
        "title_abstract",
        "exclude",
        role="automation",
        screener="robot",
    )
    state = load_state(Workspace.at(tmp_path))
    c = compute_flow(state).counts()
    assert (c.excluded_automatic, c.excluded_other) == (1, 1)
    assert c.records_screened == 1
    assert c.records_excluded_automatic == 1 and c.records_excluded == 1


def test_other_methods_template(tmp_path: Path) -> None:
    b = WorkspaceBuilder(
        tmp_path,
        [
            Source("scopus", "Scopus"),
            Source("refs", "Reference lists", "other", "citation_searching"),
        ],
    )
    b.write_config()
    b.add_search("scopus", [Rec("One", doi="10.1/one"), Rec("Two")])
    b.add_search("refs", [Rec("One", doi="10.1/one"), Rec("Hand found")], date="2024-01-20")
    hand = study_of(tmp_path, "Hand found")
    b.decide(hand, "full_text", "include")
    state = load_state(Workspace.at(tmp_path))
    flow = compute_flow(state)
    c = flow.counts()
    assert flow.template == "new_other"
    assert c.citations_results == 2
    assert c.other_sought_reports == 1 and c.other_assessed == 1
    assert c.new_studies == 1
    assert c.duplicates == 0  # the database column never counts other-methods records
    assert flow.boxes[Box.OTHER_DUPLICATES] != []
    assert check_state(state, flow).ok


def test_updated_review_template(tmp_path: Path) -> None:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")])
    b.write_config()
    b.add_search("scopus", [Rec("Old one", doi="10.1/old"), Rec("Old two")])
    old = study_of(tmp_path, "Old one")
    b.decide(old, "title_abstract", "include")
    b.decide(old, "full_text", "include")
    b.decide(study_of(tmp_path, "Old two"), "title_abstract", "exclude")
    b.add_search(
        "scopus", [Rec("Old one", doi="10.1/OLD"), Rec("New one")], round_=2, date="2024-04-15"
    )
    new = study_of(tmp_path, "New one")
    b.decide(new, "title_abstract", "include", round_=2)
    b.decide(new, "full_text", "include", round_=2)
    state = load_state(Workspace.at(tmp_path))
    flow = compute_flow(state)
    c = flow.counts()
    assert flow.template == "updated_dbr"
    assert c.identified == 2 and c.duplicates == 1  # the re-found old record
    assert c.records_screened == 1
    assert (c.previous_studies, c.new_studies, c.total_studies) == (1, 1, 2)
    assert check_state(state, flow).ok
    # Round 1 can still be drawn on its own, with the new-review template.
    first = compute_flow(state, 1)
    assert first.template == "new_dbr" and first.counts().new_studies == 1


def test_updated_with_other_methods_template(tmp_path: Path) -> None:
    b = WorkspaceBuilder(
        tmp_path, [Source("scopus", "Scopus"), Source("web", "Websites", "other", "websites")]
    )
    b.write_config()
    b.add_search("scopus", [Rec("Old one")])
    b.add_search("scopus", [Rec("New one")], round_=2, date="2024-04-15")
    b.add_search("web", [Rec("Grey report")], round_=2, date="2024-04-16")
    flow = compute_flow(load_state(Workspace.at(tmp_path)))
    assert flow.template == "updated_other"
    assert flow.counts().website_results == 1


def test_status_shows_what_is_new_since_last_round(tmp_path: Path) -> None:
    from prisma.rounds import review_status

    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")])
    b.write_config()
    b.add_search("scopus", [Rec("Old one", doi="10.1/old"), Rec("Old two")])
    b.decide(study_of(tmp_path, "Old one"), "title_abstract", "include")
    b.add_search(
        "scopus", [Rec("Old one", doi="10.1/old"), Rec("New one")], round_=2, date="2024-04-15"
    )
    first, second = review_status(load_state(Workspace.at(tmp_path)))
    assert (first.records, len(first.new_studies)) == (2, 2)
    assert first.stages["title_abstract"] == {"include": 1, "awaiting": 1}
    assert (second.records, second.refound, len(second.new_studies)) == (2, 1, 1)
    assert second.stages["title_abstract"] == {"awaiting": 1}


def test_cached_state_equals_a_fresh_load_and_follows_changes(tmp_path: Path) -> None:
    b = WorkspaceBuilder(tmp_path, [Source("scopus", "Scopus")])
    b.write_config()
    b.add_search("scopus", [Rec("One", doi="10.1000/one"), Rec("Two")])
    fresh = load_state(Workspace.at(tmp_path), use_cache=False)
    load_state(Workspace.at(tmp_path))  # fills build/cache
    cached = load_state(Workspace.at(tmp_path))
    assert list((tmp_path / "build" / "cache").iterdir())
    assert [i.record for i in cached.identified] == [i.record for i in fresh.identified]
    assert cached.members == fresh.members
    # A new search and a person's verdict on a pair are new inputs, never stale answers.
    b.add_search("scopus", [Rec("One again", doi="10.1000/ONE")], round_=2, date="2024-05-01")
    one, two = study_of(tmp_path, "One"), study_of(tmp_path, "Two")
    assert len(load_state(Workspace.at(tmp_path)).members[one]) == 2
    (tmp_path / "records" / "duplicates_review.csv").write_text(f"a,b,decision\n{one},{two},same\n")
    assert len(load_state(Workspace.at(tmp_path)).members) == 1


def test_counts_keep_the_serialized_names(new_review: WorkspaceBuilder) -> None:
    # counts.json and prisma2020.csv are read by people and the PRISMA2020 app: the
    # typed Counts must serialize under the same keys, and every counted box by its name.
    decide_all(new_review)
    flow = compute_flow(load_state(Workspace.at(new_review.root)))
    data = flow.counts().to_dict()
    assert list(data) == [
        "template", "round", "database_results", "database_specific_results",
        "register_results", "register_specific_results", "website_results",
        "organisation_results", "citations_results", "other_specific_results", "identified",
        "duplicates", "excluded_automatic", "excluded_other", "records_screened",
        "records_excluded_human", "records_excluded_automatic", "awaiting_screening",
        "dbr_sought_reports", "dbr_notretrieved_reports", "dbr_awaiting_assessment",
        "dbr_assessed", "other_sought_reports", "other_notretrieved_reports",
        "other_awaiting_assessment", "other_assessed", "other_duplicates",
        "dbr_excluded_reasons", "other_excluded_reasons", "records_excluded", "dbr_excluded",
        "other_excluded", "new_studies", "new_reports", "previous_studies", "previous_reports",
        "total_studies", "total_reports", "sources",
    ]  # fmt: skip
    # dbr_excluded / other_excluded count reasons' reports, not a box's ids
    counted = [
        b for b in Box if b.value in data and b not in (Box.DBR_EXCLUDED, Box.OTHER_EXCLUDED)
    ]
    assert len(counted) == 20
    assert all(data[b.value] == len(flow.ids(b)) for b in counted)
    assert data["sources"][0].keys() == {"name", "label", "group", "n", "hits_reported", "note"}


def test_a_round_that_does_not_exist_is_refused(new_review: WorkspaceBuilder) -> None:
    from click.testing import CliRunner

    from prisma.cli import cli
    from prisma.errors import ReviewError

    state = load_state(Workspace.at(new_review.root))
    with pytest.raises(ReviewError, match="no round 9: the search log has round"):
        compute_flow(state, 9)
    assert compute_flow(state, 1).round == 1
    for command in ("flow", "check"):
        result = CliRunner().invoke(cli, [command, "-w", str(new_review.root), "--round", "0"])
        assert result.exit_code == 2, result.output
        assert "no round 0" in result.output
        assert "Traceback" not in result.output
    assert not (new_review.root / "build" / "counts.json").exists()  # nothing drawn
