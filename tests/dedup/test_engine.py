"""The engine end to end: blocking, clustering without chaining, merging, outputs, CLI,
review decisions, properties under Hypothesis, and the labelled set from ../shared."""

from __future__ import annotations

import csv
import itertools

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prisma.cli import cli
from prisma.dedup import PairDecision, deduplicate
from prisma.dedup.block import candidate_pairs
from prisma.dedup.cluster import Link, cluster
from prisma.dedup.io import read_review, run_dedup
from prisma.dedup.merge import merge_study, study_id
from prisma.dedup.normalise import record_keys
from prisma.dedup.rules import NO_RULE, Verdict
from prisma.errors import ReviewError
from prisma.records import Record
from prisma.sources import read_file
from tests.conftest import shared_path
from tests.dedup.pairs import verdict

# Five studies as different databases deliver them (modelled on the benchmark sets).
STUDIES = [
    dict(
        title="Targeting luteinizing hormone-releasing hormone: a potential therapeutics to "
        "treat cancer",
        authors=("Ghanghoria, R.", "Kesharwani, P.", "Tekade, R. K."),
        year=2018,
        journal=("J Control Release", "Journal of Controlled Release"),
        volume="269",
        pages=("277-301", "277-301"),
        doi="10.1016/j.jconrel.2016.11.002",
    ),
    dict(
        title="An update on regional brain volume differences associated with mood disorders",
        authors=("Campbell, S.", "MacQueen, G."),
        year=2006,
        journal=("Curr Opin Psychiatry", "Current Opinion in Psychiatry"),
        volume="19",
        pages=("25-33", "25-33"),
        doi="10.1097/01.yco.0000194371.47685.f2",
    ),
    dict(
        title="Long-term outcome of carotid stenting in older adults: Part 1",
        authors=("Brown, M. M.", "Rogers, J."),
        year=2012,
        journal=("Stroke", "Stroke"),
        volume="43",
        pages=("1001-9", "1001-1009"),
        doi="",
    ),
    dict(
        title="Long-term outcome of carotid stenting in older adults: Part 2",
        authors=("Brown, M. M.", "Rogers, J."),
        year=2012,
        journal=("Stroke", "Stroke"),
        volume="43",
        pages=("1010-8", "1010-1018"),
        doi="",
    ),
    dict(
        title="Erratum: Long-term outcome of carotid stenting in older adults: Part 1",
        authors=("Brown, M. M.", "Rogers, J."),
        year=2012,
        journal=("Stroke", "Stroke"),
        volume="43",
        pages=("2301", "2301"),
        doi="",
    ),
]


def variant(study: int, form: int, rid: str) -> Record:
    """One study as one database might deliver it (form picks casing, author style...)."""
    s = STUDIES[study]
    title = s["title"].upper() if form & 1 else s["title"]
    authors = s["authors"]
    if form & 2:  # glued, MEDLINE style: "Campbell SMacQueen G"
        authors = (
            "".join(a.replace(",", "").replace(".", "").replace(" ", " ", 1) for a in authors),
        )
    journal = s["journal"][(form >> 2) & 1]
    pages = s["pages"][(form >> 2) & 1]
    doi = s["doi"].upper() if s["doi"] and form & 8 else ""
    return Record(
        id=rid,
        source=rid.split(":")[0],
        title=title,
        authors=authors,
        year=s["year"],
        journal=journal,
        volume=s["volume"],
        pages=pages,
        doi=doi,
    )


def test_variants_of_one_study_merge_and_parts_stay_apart() -> None:
    records = [
        variant(study, form, f"db{form}:{study}")
        for study in range(len(STUDIES))
        for form in (0, 3, 5, 9, 15)
    ]
    result = deduplicate(records, method="rules", options={"progress": False})
    by_study = {
        frozenset(r.id for r in records if r.id.endswith(f":{s}")) for s in range(len(STUDIES))
    }
    assert {frozenset(c) for c in result.clusters} == by_study
    assert all(m.rule and m.detail for m in result.matches)


