"""`prisma-review dedup`: group records into studies, of a workspace or of loose files."""

from __future__ import annotations

from pathlib import Path

import click

from prisma.cli.shared import workspace_option, ws


@click.command("dedup")
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
