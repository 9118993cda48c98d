"""The stop of a screening stage: the evidence a stopping rule reads from the ledger,
the verdict, ``screen stop`` (record it; settle the remainder by automation), its undo,
and the check that a recorded stop's evidence still holds (pure but for the ledger
append).

The evidence is the screening sequence: every study a person (screener or arbiter)
decided at the stage, in the order of its first such decision, each import a batch
(the ledger keeps no order within one file), labelled 1 when it passed (include or
maybe) and 0 when excluded. A study whose screeners disagree or that waits for a
second screener counts as relevant if anyone passed it (the cautious reading); ``screen
stop`` refuses until those are settled. ``total`` is every study that reaches the stage.

A stop appends one automation row per unscreened study: decision ``exclude``, reason
``stopped: <rule>``, screener = the person who decided to stop, time, and in ``notes``
the rule, its parameters and the evidence (``key=value`` pairs). An undo appends
``undone`` rows for the same studies, which then await screening again; no row is
removed, so nothing is lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from prisma.config import Stage
from prisma.decisions.ledger import Decision, LedgerEntry, Role, append
from prisma.decisions.settle import Status, latest_by_screener
from prisma.errors import ReviewError
from prisma.load import load_state
from prisma.screening.queue import eligible, entries_by_study, stage_name
from prisma.screening.stopping import (
    Sequence01,
    StopSettings,
    Verdict,
    safe_phase_a_met,
    verdict,
)
from prisma.state import ReviewState
from prisma.workspace import Workspace

REASON_PREFIX = "stopped: "
HUMAN = (Role.SCREENER, Role.ARBITER)


@dataclass(frozen=True)
class Evidence:
    stage: str
    sequence: Sequence01
    total: int  # studies that reach the stage
    order: tuple[str, ...]  # studies a person decided, in screening order
    unsettled: tuple[str, ...]  # of those: in conflict or waiting for another screener
    remainder: tuple[str, ...]  # studies nobody has decided (what a stop would settle)


def _label(state: ReviewState, study: str, stage: str, entries: list[LedgerEntry]) -> int:
    settled = state.decision(study, stage)
    if settled.status is Status.SETTLED and settled.role is not Role.AUTOMATION:
        return int(settled.passes)
    votes = [e.decision for (role, _), e in latest_by_screener(entries).items() if role in HUMAN]
    return int(any(v in (Decision.INCLUDE, Decision.MAYBE) for v in votes))


def evidence(state: ReviewState, stage: str, before: int | None = None) -> Evidence:
    """The screening sequence at ``stage``; with ``before`` (a ledger row index), only
    the decisions recorded before that row, labelled as the ledger stands now."""
    stage = stage_name(stage)
    grouped = entries_by_study(state)
    position = {id(e): i for i, e in enumerate(state.ledger)}
    studies = eligible(state, stage)
    first: list[tuple[int, tuple[str, str, str], str]] = []
    unsettled = []
    remainder = []
    for study in studies:
        entries = grouped.get((study, stage), [])
        human = [
            e for e in entries if e.role in HUMAN and (before is None or position[id(e)] < before)
        ]
        if not human:
            status = state.decision(study, stage).status
            if status is Status.NONE:
                remainder.append(study)
            continue
        lead = human[0]
        first.append((position[id(lead)], (lead.time, lead.file, lead.sha256), study))
        if state.decision(study, stage).status in (Status.CONFLICT, Status.PARTIAL):
            unsettled.append(study)
    first.sort()
    batches: list[list[int]] = []
    keys: list[tuple[str, str, str]] = []
    order = []
    for _, key, study in first:
        entries = grouped[(study, stage)]
        if not keys or keys[-1] != key:
            keys.append(key)
            batches.append([])
        batches[-1].append(_label(state, study, stage, entries))
        order.append(study)
    # Batches come out of Sequence01 worst order first; the study order above only
    # names who was screened, not the order within an import.
    sequence = Sequence01.from_batches(batches)
    return Evidence(stage, sequence, len(studies), tuple(order), tuple(unsettled), tuple(remainder))


def with_switch(seq: Sequence01, total: int, settings: StopSettings) -> Sequence01:
    """SAFE: phase F starts after the first batch at whose end phase A's conditions held."""
    if settings.rule != "safe":
        return seq
    ends = [*seq.batch_starts[1:], seq.screened]
    for end in ends:
        prefix = Sequence01(seq.labels[:end], random_start=seq.random_start)
        if safe_phase_a_met(prefix, total, settings):
            return Sequence01(seq.labels, seq.batch_starts, seq.random_start, end)
    return seq


def stage_verdict(
    state: ReviewState, stage: str, settings: StopSettings
) -> tuple[Evidence, Verdict]:
    ev = evidence(state, stage)
    seq = with_switch(ev.sequence, ev.total, settings)
    return ev, verdict(seq, ev.total, settings)


