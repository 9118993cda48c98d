"""The other shapes NCBI serves a PubmedArticle in, for the fake E-utilities server.

- :func:`medline_text`: ``efetch rettype=medline retmode=text`` (the layout of the
  recorded ``medline_pubmed_result*.txt``: ``TAG - value``, tags padded to four
  characters, values wrapped with six-space continuation lines, ``SO`` last);
- :func:`docsum`: ``esummary`` version 1.0 (the layout of Biopython's recorded
  ``esummary1.xml``: ``<DocSum>`` with typed ``<Item>`` elements);
- :func:`esearch_json`: ``esearch retmode=json`` (values are strings, as NCBI sends).
"""

from __future__ import annotations

import calendar
import json
import textwrap
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

ESUMMARY_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSummaryResult PUBLIC '
    b'"-//NLM//DTD esummary v1 20041029//EN" '
    b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20041029/esummary-v1.dtd">\n'
)
_MONTHS = {name: number for number, name in enumerate(calendar.month_abbr) if name}


def _text(element: ET.Element | None) -> str:
    return "" if element is None else " ".join("".join(element.itertext()).split())


def _line(tag: str, value: str) -> list[str]:
    """One field as MEDLINE writes it: wrapped to 88 columns, continuations indented."""
    lines = textwrap.wrap(value, width=82, break_long_words=False, break_on_hyphens=False)
    if not lines:
        return [f"{tag:<4}- "]
    return [f"{tag:<4}- {lines[0]}"] + [f"      {line}" for line in lines[1:]]


def _date(element: ET.Element | None, sep: str = "") -> str:
    """YYYYMMDD (or YYYY/MM/DD with ``sep="/"``) of a Year/Month/Day element."""
    if element is None:
        return ""
    year, month, day = (_text(element.find(k)) for k in ("Year", "Month", "Day"))
    if month and not month.isdigit():
        month = str(_MONTHS.get(month[:3], 1))
    return sep.join([year] + [part.zfill(2) for part in (month, day) if part])


def _pub_date(journal: ET.Element | None) -> str:
    date = journal.find("JournalIssue/PubDate") if journal is not None else None
    if date is None:
        return ""
    medline = _text(date.find("MedlineDate"))
    if medline:
        return medline
    return " ".join(p for p in (_text(date.find(k)) for k in ("Year", "Month", "Day")) if p)


def _history(article: ET.Element, status: str) -> str:
    for date in article.findall("PubmedData/History/PubMedPubDate"):
        if date.get("PubStatus") == status:
            stamp = _date(date, "/")
            hour, minute = _text(date.find("Hour")) or "00", _text(date.find("Minute")) or "00"
            return f"{stamp} {hour.zfill(2)}:{minute.zfill(2)}"
    return ""


def _ids(article: ET.Element) -> list[tuple[str, str]]:
    return [
        (item.get("IdType", ""), _text(item))
        for item in article.findall("PubmedData/ArticleIdList/ArticleId")
    ]


