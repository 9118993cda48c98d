"""config.toml errors name the key and the file; a good config loads into dataclasses."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma.config import Group, Stage, load_config
from prisma.errors import ReviewError
from prisma.starter import init_workspace

GOOD = """\
[review]
title = "T"

[[sources]]
name = "scopus"
label = "Scopus"

[[sources]]
name = "refs"
group = "other"
other_kind = "citation_searching"

[screening.title_abstract]
screeners = ["a", "b"]
required = 2
arbiter = "c"

[[screening.reasons]]
code = "pop"
label = "Wrong population"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert [s.name for s in config.sources] == ["scopus", "refs"]
    assert config.sources[1].group is Group.OTHER
    assert config.stage(Stage.TITLE_ABSTRACT).required == 2
    assert config.stage("full_text").required == 1
    assert config.reason("wrong POPULATION ").code == "pop"
    with pytest.raises(AttributeError):
        config.title = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        (
            GOOD.replace('label = "Scopus"', 'lable = "Scopus"'),
            "unknown key sources[0].lable",
            "did you mean 'label'?",
        ),
        (
            GOOD.replace("required = 2", 'required = "two"'),
            "screening.title_abstract.required must be int",
            None,
        ),
        (GOOD.replace('group = "other"', 'group = "others"'), "expected one of", "'other'"),
        (GOOD.replace('title = "T"', ""), "missing key review.title", None),
        (GOOD.replace("required = 2", "required = 3"), "only 2 screeners", None),
        (GOOD + '\n[dedup]\nmethod = "fuzzy"\n', "dedup.method is 'fuzzy'", None),
        (GOOD.replace('name = "scopus"', 'name = "Scopus DB"'), "must be lower-case", None),
        ("[review\n", "not valid TOML", None),
        (
            GOOD.replace('arbiter = "c"', 'arbiter = "b"'),
            "screening.title_abstract.arbiter 'b' is also one of its screeners",
            "name someone else",
        ),
    ],
)
def test_config_errors_name_key_and_file(
    tmp_path: Path, text: str, message: str, hint: str | None
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ReviewError) as err:
        load_config(path)
    assert message in err.value.message
    assert err.value.file == str(path)
    if hint:
        assert hint in (err.value.hint or "")


def test_missing_query_file_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('label = "Scopus"', 'query = "queries/scopus.txt"'))
    with pytest.raises(ReviewError, match="queries/scopus.txt"):
        load_config(path)


def test_missing_config(tmp_path: Path) -> None:
    with pytest.raises(ReviewError, match="no config.toml") as err:
        load_config(tmp_path / "config.toml")
    assert "init" in (err.value.hint or "")


def test_init_writes_a_loadable_workspace_and_never_overwrites(tmp_path: Path) -> None:
    init_workspace(tmp_path / "rev", "Caffeine and sleep")
    config = load_config(tmp_path / "rev" / "config.toml")
    assert config.title == "Caffeine and sleep"
    assert (tmp_path / "rev" / "queries" / "pubmed.txt").exists()
    with pytest.raises(ReviewError, match="already"):
        init_workspace(tmp_path / "rev")
