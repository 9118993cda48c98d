"""The methods paragraph on prioritised screening and its stop, with counts from the
ledger (pure): model, rule, target and confidence, records screened by people, records
excluded by automation. Meant to be pasted into the review's methods section."""

from __future__ import annotations

from prisma import __version__
from prisma.config import Stage
from prisma.screening import prioritise
from prisma.screening.stop import RecordedStop, evidence, recorded_stops
from prisma.state import ReviewState

SOURCES = {
    "hypergeometric": "the hypergeometric stopping criterion of Callaghan and Müller-Hansen "
    "(2020, Systematic Reviews 9:273)",
    "safe": "the SAFE procedure of Boetje and van de Schoot (2024, Systematic Reviews 13:81), "
    "a heuristic without a statistical recall guarantee",
    "consecutive": "a run of consecutive irrelevant records, a heuristic without a "
    "statistical recall guarantee",
}


def _criterion(stop: RecordedStop) -> str:
    values = stop.values
    settings = stop.settings()
    if stop.rule == "hypergeometric":
        return (
            f"screening stopped when {SOURCES['hypergeometric']} rejected, at a confidence "
            f"level of {settings.confidence:.0%}, the hypothesis that recall was below "
            f"{settings.recall:.0%} (p = {float(values.get('p', 'nan')):.3g})"
        )
    if stop.rule == "safe":
        return (
            f"screening stopped by {SOURCES['safe']}: after at least 10% of the records and "
            f"{settings.run} consecutive irrelevant records with the first model, another "
            f"{settings.run} with a second model ({prioritise.MODEL_LABELS[prioritise.SECOND_MODEL]})"
        )
    return f"screening stopped after {settings.run} consecutive irrelevant records ({SOURCES['consecutive']})"


def methods_text(state: ReviewState) -> str:
    stage = Stage.TITLE_ABSTRACT.value
    ev = evidence(state, stage)
    stops = recorded_stops(state, stage)
    automated = sum(len(s.studies) for s in stops)
    model = prioritise.MODEL_LABELS[prioritise.DEFAULT_MODEL]
    if not stops:
        # The hand-out order is not recorded, so without a stop nothing shows that the
        # relevance order was used: claiming it would put an unverified sentence in a
        # published methods section (the worked example was screened in full, unranked).
        return (
            f"No stopping rule was applied at title and abstract screening: "
            f"{ev.sequence.screened} of {ev.total} records (after deduplication) have been "
            f"screened by people so far, {ev.sequence.relevant} of them judged relevant.\n"
        )
    lines = [
        "Title and abstract screening was prioritised: records were handed to the "
        "screeners in batches, ordered by predicted relevance (TF-IDF features of title "
        f"and abstract, {model} with balanced class weights, retrained on all settled "
        f"decisions before each batch; prisma-review {__version__})."
    ]
    for stop in stops:
        values = stop.values
        lines.append(
            f"{_criterion(stop)[0].upper()}{_criterion(stop)[1:]}; the decision to stop was "
            f"taken by {stop.by} on {stop.time[:10]}. By then {values.get('screened', '?')} "
            f"of {values.get('total', '?')} records (after deduplication) had been screened "
            f"by people and {values.get('relevant', '?')} judged relevant; the remaining "
            f"{len(stop.studies)} were excluded without being screened and are reported as "
            "records marked as ineligible by automation tools in the PRISMA 2020 flow "
            "diagram."
        )
    if ev.total - ev.sequence.screened - automated > 0:
        lines.append(
            f"Since then {ev.total - ev.sequence.screened - automated} newly identified "
            "records await screening."
        )
    return " ".join(lines) + "\n"
