"""Arbitrary bytes from the network or on disk: a checked answer or a known error, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from prisma.errors import ReviewError
from prisma.sources.eutils import Transient, WebEnvExpired, check_body
from prisma.sources.pubmed import _records_from_snapshot

FRAGMENTS = [
    b'<?xml version="1.0" ?>\n',
    b'<?xml version="1.0" encoding="bogus"?>',
    b"<!DOCTYPE PubmedArticleSet>\n",
    b"<PubmedArticleSet>",
    b"</PubmedArticleSet>",
    b"<PubmedArticle>",
    b"</PubmedArticle>",
    b"<MedlineCitation>",
    b"</MedlineCitation>",
    b"<PMID>12</PMID>",
    b"<Article><ArticleTitle>t</ArticleTitle></Article>",
    b"<eFetchResult><ERROR>",
    b"</ERROR></eFetchResult>",
    b"<html>",
    b"{",
    b"&amp;",
    b"&bogus;",
    b"\xff\xfe",
]
bodies = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=8), max_size=12).map(b"".join),
)


@settings(max_examples=200, deadline=None)
@given(bodies, st.sampled_from(["efetch", "esearch", "epost", "einfo"]))
def test_check_body_accepts_or_names_the_problem(body: bytes, tool: str) -> None:
    try:
        reply = check_body(tool, body)
    except (Transient, WebEnvExpired, ReviewError):
        return
    assert reply.body == body


@settings(max_examples=200, deadline=None)
@given(bodies)
def test_saved_file_reader_returns_records_or_a_review_error(body: bytes) -> None:
    try:
        records = list(_records_from_snapshot(body, Path("x.xml"), "pubmed"))
    except ReviewError:
        return
    assert all(r.id.startswith("pubmed:") for r in records)
