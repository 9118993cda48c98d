"""A million records: srsr repeated as new studies, with the variation real exports show.

Copy 0 is srsr as it is. Every further copy turns each srsr study (a labelled
cluster or a single record) into a different study, the same way for all its
records: three title words replaced, a first author added, the year shifted, the
volume, pages and DOI changed (and a Cochrane review number wherever it is written). Its records keep the ways they differed from each other
(the databases' formats), and one record in ten gets the noise of a real export on
top: title case changed, a typo, DOI or pages dropped, the author list cut to one.
The labelled clusters carry over, so precision and recall are known at 1,000,000.

Opt-in (long): ``PRISMA_BENCH_1M=1 python -m benchmarks dedup``, or
``python -m benchmarks.dedup_million``.
"""

from __future__ import annotations

import csv
import gc
import os
import random
import re
import resource
import time
from collections import defaultdict

from benchmarks.bench_dedup import DATA, PeakRSS, cluster_pairs, score
from prisma.records import Record

TARGET = 1_000_000
SURNAMES = (
    "Kowalski",
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Haddad",
    "Novak",
    "Silva",
    "Fischer",
    "Rossi",
    "Nguyen",
    "Petrov",
    "Jensen",
    "Costa",
    "Yilmaz",
    "Murphy",
)
_WORD = re.compile(r"[A-Za-z]{5,}")
_SHORT_WORD = re.compile(r"[A-Za-z]{3,}")
_COCHRANE = re.compile(r"(cd)(\d{6})", re.IGNORECASE)
# the page numbers of a range ("1251-60", "S44-8"), not a Cochrane or article number
_PAGE = re.compile(r"(?<!\d)(?<![A-Za-z]{2})\d{1,5}(?!\d)")


def _vocabulary(records: list[Record]) -> list[str]:
    words = sorted({w.lower() for r in records[:20000] for w in _WORD.findall(r.title)})
    return words


def _review_number(match: re.Match[str], copy: int) -> str:
    """Another valid six-digit review number per copy (real ones stay below CD020000, so
    steps of 50,000 keep twenty copies apart)."""
    return f"{match.group(1)}{(int(match.group(2)) + 50_000 * copy) % 1_000_000:06d}"


def _new_study(members: list[Record], copy: int, seed: int, vocab: list[str]) -> list[Record]:
    rng = random.Random(seed)
    # short titles ('Head lice') have few long words: take shorter ones rather than
    # leave the title as it was, which would make the copy the same study again
    base_words = [w.lower() for w in _WORD.findall(members[0].title)]
    if len(base_words) < 3:
        base_words = [w.lower() for w in _SHORT_WORD.findall(members[0].title)]
    chosen = (
        {base_words[i] for i in (0, len(base_words) // 2, len(base_words) - 1) if base_words}
        if base_words
        else set()
    )
    swap = {w: rng.choice(vocab) for w in sorted(chosen)}
    surname = rng.choice(SURNAMES) + rng.choice(("", "son", "ova", "er"))
    shift = rng.choice((-2, -1, 1, 2, 3))
    page_step = rng.randrange(1, 400) * 10
    out = []
    for r in members:
        title = r.title
        for old, new in swap.items():
            title = re.sub(
                rf"\b{old}\b",
                lambda m, new=new: new.upper() if m.group(0).isupper() else new,
                title,
                flags=re.IGNORECASE,
            )
        authors = r.authors
        if authors and "," in authors[0]:
            authors = (f"{surname}, P.", *authors)
        elif authors and "." in authors[0]:
            authors = (f"{surname} P." + authors[0], *authors[1:])
        elif authors:
            authors = (f"{surname} P" + authors[0], *authors[1:])
        volume = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 100 * copy), r.volume, count=1)
        # a new study has its own DOI and Cochrane review number
        doi = re.sub(r"^(10\.\d+/)", rf"\g<1>c{copy}.", r.doi, count=1) if r.doi else ""
        doi = _COCHRANE.sub(lambda m: _review_number(m, copy), doi)
        # wherever the review number is written (pages, issue, volume): another review
        pages = _COCHRANE.sub(lambda m: _review_number(m, copy), r.pages)
        issue = _COCHRANE.sub(lambda m: _review_number(m, copy), r.issue)
        volume = _COCHRANE.sub(lambda m: _review_number(m, copy), volume)
        # another article sits at other pages: the first page number moved by a copy's
        # step (a new study at the very pages of the original would be the original)
        pages = _PAGE.sub(lambda m: str(int(m.group(0)) + page_step), pages, count=2)
        out.append(
            r.with_(
                id=f"{r.id}#{copy}",
                native_id=f"{r.native_id}#{copy}",
                title=title,
                authors=authors,
                year=r.year + shift if r.year else r.year,
                volume=volume,
                issue=issue,
                doi=doi,
                pages=pages,
            )
        )
    return out


