"""The ``prisma-review`` command: parse options, call one stage, print the result.

Nothing here computes anything; errors from the stages are ReviewErrors, shown once
by :func:`main` in one or two lines with exit code 2.
"""

from __future__ import annotations

import click

from prisma import __version__
from prisma.cli import dedup, extract, flow, intake, screen
from prisma.errors import ReviewError


class ReviewGroup(click.Group):
    """Turns a ReviewError raised anywhere below into a short message and exit 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ReviewError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=ReviewGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="prisma-review")
def cli() -> None:
    """Run a PRISMA 2020 systematic review as a reproducible pipeline over plain files."""


# One module per command group; click lists commands by name, so the order here is free.
for _command in (
    intake.init_cmd,
    intake.search_cmd,
    intake.import_cmd,
    intake.inspect_cmd,
    intake.searches_cmd,
    dedup.dedup_cmd,
    screen.screen,
    extract.extract,
    flow.run_cmd,
    flow.flow_cmd,
    flow.check_cmd,
    flow.export_cmd,
    flow.methods_command,
    flow.status_cmd,
):
    cli.add_command(_command)


def main() -> None:
    cli.main(prog_name="prisma-review", standalone_mode=True)
