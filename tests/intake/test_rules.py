"""The search-log rules: one owner for the round a search, an import or a decision joins."""

from __future__ import annotations

from prisma.intake.rules import current_round, next_round
from prisma.searchlog import SearchEntry


def entry(round_: int, source: str) -> SearchEntry:
    return SearchEntry(
        round=round_,
        source=source,
        platform=source,
        date_searched="2024-01-01",
        query="q",
        limits="",
        hits_reported="",
        records_retrieved=1,
        file=f"records/raw/{source}/{round_}.ris",
        sha256=f"{round_}{source}",
        tool_version="test",
    )


def test_before_any_search_the_round_is_one() -> None:
    assert current_round([]) == 1
    assert next_round([], "pubmed") == 1


def test_an_import_joins_the_current_round() -> None:
    log = [entry(1, "scopus"), entry(2, "pubmed")]
    assert current_round(log) == 2  # a Scopus export of this quarter joins round 2


def test_a_source_searched_again_starts_the_next_round() -> None:
    log = [entry(1, "pubmed"), entry(1, "scopus")]
    assert next_round(log, "pubmed") == 2  # the quarterly rerun
    assert next_round([*log, entry(2, "pubmed")], "scopus") == 2  # joins the rerun's round
    assert next_round([*log, entry(2, "pubmed")], "pubmed") == 3
