"""``config.toml``: read with tomllib into frozen dataclasses, checked key by key.

Unknown keys, wrong types and missing files are :class:`ReviewError` s that name
the key and the file, so a typo never silently turns a setting off.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prisma.errors import ReviewError

if TYPE_CHECKING:
    from prisma.form import Form


class Group(StrEnum):
    """Which column of the PRISMA 2020 diagram a source feeds."""

    DATABASE = "database"
    REGISTER = "register"
    OTHER = "other"


class OtherKind(StrEnum):
    """The lines of the "other methods" identification box."""

    WEBSITES = "websites"
    ORGANISATIONS = "organisations"
    CITATIONS = "citation_searching"


class Stage(StrEnum):
    """The stages a study passes, in order; a decision in the ledger names one.

    Identification decisions only remove a record before screening (duplicates aside);
    the two screening stages are the ones screeners are handed (``SCREENING_STAGES``).
    """

    IDENTIFICATION = "identification"
    TITLE_ABSTRACT = "title_abstract"
    FULL_TEXT = "full_text"

    @property
    def label(self) -> str:
        """As a person writes it: "title/abstract", "full text"."""
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.IDENTIFICATION: "identification",
    Stage.TITLE_ABSTRACT: "title/abstract",
    Stage.FULL_TEXT: "full text",
}
SCREENING_STAGES = (Stage.TITLE_ABSTRACT, Stage.FULL_TEXT)


@dataclass(frozen=True)
class Source:
    name: str
    kind: str = "file"  # "file" (an export) or "pubmed" (searched live)
    label: str = ""  # as printed on the diagram, e.g. "Web of Science"
    format: str = ""  # adapter name; empty: detect from content
    files: tuple[str, ...] = ()  # extra globs, relative to the workspace
    query: str = ""  # path of the query file, relative to the workspace
    platform: str = ""
    group: Group = Group.DATABASE
    other_kind: OtherKind | None = None
    hits_reported: int | None = None
    note: str = ""  # e.g. "first 80 of about 800 results"
    limits: str = ""
    email: str = ""
    tool: str = "prisma-review"
    api_key: str = ""
    batch_size: int = 200

    @property
    def display(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Reason:
    """An exclusion reason; the list order is the order of precedence."""

    code: str
    label: str


@dataclass(frozen=True)
class StageSettings:
    stage: Stage
    screeners: tuple[str, ...] = ()
    required: int = 1  # independent screeners per study
    arbiter: str = ""


STOP_RULES = ("hypergeometric", "safe", "consecutive")


@dataclass(frozen=True)
class StopSettings:
    """The stopping rule of title/abstract screening (``[screening.stopping]``); the
    rules are in prisma/screening/stopping.py. Defaults: the papers'."""

    rule: str = "hypergeometric"
    recall: float = 0.95  # target recall
    confidence: float = 0.95
    run: int = 50  # consecutive irrelevant records (safe, consecutive)

    def __post_init__(self) -> None:
        if self.rule not in STOP_RULES:
            raise ValueError(f"unknown stopping rule {self.rule!r}; use " + ", ".join(STOP_RULES))
        if not 0 < self.recall < 1:
            raise ValueError(f"target recall must be between 0 and 1, not {self.recall}")
        if not 0 < self.confidence < 1:
            raise ValueError(f"confidence must be between 0 and 1, not {self.confidence}")
        if self.run < 1:
            raise ValueError(f"the run of irrelevant records must be 1 or more, not {self.run}")

    def describe(self) -> str:
        if self.rule == "hypergeometric":
            return f"target recall {self.recall:g}, confidence {self.confidence:g}"
        return f"{self.run} irrelevant records in a row"

    def parameters(self) -> dict[str, float | int | str]:
        if self.rule == "hypergeometric":
            return {"rule": self.rule, "recall": self.recall, "confidence": self.confidence}
        return {"rule": self.rule, "run": self.run}


@dataclass(frozen=True)
class DedupSettings:
    method: str = "exact"  # "exact" or "rules"
    conference_abstracts: str = "separate"  # "separate" or "merge"
    # "review": possible duplicates wait for a person (check warns until each is decided in
    # records/duplicates_review.csv); "keep": they stay distinct studies without a verdict
    maybe: str = "review"


