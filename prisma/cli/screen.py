"""`prisma-review screen ...`: hand-outs to screeners, their decisions back, conflicts,
status, the stopping rule and its simulation."""

from __future__ import annotations

from pathlib import Path

import click

from prisma.cli.shared import echo_json, workspace_option, ws
from prisma.config import SCREENING_STAGES

STAGE_CHOICE = click.Choice([s.value for s in SCREENING_STAGES])


@click.group()
def screen() -> None:
    """Hand out studies to screeners as CSV, take their decisions back, settle conflicts."""


@screen.command("export")
@workspace_option
@click.option("--stage", required=True, type=STAGE_CHOICE)
@click.option("--screener", default=None, help="Whose file (default: the only screener).")
@click.option(
    "--limit", type=click.IntRange(min=0), default=None, help="At most this many studies."
)
@click.option(
    "--order",
    type=click.Choice(["default", "relevance"]),
    default="default",
    help="relevance: likely includes first (ordering only, nothing is left out).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def screen_export_cmd(
    workspace: Path | None,
    stage: str,
    screener: str | None,
    limit: int | None,
    order: str,
    out: Path | None,
) -> None:
    """Write the studies still awaiting a screener at a stage to a CSV hand-out file."""
    from prisma.screening.export import export

    place = ws(workspace)
    result = export(place, stage, screener, order=order, limit=limit, out=out)
    if result.message:
        click.echo(result.message, err=True)
    shown = (
        f" (first {len(result.studies)} of {result.awaiting})"
        if (len(result.studies) < result.awaiting)
        else ""
    )
    click.echo(
        f"{place.relative(result.path)}: {len(result.studies)} studies for {result.screener} "
        f"at {result.stage}{shown}"
    )


@screen.command("import")
@workspace_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--screener", default=None, help="Who made the decisions (default: the file says).")
@click.option("--arbiter", is_flag=True, help="FILE settles conflicts (default: the file says).")
@click.option(
    "--stage",
    type=STAGE_CHOICE,
    default=None,
    help="Default: the file says (older files: from its name).",
)
@click.option("--dry-run", is_flag=True, help="Validate and show what would change; write nothing.")
@click.option("--replace", is_flag=True, help="Record decisions that change earlier ones.")
def screen_import_cmd(
    workspace: Path | None,
    file: Path,
    screener: str | None,
    arbiter: bool,
    stage: str | None,
    dry_run: bool,
    replace: bool,
) -> None:
    """Record the decisions of a returned hand-out file (all rows valid, or nothing).

    FILE may be CSV (any separator; UTF-8, UTF-16 or Windows-1252) or .xlsx. It is kept
    byte-exact in records/screening/ and the ledger names the kept copy.
    """
    from prisma.screening.importer import import_decisions

    place = ws(workspace)
    result = import_decisions(
        place, file, screener, stage=stage, arbiter=arbiter, dry_run=dry_run, replace=replace
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    verb = "would be recorded" if dry_run else "recorded"
    kept = "" if dry_run or not result.recorded else f"; kept as {result.file}"
    if kept and Path(result.source).resolve() == (place.root / result.file).resolve():
        kept = ""
    click.echo(
        ("dry run: " if dry_run else "")
        + f"{result.source}: {result.recorded} decision(s) {verb} for "
        f"{result.role.value} {result.screener} at {result.stage} "
        f"({result.changed} changed, {result.unchanged} unchanged, "
        f"{result.pending} not screened yet){kept}"
    )
    for change in result.changes:
        click.echo(f"  changed {change}")


@screen.command("undo")
@workspace_option
@click.argument("what")
@click.option("--dry-run", is_flag=True, help="Show what would be undone; write nothing.")
def screen_undo_cmd(workspace: Path | None, what: str, dry_run: bool) -> None:
    """Withdraw one import: WHAT is the hand-back file, its kept copy or its sha256.

    Reversing rows are appended (the ledger stays append-only); the decisions are
    awaiting again, or the earlier ones count again.
    """
    from prisma.screening.importer import utc_now
    from prisma.screening.undo import undo_import

    result = undo_import(ws(workspace), what, utc_now, dry_run=dry_run)
    people = sorted({(e.role.value, e.screener, e.stage) for e in result.entries})
    click.echo(
        ("dry run: " if dry_run else "")
        + f"{len(result.entries)} decision(s) from {result.file} "
        + ("would be undone" if dry_run else "undone")
        + " ("
        + ", ".join(f"{r} {n} at {st}" for r, n, st in people)
        + ")"
    )


@screen.command("conflicts")
@workspace_option
@click.option("--stage", required=True, type=STAGE_CHOICE)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def screen_conflicts_cmd(workspace: Path | None, stage: str, out: Path | None) -> None:
    """Write the studies screeners disagree on, decisions side by side, for the arbiter."""
    from prisma.screening.conflicts import write_conflicts

    place = ws(workspace)
    result = write_conflicts(place, stage, out)
    click.echo(
        f"{place.relative(result.path)}: {len(result.studies)} conflict(s) at {result.stage}"
    )


@screen.command("status")
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="The same, as JSON (see `status --json`).")
def screen_status_cmd(workspace: Path | None, as_json: bool) -> None:
    """Per stage and screener: handed out, returned, awaiting, conflicts, agreement."""
    from prisma.load import load_state
    from prisma.screening.status import format_status, screening_status

    status = screening_status(load_state(ws(workspace)))
    if as_json:
        from prisma.jsonview import status_json

        echo_json(status_json([], status, [])["screening"])
        return
    click.echo(format_status(status))


