"""The ``prisma-review`` command: parse options, call one stage, print the result.

Nothing here computes anything; errors from the stages are ReviewErrors, shown once
by :func:`main` in one or two lines with exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from prisma import __version__
from prisma.config import SCREENING_STAGES
from prisma.errors import ReviewError
from prisma.workspace import Workspace

if TYPE_CHECKING:
    from prisma.check import Report
    from prisma.pipeline import RunResult

F = TypeVar("F", bound=Callable[..., object])


class ReviewGroup(click.Group):
    """Turns a ReviewError raised anywhere below into a short message and exit 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ReviewError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def workspace_option(func: F) -> F:
    return click.option(
        "--workspace",
        "-w",
        "workspace",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The review folder (default: the current directory).",
    )(func)


def ws(path: Path | None) -> Workspace:
    return Workspace.at(path)


def _echo_json(data: object) -> None:
    import json

    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


@click.group(cls=ReviewGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="prisma-review")
def cli() -> None:
    """Run a PRISMA 2020 systematic review as a reproducible pipeline over plain files."""


# --- screening commands ---------------------------------------------------------------

STAGE_CHOICE = click.Choice([s.value for s in SCREENING_STAGES])


@cli.group()
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

        _echo_json(status_json([], status, [])["screening"])
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


@cli.command("methods")
@workspace_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def methods_command(workspace: Path | None, out: Path | None) -> None:
    """The methods paragraph on prioritised screening and its stop, counts from the ledger."""
    from prisma.load import load_state
    from prisma.screening.methods import methods_text
    from prisma.workspace import atomic_write

    text = methods_text(load_state(ws(workspace)))
    if out is not None:
        atomic_write(out, text)
    click.echo(text, nl=False)


# --- end of screening commands ----------------------------------------------------------


# --- extraction commands --------------------------------------------------------------


@cli.group()
def extract() -> None:
    """Hand out included studies to extractors as CSV, take the values back, settle conflicts."""


@extract.command("export")
@workspace_option
@click.option("--extractor", default=None, help="Whose file (default: the only extractor).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def extract_export(workspace: Path | None, extractor: str | None, out: Path | None) -> None:
    """Write the included studies still awaiting an extractor to a CSV hand-out file."""
    from prisma.extraction.export import export

    place = ws(workspace)
    result = export(place, extractor, out=out)
    click.echo(
        f"{place.relative(result.path)}: {len(result.studies)} studies for {result.extractor}"
    )
    if result.form_path is not None:
        click.echo(f"{place.relative(result.form_path)}: the form (every field and choice)")


@extract.command("import")
@workspace_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--extractor", default=None, help="Who extracted the values (default: the file says)."
)
@click.option("--arbiter", is_flag=True, help="FILE settles conflicts (from `extract conflicts`).")
@click.option("--dry-run", is_flag=True, help="Check everything, show what would be recorded.")
@click.option("--replace", is_flag=True, help="Record values that change earlier ones.")
def extract_import(
    workspace: Path | None,
    file: Path,
    extractor: str | None,
    arbiter: bool,
    dry_run: bool,
    replace: bool,
) -> None:
    """Record the values of a returned extraction file (every cell valid, or nothing)."""
    from prisma.decisions.ledger import Role
    from prisma.extraction.importer import import_extraction

    result = import_extraction(
        ws(workspace), file, extractor, arbiter=arbiter, dry_run=dry_run, replace=replace
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    role = "arbiter" if result.role is Role.ARBITER else "extractor"
    click.echo(
        f"{result.file}: {result.studies} studies, {result.recorded} value(s) "
        + ("would be recorded" if result.dry_run else "recorded")
        + f" for {role} {result.extractor} ({result.changed} changed, {result.unchanged} unchanged, "
        f"{result.pending} row(s) not extracted yet)"
    )


@extract.command("conflicts")
@workspace_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def extract_conflicts(workspace: Path | None, out: Path | None) -> None:
    """Write the fields extractors disagree on, values side by side, for the arbiter."""
    from prisma.extraction.conflicts import write_conflicts

    place = ws(workspace)
    result = write_conflicts(place, out)
    studies = len({s for s, _ in result.pairs})
    click.echo(
        f"{place.relative(result.path)}: {len(result.pairs)} conflicting field(s) "
        f"in {studies} stud{'y' if studies == 1 else 'ies'}"
    )


@extract.command("status")
@workspace_option
def extract_status(workspace: Path | None) -> None:
    """Per extractor: returned, awaiting; conflicts; agreement per field."""
    from prisma.extraction.queue import extraction_of
    from prisma.extraction.status import extraction_status, format_status
    from prisma.load import load_state

    click.echo(format_status(extraction_status(extraction_of(load_state(ws(workspace))))))


# --- end of extraction commands -----------------------------------------------------------


# --- foundation commands ---------------------------------------------------------------


@cli.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="My systematic review", help="The review's title.")
def init_cmd(directory: Path, title: str) -> None:
    """Start a new review workspace in DIRECTORY (a commented config.toml and folders)."""
    from prisma.starter import init_workspace

    for path in init_workspace(directory, title):
        click.echo(f"wrote {path}")
    click.echo(
        f"next: edit {directory / 'config.toml'} and write your queries in {directory / 'queries'}/"
    )


