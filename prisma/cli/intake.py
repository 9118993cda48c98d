"""Starting a review and bringing records in: `init`, `search` (PubMed), `import`,
`inspect` and `searches` (the PRISMA-S search log)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from prisma.cli.shared import workspace_option, ws


@click.command("init")
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


@click.command("search")
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


@click.command("inspect")
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


@click.command("import")
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


@click.command("searches")
@click.option("--markdown", is_flag=True, help="A Markdown table and the exact queries.")
@workspace_option
def searches_cmd(markdown: bool, workspace: Path | None) -> None:
    """Print the PRISMA-S search log for the methods section."""
    from prisma.searchlog import read_log, render

    click.echo(render(read_log(ws(workspace).searches_csv), markdown=markdown), nl=False)
