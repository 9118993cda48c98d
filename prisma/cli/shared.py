"""What every command group shares: the --workspace option and JSON printing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from prisma.workspace import Workspace

F = TypeVar("F", bound=Callable[..., object])


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


def echo_json(data: object) -> None:
    import json

    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
