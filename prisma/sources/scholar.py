"""Publish or Perish JSON (Google Scholar results saved as a JSON list of objects)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import Adapter, register
from prisma.sources._build import build, pages, split_authors
from prisma.sources._text import read_text, sample_text

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "year": ("year",),
    "journal": ("source",),
    "volume": ("volume",),
    "issue": ("issue",),
    "abstract": ("abstract",),
    "doi": ("doi",),
    "url": ("article_url",),
    "type": ("type",),
    "issn": ("issn",),
    "publisher": ("publisher",),
}


def read(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewError(
            f"not valid JSON: {exc.msg}",
            file=path,
            line=exc.lineno,
            kind="parse",
            hint="the file may be cut short; save it again",
        ) from exc
    if isinstance(data, dict):
        data = data.get("results") or data.get("items") or [data]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ReviewError(
            "expected a JSON list of objects",
            file=path,
            line=1,
            kind="parse",
            hint="save the results from Publish or Perish as JSON",
        )
    starts = [
        text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"^\s*\{", text, re.MULTILINE)
    ]
    if len(starts) != len(data):
        starts = [None] * len(data)  # type: ignore[list-item]  # no line numbers: the items could not be matched to lines
    for item, line in zip(data, starts, strict=True):
        fields = {name: str(item.get(keys[0]) or "") for name, keys in FIELDS.items()}
        fields["pages"] = pages(item.get("startpage"), item.get("endpage"))
        authors = item.get("authors") or ""
        names = authors if isinstance(authors, list) else split_authors(str(authors))
        yield build(
            fields,
            source=source,
            path=path,
            line=line,
            authors=names,
            native_id="",
            scholar=True,
            extra=(("uid", str(item.get("uid") or "")),),
        )


def detect(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample).lstrip()
    if (
        text.startswith("[")
        and re.search(r'"(?:cites_url|article_url|GSRank|rank)"', text)
        and '"title"' in text
    ):
        return 0.9, "JSON list with Publish or Perish keys (title, cites_url, article_url)"
    return 0.0, ""


register(Adapter("pop_json", "Publish or Perish JSON (Google Scholar)", detect, read, "json"))