def medline_text(block: bytes) -> str:
    """One PubmedArticle as a MEDLINE record (without the blank line around it)."""
    node = ET.fromstring(block)
    citation = node.find("MedlineCitation")
    assert citation is not None
    art = citation.find("Article")
    journal = art.find("Journal") if art is not None else None
    info = citation.find("MedlineJournalInfo")
    out: list[str] = []

    def add(tag: str, value: str) -> None:
        if value:
            out.extend(_line(tag, value))

    add("PMID", _text(citation.find("PMID")))
    add("OWN", citation.get("Owner", ""))
    add("STAT", citation.get("Status", ""))
    add("DCOM", _date(citation.find("DateCompleted")))
    add("LR", _date(citation.find("DateRevised")))
    if journal is not None:
        for issn in journal.findall("ISSN"):
            add("IS", f"{_text(issn)} ({issn.get('IssnType', 'Print')})")
    if info is not None and _text(info.find("ISSNLinking")):
        add("IS", f"{_text(info.find('ISSNLinking'))} (Linking)")
    issue = journal.find("JournalIssue") if journal is not None else None
    add("VI", _text(issue.find("Volume")) if issue is not None else "")
    add("IP", _text(issue.find("Issue")) if issue is not None else "")
    add("DP", _pub_date(journal))
    add("TI", _text(art.find("ArticleTitle")) if art is not None else "")
    add("PG", _text(art.find("Pagination/MedlinePgn")) if art is not None else "")
    locations = art.findall("ELocationID") if art is not None else []
    for location in locations:
        add("LID", f"{_text(location)} [{location.get('EIdType', '')}]")
    if art is not None:
        parts = []
        for section in art.findall("Abstract/AbstractText"):
            label = section.get("Label")
            parts.append(f"{label}: {_text(section)}" if label else _text(section))
        add("AB", " ".join(parts))
        for author in art.findall("AuthorList/Author"):
            last, fore = _text(author.find("LastName")), _text(author.find("ForeName"))
            initials = _text(author.find("Initials"))
            collective = _text(author.find("CollectiveName"))
            if last:
                add("FAU", f"{last}, {fore}" if fore else last)
                add("AU", f"{last} {initials}".strip())
                for affiliation in author.findall("AffiliationInfo/Affiliation"):
                    add("AD", _text(affiliation))
            elif collective:
                add("CN", collective)
        for language in art.findall("Language"):
            add("LA", _text(language))
        for kind in art.findall("PublicationTypeList/PublicationType"):
            add("PT", _text(kind))
        for date in art.findall("ArticleDate"):
            add("DEP", _date(date))
    if info is not None:
        add("PL", _text(info.find("Country")))
        add("TA", _text(info.find("MedlineTA")))
    add("JT", _text(journal.find("Title")) if journal is not None else "")
    if info is not None:
        add("JID", _text(info.find("NlmUniqueID")))
    for subset in citation.findall("CitationSubset"):
        add("SB", _text(subset))
    for heading in citation.findall("MeshHeadingList/MeshHeading"):
        descriptor = heading.find("DescriptorName")
        term = "*" if descriptor is not None and descriptor.get("MajorTopicYN") == "Y" else ""
        term += _text(descriptor)
        for qualifier in heading.findall("QualifierName"):
            star = "*" if qualifier.get("MajorTopicYN") == "Y" else ""
            term += f"/{star}{_text(qualifier)}"
        add("MH", term)
    for keyword in citation.findall("KeywordList/Keyword"):
        add("OT", _text(keyword))
    add("EDAT", _history(node, "entrez") or _history(node, "pubmed"))
    add("MHDA", _history(node, "medline"))
    add("CRDT", _history(node, "entrez"))
    for kind, value in _ids(node):
        if kind not in ("pubmed", "pmc", "mid"):
            add("AID", f"{value} [{kind}]")
    add("PST", _text(node.find("PubmedData/PublicationStatus")))
    # SO comes last in every PubMed record: "TA. DP;VI(IP):PG. doi: ..."
    source = f"{_text(info.find('MedlineTA')) if info is not None else ''}. {_pub_date(journal)}"
    volume = _text(issue.find("Volume")) if issue is not None else ""
    number = _text(issue.find("Issue")) if issue is not None else ""
    pages = _text(art.find("Pagination/MedlinePgn")) if art is not None else ""
    if volume:
        source += f";{volume}"
    if number:
        source += f"({number})"
    if pages:
        source += f":{pages}"
    source += "."
    doi = next((value for kind, value in _ids(node) if kind == "doi"), "")
    if doi:
        source += f" doi: {doi}."
    add("SO", source)
    return "\n".join(out) + "\n"


def _item(name: str, kind: str, value: str, indent: str = "\t") -> str:
    return f'{indent}<Item Name="{name}" Type="{kind}">{escape(value)}</Item>\n'


def _list(name: str, items: list[tuple[str, str, str]]) -> str:
    if not items:
        return f'\t<Item Name="{name}" Type="List"></Item>\n'
    inner = "".join(_item(n, k, v, "\t\t") for n, k, v in items)
    return f'\t<Item Name="{name}" Type="List">\n{inner}\t</Item>\n'


