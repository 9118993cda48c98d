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
from prisma.sources._build import build, map_fields
from prisma.sources._tagged import TaggedFormat, read_lines
from prisma.sources._text import read_text, sample_text, xml_events

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


def _xml_record(record: ET.Element, source: str, path: Path, line: int | None) -> Record:
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
    return build(fields, source=source, path=path, line=line, authors=authors, keywords=keywords)


def read_xml(path: Path, source: str) -> Iterator[Record]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
    lines = []
    line, pos = 1, 0
    for match in re.finditer(rb"<record>", data):
        line += data.count(b"\n", pos, match.start())
        pos = match.start()
        lines.append(line)
    found = 0
    root = None
    # End events only (a <record> never nests): half the Python work of start+end.
    for _, element in xml_events(data, path, ("end",)):
        root = element
        if element.tag == "record":
            yield _xml_record(element, source, path, lines[found] if found < len(lines) else None)
            found += 1
            element.clear()  # free what has been read
    if root is None or root.tag != "xml":
        raise ReviewError(
            f"expected EndNote XML (<xml><records>), found <{getattr(root, 'tag', '?')}>",
            file=path,
            line=1,
            kind="parse",
            hint="export from EndNote, Zotero or Mendeley as EndNote XML",
        )
    if not found:
        raise ReviewError(
            "no EndNote <record> elements found",
            file=path,
            line=1,
            kind="parse",
            hint="expected <xml><records><record>...",
        )


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
_ENW_TAG = re.compile(r"(%[0-9A-Z@!#$&()*+^~>\[\]|?])(?:\s|$)")


ENW_FORMAT = TaggedFormat(
    family="enw",
    tag=_ENW_TAG,
    head=3,
    blank_ends=True,
    expected="EndNote tags such as '%0 Journal Article', '%T title'",
    not_this="this is not an EndNote tagged (.enw) file",
)


def read_enw(path: Path, source: str) -> Iterator[Record]:
    for tags, line in read_lines(ENW_FORMAT, read_text(path), path):
        yield build(
            map_fields(tags, ENW_FIELDS),
            source=source,
            path=path,
            line=line,
            authors=tags.get("%A", []),
            keywords=tags.get("%K", []),
        )


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
