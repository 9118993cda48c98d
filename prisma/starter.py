"""``prisma-review init DIR``: a commented starter workspace."""

from __future__ import annotations

from pathlib import Path

from prisma.errors import ReviewError
from prisma.workspace import atomic_write

CONFIG = """\
# prisma-review workspace. Everything in build/ is computed from this file,
# queries/ and records/. Run `prisma-review check` after every change.

[review]
title = "{title}"

# One [[sources]] table per database, register or other method searched.
#   name          lower-case id; the prefix of record ids (pubmed:12345)
#   kind          "pubmed" (searched live through NCBI E-utilities) or "file" (exports)
#   label         as printed on the diagram
#   group         "database", "register" or "other" (other methods: grey column)
#   other_kind    for group "other": "websites", "organisations" or "citation_searching"
#   query         the exact search string as run (PRISMA-S item 8)
#   hits_reported what the database said it found, when you exported fewer
#   note          printed beside the count, e.g. "first 80 of about 800 results"

[[sources]]
name = "pubmed"
kind = "pubmed"
label = "PubMed"
platform = "PubMed (NCBI E-utilities)"
query = "queries/pubmed.txt"
email = ""          # NCBI asks for a contact address; or set NCBI_EMAIL
# api_key: set NCBI_API_KEY in the environment rather than writing it here

[[sources]]
name = "scopus"
label = "Scopus"
platform = "Elsevier Scopus"
query = "queries/scopus.txt"

[screening.title_abstract]
screeners = ["screener1", "screener2"]
required = 2        # independent screeners per study
arbiter = "arbiter"

[screening.full_text]
screeners = ["screener1", "screener2"]
required = 2
arbiter = "arbiter"

# Exclusion reasons at full text, in order of precedence: a report excluded for
# several reasons is counted under the first of them.
[[screening.reasons]]
code = "wrong_population"
label = "Wrong population"

[[screening.reasons]]
code = "wrong_design"
label = "Wrong study design"

[[screening.reasons]]
code = "wrong_outcome"
label = "Wrong outcome"

[dedup]
method = "rules"    # "rules" (fuzzy, explained) or "exact" (identifiers only)

# Data extraction from the included studies (`prisma-review extract ...`).
#   extractors    who extracts; each gets a hand-out of the studies awaiting them
#   required      independent extractors per study; values that differ go to the arbiter
#   group_by      a choice field: one evidence table per choice (build/tables/)
#   chart         two choice fields: inner and outer ring of the classification chart
#   bar_charts    choice or multi_choice fields: a bar chart of studies per value
[extraction]
extractors = ["screener1", "screener2"]
required = 2
arbiter = "arbiter"
group_by = "design"
chart = ["design", "setting"]
bar_charts = ["outcomes"]

# One [[extraction.fields]] table per item to extract, in the order of the hand-out.
#   name      lower-case id: the hand-out's column and extraction.csv's
#   type      "text", "number", "choice" (one of choices) or "multi_choice" (several,
#             separated by ";" in the spreadsheet)
#   required  the cell may not be left empty once a study is extracted
#   table     false: extracted but not a column of the evidence tables
[[extraction.fields]]
name = "design"
label = "Study design"
type = "choice"
required = true
choices = ["Randomised controlled trial", "Cohort study", "Case-control study", "Cross-sectional study"]

[[extraction.fields]]
name = "setting"
label = "Setting"
type = "choice"
choices = ["Community", "Hospital", "Laboratory"]

[[extraction.fields]]
name = "participants"
label = "Participants"
type = "number"
required = true

[[extraction.fields]]
name = "outcomes"
label = "Outcomes measured"
type = "multi_choice"
choices = ["Sleep latency", "Total sleep time", "Sleep quality", "Daytime sleepiness"]

[[extraction.fields]]
name = "notes_on_bias"
label = "Risk of bias (free text)"
type = "text"
table = false
"""

QUERY = "# Paste the exact search string as run on {name}, then delete this line.\n"


def init_workspace(target: Path, title: str = "My systematic review") -> list[Path]:
    target = Path(target)
    config = target / "config.toml"
    if config.exists():
        raise ReviewError(
            "a workspace is already here",
            file=config,
            kind="workspace",
            hint="choose an empty folder; init never overwrites a review",
        )
    files = {
        config: CONFIG.format(title=title.replace('"', "'")),
        target / "queries" / "pubmed.txt": QUERY.format(name="PubMed"),
        target / "queries" / "scopus.txt": QUERY.format(name="Scopus"),
        target / "records" / "raw" / ".gitkeep": "",
        target / ".gitignore": "build/\n*.lock\n",
    }
    for path, text in files.items():
        atomic_write(path, text)
    return sorted(files)