def _summary(result: RunResult) -> None:
    c = result.flow.counts()
    click.echo(f"round {result.flow.round} ({result.flow.template.replace('_', ' + ')} template)")
    for source in result.flow.sources:
        note = f" ({source.note})" if source.note else ""
        click.echo(f"  {source.label:<24} {source.n:>6}{note}")
    click.echo(f"  {'duplicates removed':<24} {c.duplicates:>6}")
    click.echo(
        f"  {'records screened':<24} {c.records_screened:>6}"
        + (f"  (awaiting {c.awaiting_screening})" if c.awaiting_screening else "")
    )
    click.echo(f"  {'records excluded':<24} {c.records_excluded:>6}")
    click.echo(f"  {'reports assessed':<24} {c.dbr_assessed:>6}")
    for label, n in c.dbr_excluded_reasons.items():
        click.echo(f"    excluded: {label:<30} {n:>4}")

    def reports(studies: int, reports: int) -> str:
        # Shown only where companion reports make reports differ from studies.
        return f"  ({reports} reports)" if reports != studies else ""

    if result.flow.updated:
        click.echo(f"  {'previous studies':<24} {c.previous_studies:>6}")
        click.echo(
            f"  {'new studies included':<24} {c.new_studies:>6}"
            + reports(c.new_studies, c.new_reports)
        )
        click.echo(
            f"  {'total studies included':<24} {c.total_studies:>6}"
            + reports(c.total_studies, c.total_reports)
        )
    else:
        click.echo(
            f"  {'studies included':<24} {c.new_studies:>6}" + reports(c.new_studies, c.new_reports)
        )


def _print_report(report: Report) -> None:
    for finding in report.findings:
        click.echo(str(finding))
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    click.echo(
        f"check: {errors} error(s), {warnings} warning(s)"
        + (" — every box adds up" if not errors else "")
    )


@cli.command("flow")
@workspace_option
@click.option("--round", "round_", type=int, default=None, help="Round to draw (default: latest).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: build/).",
)
def flow_cmd(workspace: Path | None, round_: int | None, out: Path | None) -> None:
    """Count every PRISMA 2020 box from the records and draw the diagram."""
    from prisma.pipeline import flow_outputs

    result = flow_outputs(ws(workspace), round_, out)
    _summary(result)
    for path in result.written:
        click.echo(f"wrote {ws(workspace).relative(path)}")


@cli.command("export")
@workspace_option
@click.argument("box")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ris", "bibtex"]),
    default="ris",
    show_default=True,
    help="RIS for EndNote/Zotero/Mendeley, BibTeX for LaTeX and JabRef.",
)
@click.option("--reason", default="", help="Only the reports excluded for this reason code.")
@click.option("--round", "round_", type=int, default=None, help="Round (default: latest).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_cmd(
    workspace: Path | None,
    box: str,
    fmt: str,
    reason: str,
    round_: int | None,
    out: Path | None,
) -> None:
    """The references behind one box of the diagram (e.g. `export included`).

    BOX is a key of counts.json (new_studies, dbr_assessed, dbr_excluded,
    duplicates...), `included` (every study included in the review, previous
    and new) or `included_reports` (every report of those studies, companion
    reports too). One entry per report, with the merged fields of its duplicate
    records; a duplicate record stands for itself.
    """
    from prisma.pipeline import export_box_file

    place = ws(workspace)
    path, n = export_box_file(place, box, fmt, reason, round_, out)
    click.echo(f"wrote {place.relative(path)} ({n} reference{'s' if n != 1 else ''})")


