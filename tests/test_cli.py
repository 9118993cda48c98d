"""What a user sees from the CLI in a workspace with nothing in it yet."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from prisma.cli import cli


def test_a_fresh_workspace_says_no_search_is_logged(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "ws")]).exit_code == 0
    w = ["-w", str(tmp_path / "ws")]
    status = runner.invoke(cli, ["status", *w])
    assert status.exit_code == 0, status.output
    assert status.output.startswith("no searches logged yet")  # not an empty screen
    searches = runner.invoke(cli, ["searches", *w])
    assert searches.exit_code == 0, searches.output
    assert searches.output == "No searches logged yet (records/searches.csv is empty).\n"
