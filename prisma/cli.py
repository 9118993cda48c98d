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


# --- pubmed commands ---


@cli.command("search")
@click.option("--source", "source_name", default=None,
              help="Search only this source (default: every source with kind = \"pubmed\").")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Add an entry-date (EDAT) window from YYYY-MM-DD to today: what is new.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: only on a terminal).")
@workspace_option
def search_command(source_name: str | None, since, progress: bool | None,  # type: ignore[no-untyped-def]
                   workspace: Path | None) -> None:
    """Run queries/<source>.txt against PubMed; save new records; log the search."""
    from prisma.sources.pubmed import run_searches

    results = run_searches(ws(workspace), source_name=source_name,
                           since=since.date() if since else None, progress=progress)
    for result in results:
        entry = result.entry
        click.echo(
            f"{entry.source}: {result.count} hits, {len(result.fetched)} records saved in "
            f"{entry.file} ({entry.method})"
        )


# --- end pubmed commands ---


def main() -> None:
    cli.main(prog_name="prisma-review", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
