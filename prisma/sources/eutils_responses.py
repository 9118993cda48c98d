"""E-utilities responses that are not records (esearch, einfo, epost, elink, esummary,
PMC JATS): recognised so the user is told what the file is and what to do instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import Adapter, register
from prisma.sources._text import sample_text

_ROOTS = {
    "eSearchResult": "an esearch result: PMIDs without the records",
    "eInfoResult": "an einfo result: database information, no records",
    "ePostResult": "an epost result: a WebEnv/QueryKey, no records",
    "eLinkResult": "an elink result: links between ids, no records",
    "eSummaryResult": "an esummary result: document summaries, not PubMed records",
    "eSpellResult": "an espell result: a spelling suggestion, no records",
    "pmc-articleset": "a PMC (JATS) article set, not PubMed records",
}
_ROOT = re.compile(r"<(" + "|".join(re.escape(r) for r in _ROOTS) + r")[\s>]")


def _kind(text: str) -> str:
    match = _ROOT.search(text[:4000])
    return match.group(1) if match else ""


def read(path: Path, source: str) -> Iterator[Record]:
    try:
        text = sample_text(path.read_bytes()[: 64 * 1024])
    except OSError as exc:
        raise ReviewError(f"cannot read file: {exc.strerror}", file=path, kind="parse") from exc
    kind = _kind(text)
    what = _ROOTS.get(kind, "not PubMed records")
    raise ReviewError(
        f"this file is {what}",
        file=path,
        line=1,
        kind="parse",
        hint="import PubMed records as PubmedArticleSet XML (efetch db=pubmed retmode=xml) "
        "or MEDLINE, or run `prisma-review search`",
    )


def detect(sample: bytes, path: Path) -> tuple[float, str]:
    kind = _kind(sample_text(sample))
    if kind:
        return 0.9, f"E-utilities <{kind}> response ({_ROOTS[kind]})"
    return 0.0, ""


register(
    Adapter(
        "eutils_xml",
        "E-utilities response without records (recognised, refused)",
        detect,
        read,
        "none",
    )
)
