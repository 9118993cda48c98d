"""Damaged files made from the real exports in ../shared/data/exports, as users make them.

- cut: an export cut inside record k (half way between its first line and the next
  record's, moved off a line end), for the first, a middle and the last record: a
  failed download. (A cut exactly at a line end of a format with no end line, whose
  records do not share a last field, leaves a file that looks whole: undetectable.)
- joined: two exports of different formats glued into one file, both orders;
- header: a CSV whose header row comes again part way down (two CSVs joined).

Each case knows how many records the damaged file holds (a record cut short
counts: it is in the file), so a test can check that the records read plus the
records reported as left out add up to it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from prisma.sources import read_file, read_file_with_warnings
from prisma.sources._text import decode
from tests.exports_manifest import EXCEPTIONS, manifest_rows


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    records: int  # records (whole or cut) in the damaged file
    kind: str  # "cut", "joined", "header"
    suffix: str = ".txt"


# Adapters whose files are joined pairwise (the smallest file of each with >= 2 records),
# and the family each belongs to: two files of one family glued together are one
# valid file of that family (RIS + RIS is RIS), so only different families are joined.
JOIN_ADAPTERS = {
    "ris": "ris",
    "scopus_ris": "ris",
    "pubmed_medline": "medline",
    "wos_plaintext": "wos",
    "wos_tabdelim": "wos_tab",
    "scopus_csv": "scopus_csv",
    "pop_csv": "pop_csv",
    "bib": "bib",
    "cochrane_txt": "cochrane",
    "enw": "enw",
    "pubmed_xml": "xml",
    "embase_csv": "embase",
}


def _usable(exports: Path) -> list[tuple[str, Path, str]]:
    """(MANIFEST format, path, decoded text) of every file read as whole records."""
    out = []
    for row in manifest_rows(exports):
        expect = EXCEPTIONS.get(row.path)
        if expect and (expect.refused or expect.adapter):
            continue
        if row.format in ("eutils_xml", "other"):
            continue
        path = exports / row.path
        text, _ = decode(path.read_bytes(), path)
        out.append((row.format, path, text))
    return out


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    find = text.find
    pos = find("\n")
    while pos >= 0:
        offsets.append(pos + 1)
        pos = find("\n", pos + 1)
    return offsets


def cut_cases(exports: Path) -> list[Case]:
    cases = []
    for fmt, path, text in _usable(exports):
        records = read_file(path, "s")
        lines = [r.line for r in records]
        if not lines or any(line is None for line in lines) or lines != sorted(lines):
            continue
        offsets = _line_offsets(text)
        starts = [offsets[line - 1] for line in lines]  # type: ignore[index]
        chosen = sorted({0, len(records) // 2, len(records) - 1})
        for k in chosen:
            begin = starts[k]
            end = starts[k + 1] if k + 1 < len(starts) else len(text.rstrip())
            if end - begin < 4:
                continue
            at = begin + (end - begin) // 2
            while at < end and text[at - 1] == "\n":
                at += 1  # a failed download stops anywhere; a cut at a line end is rare
            cut = text[:at]
            cases.append(
                Case(
                    f"cut-{fmt}-{path.stem[:40]}-record{k + 1}of{len(records)}",
                    cut.encode("utf-8"),
                    k + 1,
                    "cut",
                    path.suffix or ".txt",
                )
            )
    return cases


def joined_cases(exports: Path) -> list[Case]:
    picked: dict[str, tuple[str, int]] = {}
    for _, path, text in _usable(exports):
        result = read_file_with_warnings(path, "s")
        count = len(result.records)
        if result.fmt not in JOIN_ADAPTERS or count < 2:
            continue
        if result.fmt not in picked or len(text) < len(picked[result.fmt][0]):
            picked[result.fmt] = (text, count)
    cases = []
    names = sorted(picked)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            if JOIN_ADAPTERS[first] == JOIN_ADAPTERS[second]:
                continue
            for a, b in ((first, second), (second, first)):
                (text_a, n_a), (text_b, n_b) = picked[a], picked[b]
                glued = text_a.rstrip("\n") + "\n\n" + text_b
                cases.append(Case(f"joined-{a}+{b}", glued.encode("utf-8"), n_a + n_b, "joined"))
    return cases


def header_cases(exports: Path) -> list[Case]:
    """A CSV with its header again after the first third of its rows (two CSVs joined)."""
    cases = []
    for fmt, path, text in _usable(exports):
        if path.suffix.lower() not in (".csv", ".tsv") or fmt in ("embase_csv",):
            continue
        records = read_file(path, "s")
        if len(records) < 3 or any(r.line is None for r in records):
            continue
        offsets = _line_offsets(text)
        header_line = _header_line(text)
        if header_line is None:
            continue
        header = text[offsets[header_line - 1] : offsets[header_line]]
        k = len(records) // 3
        at = offsets[records[k].line - 1]  # type: ignore[operator]
        glued = text[:at] + header + text[at:]
        cases.append(
            Case(f"header-{fmt}-{path.stem[:40]}", glued.encode("utf-8"), len(records), "header")
        )
    return cases


def _header_line(text: str) -> int | None:
    """The 1-based line of the header row: the first line that parses as >= 3 cells."""
    for number, line in enumerate(text.split("\n")[:12], 1):
        delimiter = "\t" if line.count("\t") > line.count(",") else ","
        cells = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
        if len(cells) >= 3:
            return number
    return None


def all_cases(exports: Path) -> list[Case]:
    return cut_cases(exports) + joined_cases(exports) + header_cases(exports)
