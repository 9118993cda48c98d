"""A file's issue column read as a whole: record numbers where the issue belongs."""

from __future__ import annotations

from prisma.dedup import deduplicate
from prisma.dedup.normalise import numbered_issues, record_number_files
from prisma.records import Record


def _filler(n: int, issue_of, file: str = "endnote.ris") -> list[Record]:
    """n unrelated records (one per journal), the issue of the i-th given by issue_of(i)."""
    return [
        Record(
            id=f"x:{i}",
            source="x",
            file=file,
            title=f"Unrelated study number {i} on topic {i * 7919 % 1000}",
            authors=(f"Author{i}, A.",),
            year=2000 + i % 20,
            journal=f"Journal {i}",
            volume=str(1 + i % 40),
            issue=issue_of(i),
            pages=f"{i}-{i + 5}",
        )
        for i in range(n)
    ]


def test_running_record_numbers_are_found() -> None:
    records = _filler(80, lambda i: str(1000 + i))
    assert record_number_files(records) == frozenset({("x", "endnote.ris")})
    assert numbered_issues(records) == [True] * 80


def test_real_issue_columns_are_left_alone() -> None:
    # issues repeat
    assert record_number_files(_filler(80, lambda i: str(1 + i % 12))) == frozenset()
    # never repeating but thinly spread: a weekly journal's continuous numbering
    assert record_number_files(_filler(80, lambda i: str(8000 + 9 * i))) == frozenset()
    # too few numbers to tell
    assert record_number_files(_filler(30, lambda i: str(1000 + i))) == frozenset()
    assert numbered_issues(_filler(80, lambda i: str(1 + i % 12))) is None


def test_only_the_file_with_record_numbers_is_marked() -> None:
    numbered = _filler(60, lambda i: str(500 + i), file="a.ris")
    other = [r.with_(id=f"y:{r.id}", file="b.ris", issue="4") for r in numbered]
    assert numbered_issues(numbered + other) == [True] * 60 + [False] * 60


def test_one_article_with_two_record_numbers_merges() -> None:
    filler = _filler(60, lambda i: str(100 + i))
    article = Record(
        id="x:a",
        source="x",
        file="endnote.ris",
        title="Pleurodesis with autologous blood for persistent air leak after lobectomy: "
        "initial results",
        authors=("Blanco, I.", "Canto, H."),
        year=1996,
        journal="Archivos de Bronconeumologia",
        volume="32",
        issue="160",
        pages="230-236",
    )
    # the same article from another database in the same library: no authors, no pages,
    # and the next record number
    other = article.with_(id="x:b", authors=(), pages="", issue="161")
    result = deduplicate([*filler, article, other], method="rules", options={"progress": False})
    assert ("x:a", "x:b") in result.clusters
    # read alone, the two record numbers are two issues of the volume
    alone = deduplicate([article, other], method="rules", options={"progress": False})
    assert ("x:a", "x:b") not in alone.clusters


def test_reworded_title_at_one_page_range_across_record_numbers() -> None:
    """A translated title at one page range of one volume by the whole author list: the
    record numbers, read as no issue, do not stand in the way."""
    filler = _filler(60, lambda i: str(100 + i))
    french = Record(
        id="x:fr",
        source="x",
        file="endnote.ris",
        title="[Comparaison de deux antibioprophylaxies en chirurgie pulmonaire]",
        authors=("Train, M.", "Soulard, D.", "Bouyer, L."),
        year=1994,
        journal="Ann Fr Anesth Reanim",
        volume="13",
        issue="160",
        pages="280-284",
    )
    english = french.with_(
        id="x:en",
        title="Two antibiotic prophylaxis regimens in lung surgery compared",
        journal="Annales Francaises d'Anesthesie et de Reanimation",
        issue="161",
    )
    result = deduplicate([*filler, french, english], method="rules", options={"progress": False})
    assert ("x:en", "x:fr") in result.clusters
    # one author alone is not the whole list that pins it
    alone = [french.with_(authors=("Train, M.",)), english.with_(authors=("Train, M.",))]
    result = deduplicate([*filler, *alone], method="rules", options={"progress": False})
    assert ("x:en", "x:fr") not in result.clusters