@cli.command("check")
@workspace_option
@click.option("--round", "round_", type=int, default=None)
@click.option(
    "--published",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Audit a published diagram (PRISMA2020 CSV or TOML) instead.",
)
@click.option("--json", "as_json", is_flag=True, help="Findings as JSON (exit code unchanged).")
def check_cmd(
    workspace: Path | None, round_: int | None, published: Path | None, as_json: bool
) -> None:
    """Verify every invariant of the diagram; list violations with their record ids."""
    if published is not None:
        if as_json:
            raise click.UsageError("--json is for the workspace check, not --published")
        from prisma.published import audit, load_published

        result = audit(load_published(published))
        for line in result.inferred:
            click.echo(f"inferred: {line}")
        for line in result.consistent:
            click.echo(f"consistent: {line}")
        for line in result.problems:
            click.echo(f"INCONSISTENT: {line}")
        click.echo(
            f"published diagram: {len(result.problems)} inconsistenc"
            + ("y" if len(result.problems) == 1 else "ies")
        )
        sys.exit(0 if result.ok else 1)
    from prisma.check import check_state
    from prisma.flow import compute_flow
    from prisma.load import load_state

    state = load_state(ws(workspace))
    flow = compute_flow(state, round_)
    report = check_state(state, flow)
    if as_json:
        from prisma.jsonview import check_json

        _echo_json(check_json(report, flow.round))
    else:
        _print_report(report)
    sys.exit(0 if report.ok else 1)


@cli.command("run")
@workspace_option
def run_cmd(workspace: Path | None) -> None:
    """The whole job: load every logged search, deduplicate, count, draw, check."""
    from prisma.pipeline import run

    place = ws(workspace)
    result = run(place)
    click.echo(f"{result.state.config.title}")
    click.echo(
        f"{len(result.state.identified)} records from {len(result.state.log)} logged "
        f"search(es) -> {len(result.state.members)} studies"
    )
    _summary(result)
    _print_report(result.report)
    click.echo("outputs:")
    for path in result.written:
        click.echo(f"  {place.relative(path)}")
    if not result.report.ok:
        sys.exit(1)


@cli.command("status")
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Rounds, screening and agreement as JSON.")
def status_cmd(workspace: Path | None, as_json: bool) -> None:
    """What each round brought (new studies, re-found records) and what is left to screen."""
    from prisma.config import load_config
    from prisma.intake.rules import unlogged_files
    from prisma.load import load_state
    from prisma.rounds import review_status
    from prisma.searchlog import read_log

    w = ws(workspace)
    state = load_state(w)
    if as_json:
        from prisma.jsonview import status_json
        from prisma.screening.status import screening_status

        unlogged_json = unlogged_files(w, state.config, state.log)
        _echo_json(
            status_json(
                review_status(state),
                screening_status(state),
                [(source, w.relative(path)) for source, path in unlogged_json],
            )
        )
        return
    rounds = review_status(state)
    if not rounds:
        click.echo(
            "no searches logged yet: `prisma-review search` or `prisma-review import FILE` "
            "starts round 1"
        )
    for rs in rounds:
        click.echo(f"round {rs.round}: {rs.records} records from {len(rs.searches)} search(es)")
        for source, date, n in rs.searches:
            click.echo(f"  {date}  {source:<16} {n:>6} records")
        click.echo(
            f"  new studies: {len(rs.new_studies)}; re-found from earlier rounds: "
            f"{rs.refound}; duplicates within the round: {rs.within_round_duplicates}"
        )
        for overlap in rs.overlaps:
            click.echo(f"  overlap: {overlap}")
        for stage, counter in rs.stages.items():
            parts = ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "nothing yet"
            click.echo(f"  {stage.label}: {parts}")
    if state.config.extraction is not None:
        from prisma.extraction.queue import extraction_of
        from prisma.extraction.status import extraction_status, format_status

        click.echo(format_status(extraction_status(extraction_of(state))))
    unlogged = unlogged_files(w, load_config(w.config_file), read_log(w.searches_csv))
    if unlogged:
        click.echo(
            f"{len(unlogged)} file(s) named by the config's globs are counted in round 1 but "
            "missing from the search log: run `prisma-review import` to log them"
        )
        for source, path in unlogged:
            click.echo(f"  {source:<16} {w.relative(path)}")