# --- recorded stops ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedStop:
    stage: str
    time: str
    by: str
    rule: str
    notes: str
    sha256: str  # the ledger's hash when the stop was made (names the stop for an undo)
    studies: tuple[str, ...]  # it settles now: no person has decided them since
    overruled: tuple[str, ...]  # it excluded, and a person has since passed them
    position: int  # ledger index of its first row

    @property
    def values(self) -> dict[str, str]:
        return dict(part.split("=", 1) for part in self.notes.split() if "=" in part)

    def settings(self) -> StopSettings:
        v = self.values
        return StopSettings(
            self.rule,
            float(v.get("recall", 0.95)),
            float(v.get("confidence", 0.95)),
            int(v.get("run", 50)),
        )


def recorded_stops(
    state: ReviewState, stage: str = Stage.TITLE_ABSTRACT.value
) -> list[RecordedStop]:
    """Every stop standing in the ledger at ``stage``, oldest first (an undone stop's
    rows are gone from the effective ledger, see ``prisma.decisions.ledger.effective``)."""
    grouped = entries_by_study(state)
    stops: dict[tuple[str, str, str, str, str], list[str]] = {}
    first_row: dict[tuple[str, str, str, str, str], int] = {}
    for index, entry in enumerate(state.ledger):
        if (
            entry.role is not Role.AUTOMATION
            or entry.stage != stage
            or not entry.reason.startswith(REASON_PREFIX)
        ):
            continue
        study = state.study_of.get(entry.record_id)
        if study is None:
            continue
        key = (
            entry.time,
            entry.screener,
            entry.notes,
            entry.reason[len(REASON_PREFIX) :],
            entry.sha256,
        )
        stops.setdefault(key, []).append(study)
        first_row.setdefault(key, index)
    out = []
    for key, studies in stops.items():
        settles, overruled = [], []
        for study in studies:
            if any(e.role in HUMAN for e in grouped.get((study, stage), [])):
                if state.decision(study, stage).passes:
                    overruled.append(study)
            else:
                settles.append(study)
        time, by, notes, rule, sha256 = key
        out.append(
            RecordedStop(
                stage,
                time,
                by,
                rule,
                notes,
                sha256,
                tuple(sorted(settles)),
                tuple(sorted(overruled)),
                first_row[key],
            )
        )
    return out


def _notes(settings: StopSettings, said: Verdict) -> str:
    parts = {**settings.parameters(), **said.evidence}
    parts.pop("rule", None)
    return " ".join(f"{k}={v}" for k, v in parts.items())


def settings_with(base: StopSettings, **changes: object) -> StopSettings:
    """``base`` with the command line's overrides, checked."""
    from dataclasses import replace

    try:
        return replace(base, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]  # overrides are checked by StopSettings itself (ValueError below)
    except ValueError as exc:
        raise ReviewError(str(exc), kind="screening") from None


@dataclass(frozen=True)
class StopResult:
    stage: str
    settings: StopSettings
    verdict: Verdict
    excluded: tuple[str, ...]
    by: str
    time: str


def record_stop(
    ws: Workspace,
    stage: str,
    settings: StopSettings,
    by: str,
    clock: Callable[[], str],
    state: ReviewState | None = None,
) -> StopResult:
    """``screen stop``: refuses unless the rule says stop on the settled ledger."""
    from prisma.intake.rules import current_round

    state = state or load_state(ws)
    stage = stage_name(stage)
    if stage != Stage.TITLE_ABSTRACT:
        raise ReviewError(
            f"stopping rules apply to title/abstract screening, not {stage}",
            kind="screening",
            hint="use --stage title_abstract",
        )
    if not by.strip():
        raise ReviewError("say who decides to stop", kind="screening", hint="pass --by NAME")
    ev, said = stage_verdict(state, stage, settings)
    if ev.unsettled:
        raise ReviewError(
            f"{len(ev.unsettled)} screened studies are not settled yet (conflicts or "
            "waiting for another screener); the rule reads settled decisions only",
            kind="screening",
            hint="settle them first (screen conflicts, screen export for the second screener): "
            + ", ".join(ev.unsettled[:5]),
        )
    if not ev.remainder:
        raise ReviewError(
            "nothing to stop: no study at this stage is left unscreened", kind="screening"
        )
    if not said.stop:
        more = f"; at least {said.more} more to screen" if said.more else ""
        raise ReviewError(
            f"the {settings.rule} rule does not say stop yet: {said.detail}{more}",
            kind="screening",
            hint="see `prisma-review screen status`; hand out the next batch with "
            "`screen export --order relevance --limit N`",
        )
    time = clock()
    round_ = max(current_round(state.log), state.latest_round if state.identified else 1, 1)
    fingerprint = hashlib.sha256(
        ws.decisions_csv.read_bytes() if ws.decisions_csv.exists() else b""
    ).hexdigest()
    notes = _notes(settings, said)
    entries = [
        LedgerEntry(
            time,
            round_,
            stage,
            study,
            Decision.EXCLUDE,
            f"{REASON_PREFIX}{settings.rule}",
            by,
            Role.AUTOMATION,
            ws.relative(ws.decisions_csv),
            fingerprint,
            notes,
        )
        for study in sorted(ev.remainder)
    ]
    append(ws.decisions_csv, entries)
    return StopResult(stage, settings, said, tuple(sorted(ev.remainder)), by, time)