# --- blocking ------------------------------------------------------------------------------


def test_blocking_finds_pairs_through_another_key_and_never_all_pairs() -> None:
    a = Record(
        id="a",
        source="x",
        title="The Effect of aspirin on recurrent stroke in elderly "
        "patients with atrial fibrillation",
        authors=("Smith, J.",),
        year=2010,
        volume="41",
        pages="100-110",
    )
    # a different first word breaks the title-start key; the title end and page keys remain
    b = a.with_(
        id="b",
        title="Effect of aspirin on recurrent stroke in elderly patients with atrial fibrillation",
    )
    unrelated = [
        Record(
            id=f"u{i}",
            source="x",
            title=f"Unrelated topic number {i} on kidneys",
            year=2000 + i % 20,
            volume=str(i),
            pages=str(i * 7),
        )
        for i in range(300)
    ]
    keys = [record_keys(r) for r in [a, b, *unrelated]]
    pairs = candidate_pairs(keys)
    assert [0, 1] in pairs.tolist()
    assert len(pairs) < len(keys) * (len(keys) - 1) // 2 // 10


def test_blocking_pairs_one_place_whoever_the_export_says_wrote_it() -> None:
    """The first author turned round ('PrachiP.' for Patel-Predd, Prachi) and a section
    label before the title: only the place (volume, issue, first page) is shared; in
    proceedings without a volume, the year and page range."""
    spectrum = Record(
        id="a",
        source="x",
        title="The all-seeing employer",
        authors=("Patel-Predd, P.",),
        year=2009,
        journal="IEEE Spectrum",
        volume="46",
        issue="1",
        pages="23",
    )
    labelled = spectrum.with_(
        id="b", title="Careers: the all-seeing employer", authors=("PrachiP.",)
    )
    chi = Record(
        id="c",
        source="x",
        title="Infrastructure in the wild: what mapping in post-earthquake Nepal reveals",
        authors=("Soden, R.", "Palen, L."),
        year=2016,
        journal="Proceedings of the 2016 CHI Conference",
        pages="2796-2807",
    )
    turned = chi.with_(
        id="d", title="Mapping Nepal: infrastructure in the wild", authors=("Robert S",)
    )
    elsewhere = chi.with_(id="e", year=2017)  # the same pages a year later: not paired by them
    keys = [record_keys(r) for r in (spectrum, labelled, chi, turned, elsewhere)]
    pairs = candidate_pairs(keys).tolist()
    assert [0, 1] in pairs and [2, 3] in pairs
    assert [3, 4] not in pairs


def test_blocking_pairs_a_title_cut_before_its_24th_letter() -> None:
    """'Infrastructure in the Wild' (23 letters) and the full title share no title-start
    key, and the pages are unreadable on one side: the author, year and first twelve
    letters pair them (not a namesake's title of another year)."""
    full = Record(
        id="a",
        source="x",
        title="Infrastructure in the wild: what mapping in post-earthquake Nepal reveals",
        authors=("Soden, R.", "Palen, L."),
        year=2016,
        journal="Proceedings of the 2016 CHI Conference",
        pages="2796-2807",
    )
    cut = full.with_(id="b", title="Infrastructure in the Wild", pages="January")
    later = cut.with_(id="c", year=2018)
    keys = [record_keys(r) for r in (full, cut, later)]
    pairs = candidate_pairs(keys).tolist()
    assert [0, 1] in pairs
    assert [0, 2] not in pairs
    result = deduplicate([full, cut], method="rules", options={"progress": False})
    assert ("a", "b") in result.clusters


