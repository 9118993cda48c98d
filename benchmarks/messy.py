"""Messy-export variants of the labelled dedup sets (the stress set of issue #11).

From a labelled set and a seed, :func:`build` writes a new CSV in which one record of
every duplicate pair is rewritten into the shapes Embase, Ovid, EndNote and
spreadsheets give real exports (labels carried over), and adds non-duplicate records
that share a title with a record of the set (an erratum, a reply, the conference
abstract before a paper, a protocol before its results), rewritten into the same
shapes. Each seed draws other shapes, other spellings and other records, so the
engine cannot learn one spelling. Deterministic: the same set and seed give the same
bytes (the peer's results are cached by the file's sha256).

The rewriting here is written independently of ``prisma/dedup/normalise/``: it does
not call it, and abbreviates journal titles by its own random cut points, not by the
LTWA list the engine reads.
"""

from __future__ import annotations

import csv
import io
import random
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
COUNTRIES = ("United States", "United Kingdom", "Netherlands", "Germany", "Switzerland")
CITIES = ("Istanbul Turkey", "Vienna Austria", "San Diego CA United States", "Lyon France")
MEETINGS = (
    "22nd ECNP Congress",
    "Annual Meeting of the American Society of Hematology",
    "European Stroke Conference",
    "International Congress on Schizophrenia Research",
)
STOP = {"of", "the", "and", "&", "for", "in", "on", "de", "la", "der", "und", "a", "an"}
VOWELS = set("aeiouy")


@dataclass
class Variant:
    """One messy variant: the CSV text, its truth, and what was done (for the report)."""

    text: str
    truth: list[list[str]]  # clusters of IDs (the original labels; injected records alone)
    rewritten: int  # records rewritten into messy shapes
    injected: list[str]  # IDs of the added same-title non-duplicates
    shapes: dict[str, int]  # shape -> how many records show it


# --- one shape each -----------------------------------------------------------------------


def _issue_field(row: dict[str, str]) -> str:
    return "number" if "number" in row else "issue"