RULE_CHOICE = click.Choice(["hypergeometric", "safe", "consecutive"])


@screen.command("simulate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seeds", type=click.IntRange(min=1), default=5, show_default=True)
@click.option("--rule", type=RULE_CHOICE, default="hypergeometric", show_default=True)
@click.option("--recall", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.95)
@click.option(
    "--confidence", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.95
)
@click.option(
    "--run",
    "run_length",
    type=click.IntRange(min=1),
    default=50,
    help="Irrelevant records in a row (safe, consecutive).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def screen_simulate(
    file: Path,
    seeds: int,
    rule: str,
    recall: float,
    confidence: float,
    run_length: int,
    as_json: bool,
) -> None:
    """Replay a labelled set (title, abstract, label_included 0/1): work saved by the
    relevance order and where the stopping rule stops, one run per seed."""
    import json

    from prisma.screening.labelled import read_labelled
    from prisma.screening.simulation import format_simulation, simulate_set
    from prisma.screening.stopping import StopSettings

    data = read_labelled(file)
    settings = StopSettings(rule, recall, confidence, run_length)
    result = simulate_set(data.texts, data.labels, seeds, settings)
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(format_simulation(result, settings))


@screen.command("stop")
@workspace_option
@click.option("--stage", required=True, type=STAGE_CHOICE)
@click.option("--by", "by", required=True, help="Who decides to stop (recorded in the ledger).")
@click.option("--rule", type=RULE_CHOICE, default=None, help="Default: config.toml's rule.")
@click.option("--recall", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=None)
@click.option(
    "--confidence", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=None
)
@click.option("--run", "run_length", type=click.IntRange(min=1), default=None)
@click.option("--undo", is_flag=True, help="Take the stop back: its studies await screening.")
def screen_stop(
    workspace: Path | None,
    stage: str,
    by: str,
    rule: str | None,
    recall: float | None,
    confidence: float | None,
    run_length: int | None,
    undo: bool,
) -> None:
    """Stop screening when the rule says so: the unscreened rest is excluded by automation."""
    from prisma.load import load_state
    from prisma.screening.importer import utc_now
    from prisma.screening.stop import record_stop, settings_with, undo_stop

    place = ws(workspace)
    if undo:
        studies = undo_stop(place, stage, by, utc_now)
        click.echo(f"stop undone at {stage}: {len(studies)} studies await screening again")
        return
    state = load_state(place)
    settings = settings_with(
        state.config.stopping, rule=rule, recall=recall, confidence=confidence, run=run_length
    )
    result = record_stop(place, stage, settings, by, utc_now, state=state)
    click.echo(
        f"stopped {result.stage} by {result.by} ({settings.rule}, {settings.describe()}): "
        f"{result.verdict.detail}; {len(result.excluded)} unscreened studies excluded by "
        f"automation (reason 'stopped: {settings.rule}')"
    )
