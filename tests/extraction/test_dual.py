"""Dual extraction: per-field conflicts, the arbiter, agreement; and check's invariants."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma.check import check_state
from prisma.decisions.extraction import ExtractionEntry, append
from prisma.decisions.ledger import Role
from prisma.decisions.settle import Status
from prisma.errors import ReviewError
from prisma.extraction.agreement import field_agreement
from prisma.extraction.conflicts import write_conflicts
from prisma.extraction.export import export
from prisma.extraction.importer import import_extraction
from prisma.extraction.queue import conflicts, extraction_of
from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.screening.agreement import nominal_agreement
from tests.extraction_workspace import (
    decide,
    extraction_papers,
    fill,
    fill_conflicts,
    ids_by_title,
    make_extraction_review,
)

T = "2026-02-01T10:00:00Z"


@pytest.fixture
def dual(tmp_path: Path):  # type: ignore[no-untyped-def]
    papers = extraction_papers(4)
    review = make_extraction_review(tmp_path / "ws", papers)
    ids = ids_by_title(review)
    s = [ids[p.title] for p in papers]
    decide(review, s, "include")
    base = {
        s[0]: {"design": "Cohort", "n": "10", "outcomes": "Mortality"},
        s[1]: {"design": "Cohort", "n": "20", "outcomes": "Mortality; Length of stay"},
        s[2]: {"design": "Case series", "n": "30"},
        s[3]: {"design": "Randomised trial", "n": "40", "summary": "ok"},
    }
    fay = {k: dict(v) for k, v in base.items()}
    fay[s[1]]["outcomes"] = "length of stay;mortality"  # same answer, other spelling
    fay[s[2]]["design"] = "Cohort"  # a real disagreement
    fay[s[3]]["summary"] = ""  # fay left it out
    for name, values in (("eve", base), ("fay", fay)):
        path = fill(export(review.ws, name, out=tmp_path / f"{name}.csv").path, values)
        import_extraction(review.ws, path, name, clock=lambda: T)
    review.studies = s  # type: ignore[attr-defined]
    return review


def test_conflicts_are_per_field_and_spelling_is_not_a_conflict(dual) -> None:  # type: ignore[no-untyped-def]
    s = dual.studies
    extraction = extraction_of(load_state(dual.ws, use_cache=False))
    assert conflicts(extraction) == sorted([(s[2], "design"), (s[3], "summary")])
    assert extraction.value(s[1], "outcomes").value == "Mortality; Length of stay"
    assert extraction.study_status(s[0]) is Status.SETTLED
    assert extraction.study_status(s[2]) is Status.CONFLICT
    result = write_conflicts(dual.ws)
    text = result.path.read_text(encoding="utf-8-sig")
    assert (
        '"design","one of: Randomised trial | Cohort | Case series, required","eve","Case series","fay","Cohort"'
        in text
    )


def test_the_arbiter_settles_only_conflicts_all_or_nothing(dual) -> None:  # type: ignore[no-untyped-def]
    s = dual.studies
    path = write_conflicts(dual.ws).path
    fill_conflicts(path, {(s[2], "design"): "case series", (s[3], "summary"): "ok"})
    result = import_extraction(dual.ws, path, "gus", arbiter=True, clock=lambda: T)
    assert (result.recorded, result.role) == (2, Role.ARBITER)
    extraction = extraction_of(load_state(dual.ws, use_cache=False))
    assert conflicts(extraction) == []
    assert extraction.value(s[2], "design").value == "Case series"
    assert extraction.value(s[2], "design").role is Role.ARBITER
    assert extraction.complete == sorted(s)
    # a pair that is not in conflict is refused, and nothing of the file is recorded
    before = dual.ws.extraction_csv.read_bytes()
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1].replace('"design"', '"n"').replace(",design,", ",n,"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReviewError) as info:
        import_extraction(dual.ws, path, "gus", arbiter=True, clock=lambda: T)
    assert any(
        "n of study" in str(p) and "is not in conflict" in str(p) for p in info.value.problems
    )
    assert dual.ws.extraction_csv.read_bytes() == before


def test_agreement_per_field(dual) -> None:  # type: ignore[no-untyped-def]
    extraction = extraction_of(load_state(dual.ws, use_cache=False))
    by_field = {a.field: a for a in field_agreement(extraction, "eve", "fay")}
    design = by_field["design"].result
    # eve: Cohort, Cohort, Case series, Randomised; fay: Cohort, Cohort, Cohort, Randomised
    # po = 3/4; pe = (2*3 + 1*0 + 1*1) / 16 = 7/16; kappa = (12/16 - 7/16) / (9/16) = 5/9
    assert design.n == 4 and design.observed == 0.75
    assert design.kappa == pytest.approx(5 / 9)
    assert by_field["summary"].result.observed == 0.75 and by_field["summary"].result.kappa is None
    assert by_field["n"].result.observed == 1.0
    assert by_field["outcomes"].result.observed == 1.0


def test_nominal_kappa_edge_cases() -> None:
    assert nominal_agreement([]).observed is None
    one = nominal_agreement([("a", "a"), ("a", "a")])
    assert one.observed == 1.0 and one.kappa is None  # chance agreement is 1
    assert nominal_agreement([("a", "b"), ("b", "a")]).kappa == pytest.approx(-1.0)


def findings(review):  # type: ignore[no-untyped-def]
    state = load_state(review.ws, use_cache=False)
    return check_state(state, compute_flow(state))


def test_check_warns_for_each_included_study_without_extraction(tmp_path: Path) -> None:
    papers = extraction_papers(3)
    review = make_extraction_review(tmp_path / "ws", papers)
    ids = ids_by_title(review)
    decide(review, list(ids.values()), "include")
    report = findings(review)
    missing = [f for f in report.findings if f.code == "included_without_extraction"]
    assert report.ok and len(missing) == 1 and missing[0].severity == "warning"
    assert missing[0].record_ids == tuple(sorted(ids.values()))
    assert (
        "Author0, 2010" in missing[0].message and "Author1 and Second, 2011" in missing[0].message
    )


def test_check_errors_for_extraction_of_a_study_never_included(dual) -> None:  # type: ignore[no-untyped-def]
    late = extraction_papers(6)[5]
    dual.add_search([late], round_=1, date="2024-01-16")
    other = ids_by_title(dual)[late.title]
    append(
        dual.ws.extraction_csv,
        [ExtractionEntry(T, 1, other, "design", "Cohort", "eve", Role.SCREENER, "x", "0")],
    )
    report = findings(dual)
    bad = [f for f in report.findings if f.code == "extracted_not_included"]
    assert not report.ok and bad[0].record_ids == (other,) and bad[0].severity == "error"


def test_check_errors_for_a_value_the_form_no_longer_allows(dual) -> None:  # type: ignore[no-untyped-def]
    config = dual.ws.config_file
    config.write_text(
        config.read_text().replace(
            '"Randomised trial", "Cohort", "Case series"', '"Randomised trial", "Cohort"'
        )
    )
    report = findings(dual)
    bad = [f for f in report.findings if f.code == "extraction_value_outside_form"]
    assert bad and bad[0].severity == "error"
    assert "'Case series' is not one of the form's choices" in bad[0].message
    assert bad[0].record_ids == (dual.studies[2],)


def test_check_errors_for_an_unknown_record_in_the_ledger(dual) -> None:  # type: ignore[no-untyped-def]
    append(
        dual.ws.extraction_csv,
        [ExtractionEntry(T, 1, "medline:nope", "n", "1", "eve", Role.SCREENER, "x", "0")],
    )
    report = findings(dual)
    assert [f.record_ids for f in report.findings if f.code == "extraction_unknown_record"] == [
        ("medline:nope",)
    ]
    open_ = [f for f in report.findings if f.code == "extraction_conflicts"]
    assert open_ and open_[0].severity == "warning"


def test_run_writes_extraction_csv_tables_docx_and_charts(dual) -> None:  # type: ignore[no-untyped-def]
    from prisma.pipeline import run

    s = dual.studies
    path = write_conflicts(dual.ws).path
    fill_conflicts(path, {(s[2], "design"): "Cohort", (s[3], "summary"): "ok"})
    import_extraction(dual.ws, path, "gus", arbiter=True, clock=lambda: T)
    result = run(dual.ws)
    names = {p.relative_to(dual.ws.build_dir).as_posix() for p in result.written}
    assert {
        "extraction.csv",
        "tables/01_randomised_trial.md",
        "tables/02_cohort.csv",
        "tables/evidence_tables.docx",
        "charts/classification.svg",
        "charts/outcomes.png",
    } <= names
    cohort = (dual.ws.build_dir / "tables" / "02_cohort.md").read_text(encoding="utf-8")
    assert "(3 studies)" in cohort and all(sid in cohort for sid in s[:3])


def test_single_extraction_settles_with_one_extractor(tmp_path: Path) -> None:
    from tests.extraction_workspace import FORM

    form = FORM.replace(
        'extractors = ["eve", "fay"]\nrequired = 2', 'extractors = ["eve"]\nrequired = 1'
    )
    papers = extraction_papers(2)
    review = make_extraction_review(tmp_path / "ws", papers, form=form)
    ids = ids_by_title(review)
    studies = [ids[p.title] for p in papers]
    decide(review, studies, "include")
    handout = export(review.ws, None)  # the only extractor
    assert handout.extractor == "eve" and len(handout.studies) == 2
    values = {s: {"design": "Cohort", "n": "1"} for s in studies}
    import_extraction(review.ws, fill(handout.path, values), "eve", clock=lambda: T)
    extraction = extraction_of(load_state(review.ws, use_cache=False))
    assert extraction.complete == sorted(studies) and conflicts(extraction) == []
    assert export(review.ws, None).studies == ()