def test_blocking_pairs_versions_of_one_cochrane_review_whatever_their_titles() -> None:
    # a short title reworded in an update shares no title key; the review number does
    first = Record(
        id="a",
        source="x",
        title="Allergen immunotherapy for asthma",
        authors=("Abramson, M. J.", "Puy, R. M.", "Weiner, J. M."),
        year=2003,
        journal="Cochrane Database Syst Rev",
        issue="4",
        pages="CD001186",
    )
    update = first.with_(
        id="b",
        title="Injection allergen immunotherapy for asthma",
        year=2010,
        issue="8",
        doi="10.1002/14651858.CD001186.pub2",
    )
    other = first.with_(id="c", title="Allergen avoidance for asthma", pages="CD009999")
    keys = [record_keys(r) for r in (first, update, other)]
    assert candidate_pairs(keys).tolist() == [[0, 1]]
    result = deduplicate([first, update, other], method="rules", options={"progress": False})
    assert result.clusters == [("a", "b"), ("c",)]


def test_big_block_is_paired_by_neighbourhood_not_exhaustively() -> None:
    same_author_year = [
        Record(
            id=f"r{i:03}",
            source="x",
            title=f"Study {i:03} of wang cohort outcomes",
            authors=("Wang, L.",),
            year=2018,
            volume="1",
            pages="1",
        )
        for i in range(200)
    ]
    keys = [record_keys(r) for r in same_author_year]
    assert len(candidate_pairs(keys)) < 200 * 199 // 2 // 4


# --- clustering -------------------------------------------------------------------------------


def test_cluster_does_not_chain_through_a_weak_link() -> None:
    # 0~1 and 1~2 are links, but 0 and 2 are distinct: one of the links must not hold
    links = [Link(0, 1, 190.0, "r"), Link(1, 2, 150.0, "r")]
    verdicts = {(0, 1): Verdict.DUPLICATE, (1, 2): Verdict.DUPLICATE, (0, 2): Verdict.DISTINCT}
    result = cluster(3, links, lambda a, b: verdicts[(min(a, b), max(a, b))])
    assert sorted(result.groups) == [[0, 1], [2]]
    assert [(link.a, link.b) for link, _ in result.refused] == [(1, 2)]
    assert result.refused[0][1] in ((0, 2), (2, 0))


def test_cluster_keeps_a_component_whose_members_all_agree() -> None:
    links = [Link(0, 1, 190.0, "r"), Link(1, 2, 150.0, "r")]
    result = cluster(4, links, lambda a, b: Verdict.MAYBE)
    assert sorted(result.groups) == [[0, 1, 2], [3]]


def test_engine_sends_a_split_cluster_link_to_maybe() -> None:
    title = "Outcomes of robotic gait training in chronic stroke survivors: a randomised trial"
    a = Record(
        id="a:1",
        source="a",
        title=title,
        authors=("Lee, K.",),
        year=2015,
        journal="Stroke",
        volume="46",
        pages="100-108",
        doi="10.1161/strokeaha.1",
    )
    b = a.with_(id="b:1", doi="", volume="", pages="")  # matches a and c alike
    c = a.with_(id="c:1", doi="10.1161/strokeaha.2", volume="47", pages="200-208")
    result = deduplicate([a, b, c], method="rules", options={"progress": False})
    assert result.clusters in ([("a:1", "b:1"), ("c:1",)], [("a:1",), ("b:1", "c:1")])
    split = [m for m in result.maybe if m.rule.startswith("split_")]
    assert len(split) == 1 and "kept apart: a:1 vs c:1 (different_dois)" in split[0].detail


