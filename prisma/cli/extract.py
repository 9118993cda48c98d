"""`prisma-review extract ...`: extraction hand-outs, values back, conflicts, status."""

from __future__ import annotations

from pathlib import Path

import click

from prisma.cli.shared import workspace_option, ws


@click.group()
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
