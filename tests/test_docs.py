"""Docs that cannot drift: every command is in the README, and the README's make
targets exist."""

from __future__ import annotations

import re
from pathlib import Path

import click

from prisma.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += commands(command, f"{prefix}{name} ")
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = [
        name
        for name in commands(cli)
        if f"prisma-review {name}" not in README and f"`{name}" not in README
    ]
    assert missing == []


def test_every_command_has_help() -> None:
    for name in commands(cli):
        parts = name.split()
        command: click.Command = cli
        for part in parts:
            command = command.commands[part]  # type: ignore[attr-defined]
        assert command.help and command.help.strip(), name


def test_readme_make_targets_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"make ([\w-]+)", README)):
        assert re.search(rf"^{target}:", makefile, re.M), target
