"""What ``check`` says about the extraction (pure): findings with their study ids.

- an included study with no settled extraction: a warning naming it (work left to do);
- a study extracted but never included: an error (the tables would cite a study the
  flow does not count); one that was included once and left the included set keeps
  its ledger rows and is a warning (its rows dropped out of the tables);
- a ledger value the form does not allow (a choice since removed, a field unknown to
  the form): an error naming the study, field and value;
- ledger rows naming records no search returned: an error;
- open conflicts: a warning.
"""

from __future__ import annotations

from collections.abc import Callable

from prisma.config import Stage
from prisma.decisions.ledger import Decision
from prisma.decisions.settle import Status
from prisma.extraction.queue import conflicts
from prisma.extraction.reference import reference_labels
from prisma.extraction.settle import Extraction
from prisma.form import parse_value
from prisma.state import ReviewState

Add = Callable[..., None]


def ever_included(state: ReviewState, study: str) -> bool:
    """Whether anyone ever decided ``include`` at full text for the study."""
    return any(
        e.stage == Stage.FULL_TEXT
        and e.decision is Decision.INCLUDE
        and state.study_of.get(e.record_id) == study
        for e in state.ledger
    )


def check_extraction(state: ReviewState, extraction: Extraction, add: Add) -> None:
    """Report through ``add(code, message, ids, severity)`` (``check.Report.add``)."""
    missing = [s for s in extraction.included if extraction.study_status(s) is not Status.SETTLED]
    if missing:
        labels = reference_labels(state, extraction.included)
        named = "; ".join(sorted((labels[s] for s in missing), key=str.casefold))
        add(
            "included_without_extraction",
            f"{len(missing)} of {len(extraction.included)} included studies have no settled "
            f"extraction and are in no evidence table: {named}",
            missing,
            "warning",
        )
    left = extraction.left
    was = [s for s in left if ever_included(state, s)]
    never = [s for s in left if s not in was]
    if never:
        add(
            "extracted_not_included",
            f"{len(never)} extracted studies were never included",
            never,
        )
    if was:
        add(
            "extracted_left_included",
            f"{len(was)} extracted studies are no longer included; their rows left the tables",
            was,
            "warning",
        )
    form = extraction.form
    bad: dict[str, set[str]] = {}
    for (study, name), entries in sorted(extraction.entries.items()):
        field = form.field(name)
        for entry in entries:
            if field is None:
                problem = f"field {name!r} is not in the form"
            else:
                checked = parse_value(field, entry.value)
                if checked.ok and checked.value == entry.value:
                    continue
                if checked.ok:
                    continue  # an older canonical spelling of an allowed value
                problem = checked.problem
            bad.setdefault(problem, set()).add(study)
    for problem, studies in sorted(bad.items()):
        add("extraction_value_outside_form", f"extraction ledger: {problem}", studies)
    if extraction.unknown_records:
        add(
            "extraction_unknown_record",
            "the extraction ledger names record ids that no search returned",
            {e.record_id for e in extraction.unknown_records},
        )
    pairs = conflicts(extraction)
    if pairs:
        add(
            "extraction_conflicts",
            f"{len(pairs)} extraction conflict(s) await the arbiter: "
            + ", ".join(sorted({f for _, f in pairs})),
            {s for s, _ in pairs},
            "warning",
        )
