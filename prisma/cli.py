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


# --- dedup commands ---------------------------------------------------------------------


@cli.command("dedup")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for studies.csv, duplicates.csv and maybe_duplicates.csv.")
@click.option("--review", "review_csv", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="A person's decisions on maybe pairs (columns a, b, decision, reviewer, note).")
@click.option("--format", "fmt", default="", help="Force one input format (default: detect).")
@click.option("--conference-abstracts", type=click.Choice(["separate", "merge"]),
              default="separate", show_default=True,
              help="Whether a conference abstract and its journal article are one study.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bars on stderr (default: when stderr is a terminal).")
def dedup_command(files: tuple[Path, ...], out_dir: Path, review_csv: Path | None, fmt: str,
                  conference_abstracts: str, progress: bool | None) -> None:
    """Find duplicate records in FILE... (any format the adapters read) and write the tables."""
    from prisma.dedup.report import dedup_files

    summary = dedup_files(files, out_dir, review_csv=review_csv, fmt=fmt,
                          options={"conference_abstracts": conference_abstracts,
                                   "progress": progress})
    click.echo(
        f"{summary.records} records -> {summary.studies} studies "
        f"({summary.records - summary.studies} duplicates removed, {summary.maybe_pairs} pairs "
        f"to review, {summary.reviewed} review decisions applied); wrote "
        + ", ".join(str(p) for p in summary.outputs)
    )


def main() -> None:
    cli.main(prog_name="prisma-review", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