@dataclass(frozen=True)
class Config:
    title: str
    sources: tuple[Source, ...]
    stages: tuple[StageSettings, ...]
    reasons: tuple[Reason, ...]
    dedup: DedupSettings = field(default_factory=DedupSettings)
    path: Path | None = None
    stopping: StopSettings = field(default_factory=StopSettings)
    extraction: Form | None = None  # the [extraction] form; None when there is none

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise ReviewError(
            f"no source named {name!r}",
            file=self.path,
            hint=_did_you_mean(name, [s.name for s in self.sources])
            or "sources are the [[sources]] tables in config.toml",
            kind="config",
        )

    def stage(self, stage: Stage | str) -> StageSettings:
        stage = Stage(stage)
        for settings in self.stages:
            if settings.stage is stage:
                return settings
        return StageSettings(stage=stage)

    def reason(self, text: str) -> Reason | None:
        """Look a reason up by code or label, ignoring case and surrounding space."""
        key = text.strip().casefold()
        for reason in self.reasons:
            if key in (reason.code.casefold(), reason.label.casefold()):
                return reason
        return None


# --- loading --------------------------------------------------------------------------


def _did_you_mean(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


class _Table:
    """A TOML table being read: tracks which keys were used so leftovers are reported."""

    def __init__(self, data: dict[str, Any], where: str, file: Path) -> None:
        if not isinstance(data, dict):
            raise ReviewError(f"{where} must be a table", file=file, kind="config")
        self.data = data
        self.where = where
        self.file = file
        self.used: set[str] = set()

    def get(
        self, key: str, kind: type | tuple[type, ...], default: Any = None, required: bool = False
    ) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required:
                raise ReviewError(
                    f"missing key {self._name(key)}",
                    file=self.file,
                    kind="config",
                    hint=f"add {key} = ... to {self.where or 'the top level'}",
                )
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if (bool in kinds or not isinstance(value, bool)) and isinstance(value, kinds):
            return value
        names = " or ".join(k.__name__ for k in kinds)
        raise ReviewError(
            f"{self._name(key)} must be {names}, not {type(value).__name__} ({value!r})",
            file=self.file,
            kind="config",
        )

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def finish(self, allowed_extra: tuple[str, ...] = ()) -> None:
        unknown = sorted(set(self.data) - self.used - set(allowed_extra))
        if unknown:
            key = unknown[0]
            hint = _did_you_mean(key, sorted(self.used)) or "remove it or check the spelling"
            raise ReviewError(
                f"unknown key {self._name(key)}", file=self.file, kind="config", hint=hint
            )


def load_config(path: str | Path) -> Config:
    path = Path(path)
    if not path.exists():
        raise ReviewError(
            "no config.toml here",
            file=path,
            kind="config",
            hint="run `prisma-review init DIR` to start a workspace, or pass --workspace",
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        line = _toml_line(str(exc))
        raise ReviewError(f"not valid TOML: {exc}", file=path, line=line, kind="config") from exc
    except UnicodeDecodeError as exc:
        raise ReviewError("config.toml is not UTF-8", file=path, kind="config") from exc
    return parse_config(data, path)


def _toml_line(message: str) -> int | None:
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def parse_config(data: dict[str, Any], path: Path) -> Config:
    top = _Table(data, "", path)
    review = _Table(top.get("review", dict, {}), "review", path)
    title = review.get("title", str, required=True)
    review.finish()

    sources: list[Source] = []
    raw_sources = top.get("sources", list, [])
    seen: set[str] = set()
    for index, raw in enumerate(raw_sources):
        sources.append(_parse_source(_Table(raw, f"sources[{index}]", path), path))
        if sources[-1].name in seen:
            raise ReviewError(
                f"source {sources[-1].name!r} is defined twice", file=path, kind="config"
            )
        seen.add(sources[-1].name)
    if not sources:
        raise ReviewError(
            "no [[sources]] in config",
            file=path,
            kind="config",
            hint="add one [[sources]] table per database, register or method",
        )

    screening = _Table(top.get("screening", dict, {}), "screening", path)
    stages = []
    for stage in SCREENING_STAGES:
        table = _Table(screening.get(stage.value, dict, {}), f"screening.{stage.value}", path)
        screeners = tuple(table.get("screeners", list, []))
        for name in screeners:
            if not isinstance(name, str) or not name.strip():
                raise ReviewError(
                    f"screening.{stage.value}.screeners must be names", file=path, kind="config"
                )
        required = table.get("required", int, min(len(screeners), 2) or 1)
        if required < 1:
            raise ReviewError(
                f"screening.{stage.value}.required must be at least 1", file=path, kind="config"
            )
        if screeners and required > len(screeners):
            raise ReviewError(
                f"screening.{stage.value}.required is {required} but only "
                f"{len(screeners)} screeners are listed",
                file=path,
                kind="config",
            )
        arbiter = table.get("arbiter", str, "")
        if arbiter and arbiter in screeners:
            # An arbiter settles the screeners' disagreements; one of them cannot.
            raise ReviewError(
                f"screening.{stage.value}.arbiter {arbiter!r} is also one of its screeners",
                file=path,
                kind="config",
                hint="name someone else as arbiter, or leave arbiter out",
            )
        table.finish()
        stages.append(StageSettings(stage, screeners, required, arbiter))

    reasons: list[Reason] = []
    for index, raw in enumerate(screening.get("reasons", list, [])):
        table = _Table(raw, f"screening.reasons[{index}]", path)
        code = table.get("code", str, required=True).strip()
        label = table.get("label", str, code).strip()
        table.finish()
        if not code or any(c in code for c in ";,|"):
            raise ReviewError(
                f"reason code {code!r} must be a word without ; , or |", file=path, kind="config"
            )
        if any(r.code == code for r in reasons):
            raise ReviewError(f"reason code {code!r} is listed twice", file=path, kind="config")
        reasons.append(Reason(code, label))
    stop_table = _Table(screening.get("stopping", dict, {}), "screening.stopping", path)
    try:
        stopping = StopSettings(
            rule=_choice(stop_table, "rule", STOP_RULES, "hypergeometric"),
            recall=float(stop_table.get("recall", float, 0.95)),
            confidence=float(stop_table.get("confidence", float, 0.95)),
            run=stop_table.get("run", int, 50),
        )
    except ValueError as exc:
        raise ReviewError(f"screening.stopping: {exc}", file=path, kind="config") from None
    stop_table.finish()
    screening.finish()

    dedup_table = _Table(top.get("dedup", dict, {}), "dedup", path)
    dedup = DedupSettings(
        method=_choice(dedup_table, "method", ("exact", "rules"), "exact"),
        conference_abstracts=_choice(
            dedup_table, "conference_abstracts", ("separate", "merge"), "separate"
        ),
        maybe=_choice(dedup_table, "maybe", ("review", "keep"), "review"),
    )
    dedup_table.finish()
    extraction = None
    if "extraction" in data:
        from prisma.form import parse_form

        extraction = parse_form(_Table(top.get("extraction", dict), "extraction", path), path)
    top.finish()
    return Config(
        title=title,
        sources=tuple(sources),
        stages=tuple(stages),
        reasons=tuple(reasons),
        dedup=dedup,
        path=path,
        stopping=stopping,
        extraction=extraction,
    )


def _choice(table: _Table, key: str, choices: tuple[str, ...], default: str) -> str:
    value = table.get(key, str, default)
    if value not in choices:
        raise ReviewError(
            f"{table._name(key)} is {value!r}, expected one of {', '.join(choices)}",
            file=table.file,
            kind="config",
            hint=_did_you_mean(value, list(choices)),
        )
    return value


def _parse_source(table: _Table, path: Path) -> Source:
    name = table.get("name", str, required=True).strip()
    if not name or not name.replace("_", "").replace("-", "").isalnum() or name != name.lower():
        raise ReviewError(
            f"{table.where}.name {name!r} must be lower-case letters, digits, - or _",
            file=path,
            kind="config",
            hint="it becomes the prefix of record ids, e.g. scopus:",
        )
    kind = _choice(table, "kind", ("file", "pubmed"), "file")
    group = Group(_choice(table, "group", tuple(g.value for g in Group), "database"))
    other_raw = table.get("other_kind", str, None)
    other_kind = None
    if other_raw is not None:
        try:
            other_kind = OtherKind(other_raw)
        except ValueError:
            raise ReviewError(
                f"{table.where}.other_kind is {other_raw!r}, expected one of "
                + ", ".join(k.value for k in OtherKind),
                file=path,
                kind="config",
            ) from None
    if group is Group.OTHER and other_kind is None:
        other_kind = OtherKind.CITATIONS
    files = table.get("files", list, [])
    if not all(isinstance(f, str) for f in files):
        raise ReviewError(
            f"{table.where}.files must be a list of paths or globs", file=path, kind="config"
        )
    query = table.get("query", str, "")
    if query and not (path.parent / query).exists():
        raise ReviewError(
            f"{table.where}.query names {query!r}, which does not exist",
            file=path,
            kind="config",
            hint="write the exact search string to that file (PRISMA-S item 8)",
        )
    hits = table.get("hits_reported", int, None)
    source = Source(
        name=name,
        kind=kind,
        label=table.get("label", str, ""),
        format=table.get("format", str, ""),
        files=tuple(files),
        query=query,
        platform=table.get("platform", str, ""),
        group=group,
        other_kind=other_kind,
        hits_reported=hits,
        note=table.get("note", str, ""),
        limits=table.get("limits", str, ""),
        email=table.get("email", str, ""),
        tool=table.get("tool", str, "prisma-review"),
        api_key=table.get("api_key", str, ""),
        batch_size=table.get("batch_size", int, 200),
    )
    table.finish()
    return source
