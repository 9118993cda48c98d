"""A Cochrane version that lost its review number borrows it from its twin."""

from __future__ import annotations

from prisma.dedup import deduplicate
from prisma.dedup.normalise import lend_review_numbers, record_keys
from prisma.records import Record

TITLE = "Allergen immunotherapy for seasonal rhinitis in children"


def version(rid: str, year: int, **fields: object) -> Record:
    base: dict[str, object] = dict(
        id=rid,
        source="t",
        title=TITLE,
        authors=("Abrams, M. J.", "Pye, R. M.", "Wenner, J. M."),
        year=year,
        journal="Cochrane Database Syst Rev",
        issue="4",
        pages="CD004421",
        doi="10.1002/14651858.CD004421",
        type="article",
    )
    base.update(fields)
    return Record(**base)  # type: ignore[arg-type]


# 2003: one database's record with the number, another's without it (no DOI, a month
# for the pages); 2010: the update, retitled, with its number
WITH = version("t:2003a", 2003)
BARE = version("t:2003b", 2003, journal="Cochr.datab.system.rev.", pages="December", doi="")
UPDATE = version(
    "t:2010",
    2010,
    title="Injection allergen immunotherapy for seasonal rhinitis in children",
    issue="8",
    doi="10.1002/14651858.CD004421.pub2",
)


def test_the_bare_version_borrows_its_twins_number() -> None:
    keys = [record_keys(r) for r in (WITH, BARE, UPDATE)]
    assert keys[1].review == ""
    lent = lend_review_numbers(keys)
    assert lent is not None
    assert [k.review for k in lent] == ["cd004421"] * 3


def test_nothing_is_lent_across_years_lead_authors_or_two_numbers() -> None:
    other_year = record_keys(BARE.with_(year=2005))
    other_lead = record_keys(BARE.with_(authors=("Pye, R. M.", "Abrams, M. J.")))
    assert lend_review_numbers([record_keys(WITH), other_year]) is None
    assert lend_review_numbers([record_keys(WITH), other_lead]) is None
    # two numbers for one title, lead author and year: which one is unknown
    twin = record_keys(WITH.with_(id="t:x", pages="CD009999", doi=""))
    assert lend_review_numbers([record_keys(WITH), twin, record_keys(BARE)]) is None
    # outside the Cochrane Library nothing is a review version
    article = record_keys(BARE.with_(journal="Clin Exp Allergy"))
    assert lend_review_numbers([record_keys(WITH), article]) is None


def test_the_review_stays_one_study_across_its_update() -> None:
    result = deduplicate([WITH, BARE, UPDATE], method="rules", options={"progress": False})
    assert ("t:2003a", "t:2003b", "t:2010") in result.clusters