def _noise(record: Record, rng: random.Random) -> Record:
    kind = rng.randrange(6)
    if kind == 0:
        return record.with_(title=record.title.swapcase())
    if kind == 1:
        words = record.title.split()
        long_words = [i for i, w in enumerate(words) if len(w) >= 6]
        if long_words:
            i = rng.choice(long_words)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        return record.with_(title=" ".join(words))
    if kind == 2:
        return record.with_(doi="")
    if kind == 3:
        return record.with_(pages="")
    if kind == 4:
        return record.with_(authors=record.authors[:1])
    return record.with_(title=record.title.rstrip(".") + ".")


def build(target: int = TARGET) -> tuple[list[Record], set[tuple[str, str]]]:
    from prisma.sources import read_file

    folder = DATA / "srsr"
    records = read_file(folder / "records_pre_merged.csv", "srsr", "bib_csv")
    by_native = {r.native_id: r for r in records}
    groups: list[list[Record]] = []
    seen: set[str] = set()
    with open(folder / "merged_record_ids.csv", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            ids = [i for i in row["merged_ids"].split(";") if i in by_native]
            groups.append([by_native[i] for i in ids])
            seen.update(ids)
    groups += [[r] for r in records if r.native_id not in seen]
    vocab = _vocabulary(records)
    noise_rng = random.Random(20261124)
    out: list[Record] = []
    truth_groups: dict[str, list[str]] = defaultdict(list)
    copy = 0
    while len(out) < target:
        for number, members in enumerate(groups):
            study = (
                members
                if copy == 0
                else _new_study(members, copy, copy * 1_000_003 + number, vocab)
            )
            for r in study:
                if copy and noise_rng.random() < 0.1:
                    r = _noise(r, noise_rng)
                out.append(r)
                truth_groups[f"{copy}:{number}"].append(r.native_id)
                if len(out) == target:
                    break
            if len(out) == target:
                break
        copy += 1
    truth = cluster_pairs(truth_groups.values())
    return out, truth


def run() -> str:
    if not (DATA / "srsr").exists():
        return "### One million records\n\nskipped: srsr is absent\n"
    start = time.perf_counter()
    records, truth = build()
    built = time.perf_counter() - start
    print(f"built {len(records):,} records in {built:.0f}s", flush=True)
    from prisma.dedup import deduplicate

    native = {r.id: r.native_id for r in records}
    gc.collect()
    load = os.getloadavg()[0]
    before = os.times()
    with PeakRSS() as memory:
        start = time.perf_counter()
        result = deduplicate(records, method="rules", options={"progress": True})
        seconds = time.perf_counter() - start
    after = os.times()
    cpu_main = after.user + after.system - before.user - before.system
    cpu_workers = (
        after.children_user + after.children_system - before.children_user - before.children_system
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    found = cluster_pairs([native[i] for i in c] for c in result.clusters if len(c) > 1)
    p, r, f = score(found, truth)
    line = (
        f"1,000,000 records (srsr x{len(records) / 53001:.1f}): P={p:.4f} R={r:.4f} "
        f"F1={f:.4f} in {seconds:.0f}s wall, CPU {cpu_main:.0f}s main + {cpu_workers:.0f}s "
        f"workers (load average {load:.1f} at start), peak {memory.peak / 2**30:.2f} GB "
        f"(+ largest worker {children / 2**30:.2f} GB); {len(result.maybe):,} maybe pairs"
    )
    print(line, flush=True)
    return (
        "### One million records\n\n"
        "srsr repeated as new studies (three title words, first author, year, volume, pages and DOI "
        "changed per study) with one record in ten given export noise (case, typo, DOI or "
        "pages dropped, authors cut); built in "
        f"{built:.0f}s, not timed. Targets: <= 90 s, <= 4 GB. Wall seconds depend on "
        "what else the two cores run (load average at the start of the call below); CPU "
        "seconds of the main process and of its forked worker (normalise and classify are "
        "shared between the two) do not.\n\n"
        "| records | P | R | F1 | s (wall) | CPU s main | CPU s workers | load avg "
        "| peak GB (main) | peak GB (a worker) | maybe |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        f"| {len(records):,} | {p:.4f} | {r:.4f} | {f:.4f} | {seconds:.0f} | {cpu_main:.0f} "
        f"| {cpu_workers:.0f} | {load:.1f} | {memory.peak / 2**30:.2f} | {children / 2**30:.2f} "
        f"| {len(result.maybe):,} |\n"
    )


if __name__ == "__main__":
    print(run())