def test_a_pair_no_rule_can_read_does_not_split_a_study_but_a_veto_does() -> None:
    """One article from three exports. The clean record matches each messy one; the two
    messy ones cannot be read against each other (one turned the authors round and
    abbreviated the journal, the other put a country where the volume goes and lost the
    pages): no rule proves them one study, but nothing proves them two."""
    title = "Effect of antidepressants on the course of disability following stroke"
    clean = Record(
        id="a:1",
        source="a",
        title=title,
        authors=("Mikami, K.", "Jorge, R. E.", "Adams, H. P.", "Davis, P. H."),
        year=2011,
        journal="American Journal of Geriatric Psychiatry",
        volume="19",
        issue="12",
        pages="1007-1015",
    )
    turned = clean.with_(
        id="b:1",
        authors=("Katsunaka M Jorge RE AdamsHP,J Davis PH",),
        journal="Americ.Journ.Ger.Psych.",
        pages="Sep",
    )
    country = clean.with_(
        id="c:1",
        authors=("Mikami K Jorge RE Adams HP Davis PH",),
        journal="American journal of geriatric psychiatry (Germany)",
        volume="pp 1007-1015 2011",
        pages="",
        issue="",
    )
    assert verdict(turned, country) == (Verdict.DISTINCT, NO_RULE)
    result = deduplicate([clean, turned, country], method="rules", options={"progress": False})
    assert result.clusters == [("a:1", "b:1", "c:1")]

    # the erratum in the same shapes is kept apart by a veto, however it links
    erratum = country.with_(id="d:1", title="Erratum: " + title)
    result = deduplicate([clean, turned, erratum], method="rules", options={"progress": False})
    assert ("d:1",) in result.clusters


def test_a_translated_title_at_one_page_range_reaches_the_rules() -> None:
    """Titles in two languages share no words, so the title scores are under every floor;
    the engine still hands the pair to the rules when year, volume and page range agree,
    whatever the issue field holds (here a running record number)."""
    french = Record(
        id="a:1",
        source="a",
        title="Antibioprophylaxie en chirurgie pulmonaire: etude controlee en double aveugle",
        authors=("Train, M.", "Soulard, D.", "Bouyer, L."),
        year=1994,
        journal="Ann Fr Anesth Reanim",
        volume="13",
        issue="65",
        pages="280-284",
    )
    english = french.with_(
        id="b:1",
        title="[Comparison of amoxicillin and cefamandole in the prevention of bronchopulmonary "
        "infection after lung surgery]",
        journal="Annales Francaises d Anesthesie et de Reanimation",
        issue="266",
    )
    result = deduplicate([french, english], method="rules", options={"progress": False})
    assert result.clusters == [("a:1", "b:1")]
    assert result.matches[0].rule == "translated_title_same_location"
    # the volume unreadable on one side: year, issue and page range still hand it over
    # (rules.place_key leaves the volume out)
    same_issue = english.with_(issue="65", volume="pp 280-284 1994")
    result = deduplicate([french, same_issue], method="rules", options={"progress": False})
    assert result.clusters == [("a:1", "b:1")]
    assert result.matches[0].rule == "translated_title_same_location"


def test_a_pair_in_two_volumes_splits_a_group_whatever_links_it() -> None:
    """The book chapter of one title (volume 54) matches the article's messy export
    (volume unreadable) as well as the article matches it; the article and the chapter
    give two volumes: two publications, so the chapter stays out."""
    title = "Glioblastoma: risk factors, diagnosis and treatment options"
    article = Record(
        id="a:1",
        source="a",
        title=title,
        authors=("Moon, K. S.", "Lesniak, M. S."),
        year=2014,
        journal="International Journal of Cancer Research and Prevention",
        volume="7",
        issue="3",
        pages="183-212",
    )
    messy = article.with_(id="b:1", volume="pp 183-212 2014", journal="Internation Journ Canc Res")
    chapter = Record(
        id="c:1",
        source="c",
        title=title,
        authors=("Moon, K.", "Lesniak, M. S."),
        year=2014,
        volume="54",
        pages="Jan-30",
    )
    result = deduplicate([article, messy, chapter], method="rules", options={"progress": False})
    assert result.clusters == [("a:1", "b:1"), ("c:1",)]
    assert any(m.rule.startswith("split_") for m in result.maybe)


# --- merging -----------------------------------------------------------------------------------