def _page_range(pages: str) -> tuple[str, str]:
    parts = re.split(r"\s*[-–]+\s*", pages.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _short_last(first: str, last: str) -> str:
    """'275-287' -> '275-87' (how MEDLINE writes a range)."""
    if first.isdigit() and last.isdigit() and len(first) == len(last):
        common = 0
        while common < len(first) - 1 and first[common] == last[common]:
            common += 1
        return last[common:]
    return last


def source_line(row: dict[str, str], rng: random.Random) -> bool:
    """Shape 1: the journal field holds an Embase or Ovid source line."""
    journal, volume = row.get("journal", ""), row.get("volume", "")
    issue, pages, year = row.get(_issue_field(row), ""), row.get("pages", ""), row.get("year", "")
    if not journal or not (volume or pages):
        return False
    first, last = _page_range(pages)
    style = rng.randrange(7)
    if style == 5:  # Vancouver, as PubMed and reference managers cite
        month = rng.choice(MONTHS)
        short = f"{first}-{_short_last(first, last)}" if last else first
        numbers = f"{volume}({issue})" if issue else volume
        line = f"{journal}. {year} {month};{numbers}:{short}."
    elif style == 6:  # APA, as a reference manager's bibliography style writes it
        span = f"{first}-{last}" if last else first
        line = f"{journal}, {volume}({issue}), {span}" if issue else f"{journal}, {volume}, {span}"
    elif style == 3:  # PsycINFO via Ovid or EBSCO: the date between volume and pages
        month = rng.choice(MONTHS)
        span = f"{first}-{last}" if last else first
        line = rng.choice(
            (
                f"{journal}. Vol.{volume}({issue}), {month} {year}, pp. {span}.",
                f"{journal}, Vol {volume}({issue}), {month} {year}, {span}",
            )
        )
    elif style == 4:  # Embase via Ovid, with a comma before the year
        span = f"pp {first}-{last}" if last else (f"pp {first}" if first else "no pagination")
        line = f"{journal}. {volume} ({issue}) ({span}), {year}. Date of Publication: {year}."
    elif style == 0:  # Embase via EndNote
        day, month = rng.randint(1, 28), rng.choice(MONTHS)
        span = f"pp {first}-{last}" if last else (f"pp {first}" if first else "no pagination")
        line = f"{journal}.{volume} ({issue}) ()({span}) {year}.Date of Publication: {day} {month} {year}."
        if rng.random() < 0.5:
            line = (
                f"{journal}.{volume} ({issue}) ({span}) {year}.Date of Publication: {month} {year}."
            )
    elif style == 1:  # Ovid MEDLINE "SO"
        short = f"{first}-{_short_last(first, last)}" if last else first
        month = rng.choice(MONTHS)
        line = f"{journal}. {volume}({issue}):{short}, {year} {month}."
        if not issue:
            line = f"{journal}. {volume}:{short}, {year}."
    else:  # Ovid Embase "SO" with the volume and issue spelled out
        line = f"{journal}. Vol.{volume}({issue}), pp.{pages}, {year}."
    row["journal"] = line
    row["volume"] = rng.choice(("", "", year, "(no pagination)"))
    row[_issue_field(row)] = ""
    row["pages"] = rng.choice(("", "", pages))
    return True


def unreadable_numbers(row: dict[str, str], rng: random.Random) -> bool:
    """Shape 2: volume, issue or pages holding what is not a volume, issue or page."""
    field = _issue_field(row)
    issue, pages, year = row.get(field, ""), row.get("pages", ""), row.get("year", "")
    options = ["country", "month", "pagings", "pages_in_volume"]
    date = re.fullmatch(r"(\d{1,2})\s*-\s*(\d{1,2})", issue)
    if date and 1 <= int(date.group(2)) <= 12 and 1 <= int(date.group(1)) <= 31:
        options += ["excel_issue"] * 3
    page_date = re.fullmatch(r"(\d{1,2})\s*-\s*(\d{1,2})", pages)
    if page_date and 1 <= int(page_date.group(2)) <= 12 and int(page_date.group(1)) <= 31:
        options += ["excel_pages"] * 2
    choice = rng.choice(options)
    if choice == "country":
        row["volume"] = rng.choice(COUNTRIES)
    elif choice == "month":
        row["pages"] = rng.choice(FULL_MONTHS + MONTHS)
    elif choice == "pagings":
        row["pages"] = rng.choice(("var.pagings", "var.pagings.", "var. pagings"))
    elif choice == "pages_in_volume":
        if not pages:
            return False
        row["volume"] = f"pp {pages} {year}"
    elif choice == "excel_issue" and date:
        a, b = int(date.group(1)), int(date.group(2))
        row[field] = rng.choice((f"{a:02d}-{MONTHS[b - 1]}", f"{a}-{MONTHS[b - 1]}"))
        if b <= 31 and a <= 12 and rng.random() < 0.5:  # a US locale reads month-day
            row[field] = f"{b}-{MONTHS[a - 1]}"
    elif choice == "excel_pages" and page_date:
        a, b = int(page_date.group(1)), int(page_date.group(2))
        row["pages"] = f"{a:02d}-{MONTHS[b - 1]}"
    return True


def _pii(rng: random.Random, year: str) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(13))
    yy = year[-2:] if len(year) == 4 else "05"
    check = rng.choice("0123456789X")
    return f"S{digits[:4]}-{digits[4:8]}({yy}){digits[8:13]}-{check}"


def doi_labels(row: dict[str, str], rng: random.Random, other_has_doi: bool) -> bool:
    """Shape 3: several labelled identifiers, a percent-escaped URL, or one side only."""
    doi = row.get("doi", "").strip()
    if doi.casefold() in ("", "none", "nan"):
        if other_has_doi:
            return False  # already one side only
        # a DOI on this side alone (the other export had none)
        row["doi"] = f"10.{rng.randint(1000, 9999)}/messy.{rng.randrange(10**8):08d}"
        return True
    style = rng.randrange(5)
    if style == 0:
        row["doi"] = f"{_pii(rng, row.get('year', ''))} [pii];{doi} [doi]"
    elif style == 1:
        row["doi"] = f"{doi} [doi]; {_pii(rng, row.get('year', ''))} [pii]"
    elif style == 2:
        escaped = urllib.parse.quote(doi, safe="/:.")
        if escaped == doi:
            escaped = doi.replace("-", "%2D", 1) if "-" in doi else doi.replace("/", "%2F", 1)
        row["doi"] = rng.choice(("http://dx.doi.org/", "https://doi.org/")) + escaped
    elif style == 3:
        row["doi"] = ""  # the DOI on the other record only
    else:
        row["doi"] = rng.choice(("doi:", "DOI: ", "https://doi.org/")) + doi.upper()
    return True


_NAME = re.compile(r"^\s*([^,]+?)\s*,\s*(.*?)\s*$")


