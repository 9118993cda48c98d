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

# --- screening commands ---------------------------------------------------------------

STAGE_CHOICE = click.Choice(["title_abstract", "full_text"])


@cli.group()
def screen() -> None:
    """Hand out studies to screeners as CSV, take their decisions back, settle conflicts."""


@screen.command("export")
@workspace_option
@click.option("--stage", required=True, type=STAGE_CHOICE)
@click.option("--screener", default=None, help="Whose file (default: the only screener).")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="At most this many studies.")
@click.option("--order", type=click.Choice(["default", "relevance"]), default="default",
              help="relevance: likely includes first (ordering only, nothing is left out).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def screen_export(workspace: Path | None, stage: str, screener: str | None, limit: int | None,
                  order: str, out: Path | None) -> None:
    """Write the studies still awaiting a screener at a stage to a CSV hand-out file."""
    from prisma.screening.export import export

    result = export(ws(workspace), stage, screener, order=order, limit=limit, out=out)
    if result.message:
        click.echo(result.message, err=True)
    shown = f" (first {len(result.studies)} of {result.awaiting})" if (
        len(result.studies) < result.awaiting) else ""
    click.echo(f"{result.path}: {len(result.studies)} studies for {result.screener} "
               f"at {result.stage}{shown}")


@screen.command("import")
@workspace_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--screener", required=True, help="Who made the decisions in FILE.")
@click.option("--arbiter", is_flag=True, help="FILE settles conflicts (from `screen conflicts`).")
@click.option("--stage", type=STAGE_CHOICE, default=None,
              help="Default: from the file name the export gave it.")
def screen_import(workspace: Path | None, file: Path, screener: str, arbiter: bool,
                  stage: str | None) -> None:
    """Record the decisions of a returned hand-out file (all rows valid, or nothing)."""
    from prisma.screening.importer import import_decisions

    result = import_decisions(ws(workspace), file, screener, stage=stage, arbiter=arbiter)
    click.echo(f"{result.file}: {result.recorded} decision(s) recorded for "
               f"{result.role.value} {result.screener} at {result.stage} "
               f"({result.changed} changed, {result.unchanged} unchanged, "
               f"{result.pending} not screened yet)")


@screen.command("conflicts")
@workspace_option
@click.option("--stage", required=True, type=STAGE_CHOICE)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def screen_conflicts(workspace: Path | None, stage: str, out: Path | None) -> None:
    """Write the studies screeners disagree on, decisions side by side, for the arbiter."""
    from prisma.screening.conflicts import write_conflicts

    result = write_conflicts(ws(workspace), stage, out)
    click.echo(f"{result.path}: {len(result.studies)} conflict(s) at {result.stage}")


@screen.command("status")
@workspace_option
def screen_status(workspace: Path | None) -> None:
    """Per stage and screener: handed out, returned, awaiting, conflicts, agreement."""
    from prisma.screening.status import format_status, screening_status
    from prisma.state import load_state

    click.echo(format_status(screening_status(load_state(ws(workspace)))))


# --- end of screening commands ----------------------------------------------------------


def main() -> None:
    cli.main(prog_name="prisma-review", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