def undo_stop(
    ws: Workspace,
    stage: str,
    by: str,
    clock: Callable[[], str],
    state: ReviewState | None = None,
) -> tuple[str, ...]:
    """Take back every standing stop at ``stage``: one ``undone`` row per stop row (same
    stage, record, screener, role and hash), so its studies await screening again."""
    from prisma.intake.rules import current_round

    state = state or load_state(ws)
    stage = stage_name(stage)
    standing = recorded_stops(state, stage)
    if not standing:
        raise ReviewError(f"no stop to undo at {stage}", kind="screening")
    time = clock()
    round_ = max(current_round(state.log), state.latest_round if state.identified else 1, 1)
    entries = [
        LedgerEntry(
            time,
            round_,
            stage,
            study,
            Decision.UNDONE,
            f"{REASON_PREFIX}{stop.rule}",
            stop.by,
            Role.AUTOMATION,
            ws.relative(ws.decisions_csv),
            stop.sha256,
            f"undone_by={by}",
        )
        for stop in standing
        for study in (*stop.studies, *stop.overruled)
    ]
    append(ws.decisions_csv, entries)
    return tuple(sorted(e.record_id for e in entries))


def stop_findings(state: ReviewState) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(code, message, record ids, severity) for each standing stop whose evidence no
    longer holds on the ledger as it stands, or that a person has since contradicted."""
    out: list[tuple[str, str, tuple[str, ...], str]] = []
    stage = Stage.TITLE_ABSTRACT.value
    for stop in recorded_stops(state, stage):
        where = f"stop of {stop.time} by {stop.by} ({stop.rule})"
        try:
            settings = stop.settings()
            values = stop.values
            total = int(values["total"])
            screened = int(values["screened"])
        except (ValueError, KeyError) as exc:
            out.append(("stop_evidence", f"{where}: unreadable evidence ({exc})", (), "error"))
            continue
        ev = evidence(state, stage, before=stop.position)
        seq = with_switch(ev.sequence, total, settings)
        said = verdict(seq, total, settings, full=False)
        if ev.sequence.screened != screened:
            out.append(
                (
                    "stop_evidence",
                    f"{where}: the ledger now shows {ev.sequence.screened} studies screened "
                    f"before it, the stop recorded {screened}",
                    (),
                    "warning",
                )
            )
        if not said.stop:
            out.append(
                (
                    "stop_evidence",
                    f"{where}: its evidence no longer holds on the ledger as it stands "
                    f"({said.detail}); undo the stop (`screen stop --undo`) and screen on",
                    stop.studies,
                    "error",
                )
            )
        if stop.overruled:
            out.append(
                (
                    "stop_missed",
                    f"{where}: {len(stop.overruled)} of the studies it excluded were later "
                    "passed by a screener",
                    stop.overruled,
                    "warning",
                )
            )
    return out


# --- where the review stands -------------------------------------------------------------


@dataclass(frozen=True)
class StopStatus:
    settings: StopSettings
    evidence: Evidence
    verdict: Verdict
    stops: tuple[RecordedStop, ...]


def stop_status(state: ReviewState, settings: StopSettings | None = None) -> StopStatus:
    settings = settings or state.config.stopping
    stage = Stage.TITLE_ABSTRACT.value
    ev, said = stage_verdict(state, stage, settings)
    return StopStatus(settings, ev, said, tuple(recorded_stops(state, stage)))


def format_stop_status(st: StopStatus) -> list[str]:
    v, ev, s = st.verdict, st.evidence, st.settings
    lines = [
        f"stopping rule at title/abstract: {s.rule} ({s.describe()})",
        f"  screened {v.screened} of {v.total}, relevant found {v.relevant}, "
        f"{len(ev.remainder)} not screened by anyone",
    ]
    if v.recall_estimate is not None and v.recall_low is not None:
        lines.append(
            f"  estimated recall {v.recall_estimate:.3f} (at least {v.recall_low:.3f} with "
            f"{s.confidence:.0%} confidence)"
        )
    lines.append(f"  {v.detail}")
    if ev.unsettled:
        lines.append(
            f"  {len(ev.unsettled)} screened studies are not settled yet (counted as relevant "
            "until they are; settle them before a stop)"
        )
    if v.stop and ev.remainder:
        lines.append(
            "  the rule is met: `prisma-review screen stop --stage title_abstract --by NAME` "
            f"would exclude the {len(ev.remainder)} unscreened studies by automation"
        )
    elif not v.stop and v.more is not None:
        lines.append(
            f"  at least {v.more} more to screen before the rule can say stop "
            "(if none of them is relevant)"
        )
    if v.wants_random_sample and ev.remainder:
        lines.append(
            f"  the ranking found nothing relevant in the last {s.run}: the next "
            "`screen export --order relevance` hands out a random sample of the remainder"
        )
    for stop in st.stops:
        lines.append(
            f"  stopped {stop.time} by {stop.by} ({stop.rule}): "
            f"{len(stop.studies)} excluded by automation"
        )
    return lines
