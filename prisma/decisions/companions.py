"""Reports and studies (pure): which study each full-text report belongs to.

Deduplication makes one *report* of every set of duplicate records. PRISMA 2020
counts reports (sought, not retrieved, assessed) and studies (included) apart: a
trial's protocol, main paper and follow-up are three reports of one study. At full
text a screener marks a report as a companion of another study (``same_study_as``),
settled like the decision itself. A report that names no study is its own study.

Links are one level deep: a report names the study's main report, never another
companion (a chain or a loop would leave "which study" to the order of reading).
A broken link leaves the report its own study, so counting goes on, and is reported
as a problem naming both ids for ``check`` to show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LinkProblem:
    code: str  # "link_unknown", "link_self", "link_chain"
    message: str
    ids: tuple[str, ...]


@dataclass
class Links:
    """``study_of_report``: every linked report -> its study (unlinked ones are absent)."""

    study_of_report: dict[str, str] = field(default_factory=dict)
    problems: list[LinkProblem] = field(default_factory=list)

    def study(self, report: str) -> str:
        return self.study_of_report.get(report, report)

    def reports_of(self, study: str, reports: list[str]) -> list[str]:
        return [r for r in reports if self.study(r) == study]


def resolve_links(links: Mapping[str, str], study_of: Mapping[str, str]) -> Links:
    """``links``: report id -> the id its settled full-text decision names (any member
    record id or study id). ``study_of``: record id -> report (dedup study) id."""
    out = Links()
    targets: dict[str, str] = {}
    for report, named in sorted(links.items()):
        if not named:
            continue
        target = study_of.get(named)
        if target is None:
            out.problems.append(
                LinkProblem(
                    "link_unknown",
                    f"report {report} is marked as the same study as {named}, "
                    "which is not a record of this review",
                    (report,),
                )
            )
        elif target == report:
            out.problems.append(
                LinkProblem(
                    "link_self",
                    f"report {report} is marked as the same study as itself ({named})",
                    (report,),
                )
            )
        else:
            targets[report] = target
    for report, target in sorted(targets.items()):
        if target in targets:
            out.problems.append(
                LinkProblem(
                    "link_chain",
                    f"report {report} names {target} as its study, but {target} is itself "
                    f"a companion of {targets[target]}: name the study's main report "
                    f"({targets[target]}) instead",
                    (report, target),
                )
            )
            continue
        out.study_of_report[report] = target
    return out


def report_study_findings(
    links: Links,
    boxes: Mapping[str, list[str]],
    study_of_report: Mapping[str, str],
) -> list[LinkProblem]:
    """The invariants between a flow's reports and studies, each with the ids involved:
    every included report belongs to exactly one included study, and every included
    study has at least one assessed report (of this round, or an earlier one)."""
    found = list(links.problems)
    reports = list(boxes.get("new_reports", [])) + list(boxes.get("previous_reports", []))
    studies = set(boxes.get("new_studies", [])) | set(boxes.get("previous_studies", []))
    seen: dict[str, str] = {}
    for report in reports:
        study = study_of_report.get(report, report)
        if report in seen and seen[report] != study:
            found.append(
                LinkProblem(
                    "report_in_two_studies",
                    f"report {report} is counted in studies {seen[report]} and {study}",
                    (report, seen[report], study),
                )
            )
        seen[report] = study
        if study not in studies:
            found.append(
                LinkProblem(
                    "report_without_study",
                    f"included report {report} belongs to study {study}, which is not "
                    "among the studies included",
                    (report, study),
                )
            )
    assessed = set(boxes.get("dbr_assessed", [])) | set(boxes.get("other_assessed", []))
    assessed |= set(boxes.get("previous_reports", []))
    has_report = {study_of_report.get(r, r) for r in reports if r in assessed}
    for study in sorted(set(boxes.get("new_studies", [])) - has_report):
        found.append(
            LinkProblem(
                "study_without_assessed_report",
                f"included study {study} has no assessed report",
                (study,),
            )
        )
    return found
