"""Dedup at the edges: the person's review file in, the three CSV tables out.

``records/duplicates_review.csv`` (written by people) has the columns
``a, b, decision, reviewer, note``: ``a`` and ``b`` are record ids (any member of
the studies meant), ``decision`` is ``same`` or ``different``. Its rows are applied
on every run, so a decision keeps holding when later rounds add records.

Outputs (all sorted, byte-identical for the same inputs):
``studies.csv`` (one row per study: id, members, merged fields, where each came
from), ``duplicates.csv`` (every link that merged two records, with its rule and
evidence) and ``maybe_duplicates.csv`` (pairs for a person, in the review file's
columns plus the two titles).
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from prisma.csvio import read_table, write_csv
from prisma.dedup import DedupResult, PairDecision, deduplicate
from prisma.dedup.merge import FIELDS, merge_study, study_id
from prisma.errors import Problem, ReviewError
from prisma.records import Record

REVIEW_COLUMNS = ("a", "b", "decision", "reviewer", "note")
DECISIONS = {"same": True, "different": False}
STUDY_COLUMNS = (
    "study_id",
    "members",
    "n_members",
    "representative",
    *FIELDS,
    "field_sources",
    "sources",
)
DUPLICATE_COLUMNS = ("study_id", "a", "b", "rule", "score", "detail")
MAYBE_COLUMNS = (*REVIEW_COLUMNS, "rule", "score", "detail", "title_a", "title_b")


def read_review(path: str | Path, known_ids: set[str] | None = None) -> list[PairDecision]:
    """A person's decisions on pairs; every bad row is reported at once."""
    path = Path(path)
    rows = read_table(path, required=("a", "b", "decision"))
    decisions: list[PairDecision] = []
    problems: list[Problem] = []
    for row in rows:
        line = int(row["_row"])
        decision = row["decision"].strip().casefold()
        a, b = row["a"].strip(), row["b"].strip()
        if decision not in DECISIONS:
            close = difflib.get_close_matches(decision, list(DECISIONS), n=1)
            problems.append(
                Problem(
                    f"decision {row['decision']!r} is not one of same, different",
                    line,
                    f"did you mean {close[0]!r}?" if close else "write same or different",
                )
            )
            continue
        if not a or not b or a == b:
            problems.append(
                Problem(
                    "columns a and b must name two different record ids",
                    line,
                    "copy both ids from maybe_duplicates.csv",
                )
            )
            continue
        unknown = [i for i in (a, b) if known_ids is not None and i not in known_ids]
        if unknown:
            problems.append(
                Problem(
                    f"unknown record id {unknown[0]!r}",
                    line,
                    "ids are as in studies.csv (source:native id)",
                )
            )
            continue
        decisions.append(PairDecision(a, b, DECISIONS[decision]))
    if problems:
        raise ReviewError(
            f"{len(problems)} bad row(s) in the duplicates review",
            file=path,
            kind="dedup",
            problems=problems,
            hint=f"columns: {', '.join(REVIEW_COLUMNS)}",
        )
    return decisions


@dataclass(frozen=True)
class DedupSummary:
    records: int
    studies: int
    merged_pairs: int
    maybe_pairs: int
    reviewed: int
    outputs: tuple[Path, ...]


def write_outputs(
    result: DedupResult,
    records: Sequence[Record],
    out_dir: str | Path,
    *,
    order: Mapping[str, Hashable] | None = None,
) -> tuple[Path, ...]:
    """Write studies.csv, duplicates.csv and maybe_duplicates.csv into ``out_dir``."""
    out = Path(out_dir)
    by_id = {r.id: r for r in records}
    study_of: dict[str, str] = {}
    study_rows = []
    for members in result.clusters:
        study = merge_study([by_id[m] for m in members], order)
        for member in members:
            study_of[member] = study.id
        sources = sorted({by_id[m].source for m in members})
        study_rows.append(
            (
                study.id,
                ";".join(study.members),
                len(study.members),
                study.representative,
                *(study.fields[name] for name in FIELDS),
                ";".join(f"{k}={v}" for k, v in sorted(study.sources.items())),
                ";".join(sources),
            )
        )
    study_rows.sort(key=lambda row: str(row[0]))  # the study id
    duplicate_rows = sorted(
        (study_of[m.a], m.a, m.b, m.rule, f"{m.score:.3f}", m.detail) for m in result.matches
    )
    maybe_rows = sorted(
        (
            m.a,
            m.b,
            "",
            "",
            "",
            m.rule,
            f"{m.score:.3f}",
            m.detail,
            by_id[m.a].title if m.a in by_id else "",
            by_id[m.b].title if m.b in by_id else "",
        )
        for m in result.maybe
    )
    paths = (out / "studies.csv", out / "duplicates.csv", out / "maybe_duplicates.csv")
    write_csv(paths[0], STUDY_COLUMNS, study_rows)
    write_csv(paths[1], DUPLICATE_COLUMNS, duplicate_rows)
    write_csv(paths[2], MAYBE_COLUMNS, maybe_rows)
    return paths


def run_dedup(
    records: Sequence[Record],
    out_dir: str | Path,
    *,
    review_csv: str | Path | None = None,
    options: dict[str, object] | None = None,
    order: Mapping[str, Hashable] | None = None,
) -> DedupSummary:
    """The whole stage: apply the review file, deduplicate, write the three tables.

    ``order`` maps record id -> sortable (search date, id) so a study is named after
    its earliest-identified member; without it the smallest record id names it.
    """
    reviewed: list[PairDecision] = []
    if review_csv is not None:
        reviewed = read_review(review_csv, known_ids={r.id for r in records})
    result = deduplicate(records, method="rules", reviewed=reviewed, options=options or {})
    paths = write_outputs(result, records, out_dir, order=order)
    return DedupSummary(
        records=len(records),
        studies=len(result.clusters),
        merged_pairs=len(result.matches),
        maybe_pairs=len(result.maybe),
        reviewed=len(reviewed),
        outputs=paths,
    )


def study_ids(result: DedupResult, order: Mapping[str, Hashable] | None = None) -> dict[str, str]:
    """Record id -> its study id, for later stages (screening keys on study ids)."""
    return {member: study_id(members, order) for members in result.clusters for member in members}