def test_merge_takes_the_most_complete_fields_with_provenance() -> None:
    scholar = Record(
        id="scholar:1",
        source="scholar",
        title="Effect of aspirin on stroke",
        authors=("J Smith",),
        year=2010,
        truncated=frozenset({"title"}),
    )
    pubmed = Record(
        id="pubmed:9",
        source="pubmed",
        title="Effect of aspirin on stroke in elderly patients",
        authors=("Smith J",),
        year=2010,
        journal="Stroke",
        volume="41",
        pages="100-9",
        pmid="9",
    )
    crossref = Record(id="crossref:3", source="crossref", title="", year=2010, doi="10.1161/x")
    study = merge_study(
        [scholar, pubmed, crossref],
        order={"scholar:1": ("2024-01-01", "s"), "pubmed:9": ("2024-02-01", "p")},
    )
    assert study.id == "scholar:1"  # identified first
    assert study.representative == "pubmed:9"
    assert study.fields["title"] == "Effect of aspirin on stroke in elderly patients"
    assert study.fields["doi"] == "10.1161/x"
    assert study.sources == {"doi": "crossref:3"}
    assert study.members == ("scholar:1", "pubmed:9", "crossref:3")


def test_study_id_default_is_smallest_record_id() -> None:
    assert study_id(["wos:2", "pubmed:1", "scopus:3"]) == "pubmed:1"
    assert study_id(["wos:2", "pubmed:1"], {"wos:2": ("2023-01-01", "wos:2")}) == "wos:2"


# --- review decisions, outputs, CLI ------------------------------------------------------------


def _rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _two_maybe_records() -> list[Record]:
    a = Record(
        id="a:1",
        source="a",
        title="Perinatal asphyxia may present with features of "
        "neonatal atypical haemolytic uraemic syndrome",
        authors=("Biran, V.",),
        year=2007,
        journal="Pediatric Nephrology",
        volume="22",
        issue="9",
        pages="1514",
    )
    b = a.with_(
        id="b:1", source="b", journal="Pediatr Nephrol", volume="23", issue="12", pages="2129-2132"
    )
    return [a, b]


def test_review_decisions_join_and_separate() -> None:
    records = _two_maybe_records()
    plain = deduplicate(records, method="rules", options={"progress": False})
    assert len(plain.clusters) == 2 and len(plain.maybe) == 1
    same = deduplicate(
        records,
        method="rules",
        reviewed=[PairDecision("b:1", "a:1", True)],
        options={"progress": False},
    )
    assert same.clusters == [("a:1", "b:1")] and same.maybe == []
    assert same.matches[0].rule == "reviewed_same"
    variant_a = records[0].with_(volume="22", issue="9")
    apart = deduplicate(
        [variant_a, variant_a.with_(id="c:1")],
        method="rules",
        reviewed=[PairDecision("a:1", "c:1", False)],
        options={"progress": False},
    )
    assert len(apart.clusters) == 2


def test_outputs_written_deterministically_and_review_file_applied(tmp_path) -> None:
    records = _two_maybe_records()
    first = run_dedup(records, tmp_path / "one", options={"progress": False})
    assert first.maybe_pairs == 1
    maybe_rows = _rows(tmp_path / "one" / "maybe_duplicates.csv")
    assert (maybe_rows[0]["a"], maybe_rows[0]["b"]) == ("a:1", "b:1")
    review = tmp_path / "duplicates_review.csv"
    review.write_text(
        "a,b,decision,reviewer,note\na:1,b:1,same,AB,same abstract\n", encoding="utf-8"
    )
    second = run_dedup(records, tmp_path / "two", review_csv=review, options={"progress": False})
    assert (second.studies, second.reviewed, second.maybe_pairs) == (1, 1, 0)
    rows = _rows(tmp_path / "two" / "studies.csv")
    assert rows[0]["members"] == "a:1;b:1" and rows[0]["study_id"] == "a:1"
    again = run_dedup(records, tmp_path / "three", review_csv=review, options={"progress": False})
    for name in ("studies.csv", "duplicates.csv", "maybe_duplicates.csv"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "three" / name).read_bytes()
    assert again.outputs[0].name == "studies.csv"


