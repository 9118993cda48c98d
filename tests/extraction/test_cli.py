"""The `extract` commands and `status` through the CLI: messages and exit codes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from prisma.cli import cli
from tests.extraction_workspace import (
    decide,
    extraction_papers,
    fill,
    ids_by_title,
    make_extraction_review,
)


def test_extract_commands_round_trip(tmp_path: Path) -> None:
    papers = extraction_papers(2)
    review = make_extraction_review(tmp_path / "ws", papers)
    ids = ids_by_title(review)
    studies = [ids[p.title] for p in papers]
    decide(review, studies, "include")
    runner = CliRunner()
    w = ["-w", str(review.root)]
    out = runner.invoke(cli, ["extract", "export", *w, "--extractor", "eve"])
    assert out.exit_code == 0, out.output
    assert "build/extraction/extraction_eve.csv: 2 studies for eve" in out.output
    assert "build/extraction/extraction_form.csv: the form" in out.output
    path = review.root / "build" / "extraction" / "extraction_eve.csv"
    fill(path, {studies[0]: {"design": "Cohrt", "n": "5"}})
    bad = runner.invoke(cli, ["extract", "import", *w, str(path), "--extractor", "eve"])
    assert bad.exit_code == 2
    assert "nothing was recorded" in bad.output and "did you mean 'Cohort'?" in bad.output
    fill(path, {studies[0]: {"design": "Cohort"}})
    dry = runner.invoke(cli, ["extract", "import", *w, str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "5 value(s) would be recorded for extractor eve" in dry.output
    assert not review.ws.extraction_csv.exists()
    assert not (review.root / "records" / "extraction").exists()
    good = runner.invoke(cli, ["extract", "import", *w, str(path), "--extractor", "eve"])
    assert good.exit_code == 0, good.output
    assert "1 studies, 5 value(s) recorded for extractor eve" in good.output
    assert "(0 changed, 0 unchanged, 1 row(s) not extracted yet)" in good.output
    status = runner.invoke(cli, ["extract", "status", *w])
    assert "extraction: 2 included studies, 0 settled" in status.output
    assert "extractor eve: returned 1, awaiting 1" in status.output
    overall = runner.invoke(cli, ["status", *w])
    assert "extraction: 2 included studies" in overall.output
    conflicts = runner.invoke(cli, ["extract", "conflicts", *w])
    assert "0 conflicting field(s) in 0 studies" in conflicts.output
    check = runner.invoke(cli, ["check", *w])
    assert check.exit_code == 0 and "included_without_extraction" in check.output