def _parts(name: str) -> tuple[str, list[str]]:
    """('Park', ['S', 'K']) from 'Park, S. K.' / 'Park, Sang Kyu'; given names kept."""
    match = _NAME.match(name)
    if not match:
        tokens = name.split()
        return (tokens[0], [t.strip(".") for t in tokens[1:]]) if tokens else ("", [])
    given = [g for g in re.split(r"[\s.]+", match.group(2)) if g]
    return match.group(1), given


def _initials(given: list[str]) -> str:
    return "".join(g[0].upper() + "." for g in given if g)


def authors_glued(row: dict[str, str], rng: random.Random) -> bool:
    """Shape 4: no separators, initials glued to surnames, a name turned round, a double
    surname shortened."""
    raw = row.get("author", "")
    if " and " not in raw and "," not in raw:
        return False
    names = [_parts(n) for n in raw.split(" and ") if n.strip()]
    names = [(s, g) for s, g in names if s]
    if not names:
        return False
    out: list[str] = []
    for position, (surname, given) in enumerate(names):
        double = [p for p in re.split(r"[-\s]+", surname) if p]
        if len(double) > 1 and rng.random() < 0.7:
            # 'Hammami-Abrand Abadi A.' -> 'AbadiA.H.-A.': the last part kept, the rest initials
            surname = double[-1]
            given = [*given, "-".join(p[0] for p in double[:-1])]
            out.append(surname + _initials(given[:-1]) + given[-1] + ".")
            continue
        if position == 0 and given and len(given[0]) > 1 and rng.random() < 0.5:
            # turned round: the given name read as the surname
            out.append(given[0] + _initials(given[1:]) + surname[0].upper() + ".")
            continue
        out.append(surname + _initials(given))
    style = rng.randrange(3)
    if style == 0:
        row["author"] = "".join(out)  # ParkS.K.NguyenM.D.
    elif style == 1:
        row["author"] = "".join(re.sub(r"(?<=[a-z])(?=[A-Z]\.)", " ", n) for n in out)
    else:
        row["author"] = " ".join(n.replace(".", "") for n in out)  # Park SK Nguyen MD
        row["author"] = re.sub(r"(?<=[a-z])(?=[A-Z]+(?:\s|$))", " ", row["author"])
    return True


def _cut(word: str, rng: random.Random) -> str:
    """A random abbreviation of one word: cut after a consonant that precedes a vowel."""
    lower = word.casefold()
    if len(lower) <= 4:
        return word
    cuts = [
        i + 1
        for i in range(2, len(lower) - 2)
        if lower[i] not in VOWELS and lower[i + 1] in VOWELS and lower[i].isalpha()
    ]
    return word[: rng.choice(cuts)] if cuts else word


def abbreviate_journal(name: str, rng: random.Random) -> str:
    words = [w for w in re.split(r"\s+", re.sub(r"\([^)]*\)", " ", name)) if w]
    kept = [w.replace("-", "") for w in words if w.casefold().strip(".,:") not in STOP]
    cut = [_cut(w.strip(".,:"), rng) for w in kept]
    style = rng.randrange(3)
    if style == 0:
        return " ".join(cut)  # Arq Neuropsiquiatr
    if style == 1:
        return " ".join(c + "." if c != w else c for c, w in zip(cut, kept, strict=True))
    return ".".join(cut) + "."  # Behav.Pharmacol.


def journal_abbrev(row: dict[str, str], rng: random.Random) -> bool:
    """Shape 5: the journal title abbreviated, or given its place of publication."""
    journal = row.get("journal", "")
    if len(journal.split()) < 2 or "." in journal:
        if journal and rng.random() < 0.5 and "(" not in journal:
            row["journal"] = f"{journal} ({rng.choice(COUNTRIES)})"
            return True
        return False
    if rng.random() < 0.25:
        row["journal"] = f"{journal} ({rng.choice(COUNTRIES)})"
    else:
        row["journal"] = abbreviate_journal(journal, rng)
    return True


def _conference_like(row: dict[str, str]) -> bool:
    text = " ".join(row.get(k, "") for k in ("journal", "volume", "number", "issue"))
    return bool(
        re.search(r"conference|congress|meeting|suppl|abstract", text, re.IGNORECASE)
        or re.match(r"\s*S\d", row.get("pages", ""))
        or row.get("ENTRYTYPE", "") in ("inproceedings", "conference")
    )


