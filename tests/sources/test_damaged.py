"""Damaged exports made from the real ones: cut short, two formats joined, a header row
repeated. Each is refused (exit 2, with file, line and hint) or read with its cut last
record left out and a warning naming it; never imported silently.

The corpus is built in tests/damaged_corpus.py from ../shared/data/exports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma.errors import ReviewError
from prisma.sources import read_file_with_warnings
from tests.conftest import shared_path
from tests.damaged_corpus import Case, cut_cases, header_cases, joined_cases


def _outcome(case: Case, folder: Path) -> str:
    """ "" when the case is handled as promised, else what went wrong."""
    path = folder / f"{case.name}{case.suffix}"
    path.write_bytes(case.data)
    try:
        result = read_file_with_warnings(path, "s")
    except ReviewError as exc:
        if exc.exit_code != 2 or exc.file != str(path) or exc.line is None or not exc.hint:
            return f"{case.name}: refused without file, line and hint: {exc}"
        return ""
    dropped = [w for w in result.warnings if w.extra.get("dropped")]
    if not dropped:
        return f"{case.name}: read {len(result.records)} records as {result.fmt}, no warning"
    if case.kind != "cut":
        return f"{case.name}: {case.kind} file read with a record left out, not refused"
    if len(result.records) + len(dropped) != case.records:
        return (
            f"{case.name}: {len(result.records)} read + {len(dropped)} left out != "
            f"{case.records} in the file"
        )
    for warning in dropped:
        if warning.file != str(path) or not warning.line or "left out" not in warning.message:
            return f"{case.name}: the warning does not name the record: {warning}"
    return ""


@pytest.mark.parametrize("build", [cut_cases, joined_cases, header_cases])
def test_damaged_exports_are_refused_or_lose_only_the_named_last_record(
    build, tmp_path: Path
) -> None:
    cases = build(shared_path("exports"))
    assert len(cases) >= 20  # every format cut, every pair joined, every CSV doubled
    failures = [problem for case in cases if (problem := _outcome(case, tmp_path))]
    assert not failures, f"{len(failures)} of {len(cases)}:\n" + "\n".join(failures)


def test_a_cut_csv_keeps_every_whole_row_and_names_the_cut_one(tmp_path: Path) -> None:
    source = shared_path("exports", "scopus_csv")
    whole = min(source.glob("*.csv"), key=lambda p: p.stat().st_size)
    text = whole.read_text(encoding="utf-8-sig")
    full = read_file_with_warnings(whole, "scopus").records
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: len(text) - 40], encoding="utf-8")  # inside the last row
    result = read_file_with_warnings(cut, "scopus")
    assert [r.id for r in result.records] == [r.id for r in full[:-1]]
    (warning,) = [w for w in result.warnings if w.extra.get("dropped")]
    assert warning.line == full[-1].line
    assert full[-1].title[:30] in warning.message


def test_ris_then_medline_names_the_line_where_medline_starts(tmp_path: Path) -> None:
    ris = "TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\nER  - \n"
    medline = "PMID- 123\nTI  - Three\nSO  - J. 2020.\n"
    path = tmp_path / "joined.ris"
    path.write_text(ris + "\n" + medline)
    with pytest.raises(ReviewError) as caught:
        read_file_with_warnings(path, "x")
    assert caught.value.line == 9
    assert "MEDLINE record starts here" in caught.value.message
    assert "split it" in (caught.value.hint or "")


def test_a_second_wos_header_is_two_exports(tmp_path: Path) -> None:
    one = "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI One\nUT WOS:1\nER\nEF\n"
    path = tmp_path / "two.txt"
    path.write_text(one + one.replace("One", "Two").replace("WOS:1", "WOS:2"))
    with pytest.raises(ReviewError) as caught:
        read_file_with_warnings(path, "wos")
    assert caught.value.line == 8
    assert "second export header" in caught.value.message


def test_cochrane_numbering_that_starts_again_is_two_exports(tmp_path: Path) -> None:
    record = "Record #{n} of 2\nID: CD{n}\nTI: Title {n}\nUS: http://x/{n}\n\n"
    text = "".join(record.format(n=n) for n in (1, 2, 1, 2))
    path = tmp_path / "cochrane.txt"
    path.write_text(text)
    with pytest.raises(ReviewError) as caught:
        read_file_with_warnings(path, "cochrane")
    assert caught.value.line == 11
    assert "start again" in caught.value.message


def test_one_cut_record_alone_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "one.ris"
    path.write_text("TY  - JOUR\nTI  - Only one\nAB  - It stops he")
    with pytest.raises(ReviewError) as caught:
        read_file_with_warnings(path, "x")
    assert caught.value.line == 1
    assert "cut" in caught.value.message


def test_import_logs_the_left_out_record_and_refuses_a_joined_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from prisma.cli import cli
    from prisma.searchlog import read_log

    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "scopus.txt").write_text('TITLE-ABS-KEY("digital twin")\n')
    (tmp_path / "config.toml").write_text(
        '[review]\ntitle = "T"\n\n[[sources]]\nname = "scopus"\nlabel = "Scopus"\n'
        'query = "queries/scopus.txt"\n'
    )
    source = shared_path("exports", "scopus_csv")
    whole = min(source.glob("*.csv"), key=lambda p: p.stat().st_size)
    full = read_file_with_warnings(whole, "scopus").records
    text = whole.read_text(encoding="utf-8-sig")
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: len(text) - 40], encoding="utf-8")
    runner = CliRunner()
    args = ["import", "--workspace", str(tmp_path), "--source", "scopus", "--date", "2025-01-02"]
    result = runner.invoke(cli, [*args, str(cut)])
    assert result.exit_code == 0, result.output
    assert "left out" in result.output
    (entry,) = read_log(tmp_path / "records" / "searches.csv")
    assert entry.records_retrieved == len(full) - 1
    assert f"left out 1 record(s) the file cut short (line {full[-1].line}:" in entry.method
    joined = tmp_path / "joined.csv"
    joined.write_text(text + "\nTY  - JOUR\nTI  - A RIS record\nER  - \n", encoding="utf-8")
    result = runner.invoke(cli, [*args, str(joined)])
    assert result.exit_code == 2
    assert f"{joined}:" in result.output and "RIS record starts here" in result.output
    assert len(read_log(tmp_path / "records" / "searches.csv")) == 1


def test_a_wos_export_glued_on_without_the_last_er_is_refused(tmp_path: Path) -> None:
    first = "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI One\nUT WOS:1\nER\n"
    second = "PT J\nTI Two\nUT WOS:2\n"  # cut: no ER, no EF
    path = tmp_path / "glued.txt"
    path.write_text(first + second + first.replace("One", "Three").replace("WOS:1", "WOS:3"))
    with pytest.raises(ReviewError) as caught:
        read_file_with_warnings(path, "wos")
    assert caught.value.line == 10 and "no ER line" in caught.value.message
