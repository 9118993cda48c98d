"""PubMed XML (``PubmedArticleSet``: efetch output and PubMed's XML export).

:func:`parse_pubmed_xml` is the one parser for PubMed XML, shared by the file
adapter and the live search's saved snapshots. A plain ElementTree walk, because
the details matter: the PMID is ``MedlineCitation/PMID`` (the reference list has
PMIDs too), titles and abstracts keep the text inside inline markup (``<i>``,
MathML), labelled abstract sections are kept whole as ``LABEL: text``, the DOI
comes from ``PubmedData/ArticleIdList`` or ``ELocationID`` (never a reference),
and ``MedlineDate`` years are free text ("1998 Dec-1999 Jan").
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record, parse_year
from prisma.sources import Adapter, register
from prisma.sources._build import build, doi_from
from prisma.sources._text import sample_text, warn, xml_events

_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")
RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle")
# The root element's name, past a BOM, the XML declaration, comments and the DOCTYPE.
_ROOT = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*"
    rb"<([A-Za-z_][\w:.-]*)",
    re.DOTALL,
)


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _abstract(parent: ET.Element | None) -> str:
    if parent is None:
        return ""
    parts = []
    for section in parent.findall("Abstract/AbstractText"):
        text = _text(section)
        label = (section.get("Label") or "").strip()
        if label and text:
            parts.append(f"{label}: {text}")
        elif text:
            parts.append(text)
    return " ".join(parts)


def _authors(parent: ET.Element | None) -> list[str]:
    if parent is None:
        return []
    names = []
    for list_ in parent.findall("AuthorList"):
        if list_.get("Type", "authors") != "authors":
            continue  # editors of a book
        for author in list_.findall("Author"):
            collective = _text(author.find("CollectiveName"))
            last = _text(author.find("LastName"))
            initials = _text(author.find("Initials")) or _text(author.find("ForeName"))
            if last:
                names.append(f"{last} {initials}".strip())
            elif collective:
                names.append(collective)
    return names


def _year(*dates: ET.Element | None) -> int | None:
    for date in dates:
        if date is None:
            continue
        year = parse_year(_text(date.find("Year"))) or parse_year(_text(date.find("MedlineDate")))
        if year:
            return year
    return None


def _doi(ids: ET.Element | None, article: ET.Element | None) -> str:
    if ids is not None:
        for item in ids.findall("ArticleId"):
            if item.get("IdType") == "doi":
                doi = doi_from(_text(item))
                if doi:
                    return doi
    if article is not None:
        for item in article.findall("ELocationID"):
            if item.get("EIdType") == "doi":
                doi = doi_from(_text(item))
                if doi:
                    return doi
    return ""


def _article(node: ET.Element, source: str, path: Path, line: int | None) -> Record:
    citation = node.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    pmid = _text(citation.find("PMID")) if citation is not None else ""
    journal = article.find("Journal") if article is not None else None
    issue = journal.find("JournalIssue") if journal is not None else None
    fields: dict[str, object] = {
        "title": _text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle"))
        if article is not None
        else "",
        "abstract": _abstract(article),
        "journal": _text(journal.find("Title")) if journal is not None else "",
        "volume": _text(issue.find("Volume")) if issue is not None else "",
        "issue": _text(issue.find("Issue")) if issue is not None else "",
        "pages": _text(article.find("Pagination/MedlinePgn")) if article is not None else "",
        "issn": _text(journal.find("ISSN")) if journal is not None else "",
        "language": _text(article.find("Language")) if article is not None else "",
        "type": _text(article.find("PublicationTypeList/PublicationType"))
        if article is not None
        else "",
        "pmid": pmid,
        "doi": _doi(node.find("PubmedData/ArticleIdList"), article),
    }
    year = _year(
        issue.find("PubDate") if issue is not None else None,
        article.find("ArticleDate") if article is not None else None,
    )
    fields["year"] = str(year) if year else ""
    keywords = (
        [_text(k) for k in citation.findall("KeywordList/Keyword")] if citation is not None else []
    )
    if not pmid:
        raise ReviewError(
            "a PubmedArticle has no MedlineCitation/PMID",
            file=path,
            line=line,
            kind="parse",
            hint="the XML is not a complete PubMed record",
        )
    return build(
        fields,
        source=source,
        path=path,
        line=line,
        native_id=pmid,
        authors=_authors(article),
        keywords=keywords,
    )


def _book(node: ET.Element, source: str, path: Path, line: int | None) -> Record:
    document = node.find("BookDocument")
    if document is None:
        raise ReviewError(
            "a PubmedBookArticle has no BookDocument",
            file=path,
            line=line,
            kind="parse",
            hint="the XML is not a complete PubMed record",
        )
    book = document.find("Book")
    pmid = _text(document.find("PMID"))
    title = _text(document.find("ArticleTitle")) or (
        _text(book.find("BookTitle")) if book is not None else ""
    )
    fields: dict[str, object] = {
        "title": title,
        "abstract": _abstract(document),
        "journal": _text(book.find("BookTitle"))
        if book is not None and document.find("ArticleTitle") is not None
        else "",
        "publisher": _text(book.find("Publisher/PublisherName")) if book is not None else "",
        "language": _text(document.find("Language")),
        "type": _text(document.find("PublicationType")) or "Book",
        "pmid": pmid,
        "doi": _doi(node.find("PubmedBookData/ArticleIdList"), document),
    }
    year = _year(book.find("PubDate") if book is not None else None)
    fields["year"] = str(year) if year else ""
    authors = _authors(document) or _authors(book)
    if not pmid:
        raise ReviewError(
            "a PubmedBookArticle has no BookDocument/PMID",
            file=path,
            line=line,
            kind="parse",
            hint="the XML is not a complete PubMed record",
        )
    return build(
        fields,
        source=source,
        path=path,
        line=line,
        native_id=pmid,
        authors=authors,
        keywords=[_text(k) for k in document.findall("KeywordList/Keyword")],
    )


def _lines(data: bytes) -> list[int]:
    out = []
    line = 1
    pos = 0
    for match in _START.finditer(data):
        line += data.count(b"\n", pos, match.start())
        pos = match.start()
        out.append(line)
    return out


def parse_pubmed_xml(data: bytes, path: str | Path, source: str) -> Iterator[Record]:
    """Every PubmedArticle and PubmedBookArticle of a ``PubmedArticleSet``, in order.

    ``DeleteCitation`` PMIDs are reported as a warning (see ``read_file_with_warnings``).
    Anything that is not a PubmedArticleSet, or is not well-formed, is a ReviewError.
    """
    path = Path(path)
    root = _ROOT.match(data)
    if root and root.group(1) not in (b"PubmedArticleSet", b"PubmedBookArticleSet"):
        raise ReviewError(
            f"expected a PubmedArticleSet, found <{root.group(1).decode(errors='replace')}>",
            file=path,
            line=1,
            kind="parse",
            hint="save PubMed results with Send to > File > XML, or efetch with "
            "db=pubmed&retmode=xml",
        )
    lines: list[int] = _lines(data)
    number = 0
    deleted: list[str] = []
    # End events only: records are never nested, and half the events is half the
    # Python-level work on a file of 100,000 articles.
    element = None
    for _, element in xml_events(data, path, ("end",)):
        tag = element.tag
        if tag in RECORD_TAGS:
            line = lines[number] if number < len(lines) else None
            number += 1
            if tag == "PubmedArticle":
                yield _article(element, source, path, line)
            else:
                yield _book(element, source, path, line)
            element.clear()  # free what has been read
        elif tag == "DeleteCitation":
            deleted += [_text(p) for p in element.findall("PMID")]
    # The last element to end is the root: check it even when the quick look could not.
    if element is None or element.tag not in ("PubmedArticleSet", "PubmedBookArticleSet"):
        found = "no element" if element is None else f"<{element.tag}>"
        raise ReviewError(
            f"expected a PubmedArticleSet, found {found}",
            file=path,
            line=1,
            kind="parse",
            hint="save PubMed results with Send to > File > XML, or efetch with "
            "db=pubmed&retmode=xml",
        )
    if deleted:
        warn(
            f"{len(deleted)} DeleteCitation PMID(s) (withdrawn by PubMed): " + ", ".join(deleted),
            path,
        )


def read(path: Path, source: str) -> Iterator[Record]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
    if not data.strip():
        raise ReviewError(
            "the file is empty",
            file=path,
            kind="parse",
            hint="export the records again; an empty export holds no records",
        )
    return parse_pubmed_xml(data, path, source)


def detect(sample: bytes, path: Path) -> tuple[float, str]:
    text = sample_text(sample)[:4000]
    match = re.search(r"<(PubmedArticleSet|PubmedBookArticleSet)[\s>]", text)
    if match:
        return 0.95, f"XML with a <{match.group(1)}> root"
    if re.search(
        r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE[^>]*>\s*)?<(?:PubmedArticle|"
        r"PubmedBookArticle)[\s>]",
        text,
    ):
        return 0.5, "XML starting with <PubmedArticle> (no PubmedArticleSet around it)"
    return 0.0, ""


register(Adapter("pubmed_xml", "PubMed XML (PubmedArticleSet)", detect, read, "ElementTree"))
