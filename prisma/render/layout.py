"""Where every box of the PRISMA 2020 flow diagram goes and what it says (pure).

The layout follows the four official templates: a databases-and-registers column
(main boxes and, to their right, the boxes of what left the flow), an optional
grey "other methods" column, and for an updated review a grey "previous studies"
column on the left. Box wording and footnotes are the official ones (Page et al.
2021). Sizes are in inches on an A4 page so the printed text stays readable.
:mod:`prisma.render.diagram` draws the result with matplotlib.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from prisma.config import Group, OtherKind
from prisma.flow import Flow

CITATION = (
    "From: Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an updated "
    "guideline for reporting systematic reviews. BMJ 2021;372:n71. doi: 10.1136/bmj.n71"
)
FOOTNOTE_1 = (
    "*Consider, if feasible to do so, reporting the number of records identified from each "
    "database or register searched (rather than the total number across all "
    "databases/registers)."
)
FOOTNOTE_2 = (
    "**If automation tools were used, indicate how many records were excluded by a human and "
    "how many were excluded by automation tools."
)

# Boxes whose few lines read best centred, as in the official templates.
CENTRED = {
    "screened",
    "sought",
    "assessed",
    "notretrieved",
    "excluded",
    "included",
    "total",
    "o_sought",
    "o_notretrieved",
    "o_assessed",
}

FONT = 8.0  # points; 8 pt prints legibly on A4
LINE = FONT * 1.32 / 72  # inches per text line
CHAR = FONT * 0.53 / 72  # average character width in inches (DejaVu Sans)
PAD = 0.09
YELLOW = "#FDEFB2"
GREY = "#E6E6E6"
BLUE = "#BDD7EE"
WHITE = "#FFFFFF"


@dataclass
class Box:
    key: str
    text: str
    x: float
    width: float
    fill: str = WHITE
    bold: bool = False
    y: float = 0.0  # top edge, set by the layout
    height: float = 0.0

    def lines(self) -> list[str]:
        width = max(8, int((self.width - 2 * PAD) / CHAR))
        out: list[str] = []
        for paragraph in self.text.split("\n"):
            indent = len(paragraph) - len(paragraph.lstrip(" "))
            wrapped = textwrap.wrap(paragraph.strip(), width - indent, subsequent_indent="  ") or [
                ""
            ]
            out.extend(" " * indent + line for line in wrapped)
        return out

    def needed(self) -> float:
        return len(self.lines()) * LINE + 2 * PAD

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y - self.height / 2


NBSP = "\u00a0"  # keeps "(n = 12)" on one line when a box wraps


def _n(value: int) -> str:
    return f"(n{NBSP}={NBSP}{value:,})"


def _identification_text(flow: Flow) -> str:
    db = [s for s in flow.sources if s.group is Group.DATABASE]
    reg = [s for s in flow.sources if s.group is Group.REGISTER]
    lines = ["Records identified from*:", f"  Databases {_n(sum(s.n for s in db))}"]
    for s in db:
        note = f"; {s.note}" if s.note else ""
        lines.append(f"    {s.label} (n{NBSP}={NBSP}{s.n:,}{note})")
    lines.append(f"  Registers {_n(sum(s.n for s in reg))}")
    for s in reg:
        note = f"; {s.note}" if s.note else ""
        lines.append(f"    {s.label} (n{NBSP}={NBSP}{s.n:,}{note})")
    return "\n".join(lines)


def _other_identification_text(flow: Flow) -> str:
    lines = ["Records identified from:"]
    names = {
        OtherKind.WEBSITES: "Websites",
        OtherKind.ORGANISATIONS: "Organisations",
        OtherKind.CITATIONS: "Citation searching",
    }
    other = [s for s in flow.sources if s.group is Group.OTHER]
    for kind, name in names.items():
        lines.append(f"  {name} {_n(sum(s.n for s in other if s.other_kind is kind))}")
        for s in other:
            if s.other_kind is kind and s.label.casefold() != name.casefold():
                note = f"; {s.note}" if s.note else ""
                lines.append(f"    {s.label} (n{NBSP}={NBSP}{s.n:,}{note})")
    return "\n".join(lines)


def _reasons_text(reasons: list, total: int) -> str:
    lines = [f"Reports excluded {_n(total)}:" if reasons else "Reports excluded (n = 0)"]
    lines += [f"  {r.label} {_n(r.n)}" for r in reasons]
    return "\n".join(lines)


def build_boxes(flow: Flow) -> tuple[list[list[Box]], list[tuple[str, str, str]], dict]:
    """Rows of boxes (top to bottom) and arrows (from key, to key, direction)."""
    c = flow.counts()
    x = 0.55  # room for the blue stage labels
    wide = flow.updated and flow.other_methods  # five columns: keep within A4 landscape
    prev_w, main_w, side_w, oth_w, oth_side_w, gap = (
        (1.75, 2.3, 2.3, 2.0, 2.0, 0.25) if wide else (2.0, 2.55, 2.55, 2.2, 2.2, 0.3)
    )
    cols: dict[str, float] = {}
    if flow.updated:
        cols["prev"] = x
        x += prev_w + gap
    cols["main"] = x
    cols["side"] = x + main_w + gap
    x = cols["side"] + side_w
    if flow.other_methods:
        cols["omain"] = x + gap * 1.6
        cols["oside"] = cols["omain"] + oth_w + gap
        x = cols["oside"] + oth_side_w
    width = x + 0.25

    new = "new " if flow.updated else ""
    rows: list[list[Box]] = []
    header = [
        Box(
            "h_dbr",
            f"Identification of {new}studies via databases and registers",
            cols["main"],
            cols["side"] + side_w - cols["main"],
            YELLOW,
            True,
        )
    ]
    if flow.updated:
        header.insert(0, Box("h_prev", "Previous studies", cols["prev"], prev_w, GREY, True))
    if flow.other_methods:
        header.append(
            Box(
                "h_oth",
                f"Identification of {new}studies via other methods",
                cols["omain"],
                cols["oside"] + oth_side_w - cols["omain"],
                GREY,
                True,
            )
        )
    rows.append(header)

    ident = [
        Box("identified", _identification_text(flow), cols["main"], main_w),
        Box(
            "removed",
            "Records removed before screening:\n"
            f"  Duplicate records removed {_n(c.duplicates)}\n"
            f"  Records marked as ineligible by automation tools {_n(c.excluded_automatic)}\n"
            f"  Records removed for other reasons {_n(c.excluded_other)}",
            cols["side"],
            side_w,
        ),
    ]
    if flow.updated:
        ident.insert(
            0,
            Box(
                "previous",
                f"Studies included in previous version of review {_n(c.previous_studies)}\n\n"
                f"Reports of studies included in previous version of review "
                f"{_n(c.previous_reports)}",
                cols["prev"],
                prev_w,
                GREY,
            ),
        )
    if flow.other_methods:
        ident.append(
            Box("o_identified", _other_identification_text(flow), cols["omain"], oth_w, GREY)
        )
    rows.append(ident)

    screened = f"Records screened\n{_n(c.records_screened)}"
    if c.awaiting_screening:
        screened += f"\n(awaiting screening {_n(c.awaiting_screening)})"
    excluded = f"Records excluded**\n{_n(c.records_excluded)}"
    if c.records_excluded_automatic:
        excluded += (
            f"\n  by a human {_n(c.records_excluded_human)}"
            f"\n  by automation tools {_n(c.records_excluded_automatic)}"
        )
    rows.append(
        [
            Box("screened", screened, cols["main"], main_w),
            Box("excluded", excluded, cols["side"], side_w),
        ]
    )

    sought = [
        Box(
            "sought",
            f"Reports sought for retrieval\n{_n(c.dbr_sought_reports)}",
            cols["main"],
            main_w,
        ),
        Box(
            "notretrieved",
            f"Reports not retrieved\n{_n(c.dbr_notretrieved_reports)}",
            cols["side"],
            side_w,
        ),
    ]
    if flow.other_methods:
        sought += [
            Box(
                "o_sought",
                f"Reports sought for retrieval\n{_n(c.other_sought_reports)}",
                cols["omain"],
                oth_w,
                GREY,
            ),
            Box(
                "o_notretrieved",
                f"Reports not retrieved\n{_n(c.other_notretrieved_reports)}",
                cols["oside"],
                oth_side_w,
                GREY,
            ),
        ]
    rows.append(sought)

    assessed = f"Reports assessed for eligibility\n{_n(c.dbr_assessed)}"
    if c.dbr_awaiting_assessment:
        assessed += f"\n(awaiting assessment {_n(c.dbr_awaiting_assessment)})"
    elig = [
        Box("assessed", assessed, cols["main"], main_w),
        Box(
            "ft_excluded",
            _reasons_text(flow.dbr_reasons, c.dbr_excluded),
            cols["side"],
            side_w,
        ),
    ]
    if flow.other_methods:
        o_assessed = f"Reports assessed for eligibility\n{_n(c.other_assessed)}"
        if c.other_awaiting_assessment:
            o_assessed += f"\n(awaiting assessment {_n(c.other_awaiting_assessment)})"
        elig += [
            Box("o_assessed", o_assessed, cols["omain"], oth_w, GREY),
            Box(
                "o_excluded",
                _reasons_text(flow.other_reasons, c.other_excluded),
                cols["oside"],
                oth_side_w,
                GREY,
            ),
        ]
    rows.append(elig)

    if flow.updated:
        rows.append(
            [
                Box(
                    "included",
                    f"New studies included in review {_n(c.new_studies)}\n"
                    f"Reports of new included studies {_n(c.new_reports)}",
                    cols["main"],
                    main_w,
                )
            ]
        )
        rows.append(
            [
                Box(
                    "total",
                    f"Total studies included in review {_n(c.total_studies)}\n"
                    f"Reports of total included studies {_n(c.total_reports)}",
                    cols["main"],
                    main_w,
                )
            ]
        )
    else:
        rows.append(
            [
                Box(
                    "included",
                    f"Studies included in review {_n(c.new_studies)}\n"
                    f"Reports of included studies {_n(c.new_reports)}",
                    cols["main"],
                    main_w,
                )
            ]
        )

    arrows = [
        ("identified", "removed", "h"),
        ("identified", "screened", "v"),
        ("screened", "excluded", "h"),
        ("screened", "sought", "v"),
        ("sought", "notretrieved", "h"),
        ("sought", "assessed", "v"),
        ("assessed", "ft_excluded", "h"),
        ("assessed", "included", "v"),
    ]
    if flow.other_methods:
        arrows += [
            ("o_identified", "o_sought", "v"),
            ("o_sought", "o_notretrieved", "h"),
            ("o_sought", "o_assessed", "v"),
            ("o_assessed", "o_excluded", "h"),
            ("o_assessed", "included", "elbow"),
        ]
    if flow.updated:
        arrows += [("included", "total", "v"), ("previous", "total", "elbow")]
    return rows, arrows, {"width": width}


def layout(flow: Flow) -> tuple[list[Box], list[tuple[str, str, str]], float, float, dict]:
    rows, arrows, meta = build_boxes(flow)
    top = 0.55  # room for the title line
    y = top
    spans: dict[str, tuple[float, float]] = {}
    row_gap = 0.32
    stage_of_row = ["header", "identification", "screening", "screening", "screening"] + [
        "included"
    ] * (len(rows) - 5)
    boxes: list[Box] = []
    for index, row in enumerate(rows):
        height = max(b.needed() for b in row)
        if index == 0:
            height = max(height, 0.42)
        if stage_of_row[index] == "included":
            height = max(height, 0.5 if len(rows) > 6 else 0.75)  # room for the side label
        for box in row:
            box.y = -y
            box.height = height
            boxes.append(box)
        stage = stage_of_row[index]
        if stage != "header":
            start, _ = spans.get(stage, (y, y))
            spans[stage] = (start, y + height)
        y += height + row_gap
    footer = [FOOTNOTE_1, FOOTNOTE_2, CITATION]
    return boxes, arrows, meta["width"], y, {"spans": spans, "footer": footer}
