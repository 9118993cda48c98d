"""The worked example: the generator, the files it committed, and what they add up to.

The full pipeline (adapters -> rule-based dedup -> flow) is asserted after the merge;
here the data is checked with the standard library and the core's ledger and flow.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from prisma.config import load_config
from prisma.csvio import read_table
from prisma.decisions.ledger import read_ledger
from prisma.dedup import DedupResult
from prisma.flow import Counts, compute_flow
from prisma.records import Record, content_hash, fold, parse_year
from prisma.searchlog import read_log
from prisma.state import Identified, ReviewState, assign_studies
from prisma.workspace import Workspace
from tests.conftest import SHARED, shared_path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GENERATOR = EXAMPLES / "make_seed_workspace.py"
SEED = SHARED / "seeds" / "000_30ed36ce49a3a36c.txt"
TRUTH = json.loads((EXAMPLES / "seed_truth.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(EXAMPLES))
from make_seed_workspace import check_code  # noqa: E402


def all_files(root: Path) -> dict[str, bytes]:
    # Ledger lock files (`*.lock`, git-ignored) are left by the tool's own imports that
    # the generator drives; they are not workspace content and a clone never has them.
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix != ".lock"
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    runs = []
    for name in ("first", "second"):
        target = tmp_path_factory.mktemp(name)
        subprocess.run(
            [sys.executable, str(GENERATOR), str(target)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(target)
    return runs[0], runs[1]


def test_generator_is_byte_deterministic(generated: tuple[Path, Path]) -> None:
    first, second = (all_files(p) for p in generated)
    assert len(first) > 20
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_committed_files_are_the_generator_output(generated: tuple[Path, Path]) -> None:
    fresh = all_files(generated[0])
    stale = [name for name, data in fresh.items() if (ROOT / name).read_bytes() != data]
    assert stale == [], "rerun: python examples/make_seed_workspace.py"


def scopus_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def pubmed_pmids(path: Path) -> list[str]:
    """PMIDs of an efetch file, or of every efetch file a search manifest names."""
    if path.name != "manifest.json":
        return [e.text or "" for e in ET.parse(path).getroot().iter("PMID")]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    pmids = []
    for batch in manifest["batches"]:
        efetch = path.parent / batch["file"]
        assert hashlib.sha256(efetch.read_bytes()).hexdigest() == batch["sha256"]
        assert pubmed_pmids(efetch) == batch["pmids"]
        pmids += batch["pmids"]
    assert manifest["count"] == len(pmids) and manifest["complete"]
    esearch = ET.parse(path.parent / manifest["windows"][0]["file"]).getroot()
    assert [e.text for e in esearch.iter("Id")] == pmids
    return pmids


def wos_uts(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("FN Clarivate Analytics Web of Science\nVR 1.0\n")
    assert text.rstrip().endswith("\nEF")
    records = [block for block in text.split("\nER\n") if "\nUT " in "\n" + block]
    assert text.count("\nER\n") == len(records)
    return [line[3:] for block in records for line in block.splitlines() if line.startswith("UT ")]


def test_round1_files_hold_the_seed_counts() -> None:
    files = {k: ROOT / v for k, v in TRUTH["round1"]["files"].items()}
    scopus = scopus_rows(files["scopus"])
    scholar = scopus_rows(files["scholar"])
    pmids = pubmed_pmids(files["pubmed"])
    uts = wos_uts(files["wos"])
    assert (len(scopus), len(pmids), len(uts), len(scholar)) == (117, 115, 17, 80)
    # every record is distinct within its own file
    assert len({r["EID"] for r in scopus}) == 117
    assert len(set(pmids)) == 115 and len(set(uts)) == 17
    assert [int(r["GSRank"]) for r in scholar] == list(range(1, 81))
    assert all(r["DOI"] == "" for r in scholar)


def test_round2_files() -> None:
    r2 = EXAMPLES / "round2"
    scopus = scopus_rows(r2 / "exports" / "scopus.csv")
    scholar = scopus_rows(r2 / "exports" / "PoPCites.csv")
    new_pmids = pubmed_pmids(r2 / "pubmed" / "efetch_new.xml")
    listed_new = (r2 / "pubmed" / "pmids_new.txt").read_text().split()
    listed_all = (r2 / "pubmed" / "pmids_all.txt").read_text().split()
    round1 = pubmed_pmids(ROOT / TRUTH["round1"]["files"]["pubmed"])
    assert (len(scopus), len(new_pmids), len(scholar)) == (24, 10, 20)
    assert sorted(new_pmids, key=int) == listed_new
    assert sorted(round1 + new_pmids, key=int) == listed_all
    # the re-found Scopus records carry round-1 EIDs; the new ones do not
    old_eids = {r["EID"] for r in scopus_rows(ROOT / TRUTH["round1"]["files"]["scopus"])}
    assert sum(r["EID"] in old_eids for r in scopus) == 10


def test_exports_copy_the_real_layouts() -> None:
    real_scopus = shared_path(
        "exports", "scopus_csv", "asreview__citation-file-formatting__cff_scopus.csv"
    ).read_bytes()
    ours = (ROOT / TRUTH["round1"]["files"]["scopus"]).read_bytes()
    assert ours.split(b"\n", 1)[0] == real_scopus.split(b"\n", 1)[0]  # BOM + quoted header
    real_pop = shared_path(
        "exports",
        "pop_csv",
        "vimotest__viewmodel-classification__2024-01-20-GoogleScholar_PoPCites_MVVM_View_Model_ViewModel.csv",
    ).read_bytes()
    ours = (ROOT / TRUTH["round1"]["files"]["scholar"]).read_bytes()
    assert ours.split(b"\n", 1)[0] == real_pop.split(b"\n", 1)[0]
    snapshot = (ROOT / TRUTH["round1"]["files"]["pubmed"]).parent
    real_xml = shared_path("entrez", "pubmed1.xml").read_bytes().split(b"\n")[:2]
    ours = (snapshot / "efetch_0001.xml").read_bytes().split(b"\n")[:2]
    assert ours == real_xml
    real_esearch = shared_path("entrez", "esearch2.xml").read_bytes().split(b"\n")[:2]
    assert (snapshot / "esearch.xml").read_bytes().split(b"\n")[:2] == real_esearch


def test_search_log_names_each_file_with_its_hash() -> None:
    entries = read_log(ROOT / "records" / "searches.csv")
    assert [(e.source, e.records_retrieved) for e in entries] == [
        ("scopus", 117),
        ("pubmed", 115),
        ("wos", 17),
        ("scholar", 80),
    ]
    for entry in entries:
        assert hashlib.sha256((ROOT / entry.file).read_bytes()).hexdigest() == entry.sha256
    assert next(e for e in entries if e.source == "scholar").hits_reported == "about 800"


def test_config_matches_the_seed() -> None:
    config = load_config(ROOT / "config.toml")
    assert config.title == "Current Progress of Digital Twin Construction Using Medical Imaging"
    assert [s.display for s in config.sources] == [
        "Scopus",
        "PubMed",
        "Web of Science",
        "Google Scholar",
    ]
    scholar = config.source("scholar")
    assert (scholar.hits_reported, scholar.note) == (800, "first 80 of about 800 results")
    assert config.source("pubmed").kind == "pubmed"
    assert [r.code for r in config.reasons] == [
        "not_english",
        "ethics_only",
        "preclinical",
        "not_imaging",
        "insufficient_detail",
    ]
    for stage in ("title_abstract", "full_text"):
        settings = config.stage(stage)
        assert (settings.screeners, settings.required, settings.arbiter) == (
            ("alice", "bob"),
            2,
            "carol",
        )
    assert config.dedup.method == "rules"


def test_ledger_rows_come_from_the_handback_files() -> None:
    ledger = read_ledger(ROOT / "records" / "decisions.csv")
    by_file: dict[str, int] = {}
    for entry in ledger:
        path = ROOT / entry.file
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256
        by_file[entry.file] = by_file.get(entry.file, 0) + 1
    decided = {(e.file, e.record_id): e for e in ledger}
    for name, count in by_file.items():
        rows = read_table(ROOT / name, required=["study_id", "check", "title", "decision"])
        assert len(rows) == count
        for row in rows:
            entry = decided[(name, row["study_id"])]
            assert row["decision"].strip().lower() == entry.decision.value
            assert row["check"] == check_code(row["study_id"], row["title"], row["handout"])
    # a few conflicts went to the arbiter at each stage
    carol = [e for e in ledger if e.screener == "carol"]
    assert {e.stage for e in carol} == {"title_abstract", "full_text"}
    assert 0 < len(carol) < 20


def truth_state(with_round2: bool) -> ReviewState:
    """The review's state with the dedup engine's expected clusters (the ground truth)."""
    config = load_config(ROOT / "config.toml")
    log = read_log(ROOT / "records" / "searches.csv")
    dates = {1: {e.source: e.date_searched for e in log}}
    dates[2] = {e["source"]: e["date_searched"] for e in TRUTH["round2"]["searches"]}
    identified, clusters = [], []
    gained: dict[str, list[str]] = {}
    if with_round2:
        for source, pairs in TRUTH["round2"]["refound"].items():
            for study, rid in pairs:
                gained.setdefault(study, []).append(rid)
                identified.append(Identified(Record(rid, source), 2, dates[2][source], ""))
    studies = TRUTH["round1"]["studies"] + (TRUTH["round2"]["new_studies"] if with_round2 else [])
    for study in studies:
        round_ = 2 if study in TRUTH["round2"]["new_studies"] else 1
        for rid in study["members"]:
            source = rid.split(":", 1)[0]
            identified.append(Identified(Record(rid, source), round_, dates[round_][source], ""))
        clusters.append(tuple(sorted(study["members"] + gained.get(study["study"], []))))
    result = DedupResult(clusters=sorted(clusters))
    study_of, members = assign_studies(identified, result)
    ledger = read_ledger(ROOT / "records" / "decisions.csv")
    if with_round2:
        ledger += read_ledger(EXAMPLES / "round2" / "decisions_round2.csv")
    state = ReviewState(config, log, identified, result, study_of, members, ledger)
    state.settle()
    return state


def expected_subset(counts: Counts, boxes: dict[str, object]) -> dict[str, object]:
    return {key: counts.to_dict()[key] for key in boxes}


def test_ledger_settles_to_figure3() -> None:
    state = truth_state(with_round2=False)
    # the truth's study ids are the earliest-identified members, as the workspace loader picks
    assert sorted(state.members) == sorted(s["study"] for s in TRUTH["round1"]["studies"])
    assert state.unknown_decisions == []
    counts = compute_flow(state).counts()
    boxes = TRUTH["round1"]["boxes"]
    assert expected_subset(counts, boxes) == boxes
    assert boxes["database_specific_results"] == {
        "Scopus": 117,
        "PubMed": 115,
        "Web of Science": 17,
        "Google Scholar": 80,
    }
    assert (
        boxes["duplicates"],
        boxes["records_screened"],
        boxes["records_excluded"],
        boxes["dbr_assessed"],
        boxes["dbr_excluded"],
        boxes["new_studies"],
    ) == (69, 260, 79, 181, 112, 69)
    assert boxes["dbr_excluded_reasons"] == {
        "Not in English": 3,
        "Solely ethical concerns": 6,
        "Pre-clinical": 1,
        "Unrelated to medical imaging": 15,
        "Insufficient technical detail": 87,
    }


def test_round2_settles_to_an_updated_review() -> None:
    state = truth_state(with_round2=True)
    assert state.unknown_decisions == []
    flow = compute_flow(state)
    assert flow.updated
    counts = flow.counts()
    boxes = TRUTH["round2"]["boxes"]
    assert expected_subset(counts, boxes) == boxes
    assert (boxes["previous_studies"], boxes["total_studies"]) == (69, 69 + boxes["new_studies"])
    # round 1 still adds up when drawn again after round 2
    again = compute_flow(state, round_=1).counts()
    assert expected_subset(again, TRUTH["round1"]["boxes"]) == TRUTH["round1"]["boxes"]


def test_published_numbers_are_the_papers() -> None:
    published = tomllib.loads((ROOT / "records" / "published" / "figure3.toml").read_text())
    assert (
        published["database_specific_results"]
        == TRUTH["round1"]["boxes"]["database_specific_results"]
    )
    reasons = published["dbr_excluded_reasons"]
    assert (published["dbr_excluded"], sum(reasons.values())) == (97, 112)
    assert published["dbr_assessed"] - sum(reasons.values()) == published["new_studies"] == 69


def test_included_real_studies_carry_the_seeds_citations() -> None:
    if not SEED.exists():
        pytest.skip(f"seed paper not available: {SEED} is absent (it lives beside the repo)")
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    included = [s for s in TRUTH["round1"]["studies"] if s["fate"] == "included"]
    assert len(included) == 69
    cited = [s for s in included if s["real"] and s["title_from_seed"]]
    assert len(cited) == 62
    for study in cited:
        assert study["title"] in seed, study["key"]
    # nothing synthetic claims to be a real study
    assert all(not s["real"] for s in TRUTH["round1"]["studies"] if s["fate"] != "included")
    assert all(not s["real"] for s in TRUTH["round2"]["new_studies"])


def test_distinct_studies_do_not_look_alike() -> None:
    """No accidental twins: distinct studies differ clearly unless they are a planted trap."""
    studies = TRUTH["round1"]["studies"] + TRUTH["round2"]["new_studies"]
    folded = [fold(s["title"]) for s in studies]
    close = []
    for i, a in enumerate(folded):
        for b in folded[i + 1 :]:
            if fuzz.ratio(a, b) >= 80:
                close.append(sorted((a, b)))
    # the planted traps: a two-part paper and an erratum of a synthetic study
    assert len(close) == 2
    assert any(a.startswith("digital twins of the") and " part i " in a + " " for a, _ in close)
    assert any(b.startswith("erratum ") or a.startswith("erratum ") for a, b in close)


def test_real_ids_cannot_collide_with_issued_ones() -> None:
    ids = [m for s in TRUTH["round1"]["studies"] for m in s["members"]]
    for rid in ids:
        source, native = rid.split(":", 1)
        if source == "pubmed":
            assert int(native) > 90_000_000
        elif source == "scopus":
            assert native.startswith("2-s2.0-999")
        elif source == "wos":
            assert native.startswith("WOS:999")
    state = Workspace.at(ROOT)
    assert state.searches_csv.exists()


def titles_and_first_authors() -> dict[str, tuple[str, str]]:
    """Record id -> (title, first author's surname), read from the raw files with the stdlib."""
    files = {k: ROOT / v for k, v in TRUTH["round1"]["files"].items()}
    out: dict[str, tuple[str, str]] = {}
    for row in scopus_rows(files["scopus"]):
        out["scopus:" + row["EID"]] = (row["Title"], row["Authors"].split(";")[0].rsplit(" ", 1)[0])
    efetch = files["pubmed"].parent / "efetch_0001.xml"
    for article in ET.parse(efetch).getroot().iter("PubmedArticle"):
        pmid = article.findtext(".//PMID") or ""
        title = "".join(article.find(".//ArticleTitle").itertext())  # type: ignore[union-attr]
        first = article.findtext(".//Author/LastName") or ""
        out["pubmed:" + pmid] = (title, first)
    text = files["wos"].read_text(encoding="utf-8")
    for block in text.split("\nER\n"):
        tags: dict[str, list[str]] = {}
        tag = ""
        for line in block.splitlines():
            if line[:2].strip() and line[2:3] == " ":
                tag = line[:2]
            tags.setdefault(tag, []).append(line[3:])
        if "UT" in tags:
            out["wos:" + tags["UT"][0]] = (" ".join(tags["TI"]), tags["AU"][0].split(",")[0])
    for row in scopus_rows(files["scholar"]):
        first = row["Authors"].split(",")[0].replace("…", "").strip()
        rid = "scholar:" + content_hash(row["Title"], parse_year(row["Year"]), first)
        out[rid] = (row["Title"], first.split(" ")[-1])
    return out


def test_duplicates_are_findable_from_their_fields() -> None:
    """Each duplicate shares its study's title (give or take what exports do) and first author."""
    shown = titles_and_first_authors()
    members = [s["members"] for s in TRUTH["round1"]["studies"]]
    assert sorted(shown) == sorted(m for group in members for m in group)
    duplicates = 0
    for group in members:
        duplicates += len(group) - 1
        for a in group[1:]:
            (title_a, author_a), (title_b, author_b) = shown[a], shown[group[0]]
            assert fuzz.partial_ratio(fold(title_a), fold(title_b)) >= 90, (a, group[0])
            assert fold(author_a) == fold(author_b), (a, group[0])
    assert duplicates == 69
