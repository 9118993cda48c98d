"""Audit a flow diagram someone else published: does its arithmetic hold?

Input is the PRISMA2020 app's CSV (the template before v1.1.4, with ``NA`` in unused
cells, or v1.1.4's, with ``0``, the example's placeholders and the meta-analysis
rows) or a TOML file with the same data keys
(``database_specific_results`` and ``dbr_excluded_reasons`` as name = count
tables; ``dbr_excluded`` may be a total). Any key may be left out: missing figures
are inferred where the box structure allows, and each inference is stated.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from prisma.errors import ReviewError
from prisma.render.prisma2020 import NUMBER_ROWS, PLACEHOLDERS

# The template's number rows, plus the stated exclusion totals a paper gives beside its
# reasons (a TOML of the same keys may state them; the app's CSV has no such row).
NUMBER_KEYS = (*NUMBER_ROWS, "dbr_excluded", "other_excluded")
TABLE_KEYS = (
    "database_specific_results",
    "register_specific_results",
    "dbr_excluded_reasons",
    "other_excluded_reasons",
    "tabulated_studies",  # not a PRISMA2020 key: studies per evidence table of the paper
)


@dataclass
class Published:
    numbers: dict[str, int] = field(default_factory=dict)
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    file: str = ""


@dataclass
class Audit:
    problems: list[str] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    consistent: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def load_published(path: str | Path) -> Published:
    path = Path(path)
    if not path.exists():
        raise ReviewError("file not found", file=path, kind="published")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ReviewError(f"not valid TOML: {exc}", file=path, kind="published") from exc
        return _from_mapping(data, path)
    return _from_csv(text, path)


def _count(value: object, key: str, path: Path, line: int | None = None) -> int:
    if isinstance(value, bool):
        raise ReviewError(
            f"{key} must be a count, not {value!r}", file=path, line=line, kind="published"
        )
    if isinstance(value, int):
        number = value
    else:
        cleaned = str(value).replace(",", "").replace(" ", "")
        if not re.fullmatch(r"-?\d+", cleaned):
            raise ReviewError(
                f"{key} must be a whole number, not {value!r}",
                file=path,
                line=line,
                kind="published",
            )
        number = int(cleaned)
    if number < 0:
        raise ReviewError(
            f"{key} is negative ({number})",
            file=path,
            line=line,
            kind="published",
            hint="a box counts records: it cannot be below 0",
        )
    return number


def _from_mapping(data: dict[str, object], path: Path) -> Published:
    published = Published(file=str(path))
    for key, value in data.items():
        if key in TABLE_KEYS or (
            key in ("dbr_excluded", "other_excluded") and isinstance(value, dict)
        ):
            if not isinstance(value, dict):
                raise ReviewError(
                    f"{key} must be a table of name = count", file=path, kind="published"
                )
            table_key = key if key in TABLE_KEYS else f"{key}_reasons"
            published.tables[table_key] = {
                str(k): _count(v, f"{key}.{k}", path) for k, v in value.items()
            }
        elif key in NUMBER_KEYS:
            published.numbers[key] = _count(value, key, path)
        else:
            import difflib

            close = difflib.get_close_matches(key, NUMBER_KEYS + TABLE_KEYS, n=1)
            raise ReviewError(
                f"unknown key {key!r}",
                file=path,
                kind="published",
                hint=f"did you mean {close[0]!r}?"
                if close
                else "keys are the PRISMA2020 app's data names",
            )
    return published


def _breakdown(text: str, key: str, path: Path, line: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, _, number = part.rpartition(",")
        if not name.strip():
            raise ReviewError(
                f"{key}: expected 'Name, count' but found {part.strip()!r}",
                file=path,
                line=line,
                kind="published",
            )
        out[name.strip()] = _count(number, f"{key} ({name.strip()})", path, line)
    return out


def _from_csv(text: str, path: Path) -> Published:
    published = Published(file=str(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "data" not in reader.fieldnames or "n" not in reader.fieldnames:
        raise ReviewError(
            "expected the PRISMA2020 template's columns (data, …, n)",
            file=path,
            line=1,
            kind="published",
        )
    for row in reader:
        key, value = (row.get("data") or "").strip(), (row.get("n") or "").strip()
        line = reader.line_num
        if not value or value.upper() == "NA" or key in ("", "NA") or value in PLACEHOLDERS:
            # The template's placeholders ("Database 1, xxx; …") mean "not filled in".
            continue
        if key in ("database_specific_results", "register_specific_results"):
            published.tables[key] = _breakdown(value, key, path, line)
        elif key in ("dbr_excluded", "other_excluded"):
            if "," in value and not re.fullmatch(r"[\d,\s]+", value):
                published.tables[f"{key}_reasons"] = _breakdown(value, key, path, line)
            else:
                published.numbers[key] = _count(value, key, path, line)
        elif key in NUMBER_KEYS:
            published.numbers[key] = _count(value, key, path, line)
    return published


def audit(pub: Published) -> Audit:
    """Check the box arithmetic; infer what is missing and say so."""
    out = Audit()
    n = dict(pub.numbers)
    t = pub.tables

    def total_of(key: str, table: str, label: str) -> int | None:
        if table in t:
            summed = sum(t[table].values())
            parts = " + ".join(str(v) for v in t[table].values())
            if key in n and n[key] != summed:
                out.problems.append(
                    f"{label}: the total says {n[key]} but the parts ({parts}) sum to {summed}"
                )
            elif key not in n:
                n[key] = summed
                out.inferred.append(f"{label} = {parts} = {summed}")
        return n.get(key)

    databases = total_of("database_results", "database_specific_results", "records from databases")
    registers = total_of("register_results", "register_specific_results", "records from registers")
    identified = (databases or 0) + (registers or 0)
    removed_known = n.get("excluded_automatic", 0) + n.get("excluded_other", 0)
    if "records_screened" in n and (databases is not None or registers is not None):
        if "duplicates" in n:
            expected = identified - n["duplicates"] - removed_known
            if expected != n["records_screened"]:
                out.problems.append(
                    f"records screened: {identified} identified − {n['duplicates']} duplicates"
                    f" − {removed_known} removed = {expected}, but the diagram says "
                    f"{n['records_screened']}"
                )
            else:
                out.consistent.append(f"{identified} − {n['duplicates']} = {expected} screened")
        else:
            dup = identified - n["records_screened"] - removed_known
            if dup < 0:
                out.problems.append(
                    f"records screened ({n['records_screened']}) exceeds "
                    f"records identified ({identified})"
                )
            else:
                n["duplicates"] = dup
                out.inferred.append(
                    f"duplicates removed = {identified} identified − "
                    f"{n['records_screened']} screened = {dup}"
                )
    not_retrieved = n.get("dbr_notretrieved_reports")
    if "dbr_sought_reports" not in n and "dbr_assessed" in n:
        assumed = not_retrieved if not_retrieved is not None else 0
        n["dbr_sought_reports"] = n["dbr_assessed"] + assumed
        if not_retrieved is None:
            out.inferred.append(
                f"reports sought = {n['dbr_assessed']} assessed (assuming none "
                "were reported as not retrieved)"
            )
    elif "dbr_sought_reports" in n and "dbr_assessed" in n:
        expected = n["dbr_sought_reports"] - (not_retrieved or 0)
        if expected != n["dbr_assessed"]:
            out.problems.append(
                f"reports assessed: {n['dbr_sought_reports']} sought − "
                f"{not_retrieved or 0} not retrieved = {expected}, but the "
                f"diagram says {n['dbr_assessed']}"
            )
    if "records_screened" in n and "dbr_sought_reports" in n:
        if "records_excluded" in n:
            expected = n["records_screened"] - n["records_excluded"]
            if expected != n["dbr_sought_reports"]:
                out.problems.append(
                    f"reports sought: {n['records_screened']} screened − "
                    f"{n['records_excluded']} excluded = {expected}, but the diagram says "
                    f"{n['dbr_sought_reports']}"
                )
        else:
            excluded = n["records_screened"] - n["dbr_sought_reports"]
            if excluded < 0:
                out.problems.append(
                    f"reports sought ({n['dbr_sought_reports']}) exceeds records"
                    f" screened ({n['records_screened']})"
                )
            else:
                n["records_excluded"] = excluded
                out.inferred.append(
                    f"records excluded at screening = {n['records_screened']} "
                    f"screened − {n['dbr_sought_reports']} sought = {excluded}"
                )
    for key, label in (("dbr", "databases and registers"), ("other", "other methods")):
        reasons = t.get(f"{key}_excluded_reasons")
        stated = n.get(f"{key}_excluded")
        assessed = n.get(f"{key}_assessed")
        summed = sum(reasons.values()) if reasons else None
        if reasons is not None and stated is not None and summed != stated:
            parts = " + ".join(f"{v} ({k})" for k, v in reasons.items())
            out.problems.append(
                f"reports excluded ({label}): the text says {stated} but the reasons "
                f"{parts} sum to {summed}, not {stated}"
            )
        # Reasons count reports: assessed − excluded = reports of included studies.
        # The v1.1.4 template writes 0 in an unused other-methods column.
        other_in_use = n.get("other_assessed", 0) > 0 or bool(t.get("other_excluded_reasons"))
        included_key = "new_reports" if "new_reports" in n else "new_studies"
        included = n.get(included_key) if key == "dbr" and not other_in_use else None
        included_label = (
            "reports of included studies" if included_key == "new_reports" else "studies included"
        )
        if assessed is not None and included is not None:
            for name, value in (("stated total", stated), ("sum of reasons", summed)):
                if value is None:
                    continue
                rest = assessed - value
                if rest == included:
                    out.consistent.append(
                        f"{assessed} assessed − {value} excluded ({name}) = "
                        f"{rest} = {included_label}"
                    )
                else:
                    out.problems.append(
                        f"{assessed} assessed − {value} excluded ({name}) = "
                        f"{rest} ≠ {included} {included_label}"
                    )
            if stated is None and summed is None:
                n[f"{key}_excluded"] = assessed - included
                out.inferred.append(
                    f"reports excluded = {assessed} assessed − {included} "
                    f"included = {assessed - included}"
                )
    tabulated = t.get("tabulated_studies")
    # The app leaves total_studies at 0 when there is no previous review.
    updated = n.get("previous_studies", 0) > 0
    included_total = n.get("total_studies") if updated else n.get("new_studies")
    if tabulated is not None and included_total is not None:
        rows = sum(tabulated.values())
        parts = " + ".join(f"{v} ({k})" for k, v in tabulated.items())
        if rows == included_total:
            out.consistent.append(f"the tables list {parts} = {rows} = studies included")
        else:
            out.problems.append(
                f"studies in the tables: {parts} = {rows}, but {included_total} studies were "
                f"included ({included_total - rows} not tabulated)"
                if rows < included_total
                else f"studies in the tables: {parts} = {rows}, more than the "
                f"{included_total} studies included"
            )
    # The app shows the previous and total boxes only when a previous count is not 0,
    # and its own example leaves the totals at 0 then: not a claim to check.
    previous_in_use = n.get("previous_studies", 0) > 0 or n.get("previous_reports", 0) > 0
    for kind in ("studies", "reports"):
        keys = (f"previous_{kind}", f"new_{kind}", f"total_{kind}")
        if all(k in n for k in keys) and (previous_in_use or n[keys[2]] != 0):
            expected = n[keys[0]] + n[keys[1]]
            if expected != n[keys[2]]:
                out.problems.append(
                    f"total {kind}: {n[keys[0]]} previous + {n[keys[1]]} new = {expected},"
                    f" but the diagram says {n[keys[2]]}"
                )
    for studies, reports, label in (
        ("new_studies", "new_reports", "new"),
        ("total_studies", "total_reports", "total"),
        ("total_studies_ma", "total_reports_ma", "meta-analysis"),
    ):
        if studies in n and reports in n and n[studies] > n[reports]:
            out.problems.append(
                f"{label}: {n[studies]} studies but only {n[reports]} reports"
                " (every study has at least one report)"
            )
    for kind in ("studies", "reports"):
        ma = f"total_{kind}_ma"
        total = f"total_{kind}" if previous_in_use else f"new_{kind}"
        if ma in n and total in n and n[ma] > n[total]:
            out.problems.append(f"meta-analysis: {n[ma]} {kind} but {n[total]} in the review")
    return out
