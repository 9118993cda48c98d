"""Web of Science plain text (``FN … PT … ER … EF``) and tab-delimited exports.

Plain text is parsed here rather than with rispy's ``WokParser``: WoS headers vary
(``FN Thomson Reuters Web of Knowledge`` … ``FN Clarivate Analytics Web of
Science``), some files lack ``FN``/``EF``, and record start lines are needed for
provenance. Tab-delimited files contain literal ``"`` and are read with no quote
handling; older ones carry one more (empty) field per row than the header.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import Adapter, register
from prisma.sources._build import build, map_fields, pages
from prisma.sources._text import read_text, sample_text, warn

# Record field -> WoS tags, first non-empty wins (same tags in both layouts).
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("TI",),
    "year": ("PY", "EA", "PD"),
    "journal": ("SO", "SE", "BS"),
    "volume": ("VL",),
    "issue": ("IS",),
    "abstract": ("AB",),
    "language": ("LA",),
    "type": ("DT", "PT"),
    "issn": ("SN", "EI"),
    "publisher": ("PU",),
    "pmid": ("PM",),
    "doi": ("DI", "D2"),
}
# Tags whose continuation lines are separate values rather than wrapped text.
LIST_TAGS = frozenset(
    {
        "AU",
        "AF",
        "BA",
        "BF",
        "CA",
        "GP",
        "BE",
        "CR",
        "C1",
        "C3",
        "RP",
        "EM",
        "RI",
        "OI",
        "FU",
        "CT",
        "HO",
        "SP",
    }
)


def _record(tags: dict[str, list[str]], source: str, path: Path, line: int) -> Record:
    fields: dict[str, object] = dict(map_fields(tags, FIELDS))
    start, end = tags.get("BP", [""])[0], tags.get("EP", [""])[0]
    fields["pages"] = pages(start, end) or tags.get("AR", [""])[0]
    # Book chapters may name only book authors (BA/BF) or a group (CA, GP).
    authors = (
        tags.get("AU")
        or tags.get("AF")
        or tags.get("BA")
        or tags.get("BF")
        or tags.get("CA")
        or tags.get("GP")
        or []
    )
    keywords = []
    for key in ("DE", "ID"):
        for value in tags.get(key, []):
            keywords += [k.strip() for k in value.split(";") if k.strip()]
    native = tags.get("UT", [""])[0].strip()
    return build(
        fields,
        source=source,
        path=path,
        line=line,
        native_id=native,
        authors=authors,
        keywords=keywords,
    )


def read_plaintext(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    tags: dict[str, list[str]] = {}
    start = 0
    last = ""
    inside = False
    found = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        if not line:
            continue
        tag = line[:2]
        value = line[3:].strip()
        if not inside:
            if tag == "PT" or (
                tag not in ("FN", "VR", "EF", "ER")
                and line[2:3] == " "
                and tag.isalnum()
                and tag.isupper()
            ):
                inside = True
                start = number
                tags = {}
                last = ""
                if tag != "PT":
                    warn(f"record at line {number} does not start with PT", path, number)
            else:
                continue
        if tag == "ER" and line.strip() == "ER":
            inside = False
            found += 1
            yield _record(tags, source, path, start)
            continue
        if line.startswith("  "):
            if not last:
                raise ReviewError(
                    "a continuation line before any tag",
                    file=path,
                    line=number,
                    kind="parse",
                    hint="expected 'XX value' tagged lines",
                )
            if last in LIST_TAGS:
                tags[last].append(value)
            else:
                tags[last][-1] = f"{tags[last][-1]} {value}"
            continue
        if not (line[2:3] in (" ", "") and tag[:1].isalpha() and tag.isupper()):
            raise ReviewError(
                f"expected a two-letter WoS tag, found {line[:20]!r}",
                file=path,
                line=number,
                kind="parse",
                hint="this is not a Web of Science plain-text export",
            )
        last = tag
        tags.setdefault(tag, []).append(value)
    if inside:
        warn(
            f"the last record (line {start}) has no ER line: the file may be cut short; "
            "its record was kept",
            path,
            start,
        )
        found += 1
        yield _record(tags, source, path, start)
    if not found:
        raise ReviewError(
            "no Web of Science record found (no 'PT ' line)",
            file=path,
            line=1,
            kind="parse",
            hint="this is not a Web of Science plain-text export",
        )


def read_tabdelim(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    reader = csv.reader(text.split("\n"), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [h.strip() for h in next(reader)]
    if "PT" not in header or not ({"TI", "UT"} & set(header)):
        raise ReviewError(
            "missing columns: a WoS tab-delimited header has PT, TI and UT",
            file=path,
            line=1,
            kind="parse",
            hint="export from Web of Science as 'Tab delimited file'",
        )
    for number, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        tags = {key: [value] for key, value in zip(header, row, strict=False) if key}
        for key in ("AU", "AF", "BA", "BF", "CA", "GP"):
            if key in tags:
                tags[key] = [a.strip() for a in tags[key][0].split(";") if a.strip()]
        yield _record(tags, source, path, number)


def detect_plaintext(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    has_records = re.search(r"^PT [A-Z]\s*$", text, re.MULTILINE) and re.search(
        r"^(?:AU|TI|UT|SO) ", text, re.MULTILINE
    )
    if re.match(r"\s*FN ", text) and has_records:
        header = text.strip().split("\n", 1)[0]
        return 0.95, f"Web of Science plain text (header {header[:60]!r}, PT … ER records)"
    if has_records and re.search(r"^ER\s*$", text, re.MULTILINE):
        return 0.8, "Web of Science plain-text records (PT … ER) without the FN header"
    if has_records:
        return 0.5, "Web of Science plain-text tags (PT, AU, TI) without ER lines"
    return 0.0, ""


def detect_tabdelim(sample: bytes, path: Path) -> tuple[float, str]:
    first = sample_text(sample).lstrip("\n").split("\n", 1)[0]
    cells = first.split("\t")
    if cells and cells[0].strip() == "PT" and {"AU", "TI"} <= {c.strip() for c in cells}:
        return 0.95, "tab-separated header of WoS field tags (PT, AU, TI, …, UT)"
    return 0.0, ""


register(
    Adapter("wos_plaintext", "Web of Science plain text", detect_plaintext, read_plaintext, "hand")
)
register(
    Adapter("wos_tabdelim", "Web of Science tab-delimited", detect_tabdelim, read_tabdelim, "csv")
)