def docsum(block: bytes) -> str:
    """One PubmedArticle as an esummary version 1.0 ``<DocSum>``."""
    node = ET.fromstring(block)
    citation = node.find("MedlineCitation")
    assert citation is not None
    art = citation.find("Article")
    journal = art.find("Journal") if art is not None else None
    info = citation.find("MedlineJournalInfo")
    issue = journal.find("JournalIssue") if journal is not None else None
    pmid = _text(citation.find("PMID"))
    authors = []
    for author in art.findall("AuthorList/Author") if art is not None else []:
        last = _text(author.find("LastName"))
        name = f"{last} {_text(author.find('Initials'))}".strip() if last else ""
        authors.append(("Author", "String", name or _text(author.find("CollectiveName"))))
    languages = {"eng": "English", "fre": "French", "ger": "German", "spa": "Spanish"}
    date = _pub_date(journal)
    volume = _text(issue.find("Volume")) if issue is not None else ""
    number = _text(issue.find("Issue")) if issue is not None else ""
    pages = _text(art.find("Pagination/MedlinePgn")) if art is not None else ""
    ids = _ids(node)
    doi = next((value for kind, value in ids if kind == "doi"), "")
    issns = (
        {i.get("IssnType", ""): _text(i) for i in journal.findall("ISSN")}
        if journal is not None
        else {}
    )
    source = date + (f";{volume}" if volume else "") + (f"({number})" if number else "")
    source += f":{pages}" if pages else ""
    history = [
        (d.get("PubStatus", ""), "Date", _history(node, d.get("PubStatus", "")))
        for d in node.findall("PubmedData/History/PubMedPubDate")
    ]
    return (
        "<DocSum>\n"
        f"\t<Id>{pmid}</Id>\n"
        + _item("PubDate", "Date", date)
        + _item("EPubDate", "Date", "")
        + _item("Source", "String", _text(info.find("MedlineTA")) if info is not None else "")
        + _list("AuthorList", authors)
        + _item("LastAuthor", "String", authors[-1][2] if authors else "")
        + _item("Title", "String", _text(art.find("ArticleTitle")) if art is not None else "")
        + _item("Volume", "String", volume)
        + _item("Issue", "String", number)
        + _item("Pages", "String", pages)
        + _list(
            "LangList",
            [
                ("Lang", "String", languages.get(_text(lang), _text(lang)))
                for lang in (art.findall("Language") if art is not None else [])
            ],
        )
        + _item(
            "NlmUniqueID", "String", _text(info.find("NlmUniqueID")) if info is not None else ""
        )
        + _item("ISSN", "String", issns.get("Print", ""))
        + _item("ESSN", "String", issns.get("Electronic", ""))
        + _list(
            "PubTypeList",
            [
                ("PubType", "String", _text(kind))
                for kind in (
                    art.findall("PublicationTypeList/PublicationType") if art is not None else []
                )
            ],
        )
        + _item("RecordStatus", "String", "PubMed - indexed for MEDLINE")
        + _item("PubStatus", "String", _text(node.find("PubmedData/PublicationStatus")))
        + _list("ArticleIds", [(kind, "String", value) for kind, value in ids])
        + (_item("DOI", "String", doi) if doi else "")
        + _list("History", history)
        + _list("References", [])
        + _item(
            "HasAbstract",
            "Integer",
            "1" if art is not None and art.find("Abstract") is not None else "0",
        )
        + _item("PmcRefCount", "Integer", "0")
        + _item(
            "FullJournalName", "String", _text(journal.find("Title")) if journal is not None else ""
        )
        + _item("ELocationID", "String", f"doi: {doi}" if doi else "")
        + _item("SO", "String", source)
        + "</DocSum>\n"
    )


def esearch_json(result: dict[str, object]) -> bytes:
    """esearch's JSON: the XML's fields in lower case, numbers as strings."""
    body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
    return json.dumps(body, indent=1).encode()
