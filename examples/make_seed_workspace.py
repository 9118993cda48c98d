"""Write the worked example's review workspace: the seed review's Figure 3, record by record.

    python examples/make_seed_workspace.py [TARGET]     (default: the repository root)

It writes ``config.toml``, ``queries/``, ``records/`` (raw exports in each source's real
layout, the search log, the screeners' hand-back files, the decision ledger, the
published numbers) into TARGET, and ``examples/seed_truth.json`` plus ``examples/round2/``
(the next quarter) next to this script when TARGET is the repository root, else into
TARGET/examples/. Deterministic: a fixed random seed, no clock; running it twice gives
byte-identical files.

The 62 included studies the seed cites with a title carry those citations
(``seed_citations.py``); everything else is synthetic (``records/README.md``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from make_seed_extraction import extraction_toml, write_extraction  # noqa: E402
from seed_citations import CITED, Cited  # noqa: E402
from seed_vocab import (  # noqa: E402
    CONDITIONS,
    FOREIGN,
    INDUSTRY,
    INITIALS,
    JOURNALS,
    KEYWORDS,
    METHODS,
    MODALITIES,
    NONIMAGING_DATA,
    ORGANS,
    PURPOSES,
    SPECIALTIES,
    SURNAMES,
)

from prisma.csvio import to_csv_text  # noqa: E402
from prisma.decisions.ledger import BASE_COLUMNS as LEDGER_COLUMNS  # noqa: E402
from prisma.decisions.ledger import Role  # noqa: E402
from prisma.records import content_hash, fold, parse_year  # noqa: E402
from prisma.screening import sheet  # noqa: E402
from prisma.screening.identity import Identity, review_code  # noqa: E402
from prisma.searchlog import COLUMNS as LOG_COLUMNS  # noqa: E402

SEED = 20240916
TOOL_VERSION = "0.1.0"
TITLE = "Current Progress of Digital Twin Construction Using Medical Imaging"

# Search dates: the seed reports no dates; these fall in its timeframe (its newest
# references are from mid-2024). Round 2 is the next quarter.
DATES = {
    1: {
        "scopus": "2024-09-16",
        "pubmed": "2024-09-16",
        "wos": "2024-09-17",
        "scholar": "2024-09-18",
    },
    2: {"scopus": "2024-12-16", "pubmed": "2024-12-16", "scholar": "2024-12-18"},
}
# Hand-back dates (ledger times come from these, never from the clock).
HANDBACK = {
    (1, "title_abstract"): {"alice": "2024-10-07", "bob": "2024-10-09", "carol": "2024-10-14"},
    (1, "full_text"): {"alice": "2024-11-18", "bob": "2024-11-20", "carol": "2024-11-25"},
    (2, "title_abstract"): {"alice": "2025-01-13", "bob": "2025-01-14", "carol": "2025-01-16"},
    (2, "full_text"): {"alice": "2025-01-27", "bob": "2025-01-28", "carol": "2025-01-30"},
}
LABEL = {
    "scopus": "Scopus",
    "pubmed": "PubMed",
    "wos": "Web of Science",
    "scholar": "Google Scholar",
}
LETTER = {"S": "scopus", "P": "pubmed", "W": "wos", "G": "scholar"}
REASONS = (
    ("not_english", "Not in English"),
    ("ethics_only", "Solely ethical concerns"),
    ("preclinical", "Pre-clinical"),
    ("not_imaging", "Unrelated to medical imaging"),
    ("insufficient_detail", "Insufficient technical detail"),
)
REASON_LABEL = dict(REASONS)
REASON_RANK = {code: i for i, (code, _) in enumerate(REASONS)}

# Round 1 (Figure 3): how many studies each combination of sources returned. Solving
# S=117, P=115, W=17, G=80 with 260 studies leaves exactly 69 duplicate records.
PATTERNS_R1 = {
    "S": 70,
    "P": 78,
    "G": 59,
    "SP": 18,
    "SG": 8,
    "PG": 6,
    "SPW": 6,
    "SW": 8,
    "SPG": 4,
    "SPWG": 3,
}
# The share of each pattern given to the 69 included studies.
INCLUDED_CAPS = {
    "SPWG": 3,
    "SPW": 5,
    "SPG": 3,
    "SP": 12,
    "PG": 4,
    "SG": 5,
    "SW": 6,
    "P": 12,
    "S": 10,
    "G": 9,
}
# Full-text exclusions of round 1, by primary reason (the seed's Figure 3).
FT_EXCLUDED_R1 = {
    "not_english": 3,
    "ethics_only": 6,
    "preclinical": 1,
    "not_imaging": 15,
    "insufficient_detail": 87,
}
TA_EXCLUDED_R1 = 79
INDUSTRY_HITS = 20  # off-topic Scholar/Scopus hits: CT and MRI of materials, not patients
# Round 2: new studies by source pattern; 10 Scopus and 8 Scholar records re-find old studies.
PATTERNS_R2 = {"S": 4, "P": 3, "G": 6, "SP": 4, "SG": 3, "SPG": 3}
REFOUND_R2 = {"scopus": 10, "scholar": 8}
FT_EXCLUDED_R2 = {"not_imaging": 1, "insufficient_detail": 3}
TA_EXCLUDED_R2 = 13
INCLUDED_R2 = 6

# Native ids live in ranges no real database has issued, so no synthetic id can be
# mistaken for (or collide with) a real PMID, Scopus EID or WoS accession number.
PMID_BASE = 90_000_000
EID_BASE = 99_900_000_000
UT_BASE = 999_000_000_000_000


# --- the model ------------------------------------------------------------------------


@dataclass
class Author:
    surname: str
    initials: tuple[str, ...]  # ("A", "G", "W"), ("Y-H",)
    suffix: str = ""


@dataclass
class Study:
    key: str
    title: str
    authors: list[Author]
    year: int
    journal: str
    iso: str  # MEDLINE abbreviation; "" when not in MEDLINE
    publisher: str
    volume: str
    issue: str
    pages: str  # "449-65", "e3600", "103435" or ""
    doi: str
    abstract: str
    keywords: tuple[str, ...]
    kind: str  # article | review | conference | chapter | preprint | editorial | erratum
    fate: str  # included | ft_excluded | ta_excluded
    reason: str = ""
    language: str = "English"
    lang_code: str = "eng"
    real: bool = False
    cited: Cited | None = None
    round: int = 1
    pattern: str = ""
    month: int = 6
    records: dict[str, str] = field(default_factory=dict)  # source -> record id (round 1/2)
    refound: dict[str, str] = field(default_factory=dict)  # round-2 re-found source -> id
    # What each source's record shows (title, authors, journal…), for the hand-out sheets.
    shown: dict[str, dict[str, str]] = field(default_factory=dict)


# --- names and venues -----------------------------------------------------------------

_INITIAL = re.compile(r"^(?:[A-Z](?:-[A-Z])?|d)$")


def parse_seed_author(text: str) -> Author:
    """ "de Lepper A G W" -> surname "de Lepper", initials A G W (the seed's layout)."""
    tokens = text.split()
    suffix = ""
    if tokens and tokens[-1] in ("2nd", "Jr"):
        suffix = tokens.pop()
    initials: list[str] = []
    while len(tokens) > 1 and _INITIAL.match(tokens[-1]):
        initials.insert(0, tokens.pop())
    return Author(" ".join(tokens), tuple(initials), suffix)


def ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def scopus_abbrev(journal: str, iso: str) -> str:
    """Scopus' abbreviated source title: the ISO words, abbreviated ones with a period."""
    if not iso:
        return journal
    iso = re.sub(r"\s*\(.*?\)", "", iso)
    full = {w.casefold() for w in re.findall(r"[\w'-]+", journal)}
    return " ".join(w if w.casefold() in full or not w.isalpha() else w + "." for w in iso.split())


def medline_title(journal: str) -> str:
    """PubMed's journal <Title>: sentence case ("Computers in biology and medicine")."""
    words = journal.split()
    out = [words[0]]
    for word in words[1:]:
        out.append(word if (word.isupper() or any(c.isupper() for c in word[1:])) else word.lower())
    return " ".join(out)


def medline_pages(start: str, end: str) -> str:
    """MEDLINE's page range drops the end page's leading digits shared with the start."""
    if not end:
        return start
    if len(start) == len(end) and start.isdigit() and end.isdigit():
        shared = 0
        while shared < len(end) - 1 and start[shared] == end[shared]:
            shared += 1
        end = end[shared:]
    return f"{start}-{end}"


def split_pages(pages: str) -> tuple[str, str]:
    """ "449-65" -> ("449", "465"); "e3600" -> ("e3600", "")."""
    if "-" not in pages:
        return pages, ""
    start, end = pages.split("-", 1)
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start, end


# --- synthetic studies ----------------------------------------------------------------

STOP = {"a", "an", "the", "of", "for", "in", "and", "from", "to", "with", "on", "using", "by"}


def _tokens(title: str) -> set[str]:
    return {w for w in fold(title).split() if w not in STOP}


class TitleBank:
    """Draws titles that differ clearly from every title drawn before (no accidental twins).

    Distinct studies must stay apart for any sound deduplicator: shared words below 60%
    and a character-level similarity below 80 (rapidfuzz ``ratio`` of the folded titles).
    """

    def __init__(self, rng: random.Random, existing: list[str]) -> None:
        self.rng = rng
        self.seen = [_tokens(t) for t in existing]
        self.folded = [fold(t) for t in existing]

    def ok(self, title: str) -> bool:
        tokens = _tokens(title)
        if any(len(tokens & s) / len(tokens | s) >= 0.6 for s in self.seen):
            return False
        folded = fold(title)
        return all(fuzz.ratio(folded, other) < 80 for other in self.folded)

    def draw(self, make) -> str:  # type: ignore[no-untyped-def]
        for _ in range(5000):
            title = make(self.rng)
            if self.ok(title):
                self.add(title)
                return title
        raise RuntimeError("could not draw a distinct title")

    def add(self, title: str) -> None:
        self.seen.append(_tokens(title))
        self.folded.append(fold(title))


def _c(rng: random.Random, items):  # type: ignore[no-untyped-def]
    return rng.choice(items)


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def t_detail(r: random.Random) -> str:
    o, m, s, p, me = (
        _c(r, ORGANS),
        _c(r, MODALITIES),
        _c(r, SPECIALTIES),
        _c(r, PURPOSES),
        _c(r, METHODS),
    )
    return _c(
        r,
        (
            f"Digital twins of the {o} built from {m}: a narrative review",
            f"Imaging-based digital twins in {s}: current status and future directions",
            f"Towards digital twins of the {o}: opportunities and challenges for {m}",
            f"The promise of {m}-driven digital twins for {p}",
            f"Digital twin technology for {p} in {s}: a perspective",
            f"Can {me} make imaging-based digital twins of the {o} clinically useful? A commentary",
            f"Virtual replicas of the {o} for {p}: a conceptual framework",
            f"From images to in silico patients: a roadmap for {o} digital twins in {s}",
            f"Digital twins in {s} imaging: hype or hope for {p}?",
            f"A scoping review of digital twin applications of {m} in {s}",
            f"Opportunities for {me} in {o} digital twins: a position paper",
            f"Digital replica of the {o} for {p}: preliminary results of a feasibility study",
            f"Editorial: digital twins, {m} and the future of {s}",
            f"Digital twins for {p} in {s}: lessons learned and open questions",
            f"What clinicians should know about digital twins of the {o} derived from {m}",
            f"Integrating {m} into patient digital twins for {p}: a conference report",
        ),
    )


def t_not_imaging(r: random.Random) -> str:
    c, d = _c(r, CONDITIONS), _c(r, NONIMAGING_DATA)
    return _c(
        r,
        (
            f"A digital twin for {c} management built from {d}",
            f"Personalised digital twins of patients with {c} using {d}",
            f"{_cap(d)} feed a digital twin for early warning in {c}",
            f"Forecasting {c} trajectories with a digital twin trained on {d}",
            f"Closed-loop digital twin of {c} therapy driven by {d}",
        ),
    )


ETHICS_TITLES = (
    "Ethical challenges of patient digital twins in radiology",
    "Privacy, consent and data ownership for imaging-derived digital twins",
    "Who owns the virtual patient? Legal and ethical aspects of medical digital twins",
    "Justice and bias in digital twin medicine: an ethical analysis",
    "Informed consent for the secondary use of scans in human digital twins",
    "Trust, accountability and responsibility when clinicians rely on digital twins",
)
FOREIGN_TITLES = (
    "Research progress of digital twin technology in cardiac imaging",
    "Digital twins in radiology: current status and perspectives",
    "Digital twin of the knee joint from magnetic resonance imaging for surgical planning",
)
PRECLINICAL_TITLE = (
    "A digital twin of the murine heart from high-field cardiac MRI for cardiotoxicity screening"
)


def t_ta_medical(r: random.Random) -> str:
    o, m, me, p = _c(r, ORGANS), _c(r, MODALITIES), _c(r, METHODS), _c(r, PURPOSES)
    unit = _c(
        r,
        (
            "emergency department",
            "operating theatre suite",
            "radiology department",
            "intensive care unit",
            "outpatient clinic",
            "hospital pharmacy",
            "sterilisation unit",
        ),
    )
    return _c(
        r,
        (
            f"Digital twin of the {unit} for patient flow optimisation",
            f"Automated {o} segmentation on {m} with {me}",
            f"Radiomics of the {o} on {m} for {p}",
            f"Scheduling {m} examinations with a digital twin of the {unit}",
            f"Predictive maintenance of {m} scanners using a digital twin of the cooling system",
            f"Reproducibility of {m} measurements of the {o} across vendors",
            f"Training residents in {p} with a virtual reality simulator of the {unit}",
        ),
    )


def t_ta_industry(r: random.Random) -> str:
    x = _c(r, INDUSTRY)
    return _c(
        r,
        (
            f"Digital twin of {x} from X-ray computed tomography",
            f"Micro-CT based digital replica of {x} for damage assessment",
            f"Magnetic resonance imaging of {x}: towards a digital twin",
            f"Defect detection in {x} with a CT-derived digital twin",
        ),
    )


def t_included(r: random.Random) -> str:
    o, m, me, p = _c(r, ORGANS), _c(r, MODALITIES), _c(r, METHODS), _c(r, PURPOSES)
    return _c(
        r,
        (
            f"Patient-specific digital twin of the {o} from {m} using {me} for {p}",
            f"An image-based digital twin pipeline combining {m} and {me} for {p} of the {o}",
            f"Validated {o} digital twins from {m}: {me} for {p}",
        ),
    )


def synthetic_abstract(r: random.Random, title: str, fate: str, reason: str) -> str:
    n = r.randrange(8, 240)
    if fate == "included":
        return (
            f"Patient-specific models are needed to bring digital twins into the clinic. We built "
            f"digital twins for {n} patients with the approach in the title, segmenting the anatomy "
            "automatically and calibrating the model against follow-up imaging. The twins "
            f"reproduced measured quantities with a mean error of {r.randrange(3, 15)}% and ran in "
            f"{r.randrange(2, 40)} minutes per case. Code and a subset of the data are available "
            "on request."
        )
    if reason == "insufficient_detail":
        return (
            f"{title.rstrip('.?')}. We summarise recent work on imaging-based digital twins and "
            "discuss their clinical potential. Methodological details, data and validation are "
            "outside the scope of this article."
        )
    if reason == "not_imaging":
        return (
            f"We describe a digital twin for {n} participants fed by the data named in the title. "
            f"No imaging data were used. The twin forecast clinical events with an AUC of "
            f"0.{r.randrange(70, 92)}."
        )
    if reason == "ethics_only":
        return (
            "Digital twins built from patients' images raise questions of consent, privacy, "
            "ownership and accountability. We analyse these ethical issues; technical aspects "
            "are not addressed."
        )
    if reason == "preclinical":
        return (
            f"We built a digital twin of the mouse heart from 9.4 T cardiac MRI of {n} animals and "
            "used it to screen cardiotoxic compounds in silico before human studies."
        )
    if reason == "not_english":
        return f"{title}. Full text in the original language; English abstract only."
    if "industry" in fate:
        return (
            f"We scanned {n} specimens and built a digital replica to predict failure. The method "
            "targets industrial inspection, not patients."
        )
    return (
        f"This study of {n} participants addresses the question in the title. No patient-specific "
        "digital twin was built."
    )


def synthetic_authors(r: random.Random) -> list[Author]:
    count = r.choice((1, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 11))
    out = []
    for _ in range(count):
        n = r.choice((1, 1, 2))
        out.append(Author(r.choice(SURNAMES), tuple(r.choice(INITIALS) for _ in range(n))))
    return out


# --- building the studies -------------------------------------------------------------


def real_study(c: Cited, rng: random.Random) -> Study:
    kind = c.kind
    abstract = (
        "[Worked-example summary of the seed review's table row, not the published abstract] "
        f"Clinical site: {c.site}. Data: {c.modality}. Computational models: {c.models}."
    )
    publisher = {"preprint": "arXiv", "conference": "IEEE", "chapter": "Springer Nature"}.get(
        kind, ""
    )
    return Study(
        key=c.key,
        title=c.title,
        authors=[parse_seed_author(a) for a in c.authors],
        year=c.year,
        journal=c.journal,
        iso=c.iso,
        publisher=publisher,
        volume=c.volume,
        issue="",
        pages=c.pages,
        doi="",
        abstract=abstract,
        keywords=("Digital twin", "Medical imaging"),
        kind=kind,
        fate="included",
        real=True,
        cited=c,
        month=rng.randrange(1, 9) if c.year == 2024 else rng.randrange(1, 13),
    )


def synthetic_study(
    key: str, rng: random.Random, bank: TitleBank, fate: str, reason: str, round_: int, serial: int
) -> Study:
    kind = "article"
    language, lang_code = "English", "eng"
    journal, iso, publisher = _c(rng, JOURNALS)
    if fate == "included":
        title = bank.draw(t_included)
    elif reason == "insufficient_detail":
        title = bank.draw(t_detail)
        kind = (
            "editorial"
            if title.startswith("Editorial")
            else (
                "review"
                if "review" in title
                else ("conference" if "conference" in title else "article")
            )
        )
    elif reason == "not_imaging":
        title = bank.draw(t_not_imaging)
    elif reason == "ethics_only":
        title = ETHICS_TITLES[serial % len(ETHICS_TITLES)]
        bank.add(title)
    elif reason == "preclinical":
        title = PRECLINICAL_TITLE
        bank.add(title)
    elif reason == "not_english":
        title = FOREIGN_TITLES[serial % len(FOREIGN_TITLES)]
        bank.add(title)
        journal, iso, language, lang_code, publisher = FOREIGN[serial % len(FOREIGN)]
    elif fate == "ta_excluded_industry":
        title = bank.draw(t_ta_industry)
        journal, iso, publisher = _c(rng, [j for j in JOURNALS if not j[1]])
    else:
        title = bank.draw(t_ta_medical)
    if kind == "conference":
        journal, iso, publisher = (
            "Proceedings of the IEEE International Symposium on Biomedical Imaging (ISBI)",
            "Proc IEEE Int Symp Biomed Imaging",
            "IEEE",
        )
    year = (
        rng.choice((2021, 2022, 2022, 2023, 2023, 2023, 2024, 2024, 2024)) if round_ == 1 else 2024
    )
    month = rng.randrange(1, 9) if year == 2024 and round_ == 1 else rng.randrange(1, 13)
    if round_ == 2:
        month = rng.randrange(9, 13)
    volume = str(rng.randrange(5, 180))
    issue = str(rng.randrange(1, 13)) if rng.random() < 0.7 else ""
    if rng.random() < 0.5:
        start = rng.randrange(1, 3000)
        pages = f"{start}-{start + rng.randrange(4, 18)}"
    else:
        pages = str(rng.randrange(100000, 112000))
    doi = f"10.5555/dtmi.{year}.{round_}{serial:04d}"
    abstract = synthetic_abstract(rng, title, fate, reason)
    keywords = tuple(sorted(rng.sample(KEYWORDS, 4)))
    return Study(
        key=key,
        title=title,
        authors=synthetic_authors(rng),
        year=year,
        journal=journal,
        iso=iso,
        publisher=publisher,
        volume=volume,
        issue=issue,
        pages=pages,
        doi=doi,
        abstract=abstract,
        keywords=keywords,
        kind=kind,
        fate="ta_excluded" if fate.startswith("ta_") else fate,
        reason=reason,
        language=language,
        lang_code=lang_code,
        round=round_,
        month=month,
    )


def allowed_patterns(s: Study) -> list[str]:
    if s.kind == "preprint" or not s.journal:
        return ["G"]
    if s.kind == "chapter":
        return ["SG", "S"]
    if not s.iso:
        return ["SW", "SG", "S", "G"]
    return ["SPWG", "SPW", "SPG", "SP", "PG", "SG", "SW", "P", "S", "G"]


def assign_patterns(
    studies: list[Study], caps: dict[str, int], rng: random.Random, prefer_wide: bool
) -> None:
    """Give each study a source pattern; the most constrained studies choose first."""
    order = list(studies)
    rng.shuffle(order)
    order.sort(key=lambda s: len(allowed_patterns(s)))
    left = dict(caps)
    for study in order:
        options = [p for p in allowed_patterns(study) if left.get(p, 0) > 0]
        if not options:
            raise RuntimeError(f"no source pattern left for {study.key}")
        pick = options[0] if prefer_wide else rng.choice(options)
        study.pattern = pick
        left[pick] -= 1
    assert not any(left.values()), left


def build_round1(rng: random.Random) -> list[Study]:
    included = [real_study(c, rng) for c in CITED]
    bank = TitleBank(rng, [s.title for s in included])
    serial = 0

    def make(fate: str, reason: str = "") -> Study:
        nonlocal serial
        serial += 1
        return synthetic_study(f"syn{serial:03d}", rng, bank, fate, reason, 1, serial)

    while len(included) < 69:
        included.append(make("included"))
    ft = [make("ft_excluded", reason) for reason, n in FT_EXCLUDED_R1.items() for _ in range(n)]
    ta = [make("ta_excluded_industry") for _ in range(INDUSTRY_HITS)]
    ta += [make("ta_excluded_medical") for _ in range(TA_EXCLUDED_R1 - INDUSTRY_HITS - 3)]
    # Traps for a deduplicator: a two-part paper and an erratum are distinct records.
    o, s = _c(rng, ORGANS), _c(rng, SPECIALTIES)
    parts = []
    for part, topic in (
        ("I", "image acquisition and segmentation"),
        ("II", "modelling and validation"),
    ):
        trap = make("ta_excluded_medical")
        trap.title = f"Digital twins of the {o} in {s}, part {part}: {topic}"
        parts.append(trap)
    first, second = parts
    second.authors, second.year, second.month = list(first.authors), first.year, first.month
    second.journal, second.iso, second.publisher, second.volume = (
        first.journal,
        first.iso,
        first.publisher,
        first.volume,
    )
    ta += parts
    erratum = make("ta_excluded_medical")
    target = ft[-1]
    erratum.title = f"Erratum: {target.title}"
    erratum.authors = list(target.authors)
    erratum.journal, erratum.iso, erratum.publisher = target.journal, target.iso, target.publisher
    erratum.kind, erratum.abstract, erratum.year = "erratum", "", target.year
    ta.append(erratum)

    caps_rest = {p: PATTERNS_R1[p] - INCLUDED_CAPS.get(p, 0) for p in PATTERNS_R1}
    assign_patterns(included, INCLUDED_CAPS, rng, prefer_wide=True)
    # Non-English reports come from Scopus and PubMed only; the industry hits from Scholar
    # and Scopus only (PubMed would not index them).
    for study in ft + ta:
        if study.language != "English":
            study.pattern = (
                "P"
                if study.title == FOREIGN_TITLES[0]
                else "S"
                if study.title == FOREIGN_TITLES[1]
                else "SP"
            )
            caps_rest[study.pattern] -= 1
    industry = [s for s in ta if s.iso == "" and s.kind != "erratum"]
    for study in industry:
        study.pattern = rng.choice([p for p in ("G", "G", "S", "SG") if caps_rest[p] > 0])
        caps_rest[study.pattern] -= 1
    erratum.pattern = "S"
    caps_rest["S"] -= 1
    rest = [s for s in ft + ta if not s.pattern]
    for study in rest:
        if not study.iso:
            study.iso = "Heliyon"  # every remaining synthetic study may appear in PubMed
            study.journal, study.publisher = "Heliyon", "Elsevier"
    assign_patterns(rest, caps_rest, rng, prefer_wide=False)
    return included + ft + ta


def build_round2(rng: random.Random, bank_titles: list[str]) -> list[Study]:
    bank = TitleBank(rng, bank_titles)
    studies: list[Study] = []
    serial = 500

    def make(fate: str, reason: str = "") -> Study:
        nonlocal serial
        serial += 1
        return synthetic_study(f"new{serial - 500:03d}", rng, bank, fate, reason, 2, serial)

    studies += [make("included") for _ in range(INCLUDED_R2)]
    studies += [make("ft_excluded", r) for r, n in FT_EXCLUDED_R2.items() for _ in range(n)]
    studies += [make("ta_excluded_medical") for _ in range(TA_EXCLUDED_R2)]
    for study in studies:
        if not study.iso:
            study.iso, study.journal, study.publisher = "Heliyon", "Heliyon", "Elsevier"
    assign_patterns(studies, PATTERNS_R2, rng, prefer_wide=False)
    return studies


# --- per-source renderings ------------------------------------------------------------


def scopus_name(a: Author) -> str:
    initials = ".".join(a.initials).replace("-", ".-") + "." if a.initials else ""
    return f"{a.surname} {initials}".strip()


def medline_forename(a: Author) -> tuple[str, str]:
    return " ".join(a.initials), "".join(i.replace("-", "") for i in a.initials)


def wos_au(a: Author, fold_ascii: bool) -> str:
    name = f"{a.surname}, {''.join(i.replace('-', '') for i in a.initials)}"
    return ascii_fold(name) if fold_ascii else name


def scholar_name(a: Author) -> str:
    return f"{''.join(i.replace('-', '') for i in a.initials)} {a.surname}".strip()


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # noqa: SIM905


def scopus_doctype(s: Study) -> str:
    return {
        "conference": "Conference paper",
        "chapter": "Book chapter",
        "review": "Review",
        "editorial": "Editorial",
        "erratum": "Erratum",
    }.get(s.kind, "Article")


SCOPUS_HEADER = [
    "Authors",
    "Author full names",
    "Author(s) ID",
    "Title",
    "Year",
    "Source title",
    "Volume",
    "Issue",
    "Art. No.",
    "Page start",
    "Page end",
    "Page count",
    "Cited by",
    "DOI",
    "Link",
    "Affiliations",
    "Authors with affiliations",
    "Abstract",
    "Author Keywords",
    "Index Keywords",
    "Molecular Sequence Numbers",
    "Chemicals/CAS",
    "Tradenames",
    "Manufacturers",
    "Funding Details",
    "Funding Texts",
    "References",
    "Correspondence Address",
    "Editors",
    "Publisher",
    "Sponsors",
    "Conference name",
    "Conference date",
    "Conference location",
    "Conference code",
    "ISSN",
    "ISBN",
    "CODEN",
    "PubMed ID",
    "Language of Original Document",
    "Abbreviated Source Title",
    "Document Type",
    "Publication Stage",
    "Open Access",
    "Source",
    "EID",
]


def scopus_row(
    s: Study, eid: str, pmid: str, rng: random.Random, variant: int, in_press: bool = False
) -> list[str]:
    start, end = split_pages(s.pages)
    art_no = ""
    if start and not end:
        art_no, start = start, ""
    title = s.title
    if variant % 5 == 1:
        title = title.replace(": ", " - ", 1)  # Scopus keeps the publisher's punctuation
    ids = [
        str(
            EID_BASE * 10
            + (int(hashlib.sha1(f"{a.surname}{a.initials}".encode()).hexdigest()[:6], 16))
        )
        for a in s.authors
    ]
    full = "; ".join(
        f"{a.surname}, {'. '.join(a.initials)}. ({i})" if a.initials else f"{a.surname} ({i})"
        for a, i in zip(s.authors, ids, strict=True)
    )
    source_title = s.journal if s.kind != "conference" else s.journal
    conf_name = s.journal if s.kind == "conference" else ""
    volume, issue = s.volume, s.issue
    stage = "Final"
    if in_press:
        volume = issue = start = end = art_no = ""
        stage = "Article in press"
    doc_abstract = s.abstract if s.abstract else "[No abstract available]"
    doi_part = "&doi=" + s.doi.lower().replace("/", "%2f") if s.doi else ""
    md5 = hashlib.md5(eid.encode()).hexdigest()  # Scopus appends a checksum; ours is synthetic
    link = f"https://www.scopus.com/inward/record.uri?eid={eid}{doi_part}&partnerID=40&md5={md5}"
    row = {
        "Authors": "; ".join(scopus_name(a) for a in s.authors),
        "Author full names": full,
        "Author(s) ID": "; ".join(ids),
        "Title": title,
        "Year": str(s.year),
        "Source title": source_title,
        "Volume": volume,
        "Issue": issue,
        "Art. No.": art_no,
        "Page start": start,
        "Page end": end,
        "Page count": str(int(end) - int(start) + 1) if start.isdigit() and end.isdigit() else "",
        "Cited by": str(rng.randrange(0, 60)) if rng.random() < 0.8 else "",
        "DOI": s.doi,
        "Link": link,
        "Abstract": doc_abstract,
        "Author Keywords": "; ".join(s.keywords) if s.kind != "erratum" else "",
        "Index Keywords": "",
        "Publisher": s.publisher,
        "Conference name": conf_name,
        "PubMed ID": pmid,
        "Language of Original Document": s.language,
        "Abbreviated Source Title": scopus_abbrev(s.journal, s.iso),
        "Document Type": scopus_doctype(s),
        "Publication Stage": stage,
        "Open Access": "All Open Access; Gold Open Access"
        if s.publisher in ("MDPI", "Frontiers Media SA")
        else "",
        "Source": "Scopus",
        "EID": eid,
    }
    s.shown.setdefault(
        "scopus",
        {
            "title": title,
            "authors": row["Authors"],
            "year": row["Year"],
            "journal": source_title,
            "doi": s.doi,
            "pmid": pmid,
            "abstract": doc_abstract if s.abstract else "",
            "link": f"https://doi.org/{s.doi}" if s.doi else link,
        },
    )
    return [row.get(column, "") for column in SCOPUS_HEADER]


def write_scopus_csv(path: Path, rows: list[list[str]]) -> None:
    # The 2024 layout: BOM before the opening quote, every field quoted, LF line ends.
    def quote(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    lines = [",".join(quote(h) for h in SCOPUS_HEADER)]
    lines += [",".join(quote(v) for v in row) for row in rows]
    write_bytes(path, ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))


def pubmed_article(s: Study, pmid: str, variant: int) -> str:
    title = s.title
    vernacular = ""
    if s.language != "English":
        vernacular = title
        title = f"[{title}]."
    elif not title.endswith((".", "?")):
        title += "."
    if variant % 4 == 2:
        title = title.replace("“", '"').replace("”", '"')
    year = s.year
    month = MONTHS[s.month - 1]
    if s.real and "scopus" in s.records and s.volume and s.pages and variant // 4 % 5 == 3:
        year, month = s.year - 1, "Dec"  # PubMed dates the e-pub, Scopus the issue
    authors = []
    for a in s.authors:
        fore, initials = medline_forename(a)
        suffix = f"<Suffix>{escape(a.suffix)}</Suffix>" if a.suffix else ""
        if a.surname == "Consortium":
            authors.append(
                '<Author ValidYN="Y"><CollectiveName>DTB Consortium</CollectiveName></Author>'
            )
            continue
        authors.append(
            f'<Author ValidYN="Y"><LastName>{escape(a.surname)}</LastName><ForeName>{escape(fore)}'
            f"</ForeName><Initials>{escape(initials)}</Initials>{suffix}</Author>"
        )
    start, end = split_pages(s.pages)
    pagination = ""
    if s.pages:
        medline_pgn = medline_pages(start, end)
        pagination = (
            f"<Pagination><StartPage>{escape(start)}</StartPage>"
            + (f"<EndPage>{escape(end)}</EndPage>" if end else "")
            + f"<MedlinePgn>{escape(medline_pgn)}</MedlinePgn></Pagination>"
        )
    eloc = f'<ELocationID EIdType="doi" ValidYN="Y">{escape(s.doi)}</ELocationID>' if s.doi else ""
    abstract = (
        f"<Abstract><AbstractText>{escape(s.abstract)}</AbstractText></Abstract>"
        if s.abstract
        else ""
    )
    volume = f"<Volume>{escape(s.volume)}</Volume>" if s.volume else ""
    issue = f"<Issue>{escape(s.issue)}</Issue>" if s.issue else ""
    pubtype = {
        "review": ("D016454", "Review"),
        "editorial": ("D016421", "Editorial"),
        "erratum": ("D016425", "Published Erratum"),
    }.get(s.kind)
    types = '<PublicationType UI="D016428">Journal Article</PublicationType>'
    if pubtype:
        types += f'<PublicationType UI="{pubtype[0]}">{pubtype[1]}</PublicationType>'
    keywords = "".join(f'<Keyword MajorTopicYN="N">{escape(k)}</Keyword>' for k in s.keywords)
    keyword_list = (
        f'<KeywordList Owner="NOTNLM">{keywords}</KeywordList>' if s.keywords and not s.real else ""
    )
    vern = f"<VernacularTitle>{escape(vernacular)}</VernacularTitle>" if vernacular else ""
    s.shown.setdefault(
        "pubmed",
        {
            "title": title,
            "authors": "; ".join(f"{a.surname} {medline_forename(a)[1]}" for a in s.authors),
            "year": str(year),
            "journal": medline_title(s.journal),
            "doi": s.doi,
            "pmid": pmid,
            "abstract": s.abstract,
            "link": f"https://doi.org/{s.doi}"
            if s.doi
            else f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        },
    )
    ids = f'<ArticleId IdType="pubmed">{pmid}</ArticleId>'
    if s.doi:
        ids += f'<ArticleId IdType="doi">{escape(s.doi)}</ArticleId>'
    status = "MEDLINE" if s.year < 2024 else "PubMed-not-MEDLINE"
    article_title = escape(title)
    for term in ("in vivo", "in silico"):  # efetch keeps the publisher's italics as markup
        article_title = article_title.replace(term, f"<i>{term}</i>")
    return (
        f'<PubmedArticle><MedlineCitation Status="{status}" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f'<Article PubModel="Print-Electronic"><Journal><JournalIssue CitedMedium="Internet">{volume}{issue}'
        f"<PubDate><Year>{year}</Year><Month>{month}</Month></PubDate></JournalIssue>"
        f"<Title>{escape(medline_title(s.journal))}</Title><ISOAbbreviation>{escape(s.iso)}</ISOAbbreviation>"
        f"</Journal><ArticleTitle>{article_title}</ArticleTitle>{pagination}{eloc}{abstract}"
        f'<AuthorList CompleteYN="Y">{"".join(authors)}</AuthorList><Language>{s.lang_code}</Language>'
        f"<PublicationTypeList>{types}</PublicationTypeList>{vern}</Article>"
        f"<MedlineJournalInfo><MedlineTA>{escape(s.iso)}</MedlineTA></MedlineJournalInfo>{keyword_list}"
        f"</MedlineCitation><PubmedData><History>{history(s, pmid)}</History>"
        f"<PublicationStatus>ppublish</PublicationStatus><ArticleIdList>{ids}</ArticleIdList>"
        "</PubmedData></PubmedArticle>"
    )


def entrez_date(s: Study, pmid: str) -> tuple[int, int, int]:
    """When PubMed added the record: before round 1's search, or between the two rounds."""
    day = int(pmid) % 27 + 1
    if s.round == 2:
        month = min(max(s.month, 9), 12)
        day = 17 + day % 12 if month == 9 else (1 + day % 12 if month == 12 else day)
        return 2024, month, day
    return s.year, s.month, day


def history(s: Study, pmid: str) -> str:
    y, m, d = entrez_date(s, pmid)
    return "".join(
        f'<PubMedPubDate PubStatus="{status}"><Year>{y}</Year><Month>{m}</Month><Day>{d}</Day>'
        f"<Hour>{hour}</Hour><Minute>0</Minute></PubMedPubDate>"
        for status, hour in (("entrez", 6), ("pubmed", 6), ("medline", 6))
    )


# The DOCTYPE efetch sends today (as in ../shared/data/entrez/pubmed1.xml, byte for byte).
PUBMED_HEAD = (
    '<?xml version="1.0" ?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


def pubmed_xml(articles: list[str]) -> bytes:
    return (
        PUBMED_HEAD + "<PubmedArticleSet>\n" + "".join(articles) + "</PubmedArticleSet>"
    ).encode("utf-8")


ESEARCH_HEAD = (  # as in ../shared/data/entrez/esearch2.xml
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
SEARCH_TOOL_VERSION = f"prisma-review {TOOL_VERSION}; Biopython 1.88"


def esearch_xml(pmids: list[str], query: str) -> bytes:
    ids = "".join(f"<Id>{p}</Id>\n" for p in pmids)
    return (
        f"{ESEARCH_HEAD}<eSearchResult><Count>{len(pmids)}</Count><RetMax>{len(pmids)}</RetMax>"
        "<RetStart>0</RetStart><QueryKey>1</QueryKey><WebEnv>MCID_66e7d2a0f1c3b5a7e9d1c3b5</WebEnv>"
        f"<IdList>\n{ids}</IdList><TranslationSet/><QueryTranslation>{escape(query)}"
        "</QueryTranslation></eSearchResult>\n"
    ).encode()


def write_pubmed(records_dir: Path, date: str, query: str, articles: list[tuple[str, str]]) -> Path:
    """Write one PubMed search as ``prisma-review search`` saves it; return the file it logs.

    The ONE place that knows the layout (``prisma/sources/snapshot.py``): a folder
    ``raw/pubmed/<date>_search/`` with the esearch reply (usehistory, newest PMID first),
    the efetch replies paged through the WebEnv (``efetch_0001.xml``, up to 200 records
    each) and ``manifest.json``, which the search log names.
    """
    folder = records_dir / "raw" / "pubmed" / f"{date}_search"
    pmids = [pmid for pmid, _ in articles]
    write_bytes(folder / "esearch.xml", esearch_xml(pmids, query))
    batches = []
    for start in range(0, len(articles), 200):
        chunk = articles[start : start + 200]
        name = f"efetch_{len(batches) + 1:04d}.xml"
        body = pubmed_xml([xml for _, xml in chunk])
        write_bytes(folder / name, body)
        batches.append(
            {
                "file": name,
                "pmids": [p for p, _ in chunk],
                "sha256": hashlib.sha256(body).hexdigest(),
                "via": "history",
            }
        )
    manifest = {
        "batches": batches,
        "complete": True,
        "count": len(pmids),
        "date": date,
        "datetype": "",
        "enumerated": True,
        "known": 0,
        "query": query,
        "since": "",
        "source": "pubmed",
        "tool": "prisma-review",
        "version": 1,
        "windows": [
            {
                "count": len(pmids),
                "crdt_max": "",
                "crdt_min": "",
                "datetype": "",
                "file": "esearch.xml",
                "maxdate": "",
                "mindate": "",
            }
        ],
    }
    path = folder / "manifest.json"
    write_text(path, json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def wos_record(s: Study, ut: str, pmid: str, variant: int) -> str:
    fold_ascii = variant % 3 == 0
    lines = ["PT " + ("C" if s.kind == "conference" else "J")]
    aus = [wos_au(a, fold_ascii) for a in s.authors]
    afs = [wos_au(a, fold_ascii).replace(", ", ", ", 1) for a in s.authors]
    lines.append("AU " + "\n   ".join(aus))
    lines.append("AF " + "\n   ".join(afs))
    lines.append("TI " + "\n   ".join(wrap(s.title, 70)))
    lines.append("SO " + s.journal.upper())
    lines.append("LA " + s.language)
    lines.append(
        "DT " + {"conference": "Proceedings Paper", "review": "Review"}.get(s.kind, "Article")
    )
    if s.keywords and not s.real:
        lines.append("DE " + "; ".join(s.keywords))
    if s.abstract:
        lines.append("AB " + s.abstract)
    lines.append(f"TC {variant % 23}")
    lines.append(f"Z9 {variant % 23 + 1}")
    if s.publisher:
        lines.append("PU " + s.publisher.upper())
    j9 = (
        re.sub(r"\s*\(.*?\)", "", s.iso).upper().replace("/", " ")
        if s.iso
        else s.journal.upper()[:20]
    )
    lines.append("J9 " + j9)
    lines.append("JI " + scopus_abbrev(s.journal, s.iso))
    lines.append("PD " + MONTHS[s.month - 1].upper())
    lines.append(f"PY {s.year}")
    if s.volume:
        lines.append("VL " + s.volume)
    if s.issue:
        lines.append("IS " + s.issue)
    start, end = split_pages(s.pages)
    if start and end:
        lines.append("BP " + start)
        lines.append("EP " + end)
    elif start:
        lines.append("AR " + start)
    if s.doi:
        lines.append("DI " + s.doi)
    if pmid:
        lines.append("PM " + pmid)
    lines.append("UT " + ut)
    s.shown.setdefault(
        "wos",
        {
            "title": s.title,
            "authors": "; ".join(aus),
            "year": str(s.year),
            "journal": s.journal.upper(),
            "doi": s.doi,
            "pmid": pmid,
            "abstract": s.abstract,
            "link": f"https://doi.org/{s.doi}" if s.doi else "",
        },
    )
    lines.append("DA " + DATES[1]["wos"])
    lines.append("ER")
    return "\n".join(lines)


def wrap(text: str, width: int) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    return out


def write_wos(path: Path, records: list[str]) -> None:
    text = "FN Clarivate Analytics Web of Science\nVR 1.0\n" + "\n\n".join(records) + "\n\nEF\n"
    write_bytes(path, text.encode("utf-8"))


POP_HEADER = [
    "Cites",
    "Authors",
    "Title",
    "Year",
    "Source",
    "Publisher",
    "ArticleURL",
    "CitesURL",
    "GSRank",
    "QueryDate",
    "Type",
    "DOI",
    "ISSN",
    "CitationURL",
    "Volume",
    "Issue",
    "StartPage",
    "EndPage",
    "ECC",
    "CitesPerYear",
    "CitesPerAuthor",
    "AuthorCount",
    "Age",
    "Abstract",
    "FullTextURL",
    "RelatedURL",
]


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def scholar_fields(s: Study, variant: int) -> dict[str, str]:
    names = [scholar_name(a) for a in s.authors]
    authors = ", ".join(names[:4]) + ("…" if len(names) > 4 else "")
    title = s.title
    if variant % 6 == 3 and len(title) > 95:
        title = truncate(title, 80)  # Scholar cuts long titles
    elif variant % 6 == 1:
        title = title.replace("“", '"').replace("”", '"').replace(" - ", ": ")
    source = s.journal
    if s.kind == "preprint":
        source = s.journal.replace("arXiv preprint ", "arXiv preprint ")
    if len(source) > 30:
        source = truncate(source, 28)
    year = str(s.year)
    if variant % 17 == 5 and len(s.records) == 0:
        year = ""  # Scholar sometimes has no year at all
    more = variant // 7
    if title != s.title:
        pass  # one liberty per record: a cut title keeps its spelling
    elif more % 5 == 2:
        title = respell(title)
    elif more % 5 == 3:
        title = title.replace("3D ", "3-D ").replace("2D ", "2-D ")
    elif more % 5 == 4 and len(title) > 70:
        title = drop_letter(title)  # text scraped from a PDF: a letter lost
    return {"Authors": authors, "Title": title, "Year": year, "Source": source}


# British and American spellings: publishers, databases and Scholar's sources disagree.
SPELLINGS = (
    ("modelling", "modeling"),
    ("Modelling", "Modeling"),
    ("tumour", "tumor"),
    ("Tumor", "Tumour"),
    ("optimizing", "optimising"),
    ("Personalized", "Personalised"),
    ("ischaemic", "ischemic"),
    ("personalized", "personalised"),
    ("Modeling", "Modelling"),
    ("modeling", "modelling"),
    ("fiber", "fibre"),
    ("Orthopaedic", "Orthopedic"),
)


def drop_letter(title: str) -> str:
    """Lose one inner letter of the longest word ("tomography" -> "tomogaphy")."""
    words = title.split(" ")
    i = max(range(len(words)), key=lambda k: (len(words[k]), -k))
    word = words[i]
    cut = len(word) // 2 + 1
    words[i] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


def respell(title: str) -> str:
    for one, other in SPELLINGS:
        if one in title:
            return title.replace(one, other)
    return title


def scholar_row(
    s: Study, fields_: dict[str, str], rank: int, query_date: str, rng: random.Random
) -> list[str]:
    cites = max(0, int(rng.expovariate(1 / 12)))
    year = fields_["Year"]
    age = str(max(1, int(query_date[:4]) - int(year))) if year else ""
    publisher = {
        "MDPI": "mdpi.com",
        "Elsevier": "Elsevier",
        "Springer": "Springer",
        "IEEE": "ieeexplore.ieee.org",
        "arXiv": "arxiv.org",
        "Nature Research": "nature.com",
        "Frontiers Media SA": "frontiersin.org",
        "John Wiley and Sons": "Wiley Online Library",
    }.get(s.publisher, "ncbi.nlm.nih.gov" if s.iso else "")
    url = ""
    if s.kind == "preprint" and "arXiv:" in s.journal:
        url = "https://arxiv.org/abs/" + s.journal.rsplit("arXiv:", 1)[1]
    snippet = ""
    if s.abstract and not s.real:
        words = s.abstract.split()
        snippet = "… " + " ".join(words[3:28]) + " …"
    per_year = f"{cites / int(age):.2f}" if age else "0.00"
    n_auth = len(s.authors)
    s.shown.setdefault(
        "scholar",
        {
            "title": fields_["Title"].rstrip(" …"),
            "authors": "; ".join(
                a.strip() for a in fields_["Authors"].replace("…", "").split(",") if a.strip()
            ),
            "year": fields_["Year"],
            "journal": fields_["Source"].rstrip(" …"),
            "doi": "",
            "pmid": "",
            "abstract": snippet,
            "link": url,
        },
    )
    row = {
        "Cites": str(cites),
        "Publisher": publisher,
        "ArticleURL": url,
        "GSRank": str(rank),
        "QueryDate": f"{query_date} 10:14:52",
        "ECC": str(cites),
        "CitesPerYear": per_year,
        "CitesPerAuthor": str(round(cites / n_auth)),
        "AuthorCount": str(n_auth),
        "Age": age,
        "Abstract": snippet,
        "Type": "PDF" if rank % 7 == 0 else "",
        **fields_,
    }
    return [row.get(column, "") for column in POP_HEADER]


def write_pop_csv(path: Path, rows: list[list[str]]) -> None:
    # Publish or Perish: BOM, unquoted header, minimal quoting, LF.
    text = to_csv_text(POP_HEADER, rows)
    write_bytes(path, ("\ufeff" + text).encode("utf-8"))


def scholar_record_id(fields_: dict[str, str]) -> str:
    """The id an adapter gives a Scholar row: no native id, so the content hash."""
    first = fields_["Authors"].split(",")[0].replace("…", "").strip()
    return "scholar:" + content_hash(fields_["Title"], parse_year(fields_["Year"]), first)


# --- files ----------------------------------------------------------------------------


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


QUERIES = {
    "scopus": (
        'TITLE-ABS-KEY ( ( "digital twin*" OR "digital replica*" ) AND ( "medical imag*" OR mri OR '
        '"magnetic resonance imaging" OR "computed tomography" OR ct OR "medical image*" ) ) '
        "AND PUBYEAR < 2025"
    ),
    "pubmed": (
        '("digital twin*"[Title/Abstract] OR "digital replica*"[Title/Abstract]) AND '
        '("Diagnostic Imaging"[MeSH Terms] OR "medical imaging"[Title/Abstract] OR '
        '"magnetic resonance imaging"[Title/Abstract] OR MRI[Title/Abstract] OR '
        '"computed tomography"[Title/Abstract] OR CT[Title/Abstract])'
    ),
    "wos": (
        'TI=(("digital twin*" OR "digital replica*") AND ("medical imag*" OR MRI OR "magnetic resonance" '
        'OR "computed tomography" OR CT OR imaging))'
    ),
    "scholar": '"digital twin" OR "digital replica" "medical imaging" MRI OR CT',
}
PLATFORM = {
    "scopus": "Scopus (Elsevier)",
    "pubmed": "PubMed (NCBI E-utilities)",
    "wos": "Web of Science Core Collection (Clarivate)",
    "scholar": "Google Scholar via Publish or Perish 8",
}


def config_toml() -> str:
    reasons = "".join(
        f'\n[[screening.reasons]]\ncode = "{c}"\nlabel = "{lbl}"\n' for c, lbl in REASONS
    )
    return f'''# The worked example: the seed review (Zhao et al., "{TITLE}").
# Generated by examples/make_seed_workspace.py; see records/README.md.

[review]
title = "{TITLE}"

[[sources]]
name = "scopus"
label = "Scopus"
platform = "{PLATFORM["scopus"]}"
query = "queries/scopus.txt"
limits = "publication year before 2025"

[[sources]]
name = "pubmed"
kind = "pubmed"
label = "PubMed"
platform = "{PLATFORM["pubmed"]}"
query = "queries/pubmed.txt"
email = "reviewer@example.org"

[[sources]]
name = "wos"
label = "Web of Science"
platform = "{PLATFORM["wos"]}"
query = "queries/wos.txt"

[[sources]]
name = "scholar"
label = "Google Scholar"
platform = "{PLATFORM["scholar"]}"
query = "queries/scholar.txt"
hits_reported = 800
note = "first 80 of about 800 results"
limits = "first 80 results by relevance exported"

[screening.title_abstract]
screeners = ["alice", "bob"]
required = 2
arbiter = "carol"

[screening.full_text]
screeners = ["alice", "bob"]
required = 2
arbiter = "carol"
{reasons}
[dedup]
method = "rules"
''' + extraction_toml()


# --- screening ------------------------------------------------------------------------


def check_code(study_id: str, title: str, handout: str) -> str:
    """The hand-out's row check, as `screen export` writes it (id, title, identity)."""
    return sheet.check_code(study_id, title, handout)


def handout_cell(screener: str, stage: str, round_: int) -> str:
    """The hand-out's identity cell: whose file, which stage, round and review."""
    role = Role.ARBITER if screener == "carol" else Role.SCREENER
    return Identity(stage, role, screener, round_, review_code(TITLE)).cell


@dataclass
class Vote:
    study: Study
    decision: str
    reason: str = ""
    notes: str = ""


def screening_plan(
    studies: list[Study], stage: str, rng: random.Random, conflicts: int, reason_splits: int
) -> dict[str, list[Vote]]:
    """What alice, bob and (for their conflicts) carol wrote, study by study.

    The truth (``fate``) decides the settled outcome; conflicts and differing reasons
    are planted so the arbiter and the reason precedence have work to do.
    """
    votes: dict[str, list[Vote]] = {"alice": [], "bob": [], "carol": []}
    order = sorted(studies, key=lambda s: s.key)
    conflict_keys = {s.key for s in rng.sample(order, conflicts)}
    # Reason splits: the second screener names a lower-precedence reason than the truth.
    splittable = [
        s
        for s in order
        if stage == "full_text"
        and s.fate == "ft_excluded"
        and s.reason != "insufficient_detail"
        and s.key not in conflict_keys
    ]
    split_keys = {s.key for s in rng.sample(splittable, min(reason_splits, len(splittable)))}
    for study in order:
        if stage == "title_abstract":
            passes = study.fate != "ta_excluded"
            good = rng.choice(("include", "include", "maybe")) if passes else "exclude"
            bad = "exclude" if passes else rng.choice(("include", "maybe"))
            reason = ""
        else:
            passes = study.fate == "included"
            good = "include" if passes else "exclude"
            bad = "exclude" if passes else "include"
            reason = "" if passes else study.reason
        if study.key in conflict_keys:
            first, second = (good, bad) if rng.random() < 0.5 else (bad, good)
            r_first = (
                reason
                if first == "exclude" and reason
                else ("insufficient_detail" if first == "exclude" and stage == "full_text" else "")
            )
            r_second = (
                reason
                if second == "exclude" and reason
                else ("insufficient_detail" if second == "exclude" and stage == "full_text" else "")
            )
            votes["alice"].append(Vote(study, first, r_first))
            votes["bob"].append(Vote(study, second, r_second))
            votes["carol"].append(
                Vote(study, "include" if passes else "exclude", reason, "settled after discussion")
            )
            continue
        other_reason = reason
        if study.key in split_keys:
            lower = [c for c, _ in REASONS if REASON_RANK[c] > REASON_RANK[reason]]
            other_reason = lower[-1]
        votes["alice"].append(Vote(study, good, reason))
        votes["bob"].append(Vote(study, good, other_reason))
    return votes


INFO = ["study_id", "check", "title", "authors", "year", "journal", "doi", "pmid"]
DECISION_COLUMNS = ["decision", "reason", "notes"]
IDENTITY_COLUMNS = ["handout"]


def info_columns(stage: str) -> list[str]:
    """The hand-out's columns, as ``screen export`` writes them."""
    return INFO + (["abstract"] if stage == "title_abstract" else []) + ["link"]


def info_cells(study: Study, sid: str, stage: str, handout: str) -> list[str]:
    """The study's first record as its source showed it (the study id's record)."""
    shown = study.shown[sid.split(":", 1)[0]]
    cells = [sid, check_code(sid, shown["title"], handout)] + [shown[c] for c in INFO[2:]]
    if stage == "title_abstract":
        cells.append(shown["abstract"])
    return cells + [shown["link"]]


def handback_text(
    screener: str,
    stage: str,
    round_: int,
    votes: list[Vote],
    study_id: dict[str, str],
    plan: dict[str, list[Vote]],
) -> bytes:
    """A hand-back file: the hand-out as that person's spreadsheet saved it, filled in."""
    header = info_columns(stage)
    if screener == "carol":  # `screen conflicts`: both screeners' latest words, then hers
        for n in (1, 2):
            header += [f"screener_{n}", f"decision_{n}", f"reason_{n}", f"notes_{n}"]
    header += DECISION_COLUMNS + IDENTITY_COLUMNS
    handout = handout_cell(screener, stage, round_)
    sides = {name: {v.study.key: v for v in plan[name]} for name in ("alice", "bob")}
    rows = []
    for vote in sorted(votes, key=lambda v: study_id[v.study.key]):
        sid = study_id[vote.study.key]
        cells = info_cells(vote.study, sid, stage, handout)
        if screener == "carol":
            for name in ("alice", "bob"):
                side = sides[name][vote.study.key]
                cells += [name, side.decision, side.reason, side.notes]
        decision, reason = vote.decision, vote.reason
        if screener == "alice":
            decision = decision.capitalize()  # typed by hand in Excel
        elif screener == "bob" and reason:
            reason = REASON_LABEL[reason]  # picked from the list of labels
        rows.append(cells + [decision, reason, vote.notes, handout])
    if screener == "alice":
        rows.sort(key=lambda r: (r[-4], r[2].casefold()))  # she sorted by decision, then title
    buffer = io.StringIO()
    delimiter = ";" if screener == "bob" else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if screener == "bob":
        return text.encode("utf-8")  # LibreOffice (semicolon locale): no BOM, LF
    return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")  # Excel: BOM, CRLF


def write_screening(
    out_dir: Path,
    rel_dir: str,
    round_: int,
    studies: list[Study],
    study_id: dict[str, str],
    rng: random.Random,
    ta_conflicts: int,
    ft_conflicts: int,
    reason_splits: int,
) -> list[list[object]]:
    ledger_rows: list[list[object]] = []
    plan_ta = screening_plan(studies, "title_abstract", rng, ta_conflicts, 0)
    passing = [s for s in studies if s.fate != "ta_excluded"]
    plan_ft = screening_plan(passing, "full_text", rng, ft_conflicts, reason_splits)
    for stage, plan in (("title_abstract", plan_ta), ("full_text", plan_ft)):
        for screener in ("alice", "bob", "carol"):
            votes = plan[screener]
            day = HANDBACK[(round_, stage)][screener]
            path = out_dir / f"{day}_{stage}_{screener}.csv"
            write_bytes(path, handback_text(screener, stage, round_, votes, study_id, plan))
            digest = sha256(path)
            rel = f"{rel_dir}/{path.name}"  # where the file sits in the workspace
            role = "arbiter" if screener == "carol" else "screener"
            for vote in sorted(votes, key=lambda v: study_id[v.study.key]):
                ledger_rows.append(
                    [
                        f"{day}T17:00:00Z",
                        round_,
                        stage,
                        study_id[vote.study.key],
                        vote.decision,
                        vote.reason,
                        screener,
                        role,
                        rel,
                        digest,
                        vote.notes,
                    ]
                )
    return ledger_rows


# --- the whole workspace --------------------------------------------------------------


def variant_of(key: str, source: str) -> int:
    return int(hashlib.sha1(f"{key}|{source}".encode()).hexdigest()[:8], 16)


def render_round(
    studies: list[Study],
    round_: int,
    rng: random.Random,
    pmid_next: list[int],
    eid_next: list[int],
    ut_next: list[int],
    refound: dict[str, list[Study]],
) -> dict[str, list]:
    """Native ids and per-source rows for one round's searches."""
    out: dict[str, list] = {"scopus": [], "pubmed": [], "wos": [], "scholar": []}
    for study in sorted(studies, key=lambda s: (s.year, s.month, s.key)):
        for letter in study.pattern:
            source = LETTER[letter]
            if source == "pubmed":
                pmid_next[0] += rng.randrange(1, 40)
                study.records["pubmed"] = f"pubmed:{pmid_next[0]}"
            elif source == "scopus":
                eid_next[0] += rng.randrange(1, 900)
                study.records["scopus"] = f"scopus:2-s2.0-{eid_next[0]}"
            elif source == "wos":
                ut_next[0] += rng.randrange(1, 90000)
                study.records["wos"] = f"wos:WOS:{ut_next[0]:015d}"
    for source in out:
        members = [s for s in studies if source in s.records and s.round == round_]
        out[source] = members + refound.get(source, [])
    return out


def in_press_keys(studies: list[Study]) -> list[str]:
    """Two round-1 Scopus records still "Article in press" (final by round 2)."""
    return sorted(s.key for s in studies if "S" in s.pattern and s.year == 2024 and not s.real)[:2]


def scopus_rows(
    studies: list[Study], rng: random.Random, in_press: list[str] = ()
) -> list[list[str]]:  # type: ignore[assignment]
    rows = []
    for s in sorted(studies, key=lambda s: (-s.year, -s.month, s.title)):
        eid = s.records["scopus"].split(":", 1)[1]
        pmid = ""
        if "pubmed" in s.records and variant_of(s.key, "scopus-pmid") % 2 == 0:
            pmid = s.records["pubmed"].split(":")[1]
        rows.append(
            scopus_row(s, eid, pmid, rng, variant_of(s.key, "scopus"), in_press=s.key in in_press)
        )
    return rows


def pubmed_articles(studies: list[Study]) -> list[tuple[str, str]]:
    ordered = sorted(studies, key=lambda s: -int(s.records["pubmed"].split(":")[1]))
    out = []
    for s in ordered:
        pmid = s.records["pubmed"].split(":")[1]
        out.append((pmid, pubmed_article(s, pmid, variant_of(s.key, "pubmed"))))
    return out


def wos_records(studies: list[Study]) -> list[str]:
    ordered = sorted(studies, key=lambda s: (-s.year, s.title))
    out = []
    for s in ordered:
        pmid = s.records["pubmed"].split(":")[1] if "pubmed" in s.records and s.iso else ""
        out.append(wos_record(s, s.records["wos"].split(":", 1)[1], pmid, variant_of(s.key, "wos")))
    return out


def scholar_rows(
    studies: list[Study], rng: random.Random, query_date: str, id_key: str = "scholar"
) -> list[list[str]]:
    # Relevance order: the included studies tend to rank high.
    ranked = sorted(studies, key=lambda s: (s.fate != "included", variant_of(s.key, "rank")))
    rows = []
    for rank, s in enumerate(ranked, 1):
        fields_ = scholar_fields(s, variant_of(s.key, id_key))
        if id_key == "scholar":
            s.records["scholar"] = scholar_record_id(fields_)
        else:
            rid = scholar_record_id(fields_)
            s.refound["scholar"] = rid + "~2" if rid == s.records["scholar"] else rid
        rows.append(scholar_row(s, fields_, rank, query_date, rng))
    return rows


def study_ids(studies: list[Study], dates: dict[int, dict[str, str]]) -> dict[str, str]:
    """Study id = earliest-identified member: by round, search date, then record id."""
    out = {}
    for s in studies:
        members = [(s.round, dates[s.round][src], rid) for src, rid in s.records.items()]
        out[s.key] = min(members)[2]
    return out


def generate(root: Path, examples_dir: Path) -> dict:
    rng = random.Random(SEED)
    studies = build_round1(rng)
    pmid, eid, ut = [PMID_BASE], [EID_BASE], [UT_BASE]
    render_round(studies, 1, rng, pmid, eid, ut, {})
    records = root / "records"
    d1 = DATES[1]
    files: dict[str, Path] = {}

    by_source = {
        src: [s for s in studies if src in s.records] for src in ("scopus", "pubmed", "wos")
    }
    files["scopus"] = records / "raw" / "scopus" / f"{d1['scopus']}_scopus.csv"
    pressed = in_press_keys(studies)
    write_scopus_csv(files["scopus"], scopus_rows(by_source["scopus"], rng, pressed))
    files["pubmed"] = write_pubmed(
        records, d1["pubmed"], QUERIES["pubmed"], pubmed_articles(by_source["pubmed"])
    )
    files["wos"] = records / "raw" / "wos" / f"{d1['wos']}_wos.txt"
    write_wos(files["wos"], wos_records(by_source["wos"]))
    scholar_studies = [s for s in studies if "G" in s.pattern]
    files["scholar"] = records / "raw" / "scholar" / f"{d1['scholar']}_scholar.csv"
    write_pop_csv(files["scholar"], scholar_rows(scholar_studies, rng, d1["scholar"]))

    counts = {src: sum(1 for s in studies if letter in s.pattern) for letter, src in LETTER.items()}
    assert counts == {"scopus": 117, "pubmed": 115, "wos": 17, "scholar": 80}, counts

    for source, text in QUERIES.items():
        write_text(root / "queries" / f"{source}.txt", text + "\n")
    write_text(root / "config.toml", config_toml())

    log_rows = []
    for source in ("scopus", "pubmed", "wos", "scholar"):
        hits = {"scholar": "about 800"}.get(source, str(counts[source]))
        limits = {
            "scholar": "first 80 results by relevance exported",
            "scopus": "publication year before 2025",
        }.get(source, "")
        # as `prisma-review import` logs an export (adapter name in brackets)
        method = {
            "scopus": "import (scopus_csv)",
            "wos": "import (wos_plaintext)",
            "scholar": "import (pop_csv)",
        }.get(source, "")
        if source == "pubmed":  # as `prisma-review search` logs a first search
            method = f"full search: {counts[source]} of {counts[source]} fetched"
        log_rows.append(
            [
                1,
                source,
                PLATFORM[source],
                d1[source],
                QUERIES[source],
                limits,
                hits,
                counts[source],
                files[source].relative_to(root).as_posix(),
                sha256(files[source]),
                SEARCH_TOOL_VERSION if source == "pubmed" else TOOL_VERSION,
                method,
            ]
        )

    sid = study_ids(studies, DATES)
    ledger = write_screening(
        records / "screening",
        "records/screening",
        1,
        studies,
        sid,
        rng,
        ta_conflicts=8,
        ft_conflicts=6,
        reason_splits=5,
    )

    # --- round 2 ----------------------------------------------------------------------
    new = build_round2(rng, [s.title for s in studies])
    old_scopus = sorted(
        (s for s in studies if "S" in s.pattern and s.key not in pressed), key=lambda s: s.key
    )
    refound = {
        "scopus": sorted(
            [s for s in studies if s.key in pressed]
            + rng.sample(old_scopus, REFOUND_R2["scopus"] - len(pressed)),
            key=lambda s: s.key,
        ),
        "scholar": sorted(
            rng.sample(
                sorted((s for s in studies if "G" in s.pattern), key=lambda s: s.key),
                REFOUND_R2["scholar"],
            ),
            key=lambda s: s.key,
        ),
    }
    render_round(new, 2, rng, [pmid[0] + 5000], [eid[0] + 200000], [ut[0]], {})
    r2 = examples_dir / "round2"
    d2 = DATES[2]
    new_scopus = [s for s in new if "S" in s.pattern]
    scopus_r2 = scopus_rows(new_scopus, rng)
    for s in refound["scopus"]:
        s.refound["scopus"] = s.records["scopus"] + "~2"  # same EID again: the loader suffixes it
        scopus_r2.append(
            scopus_row(
                s, s.records["scopus"].split(":", 1)[1], "", rng, variant_of(s.key, "scopus")
            )
        )
    r2_files = {
        # named as the databases name a download; `import --date` files them by date
        "scopus": r2 / "exports" / "scopus.csv",
        "scholar": r2 / "exports" / "PoPCites.csv",
    }
    write_scopus_csv(r2_files["scopus"], scopus_r2)
    new_scholar = [s for s in new if "G" in s.pattern]
    rows_new = scholar_rows(new_scholar, rng, d2["scholar"])
    rows_old = scholar_rows(refound["scholar"], rng, d2["scholar"], id_key="scholar-r2")
    merged = rows_new + rows_old
    for rank, row in enumerate(merged, 1):
        row[POP_HEADER.index("GSRank")] = str(rank)
    write_pop_csv(r2_files["scholar"], merged)
    new_pubmed = [s for s in new if "P" in s.pattern]
    write_bytes(
        r2 / "pubmed" / "efetch_new.xml",
        pubmed_xml([xml for _, xml in pubmed_articles(new_pubmed)]),
    )
    all_pmids = sorted(
        [s.records["pubmed"].split(":")[1] for s in studies + new if "pubmed" in s.records], key=int
    )
    write_text(r2 / "pubmed" / "pmids_all.txt", "\n".join(all_pmids) + "\n")
    write_text(
        r2 / "pubmed" / "pmids_new.txt",
        "\n".join(sorted((s.records["pubmed"].split(":")[1] for s in new_pubmed), key=int)) + "\n",
    )
    r2_counts = {"scopus": len(scopus_r2), "pubmed": len(new_pubmed), "scholar": len(merged)}
    r2_log = []
    for source in ("scopus", "pubmed", "scholar"):
        path = r2_files.get(source)
        limits = {
            "scopus": "publication year before 2026; loaded after 2024-09-16",
            "scholar": "first 20 results by relevance, since 2024 exported",
            "pubmed": "new PMIDs since the round-1 search",
        }[source]
        r2_log.append(
            {
                "round": 2,
                "source": source,
                "date_searched": d2[source],
                "records": r2_counts[source],
                "file": path.relative_to(examples_dir).as_posix()
                if path
                else "round2/pubmed/efetch_new.xml",
                "limits": limits,
            }
        )

    sid_all = study_ids(studies + new, DATES)
    for s in new:
        sid[s.key] = sid_all[s.key]
    # Round 2's hand-backs wait in examples/round2/screening/ until the round-2 walk-through
    # imports them; the import keeps them in records/screening/, where its ledger rows
    # name them.
    ledger_r2 = write_screening(
        r2 / "screening",
        "records/screening",
        2,
        new,
        sid,
        rng,
        ta_conflicts=2,
        ft_conflicts=1,
        reason_splits=0,
    )

    # --- logs and ledger --------------------------------------------------------------
    write_text(records / "searches.csv", to_csv_text(LOG_COLUMNS, log_rows))
    write_text(records / "decisions.csv", to_csv_text(LEDGER_COLUMNS, ledger))
    write_text(r2 / "decisions_round2.csv", to_csv_text(LEDGER_COLUMNS, ledger_r2))
    write_text(records / "published" / "figure3.toml", PUBLISHED)
    write_text(records / "README.md", records_readme(studies, new))

    # Data extraction: the seed's Tables 2-8, through the tool's own hand-out and import.
    write_extraction(root, {sid[s.key]: s.key for s in studies if s.fate == "included"})

    truth = truth_json(studies, new, sid, files, root, r2_log, refound)
    write_text(r2 / "README.md", round2_readme(truth))
    write_text(
        examples_dir / "seed_truth.json", json.dumps(truth, indent=1, ensure_ascii=False) + "\n"
    )
    return truth


PUBLISHED = """\
# Figure 3 of the seed review as published (Zhao et al., "Current Progress of Digital Twin
# Construction Using Medical Imaging", section 2.1 and Figure 3). Keys are the PRISMA2020
# app's data keys. The text says 97 full texts were excluded, yet its five reasons add up
# to 112, and only 112 balances 181 assessed -> 69 included: `prisma-review check
# --published records/published/figure3.toml` reports exactly that.

records_screened = 260          # "After removing duplicates, we obtained a total of 260"
dbr_assessed = 181
dbr_excluded = 97
new_studies = 69

[database_specific_results]
Scopus = 117
PubMed = 115
"Web of Science" = 17
"Google Scholar" = 80

[dbr_excluded_reasons]
"Not in English" = 3
"Solely ethical concerns" = 6
"Pre-clinical" = 1
"Unrelated to medical imaging" = 15
"Insufficient technical detail" = 87

# Tables 2-8 summarise the included studies, one table per body system: 64 rows for the
# 69 studies the text and Figure 3 say were included.
[tabulated_studies]
"Table 2 (cardiovascular)" = 17
"Table 3 (central nervous system)" = 12
"Table 4 (musculoskeletal)" = 14
"Table 5 (breast)" = 5
"Table 6 (urinary)" = 5
"Table 7 (digestive)" = 7
"Table 8 (respiratory)" = 4
"""


def boxes(studies: list[Study], round_: int, identified: dict[str, int], previous: int) -> dict:
    screened = [s for s in studies if s.round == round_]
    ta_out = sum(1 for s in screened if s.fate == "ta_excluded")
    ft = [s for s in screened if s.fate != "ta_excluded"]
    reasons = Counter(s.reason for s in ft if s.fate == "ft_excluded")
    included = sum(1 for s in ft if s.fate == "included")
    total = sum(identified.values())
    out = {
        "database_specific_results": {LABEL[k]: v for k, v in identified.items()},
        "database_results": total,
        "duplicates": total - len(screened),
        "excluded_automatic": 0,
        "excluded_other": 0,
        "records_screened": len(screened),
        "records_excluded": ta_out,
        "dbr_sought_reports": len(ft),
        "dbr_notretrieved_reports": 0,
        "dbr_assessed": len(ft),
        "dbr_excluded": sum(reasons.values()),
        "dbr_excluded_reasons": {REASON_LABEL[c]: reasons[c] for c, _ in REASONS if reasons[c]},
        "new_studies": included,
        "new_reports": included,
    }
    if previous:
        out.update(
            previous_studies=previous,
            previous_reports=previous,
            total_studies=previous + included,
            total_reports=previous + included,
        )
    return out


def study_entry(s: Study, sid: str) -> dict:
    return {
        "study": sid,
        "key": s.key,
        "members": sorted(s.records.values()),
        "fate": s.fate,
        "reason": s.reason,
        "real": s.real,
        "title_from_seed": bool(s.cited and s.cited.title_from_seed),
        "title": s.title,
        "year": s.year,
    }


def truth_json(studies, new, sid, files, root, r2_log, refound) -> dict:  # type: ignore[no-untyped-def]
    r1_counts = {
        src: sum(1 for s in studies if src in s.records and src != "scholar")
        for src in LETTER.values()
    }
    r1_counts["scholar"] = sum(1 for s in studies if "G" in s.pattern)
    r1_counts = {k: r1_counts[k] for k in ("scopus", "pubmed", "wos", "scholar")}
    r2_counts = {e["source"]: e["records"] for e in r2_log}
    r2_counts = {k: r2_counts[k] for k in ("scopus", "pubmed", "scholar")}
    return {
        "about": "Ground truth of the worked example, written by examples/make_seed_workspace.py.",
        "round1": {
            "files": {
                k: files[k].relative_to(root).as_posix()
                for k in ("scopus", "pubmed", "wos", "scholar")
            },
            "records": r1_counts,
            "studies": [
                study_entry(s, sid[s.key]) for s in sorted(studies, key=lambda s: sid[s.key])
            ],
            "boxes": boxes(studies, 1, r1_counts, 0),
        },
        "round2": {
            "searches": r2_log,
            "records": r2_counts,
            "new_studies": [
                study_entry(s, sid[s.key]) for s in sorted(new, key=lambda s: sid[s.key])
            ],
            # [study id, record id of the round-2 record that re-finds it]
            "refound": {
                src: sorted([sid[s.key], s.refound[src]] for s in refound[src]) for src in refound
            },
            "boxes": boxes(new, 2, r2_counts, previous=69),
        },
    }


def round2_readme(truth: dict) -> str:
    b = truth["round2"]["boxes"]
    per = ", ".join(f"{k} {v}" for k, v in b["database_specific_results"].items())
    reasons = ", ".join(f"{k} {v}" for k, v in b["dbr_excluded_reasons"].items())
    return f"""# Round 2 of the worked example: the next quarter (synthetic)

Written by `examples/make_seed_workspace.py` with the rest of the example; every record
here is synthetic (see `records/README.md`). Nothing in this folder is read by `make run`:
a test (or the README walk-through) plays the quarter out on a copy of the workspace.

| path | what | how round 2 uses it |
| --- | --- | --- |
| `exports/scopus.csv` | Scopus export of 2024-12-16, {truth["round2"]["records"]["scopus"]} records: 14 new, 10 re-found from round 1 (same EIDs; the two "Article in press" records are final now) | `prisma-review import examples/round2/exports/scopus.csv --source scopus --date 2024-12-16 --round 2` |
| `exports/PoPCites.csv` | Publish or Perish CSV of 2024-12-18, {truth["round2"]["records"]["scholar"]} records: 12 new, 8 re-found | `prisma-review import examples/round2/exports/PoPCites.csv --source scholar --date 2024-12-18 --round 2` |
| `pubmed/efetch_new.xml` | efetch `PubmedArticleSet` of the {truth["round2"]["records"]["pubmed"]} PMIDs added since round 1 (entrez dates 2024-09-17 to 2024-12-12) | the fake E-utilities server serves these together with round 1's `records/raw/pubmed/2024-09-16_search/efetch_0001.xml` |
| `pubmed/pmids_all.txt` | every PMID the query matches on 2024-12-16 (round 1's 115 and the new ones) | the server's esearch answer |
| `pubmed/pmids_new.txt` | the PMIDs `prisma-review search` must fetch (it holds the others) | assert on the new snapshot folder |
| `screening/*.csv` | hand-backs of alice and bob and carol's conflict sheet, title/abstract and full text, for the new studies only | `screen import` each in date order; the import keeps a byte-exact copy in `records/screening/`, which the ledger rows name; each file says whose it is |
| `decisions_round2.csv` | the ledger rows those imports should append | compare with `records/decisions.csv` after the imports |

Expected diagram (PRISMA 2020 template for updated reviews), also in
`examples/seed_truth.json` under `round2.boxes`:

- studies included in the previous version: {b["previous_studies"]}
- records identified: {per} (Web of Science was not searched again)
- duplicate records removed: {b["duplicates"]} (18 re-find round-1 studies, 13 are overlaps among new records)
- records screened: {b["records_screened"]}; excluded: {b["records_excluded"]}
- reports sought and assessed: {b["dbr_assessed"]}; excluded: {reasons}
- new studies included: {b["new_studies"]}; total studies: {b["total_studies"]}
"""


def records_readme(studies: list[Study], new: list[Study]) -> str:
    real = [s for s in studies if s.real and s.cited and s.cited.title_from_seed]
    described = [s for s in studies if s.real and s.cited and not s.cited.title_from_seed]
    synth_inc = [s for s in studies if s.fate == "included" and not s.real]
    lines = [
        "# records/ — the worked example's record-level files",
        "",
        "These files make the repository root a review workspace that reproduces Figure 3 of",
        "the seed review (Zhao et al., *Current Progress of Digital Twin Construction Using",
        "Medical Imaging*, §2.1): Scopus 117, PubMed 115, Web of Science 17 and Google Scholar 80",
        "records (of about 800 Scholar hits), 260 after duplicates, 79 excluded on title and",
        "abstract, 181 full texts assessed, 112 excluded (not in English 3, solely ethical",
        "concerns 6, pre-clinical 1, unrelated to medical imaging 15, insufficient technical",
        "detail 87) and 69 studies included.",
        "",
        "**Most of this data is synthetic.** The seed publishes counts, not its records. Every",
        "file here was written by `examples/make_seed_workspace.py` (fixed random seed, no",
        "clock: rerunning it rewrites these files byte for byte).",
        "",
        "## What is real",
        "",
        f"- **{len(real)} included studies carry real citations**: authors, year, title, venue,",
        "  volume and pages exactly as the seed's reference list prints them (one typo",
        '  corrected: "Checucci" -> "Checcucci", as the seed\'s own Table 6 spells it). They are',
        "  the studies of the seed's Tables 2-8 plus Zilberman et al. 2003 (named in §2.4.1).",
        "  The seed gives no DOIs, so these records have none. Their abstracts are NOT the",
        "  published abstracts: each says so and summarises the seed's table row.",
        f"- **{len(described)} included studies are named by the seed without a title** (a book",
        "  chapter, two proceedings papers, and Table 5's Moztarzadeh et al. 2023, absent from",
        "  the reference list). Their authors, year and venue come from the seed; their *title*",
        "  is our description of the study from the seed's text, not the published title:",
    ]
    for s in described:
        lines.append(f"  - `{s.key}`: {s.title}")
    lines += [
        "- The export *layouts* are real: the Scopus CSV copies the 2024 Scopus header",
        "  (46 columns, BOM before the first quote, every field quoted); the Web of Science file",
        "  is the plain-text `FN`/`VR`/`PT`…`ER`/`EF` format; the Scholar file is a Publish or",
        "  Perish CSV (BOM, unquoted header, `…` truncations); PubMed is the snapshot folder",
        "  `prisma-review search` writes (esearch reply, efetch `PubmedArticleSet` with NLM's",
        "  current DOCTYPE line, manifest). No data from real export files was copied.",
        "",
        "## What is synthetic",
        "",
        f"- {len(synth_inc)} of the 69 included studies (`syn…` keys in `examples/seed_truth.json`):",
        "  the seed includes 69 but names only 66.",
        "- All 191 excluded studies (79 at title/abstract, 112 at full text) and every record of",
        "  round 2 (`examples/round2/`). Titles are drawn from word lists",
        "  (`examples/seed_vocab.py`) and checked to differ clearly from each other; journal",
        "  names are real venues but the articles attributed to them do not exist.",
        "- All identifiers: PMIDs from 90,000,001 up, Scopus EIDs `2-s2.0-999…`, Web of Science",
        "  accession numbers `WOS:999…`, DOIs under Crossref's test prefix `10.5555/`. None of",
        "  these ranges has been issued, so none can be mistaken for a real record.",
        "- The search dates (September 2024, round 2 in December 2024) and the queries in",
        '  `queries/`, which follow §2.1 ("Digital Twin" / "Digital Replica" with MRI, CT and',
        "  medical imaging) in each database's syntax; the seed does not print its strings.",
        "- The screeners (alice, bob) and the arbiter (carol), their hand-back files in",
        "  `screening/` and the ledger `decisions.csv` built from them.",
        "",
        "## How the duplicates look",
        "",
        "329 records form 260 studies: 69 records are duplicates, to be found by the dedup",
        "engine from the fields alone (`examples/seed_truth.json` lists every cluster).",
        "Across sources the same study differs the way real exports do:",
        "",
        "- PubMed titles end with a period; journals are MEDLINE's sentence-case titles and",
        "  abbreviations; a few real studies carry the e-pub year (December of the year",
        "  before the issue Scopus gives; volume and pages still agree); Scopus rows give",
        "  the PMID only half of the time.",
        "- Web of Science upper-cases journals, wraps titles, writes `Surname, AB` and",
        "  sometimes drops diacritics (`Lozek, M`).",
        "- Scholar truncates author lists and journal names with `…` and a few long titles",
        "  too, has no DOIs, writes straight quotes for curly ones, and takes one liberty per",
        "  title at most: British or American spelling (`modelling`/`modeling`), `3-D` for",
        "  `3D`, or a letter lost in scraping a PDF.",
        "- Scopus sometimes writes ` - ` for `: `; two 2024 records are still",
        '  "Article in press" (no volume or pages) in round 1 and final in round 2.',
        "",
        "Identifier and exact-title matching alone finds 63 of the 69; the rest need fuzzy",
        "rules. Traps that must NOT merge: Ahmadian et al. 2022a and 2022b (same authors,",
        "journal, volume and year), Hu et al. and Wan et al. 2021 (same journal and volume,",
        "shared authors), a synthetic two-part paper (part I / part II, same authors, journal",
        "and year) and an erratum of a synthetic article.",
        "",
        "## The screening files",
        "",
        "`screening/` holds what came back, kept there by `screen import`: for each stage the",
        "hand-out of `screen export` (study id, check code, title, authors, year, journal,",
        "DOI, PMID, abstract at title/abstract, link, and the `handout` column saying whose",
        "file it is) filled in by alice and by bob, and carol's copy of `screen conflicts`",
        "for the studies they disagreed on (8 at title/abstract, 6 at full text). Each is",
        "saved the way that person's spreadsheet saves: alice uses Excel (BOM,",
        "CRLF, `Include` typed with a capital, rows sorted by decision), bob LibreOffice with a",
        "semicolon locale (no BOM, LF, reasons picked by label, e.g. `Insufficient technical",
        "detail`), carol Excel. At full text five studies got two different reasons; the",
        "vocabulary's order in `config.toml` picks the primary one. `decisions.csv` holds one",
        "row per decision, timed at 17:00 UTC on the day the file came back (the file name).",
        "",
        "## The extraction files",
        "",
        "`extraction/` holds the data extraction of the 69 included studies against the",
        "`[extraction]` form in `config.toml`, written by `examples/make_seed_extraction.py`",
        "through the tool's own `extract export` and `extract import`. **The values are the",
        "seed's**: Tables 2-8 cell for cell (`examples/seed_tables.py`): body system (the",
        "table a study is in), clinical site, data modality, data quantity, data publicity and",
        "computational models as printed. Two fields are coded from printed cells, for the",
        "charts: `modalities` (the Data Modality cell split at `, ` and ` + `, each part as",
        "printed; `N/A` names none) and `data_access` (the Data Publicity cell in four classes:",
        "Public, On request, Not public, Not reported; the mapping is `ACCESS` in that script).",
        "alice (Excel: BOM, CRLF, body systems typed in lower case, rows sorted by reference)",
        "and bob (LibreOffice, semicolon locale) agree on every printed value except five: bob",
        'codes two data-access cells differently (Moore et al. 2024, "Available Upon',
        'Registration"; Lachinov et al. 2023, "Available partially at ADNI and TADPOLE',
        'Dataset"), leaves a modality out twice (Chakshu et al. 2021, Rudnicka et al. 2024)',
        "and the controls out of one data quantity (Tai et al. 2022). carol's copy of",
        "`extract conflicts` settles each to the value printed. The five included studies no",
        "table holds (Zilberman et al. 2003, Gamage et al. 2023 and the three synthetic ones)",
        "come back empty: the paper prints no values for them, and `check` names them.",
        "`extraction.csv` is the ledger those three imports wrote (17:00 UTC on each file's",
        "date).",
        "",
        "## Files",
        "",
        "| path | what |",
        "| --- | --- |",
        "| `raw/scopus/2024-09-16_scopus.csv` | Scopus CSV export, 117 records |",
        "| `raw/pubmed/2024-09-16_search/` | PubMed search snapshot as `prisma-review search` saves it: `esearch.xml`, `efetch_0001.xml` (115 records), `manifest.json` |",
        "| `raw/wos/2024-09-17_wos.txt` | Web of Science plain text, 17 records |",
        "| `raw/scholar/2024-09-18_scholar.csv` | Publish or Perish CSV (Google Scholar), 80 records |",
        "| `searches.csv` | the PRISMA-S search log (round 1) with each file's sha256 |",
        "| `screening/*.csv` | hand-back files: title/abstract and full text, alice, bob, carol |",
        "| `decisions.csv` | the decision ledger built from those files |",
        "| `extraction/*.csv` | extraction hand-back files: alice, bob, and carol's settlements |",
        "| `extraction.csv` | the extraction ledger built from those files |",
        "| `published/figure3.toml` | Figure 3's numbers as the paper prints them (97 vs 112; 64 rows in Tables 2-8 for 69 included) |",
        "",
        "Regenerate everything (these files, `config.toml`, `queries/`, `examples/round2/`",
        "and `examples/seed_truth.json`) with `.venv/bin/python examples/make_seed_workspace.py`;",
        "`tests/test_seed_workspace.py` fails if the committed files differ from its output.",
        "",
        "The ground truth (every study, its member record ids, its fate and every expected",
        "box of both rounds) is `examples/seed_truth.json`.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve() if len(argv) > 1 else REPO
    examples_dir = HERE if root == REPO else root / "examples"
    truth = generate(root, examples_dir)
    b = truth["round1"]["boxes"]
    print(
        f"wrote {root}: {b['database_specific_results']} -> {b['records_screened']} studies, "
        f"{b['new_studies']} included"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
