"""The review-state model on its own: no files, only records, studies and the ledger."""

from __future__ import annotations

from prisma.config import Config, Source, Stage, StageSettings
from prisma.decisions.ledger import Decision, LedgerEntry, Role
from prisma.decisions.settle import Status
from prisma.dedup import DedupResult
from prisma.records import Record
from prisma.searchlog import SearchEntry
from prisma.state import Identified, ReviewState, assign_studies

SOURCES = (Source("pubmed", label="PubMed"), Source("scopus", label="Scopus"))


def state_of(ledger: list[LedgerEntry], required: int = 2) -> ReviewState:
    lead = Record(id="pubmed:1", source="pubmed", title="Alpha trial.", journal="")
    later = Record(
        id="scopus:1",
        source="scopus",
        title="Alpha trial",
        authors=("Smith, J.", "Doe, A."),
        journal="Journal of Tests",
    )
    other = Record(id="scopus:2", source="scopus", title="")
    identified = [
        Identified(lead, 1, "2024-01-01", "records/raw/pubmed/a"),
        Identified(later, 2, "2024-04-01", "records/raw/scopus/b.csv"),
        Identified(other, 2, "2024-04-01", "records/raw/scopus/b.csv"),
    ]
    result = DedupResult(clusters=[("pubmed:1", "scopus:1"), ("scopus:2",)])
    study_of, members = assign_studies(identified, result)
    stages = tuple(
        StageSettings(s, ("ann", "bob"), required) for s in (Stage.TITLE_ABSTRACT, Stage.FULL_TEXT)
    )
    config = Config("T", SOURCES, stages, ())
    log: list[SearchEntry] = []
    state = ReviewState(config, log, identified, result, study_of, members, ledger)
    state.settle()
    return state


def decision(record: str, stage: Stage, what: Decision, who: str = "ann") -> LedgerEntry:
    return LedgerEntry("t", 1, stage, record, what, "", who, Role.SCREENER, "f", "s")


def test_studies_are_named_by_their_earliest_member() -> None:
    state = state_of([])
    assert state.members == {"pubmed:1": ("pubmed:1", "scopus:1"), "scopus:2": ("scopus:2",)}
    assert state.study_of["scopus:1"] == "pubmed:1"
    assert (state.rounds, state.latest_round, state.study_round("scopus:2")) == ([1, 2], 2, 2)


def test_a_study_shows_its_members_merged_but_keeps_its_first_title_for_codes() -> None:
    state = state_of([])
    record = state.study_record("pubmed:1")
    assert record.authors == ("Smith, J.", "Doe, A.")  # the more complete member
    assert record.journal == "Journal of Tests"
    assert state.check_title("pubmed:1") == "Alpha trial."
    assert state.check_title("scopus:2") == ""  # no member has a title


def test_decisions_settle_per_study_and_stage() -> None:
    ledger = [
        decision("scopus:1", Stage.TITLE_ABSTRACT, Decision.INCLUDE, "ann"),
        decision("pubmed:1", Stage.TITLE_ABSTRACT, Decision.INCLUDE, "bob"),
        decision("scopus:2", Stage.TITLE_ABSTRACT, Decision.EXCLUDE, "ann"),
    ]
    state = state_of(ledger)
    assert state.decision("pubmed:1", Stage.TITLE_ABSTRACT).passes
    assert state.decision("scopus:2", Stage.TITLE_ABSTRACT).status is Status.PARTIAL
    assert state.decision("scopus:2", Stage.FULL_TEXT).status is Status.NONE


def test_one_removal_settles_identification_whatever_screening_requires() -> None:
    removal = LedgerEntry(
        "t", 1, Stage.IDENTIFICATION, "scopus:2", Decision.REMOVE, "", "ann", Role.SCREENER,
        "f", "s",
    )  # fmt: skip
    state = state_of([removal], required=2)
    assert state.required(Stage.IDENTIFICATION) == 1 and state.required(Stage.FULL_TEXT) == 2
    assert state.decision("scopus:2", Stage.IDENTIFICATION).status is Status.SETTLED