# --- pubmed commands ---


@cli.command("search")
@click.option(
    "--source",
    "source_name",
    default=None,
    help='Search only this source (default: every source with kind = "pubmed").',
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Add an entry-date (EDAT) window from YYYY-MM-DD to today: what is new.",
)
@click.option(
    "--date",
    "today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date to log as searched (default: today); for replaying a documented search.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: only on a terminal).",
)
@workspace_option
def search_cmd(
    source_name: str | None,
    since: datetime | None,
    today: datetime | None,
    progress: bool | None,
    workspace: Path | None,
) -> None:
    """Run queries/<source>.txt against PubMed; save new records; log the search."""
    from prisma.intake.pubmed import run_searches

    results = run_searches(
        ws(workspace),
        source_name=source_name,
        since=since.date() if since else None,
        progress=progress,
        today=today.date() if today else None,
    )
    for result in results:
        entry = result.entry
        click.echo(
            f"{entry.source}: {result.count} hits, {len(result.fetched)} records saved in "
            f"{entry.file} ({entry.method})"
        )


# --- end pubmed commands ---


# --- sources commands ---


@cli.command("inspect")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--jsonl", is_flag=True, help="Print every record as JSON, one per line.")
@click.option("--format", "fmt", default="", help="Force an adapter instead of detecting.")
def inspect_cmd(file: Path, jsonl: bool, fmt: str) -> None:
    """Show a file's detected format, record count and field coverage (reads nothing else)."""
    from prisma.sources.inspection import inspect_file, record_to_json

    found = inspect_file(file, fmt)
    if jsonl:
        for record in found.records:
            click.echo(record_to_json(record))
        for warning in found.result.warnings:
            click.echo(f"warning: {warning}", err=True)
        return
    click.echo(found.summary())


@cli.command("import")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", default=None, help="The source in config.toml (default: guessed).")
@click.option(
    "--date",
    default=None,
    help="Date searched, YYYY-MM-DD (default: a YYYY-MM-DD_ prefix of the file name, else "
    "today; without FILES, only for files whose name has no date).",
)
@click.option("--round", "round_", type=int, default=None, help="Search round (default: current).")
@click.option("--hits", default=None, help='Hits the database reported, e.g. "about 800".')
@click.option("--format", "fmt", default="", help="Force an adapter instead of detecting.")
@click.option(
    "--rerun",
    is_flag=True,
    help="A rerun of an earlier search: log it even if earlier files hold all its records.",
)
@workspace_option
def import_cmd(
    files: tuple[Path, ...],
    source: str | None,
    date: str | None,
    round_: int | None,
    hits: str | None,
    fmt: str,
    rerun: bool,
    workspace: Path | None,
) -> None:
    """Copy exports into records/raw/<source>/ byte-exact and log them (PRISMA-S).

    Without FILES, imports the files that the sources' `files` globs in config.toml
    name and the search log does not hold yet. Several files go in all or nothing.
    """
    from prisma.intake.files import import_files

    results = import_files(
        ws(workspace),
        list(files),
        source,
        date=date,
        round_=round_,
        hits=hits,
        fmt=fmt,
        rerun=rerun,
    )
    if not results:
        click.echo("nothing to import: every file the config's globs name is logged already")
    for result in results:
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        entry = result.entry
        where = (
            f"logged {entry.file} where it is"
            if result.original is None or result.original.resolve() == result.stored.resolve()
            else f"from {result.original} as {entry.file}"
        )
        click.echo(
            f"imported {entry.records_retrieved} records ({result.fmt}) {where} "
            f"(source {entry.source}, round {entry.round})"
        )
        if result.overlap:
            click.echo(f"warning: {result.overlap}", err=True)


