"""EndNote XML (also written by Zotero and Mendeley) and EndNote tagged ``.enw``.

EndNote XML wraps text in ``<style>`` elements, so every value is read with its
inner text. Tagged files (``%T title``) separate records by blank lines; a record
may start with any tag (AIS eLibrary starts with ``%T``, not ``%0``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import Adapter, register
from prisma.sources._build import build
from prisma.sources._text import read_text, sample_text

# Record field -> paths inside <record>, first non-empty wins.
XML_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("titles/title",),
    "journal": ("titles/secondary-title", "periodical/full-title", "titles/alt-title"),
    "year": ("dates/year", "dates/pub-dates/date"),
    "volume": ("volume",),
    "issue": ("number", "issue"),
    "pages": ("pages",),
    "abstract": ("abstract",),
    "doi": ("electronic-resource-num",),
    "url": ("urls/related-urls/url", "urls/web-urls/url"),
    "language": ("language",),
    "issn": ("isbn",),
    "publisher": ("publisher",),
}


def _text(element: ET.Element | None) -> str:
    return "" if element is None else " ".join("".join(element.itertext()).split())


def read_xml(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ReviewError(
            f"not well-formed XML: {exc}",
            file=path,
            line=exc.position[0] if exc.position else None,
            kind="parse",
            hint="the file may be cut short; export it again",
        ) from exc
    records = root.findall("records/record") if root.tag == "xml" else []
    if not records:
        raise ReviewError(
            "no EndNote <record> elements found",
            file=path,
            line=1,
            kind="parse",
            hint="expected <xml><records><record>...",
        )
    offsets = [m.start() for m in re.finditer(r"<record>", text)]
    lines = (
        [text.count("\n", 0, o) + 1 for o in offsets]
        if len(offsets) == len(records)
        else [None] * len(records)
    )
    for record, line in zip(records, lines, strict=True):
        fields: dict[str, object] = {}
        for name, paths in XML_FIELDS.items():
            for where in paths:
                value = _text(record.find(where))
                if value:
                    fields[name] = value
                    break
        ref_type = record.find("ref-type")
        fields["type"] = ref_type.get("name", "") if ref_type is not None else ""
        authors = [_text(a) for a in record.findall("contributors/authors/author")]
        keywords = [_text(k) for k in record.findall("keywords/keyword")]
        yield build(fields, source=source, path=path, line=line, authors=authors, keywords=keywords)


def detect_xml(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)[:2000]
    if re.search(r"<xml>\s*<records>\s*<record>", text):
        return 0.9, "EndNote XML (<xml><records><record>)"
    return 0.0, ""


# --- tagged (.enw) --------------------------------------------------------------------

ENW_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("%T",),
    "journal": ("%J", "%B"),
    "year": ("%D",),
    "volume": ("%V",),
    "issue": ("%N",),
    "pages": ("%P",),
    "abstract": ("%X",),
    "doi": ("%R",),
    "url": ("%U",),
    "language": ("%G",),
    "type": ("%0",),
    "issn": ("%@",),
    "publisher": ("%I",),
}
_ENW_TAG = re.compile(r"^%[0-9A-Z@!#$&()*+^~>\[\]|?]\s")


def read_enw(path: Path, source: str) -> Iterator[Record]:
    text = read_text(path)
    tags: dict[str, list[str]] = {}
    start = 0
    last = ""
    found = 0

    def flush() -> Record:
        fields = {
            name: next((tags[t][0] for t in keys if tags.get(t)), "")
            for name, keys in ENW_FIELDS.items()
        }
        return build(
            fields,
            source=source,
            path=path,
            line=start,
            authors=tags.get("%A", []),
            keywords=tags.get("%K", []),
        )

    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            if tags:
                found += 1
                yield flush()
                tags = {}
                last = ""
            continue
        if _ENW_TAG.match(line):
            if not tags:
                start = number
            last = line[:2]
            tags.setdefault(last, []).append(line[3:].strip())
        elif last:
            tags[last][-1] += " " + line.strip()
        else:
            raise ReviewError(
                f"expected an EndNote tag such as '%T ', found {line[:20]!r}",
                file=path,
                line=number,
                kind="parse",
                hint="this is not an EndNote tagged (.enw) file",
            )
    if tags:
        found += 1
        yield flush()
    if not found:
        raise ReviewError("no EndNote tagged record found", file=path, line=1, kind="parse")


def detect_enw(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)
    lines = [line for line in text.split("\n")[:200] if line.strip()]
    tagged = sum(1 for line in lines if _ENW_TAG.match(line))
    if (
        lines
        and _ENW_TAG.match(lines[0])
        and re.search(r"^%[TA] ", text, re.MULTILINE)
        and tagged >= 0.5 * len(lines)
    ):
        return 0.85, "EndNote tagged lines ('%0 Journal Article', '%T title', '%A author')"
    return 0.0, ""


register(
    Adapter(
        "endnote_xml",
        "EndNote XML (EndNote, Zotero, Mendeley)",
        detect_xml,
        read_xml,
        "ElementTree",
    )
)
register(
    Adapter(
        "enw", "EndNote tagged (.enw; Google Scholar, AIS eLibrary)", detect_enw, read_enw, "hand"
    )
)