def _embase_issue(issue: str) -> str:
    """The record's own issue as an Embase meeting line writes it ('SUPPL. 1'). The
    line restates the record's numbers; it never brings a supplement number of its own."""
    return re.sub(r"supp\w*\.?\s*", "SUPPL. ", issue, flags=re.IGNORECASE).strip()


def supplement(row: dict[str, str], rng: random.Random) -> bool:
    """Shape 6: a meeting abstract in a supplement, pages on one record and none on the
    other, or its journal field an Embase conference line."""
    if not _conference_like(row) or not row.get("journal"):
        return False
    style = rng.randrange(3)
    if style == 0:
        row["pages"] = ""
    elif style == 1:
        first, last = _page_range(row.get("pages", ""))
        if first.isdigit():
            row["pages"] = f"S{first}-S{last}" if last else f"S{first}"
        else:
            row["pages"] = ""
    else:
        journal = row["journal"].split(".Conference:")[0]
        volume = row.get("volume", "")
        row["journal"] = (
            f"{journal}.Conference: {rng.choice(MEETINGS)}. {rng.choice(CITIES)}. "
            f"Conference Start: {row.get('year', '')}1012 Conference End: "
            f"{row.get('year', '')}1016.{volume} ({_embase_issue(row.get(_issue_field(row), ''))})"
            f" (pp {row.get('pages', '')})"
        )
        row["volume"], row["pages"] = "", rng.choice(("", row.get("pages", "")))
    return True


# --- the set --------------------------------------------------------------------------------


def rewrite(row: dict[str, str], rng: random.Random, other_has_doi: bool) -> list[str]:
    """Rewrite one record into two to four shapes; the names of those applied."""
    done: list[str] = []
    shapes = [
        ("source_line", lambda: source_line(row, rng)),
        ("unreadable_numbers", lambda: unreadable_numbers(row, rng)),
        ("doi_labels", lambda: doi_labels(row, rng, other_has_doi)),
        ("authors_glued", lambda: authors_glued(row, rng)),
        ("journal_abbrev", lambda: journal_abbrev(row, rng)),
        ("supplement", lambda: supplement(row, rng)),
    ]
    chosen = rng.sample(range(len(shapes)), rng.randint(2, 4))
    # the journal is abbreviated before a source line is built around it
    for index in sorted(chosen, key=lambda i: (i != 4, i)):
        name, apply = shapes[index]
        if apply():
            done.append(name)
    return done


_ERRATUM = ("Erratum: {t}", "Correction to: {t}", "{t} (vol {v}, pg {p}, {y})", "Corrigendum: {t}")
_REPLY = ("Reply to: {t}", "Re: {t}", "Comment on: {t}", "Authors' reply: {t}")
_PROTOCOL = (
    "{t}: study protocol for a randomised controlled trial",
    "{t}: protocol for a systematic review",
    "Study protocol: {t}",
)


def _shifted(value: str, by: int) -> str:
    return str(int(value) + by) if value.isdigit() else value


def same_title_other(row: dict[str, str], rng: random.Random, new_id: str) -> tuple[dict, str]:
    """A non-duplicate sharing ``row``'s title: erratum, reply, abstract or protocol."""
    out = dict(row)
    out["ID"] = new_id
    title, year = row["title"].rstrip("."), row.get("year", "")
    first, _ = _page_range(row.get("pages", ""))
    kinds = ["erratum", "reply", "protocol"]
    if not _conference_like(row):
        kinds.append("abstract")  # the meeting abstract before a journal paper
    kind = rng.choice(kinds)
    if "doi" in out:
        out["doi"] = f"10.{rng.randint(1000, 9999)}/other.{rng.randrange(10**8):08d}"
    for field in ("abstract", "url"):
        if field in out:
            out[field] = ""
    if kind == "erratum":
        # Web of Science's "(vol 26, pg 17, 1990)" only where the original has both
        forms = _ERRATUM if row.get("volume", "").isdigit() and first.isdigit() else _ERRATUM[:2]
        out["title"] = rng.choice(forms).format(t=title, v=row.get("volume", ""), p=first, y=year)
        out["pages"] = str(int(first) + rng.randint(40, 400)) if first.isdigit() else ""
        out[_issue_field(row)] = _shifted(row.get(_issue_field(row), ""), 1)
    elif kind == "reply":
        out["title"] = rng.choice(_REPLY).format(t=title)
        out["pages"] = str(int(first) + rng.randint(40, 400)) if first.isdigit() else ""
        if rng.random() < 0.5:
            out["author"] = "Okonkwo, C. and Lindgren, B."
    elif kind == "abstract":
        # the meeting abstract a year before the paper, in the journal's supplement
        out["title"] = title
        out["year"] = _shifted(year, -1)
        out["volume"] = _shifted(row.get("volume", ""), -1)
        out[_issue_field(row)] = f"Suppl {rng.randint(1, 3)}"
        out["pages"] = f"S{rng.randint(10, 900)}"
        journal = row.get("journal", "") or "Journal"
        out["journal"] = f"{journal}.Conference: {rng.choice(MEETINGS)}. {rng.choice(CITIES)}"
    else:
        out["title"] = rng.choice(_PROTOCOL).format(t=title)
        out["year"] = _shifted(year, -rng.randint(1, 2))
        out["journal"] = rng.choice(("Trials", "BMJ Open", "Systematic Reviews"))
        out["volume"] = _shifted(row.get("volume", ""), -3) or str(rng.randint(5, 20))
        out[_issue_field(row)] = ""
        out["pages"] = str(rng.randint(1, 999))
    return out, kind


