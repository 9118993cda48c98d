"""The diagram and what is reported from it: `run`, `flow`, `check`, `export` (a box's
references), `methods` and `status`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from prisma.cli.shared import echo_json, workspace_option, ws

if TYPE_CHECKING:
    from prisma.check import Report
    from prisma.pipeline import RunResult


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


@click.command("flow")
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


@click.command("export")
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


@click.command("check")
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

        echo_json(check_json(report, flow.round))
    else:
        _print_report(report)
    sys.exit(0 if report.ok else 1)


@click.command("run")
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


@click.command("status")
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
        echo_json(
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


@click.command("methods")
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
