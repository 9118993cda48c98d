"""Who still has to extract what (pure functions of the review state).

The studies to extract are the included ones: settled ``include`` at full text, in
any round. An extractor is handed an included study while some field of it is
unsettled and they have not given it; so a quarterly round hands out only the newly
included studies, and a field added to the form later goes out again. The arbiter
is handed the (study, field) pairs in conflict.
"""

from __future__ import annotations

from pathlib import Path

from prisma.config import Stage, _did_you_mean
from prisma.decisions.ledger import Decision
from prisma.decisions.settle import Status
from prisma.errors import ReviewError
from prisma.extraction.settle import Extraction, build_extraction
from prisma.form import Form
from prisma.state import ReviewState


def form_of(state: ReviewState) -> Form:
    form = state.config.extraction
    if form is None:
        raise ReviewError(
            "config.toml has no extraction form",
            file=state.config.path,
            kind="extraction",
            hint="add an [extraction] table with [[extraction.fields]] "
            "(`prisma-review init` writes a commented example)",
        )
    return form


def included_studies(state: ReviewState) -> list[str]:
    """Studies whose full-text decision is a settled include, sorted by (round, id)."""
    out = [
        study
        for study in state.members
        if (d := state.decision(study, Stage.FULL_TEXT)).status is Status.SETTLED
        and d.decision is Decision.INCLUDE
    ]
    return sorted(out, key=lambda s: (state.study_round(s), s))


def extraction_of(state: ReviewState) -> Extraction:
    return build_extraction(
        form_of(state), included_studies(state), state.extraction_ledger, state.study_of
    )


def awaiting(extraction: Extraction, extractor: str | None) -> list[str]:
    """Included studies still to hand to ``extractor`` (None: anyone), sorted."""
    out = []
    for study in extraction.included:
        open_fields = {
            f.name
            for f in extraction.form.fields
            if extraction.value(study, f.name).status in (Status.NONE, Status.PARTIAL)
        }
        if not open_fields:
            continue
        if extractor is not None and open_fields <= extraction.given_by(study, extractor):
            continue
        out.append(study)
    return out


def conflicts(extraction: Extraction) -> list[tuple[str, str]]:
    """(study, field) pairs of included studies the extractors disagree on, in form order."""
    order = {name: i for i, name in enumerate(extraction.form.names)}
    found = [
        key
        for key, settled in extraction.settled.items()
        if settled.status is Status.CONFLICT and key[0] in set(extraction.included)
    ]
    return sorted(found, key=lambda k: (k[0], order.get(k[1], len(order))))


def check_extractor(form: Form, name: str, arbiter: bool, path: Path | str | None = None) -> None:
    """A name the form does not list is a typo until proven otherwise."""
    if arbiter:
        if form.arbiter and name != form.arbiter:
            raise ReviewError(
                f"{name!r} is not the extraction arbiter",
                file=path,
                kind="extraction",
                hint=f"config.toml names {form.arbiter!r}",
            )
        return
    if form.extractors and name not in form.extractors:
        raise ReviewError(
            f"{name!r} is not an extractor",
            file=path,
            kind="extraction",
            hint=_did_you_mean(name, list(form.extractors))
            or "config.toml lists " + ", ".join(form.extractors) + " under [extraction]",
        )