@cli.command("searches")
@click.option("--markdown", is_flag=True, help="A Markdown table and the exact queries.")
@workspace_option
def searches_cmd(markdown: bool, workspace: Path | None) -> None:
    """Print the PRISMA-S search log for the methods section."""
    from prisma.searchlog import read_log, render

    click.echo(render(read_log(ws(workspace).searches_csv), markdown=markdown), nl=False)


# --- end sources commands ---


# --- dedup commands ---------------------------------------------------------------------


@cli.command("dedup")
@click.argument(
    "files", nargs=-1, required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out_dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for studies.csv, duplicates.csv and maybe_duplicates.csv "
    "(default for a workspace: build/dedup).",
)
@workspace_option
@click.option(
    "--review",
    "review_csv",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A person's decisions on maybe pairs (columns a, b, decision, reviewer, note).",
)
@click.option("--format", "fmt", default="", help="Force one input format (default: detect).")
@click.option(
    "--conference-abstracts",
    type=click.Choice(["separate", "merge"]),
    default="separate",
    show_default=True,
    help="Whether a conference abstract and its journal article are one study.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bars on stderr (default: when stderr is a terminal).",
)
def dedup_cmd(
    files: tuple[Path, ...],
    out_dir: Path | None,
    workspace: Path | None,
    review_csv: Path | None,
    fmt: str,
    conference_abstracts: str,
    progress: bool | None,
) -> None:
    """Group records into studies and explain every merge.

    With FILE... (any format the adapters read) it works on those files alone; with
    none it deduplicates the workspace's logged searches, as `flow` does, and
    applies records/duplicates_review.csv.
    """
    if not files:
        from prisma.load import load_state
        from prisma.pipeline import dedup_outputs

        _refuse_in_workspace(click.get_current_context())
        place = ws(workspace)
        state = load_state(place)
        written = dedup_outputs(place, state, out_dir)
        click.echo(
            f"{len(state.identified)} records -> {len(state.members)} studies "
            f"({len(state.identified) - len(state.members)} duplicates, "
            f"{len(state.dedup.maybe)} pairs to review)"
        )
        for path in written:
            click.echo(f"wrote {place.relative(path)}")
        return
    if out_dir is None:
        raise click.UsageError("--out is required with FILE...")
    from prisma.pipeline import dedup_files

    summary = dedup_files(
        files,
        out_dir,
        review_csv=review_csv,
        fmt=fmt,
        options={"conference_abstracts": conference_abstracts, "progress": progress},
    )
    click.echo(
        f"{summary.records} records -> {summary.studies} studies "
        f"({summary.records - summary.studies} duplicates removed, {summary.maybe_pairs} pairs "
        f"to review, {summary.reviewed} review decisions applied); wrote "
        + ", ".join(str(p) for p in summary.outputs)
    )


def _refuse_in_workspace(ctx: click.Context) -> None:
    """In a workspace the config and records/ decide; a flag that would be ignored is
    refused instead (the diagram must come from files, not from a command line)."""
    from click.core import ParameterSource

    given = {
        name
        for name in ("review_csv", "conference_abstracts", "progress", "fmt")
        if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE
    }
    where = {
        "review_csv": "--review: a workspace applies records/duplicates_review.csv; "
        "put the decisions there (columns a, b, decision)",
        "conference_abstracts": "--conference-abstracts: set conference_abstracts in "
        "[dedup] of config.toml, so `flow` and `run` use it too",
        "progress": "--progress/--no-progress: only with FILE...; a workspace run shows no "
        "progress bars",
        "fmt": "--format: only with FILE...; a workspace's sources say their format in config.toml",
    }
    if given:
        raise click.UsageError(
            "not used when deduplicating the workspace: "
            + "; ".join(where[n] for n in sorted(given))
        )


# --- end dedup commands ---


def main() -> None:
    cli.main(prog_name="prisma-review", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    main()