def build(folder: Path, seed: int, inject_share: float = 0.02) -> Variant:
    """The messy variant of one labelled set (see the module docstring)."""
    path = folder / "records_pre_merged.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [dict(r) for r in reader]
    if "doi" not in header:
        header.append("doi")
        for r in rows:
            r["doi"] = ""
    by_id = {r["ID"]: r for r in rows}
    originals = {r["ID"]: dict(r) for r in rows}  # the injected items copy the clean record
    truth: list[list[str]] = []
    with open(folder / "merged_record_ids.csv", encoding="utf-8-sig", newline="") as handle:
        for line in csv.DictReader(handle):
            ids = sorted(i.strip() for i in line["merged_ids"].split(";") if i.strip() in by_id)
            if len(ids) > 1:
                truth.append(ids)
    rng = random.Random(f"{folder.name}:{seed}")
    shapes: dict[str, int] = {}
    rewritten = 0
    for cluster in truth:
        # one record of each duplicate pair: in a larger cluster, all but one of them
        keep = rng.choice(cluster)
        for rid in cluster:
            if rid == keep:
                continue
            doi_elsewhere = any(
                by_id[o]["doi"].strip().casefold() not in ("", "none", "nan")
                for o in cluster
                if o != rid
            )
            for name in rewrite(by_id[rid], rng, doi_elsewhere):
                shapes[name] = shapes.get(name, 0) + 1
            rewritten += 1
    clustered = {i for c in truth for i in c}
    singles = sorted(i for i in by_id if i not in clustered and by_id[i].get("title"))
    pool = singles + sorted(clustered)
    count = max(4, round(inject_share * len(rows)))
    injected: list[str] = []
    added: list[dict[str, str]] = []
    # at most one per labelled cluster: two injected copies of one study's duplicates
    # would be duplicates of each other
    cluster_of = {i: n for n, c in enumerate(truth) for i in c}
    picked: list[str] = []
    taken: set[int] = set()
    for rid in rng.sample(pool, min(count, len(pool))):
        group = cluster_of.get(rid)
        if group is None or group not in taken:
            picked.append(rid)
            if group is not None:
                taken.add(group)
    for number, rid in enumerate(sorted(picked)):
        source = originals[rid]
        if len(source.get("title", "").split()) < 4:
            continue
        other, kind = same_title_other(source, rng, f"messy_{seed}_{number:05d}")
        applied = rewrite(other, rng, bool(source.get("doi")))
        shapes[f"same_title_{kind}"] = shapes.get(f"same_title_{kind}", 0) + 1
        for name in applied:
            shapes[name] = shapes.get(name, 0) + 1
        added.append(other)
        injected.append(other["ID"])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, *added])
    return Variant(buffer.getvalue(), truth, rewritten, injected, dict(sorted(shapes.items())))


def write(folder: Path, seed: int, out_dir: Path) -> tuple[Path, Variant]:
    """Write the variant's records_pre_merged.csv and merged_record_ids.csv under out_dir."""
    variant = build(folder, seed)
    target = out_dir / f"{folder.name}-messy{seed}"
    target.mkdir(parents=True, exist_ok=True)
    (target / "records_pre_merged.csv").write_text(variant.text, encoding="utf-8")
    lines = ["merged_ids", *(";".join(c) for c in variant.truth)]
    (target / "merged_record_ids.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target, variant