def test_bad_review_rows_are_all_reported(tmp_path) -> None:
    review = tmp_path / "duplicates_review.csv"
    review.write_text(
        "a,b,decision,reviewer,note\na:1,b:1,smae,AB,\na:1,a:1,same,AB,\na:1,zz:9,different,AB,\n",
        encoding="utf-8",
    )
    with pytest.raises(ReviewError) as caught:
        read_review(review, known_ids={"a:1", "b:1"})
    text = str(caught.value)
    assert "3 bad row(s)" in text and "row 2" in text and "did you mean 'same'" in text
    assert "row 3" in text and "row 4" in text and "zz:9" in text
    missing = tmp_path / "other.csv"
    missing.write_text("a,b\nx,y\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="missing column"):
        read_review(missing)
    assert read_review(tmp_path / "absent.csv") == []


def test_unknown_conference_option_is_a_review_error() -> None:
    with pytest.raises(ReviewError, match="conference_abstracts"):
        deduplicate(
            _two_maybe_records(), method="rules", options={"conference_abstracts": "sometimes"}
        )


def test_cli_dedup_on_a_benchmark_csv(tmp_path) -> None:
    data = shared_path("dedup", "special_cases", "records_pre_merged.csv")
    result = CliRunner().invoke(cli, ["dedup", str(data), "--out", str(tmp_path), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "12 records -> 9 studies (3 duplicates removed" in result.output
    rows = _rows(tmp_path / "studies.csv")
    merged = sorted(r["members"] for r in rows if int(r["n_members"]) > 1)
    assert merged == [
        "records_pre_merged:id_0000001;records_pre_merged:id_0000002",
        "records_pre_merged:id_0000005;records_pre_merged:id_0000006",
        "records_pre_merged:id_0000007;records_pre_merged:id_0000011",
    ]
    duplicates = _rows(tmp_path / "duplicates.csv")
    assert len(duplicates) == 3 and all(d["rule"] and d["detail"] for d in duplicates)


def test_cli_bad_review_file_exits_2(tmp_path) -> None:
    data = shared_path("dedup", "special_cases", "records_pre_merged.csv")
    review = tmp_path / "r.csv"
    review.write_text("a,b,decision\nx,y,maybe\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["dedup", str(data), "--out", str(tmp_path / "o"), "--review", str(review)]
    )
    assert result.exit_code == 2
    assert "not one of same, different" in result.output


def test_bib_csv_adapter_reads_every_row_with_its_id() -> None:
    path = shared_path("dedup", "stroke", "records_pre_merged.csv")
    records = read_file(path, "stroke", "bib_csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        ids = [row["ID"] for row in csv.DictReader(handle)]
    assert [r.native_id for r in records] == ids
    assert records[0].id == f"stroke:{ids[0]}" and records[0].line == 2


def test_bib_csv_adapter_rejects_a_row_with_too_many_values(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        '"ID","ENTRYTYPE","title"\n"a","article","One"\n"b","article","Two",x\n', encoding="utf-8"
    )
    with pytest.raises(ReviewError) as caught:
        read_file(bad, "bad", "bib_csv")
    assert caught.value.line == 3


def test_labelled_set_precision_on_a_real_benchmark() -> None:
    """stroke (1,292 records): no false merge, and most labelled pairs found."""
    folder = shared_path("dedup", "stroke")
    records = read_file(folder / "records_pre_merged.csv", "s", "bib_csv")
    native = {r.id: r.native_id for r in records}
    result = deduplicate(records, method="rules", options={"progress": False})
    found = {
        tuple(sorted(p))
        for c in result.clusters
        for p in itertools.combinations([native[i] for i in c], 2)
    }
    truth = set()
    with open(folder / "merged_record_ids.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            truth |= set(itertools.combinations(sorted(row["merged_ids"].split(";")), 2))
    precision = len(found & truth) / len(found)
    recall = len(found & truth) / len(truth)
    assert precision >= 0.998 and recall >= 0.95


# --- properties -------------------------------------------------------------------------------

record_specs = st.lists(
    st.tuples(st.integers(0, len(STUDIES) - 1), st.integers(0, 15)), min_size=1, max_size=14
)


def _build(specs: list[tuple[int, int]]) -> list[Record]:
    return [variant(study, form, f"db{form}:{i:02}") for i, (study, form) in enumerate(specs)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_specs, st.randoms(use_true_random=False))
def test_property_input_order_does_not_change_anything(specs, rng) -> None:
    records = _build(specs)
    shuffled = list(records)
    rng.shuffle(shuffled)
    one = deduplicate(records, method="rules", options={"progress": False})
    two = deduplicate(shuffled, method="rules", options={"progress": False})
    assert one.clusters == two.clusters
    assert one.matches == two.matches and one.maybe == two.maybe


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_specs)
def test_property_every_record_in_exactly_one_study(specs) -> None:
    records = _build(specs)
    result = deduplicate(records, method="rules", options={"progress": False})
    members = [m for c in result.clusters for m in c]
    assert sorted(members) == sorted(r.id for r in records)
    # never a false merge across the five studies (Part 1, Part 2 and the erratum included)
    study_of = {r.id: s for r, (s, _) in zip(records, specs, strict=True)}
    assert all(len({study_of[m] for m in c}) == 1 for c in result.clusters)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_specs)
def test_property_dedup_twice_changes_nothing(specs) -> None:
    records = _build(specs)
    first = deduplicate(records, method="rules", options={"progress": False})
    assert deduplicate(records, method="rules", options={"progress": False}) == first
    # deduplicating the merged studies again finds nothing more to merge
    by_id = {r.id: r for r in records}
    representatives = [
        by_id[merge_study([by_id[m] for m in c]).representative] for c in first.clusters
    ]
    again = deduplicate(representatives, method="rules", options={"progress": False})
    assert all(len(c) == 1 for c in again.clusters)


def test_rounds_keep_study_ids_and_decisions(tmp_path) -> None:
    """Round 2 adds a PubMed copy of a round-1 study: it joins that study, whose id
    (its earliest-identified member) stays; the person's round-1 decision still holds."""
    first_round = [variant(0, 0, "scopus:0"), variant(1, 0, "scopus:1"), *_two_maybe_records()]
    decision = [PairDecision("a:1", "b:1", True)]
    order = {r.id: ("2024-01-15", r.id) for r in first_round}
    one = deduplicate(first_round, method="rules", reviewed=decision, options={"progress": False})
    ids_one = {study_id(c, order) for c in one.clusters}
    # the new record sorts before every old id, but was identified later
    newcomer = variant(0, 5, "aaa-pubmed:0")
    second_round = [*first_round, newcomer]
    order[newcomer.id] = ("2024-04-15", newcomer.id)
    two = deduplicate(second_round, method="rules", reviewed=decision, options={"progress": False})
    ids_two = {study_id(c, order) for c in two.clusters}
    assert ids_two == ids_one
    assert ("a:1", "b:1") in two.clusters
    assert ("aaa-pubmed:0", "scopus:0") in two.clusters


def test_blocking_pairs_an_editorial_with_its_bare_heading() -> None:
    # "Editorial" shares no title key with "Guest editorial: ..."; editors and issue do
    full = Record(
        id="a",
        source="x",
        title="Guest editorial: Digital platforms and the changing nature of public services",
        authors=("Brennan, K.", "Osei, A.", "Lund, H."),
        year=2004,
        journal="Government Information Quarterly",
        volume="21",
        issue="3",
        pages="263-266",
        doi="10.1016/j.giq.2004.05.004",
    )
    bare = full.with_(id="b", title="Editorial", pages="261", doi="10.1016/j.giq.2004.05.001")
    next_issue = bare.with_(id="c", issue="4", pages="371", doi="10.1016/j.giq.2004.07.001")
    keys = [record_keys(r) for r in (full, bare, next_issue)]
    assert candidate_pairs(keys).tolist() == [[0, 1]]
    result = deduplicate([full, bare, next_issue], method="rules", options={"progress": False})
    assert sorted(map(sorted, result.clusters)) == [["a", "b"], ["c"]]
