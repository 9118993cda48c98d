"""The ``prisma-review`` command: parse options, call one stage, print the result.

Nothing here computes anything; errors from the stages are ReviewErrors, shown once
by :func:`main` in one or two lines with exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from prisma import __version__
from prisma.errors import ReviewError
from prisma.workspace import Workspace


class ReviewGroup(click.Group):
    """Turns a ReviewError raised anywhere below into a short message and exit 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ReviewError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def workspace_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--workspace", "-w", "workspace",
        type=click.Path(file_okay=False, path_type=Path), default=None,
        help="The review folder (default: the current directory).",
    )(func)


def ws(path: Path | None) -> Workspace:
    return Workspace.at(path)


@click.group(cls=ReviewGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="prisma-review")
def cli() -> None:
    """Run a PRISMA 2020 systematic review as a reproducible pipeline over plain files."""


# --- sources commands ---


@cli.command("inspect")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--jsonl", is_flag=True, help="Print every record as JSON, one per line.")
@click.option("--format", "fmt", default="", help="Force an adapter instead of detecting.")
def inspect_command(file: Path, jsonl: bool, fmt: str) -> None:
    """Show a file's detected format, record count and field coverage (reads nothing else)."""
    from prisma.sources.report import inspect_file, record_to_json

    found = inspect_file(file, fmt)
    if jsonl:
        for record in found.records:
            click.echo(record_to_json(record))
        for warning in found.result.warnings:
            click.echo(f"warning: {warning}", err=True)
        return
    click.echo(found.summary())


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", default=None, help="The source in config.toml (default: guessed).")
@click.option("--date", default=None, help="Date searched, YYYY-MM-DD (default: today).")
@click.option("--round", "round_", type=int, default=None, help="Search round (default: current).")
@click.option("--hits", default=None, help='Hits the database reported, e.g. "about 800".')
@click.option("--format", "fmt", default="", help="Force an adapter instead of detecting.")
@workspace_option
def import_command(file: Path, source: str | None, date: str | None, round_: int | None,
                   hits: str | None, fmt: str, workspace: Path | None) -> None:
    """Copy an export into records/raw/<source>/ byte-exact and log it (PRISMA-S)."""
    from prisma.importing import import_file

    result = import_file(ws(workspace), file, source, date=date, round_=round_, hits=hits,
                         fmt=fmt)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    entry = result.entry
    click.echo(f"imported {entry.records_retrieved} records ({result.fmt}) from {file} as "
               f"{entry.file} (source {entry.source}, round {entry.round})")


@cli.command("searches")
@click.option("--markdown", is_flag=True, help="A Markdown table and the exact queries.")
@workspace_option
def searches_command(markdown: bool, workspace: Path | None) -> None:
    """Print the PRISMA-S search log for the methods section."""
    from prisma.searchlog import read_log, render

    click.echo(render(read_log(ws(workspace).searches_csv), markdown=markdown), nl=False)


# --- end sources commands ---


def main() -> None:
    cli.main(prog_name="prisma-review", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
