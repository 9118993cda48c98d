"""Charts of the settled extraction (matplotlib; SVG, PNG and PDF, byte-stable).

- the classification chart, in the spirit of the seed's Figure 4: a two-ring
  sunburst, the inner ring one choice field (the seed's medical field), the outer ring
  a second choice field within each segment;
- a bar chart of the number of studies per value of a choice or multi-choice field.

Counts are of the studies in the evidence tables (every field settled).
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt

from prisma.extraction.settle import Extraction
from prisma.form import MULTI_SEPARATOR, Field, FieldType
from prisma.render.diagram import RC, figure_bytes

FONT = 8
# matplotlib's tab10 and Dark2 (strong, for the inner ring), Set3 (light, for the outer).
INNER = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    # then Dark2, so up to 18 groups get colours of their own
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)
OUTER = (
    "#8dd3c7",
    "#ffffb3",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#fdb462",
    "#b3de69",
    "#fccde5",
    "#d9d9d9",
    "#bc80bd",
    "#ccebc5",
    "#ffed6f",
)


def _values(field: Field, value: str) -> list[str]:
    if field.type is FieldType.MULTI_CHOICE:
        return [p.strip() for p in value.split(MULTI_SEPARATOR) if p.strip()]
    return [value] if value else []


def _ordered(field: Field, counts: Counter[str]) -> list[str]:
    """Values with studies, most frequent first; ties in the form's order."""
    order = {c: i for i, c in enumerate(field.choices)}
    return sorted(counts, key=lambda v: (-counts[v], order.get(v, len(order)), v))


def _present(field: Field, counts: Counter[str]) -> list[str]:
    """Values with studies in the form's order; any the form does not list (check reports
    them) and "(none)" after them, so no study drops out of a chart."""
    listed = [c for c in field.choices if counts[c]]
    others = sorted(v for v in counts if counts[v] and v not in field.choices and v != NONE)
    return listed + others + ([NONE] if counts[NONE] else [])


def _wrap(text: str, width: int = 40) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


NONE = "(none)"
LINE = 0.2  # inches per legend line at FONT points


def sunburst(extraction: Extraction, inner: Field, outer: Field) -> dict[str, bytes]:
    studies = extraction.complete
    pairs = Counter(
        (
            extraction.value(s, inner.name).value or NONE,
            extraction.value(s, outer.name).value or NONE,
        )
        for s in studies
    )
    inner_counts: Counter[str] = Counter()
    outer_counts: Counter[str] = Counter()
    for (a, b), n in pairs.items():
        inner_counts[a] += n
        outer_counts[b] += n
    groups = _present(inner, inner_counts)
    subs = _present(outer, outer_counts)
    inner_labels = [_wrap(f"{g} ({inner_counts[g]})") for g in groups]
    outer_labels = [_wrap(f"{c} ({outer_counts[c]})") for c in subs]
    lines = sum(t.count("\n") + 1 for t in inner_labels + outer_labels) + 4
    width, top = 7.2, 0.55
    height = max(4.6, top + lines * LINE + 0.3)
    with plt.rc_context({**RC, "font.size": FONT}):
        fig = plt.figure(figsize=(width, height))
        side = min(width * 0.56, height - top - 0.1)
        ax = fig.add_axes((0.0, 1 - (top + side) / height, side / width, side / height))
        ax.set_aspect("equal")
        ax.axis("off")
        total = sum(inner_counts.values())
        inner_sizes = [inner_counts[g] for g in groups]
        inner_colors = [INNER[i % len(INNER)] for i in range(len(groups))]
        outer_sizes, outer_colors = [], []
        for g in groups:
            for j, c in enumerate(subs):
                if pairs[(g, c)]:
                    outer_sizes.append(pairs[(g, c)])
                    outer_colors.append(OUTER[j % len(OUTER)])
        edge = {"edgecolor": "white", "linewidth": 1.2}
        if total:
            wedges, _ = ax.pie(
                inner_sizes,
                radius=0.66,
                colors=inner_colors,
                startangle=90,
                counterclock=False,
                wedgeprops={"width": 0.36, **edge},
            )
            _label(ax, wedges, inner_sizes, 0.48, total, "white")
            wedges, _ = ax.pie(
                outer_sizes,
                radius=1.0,
                colors=outer_colors,
                startangle=90,
                counterclock=False,
                wedgeprops={"width": 0.32, **edge},
            )
            _label(ax, wedges, outer_sizes, 0.84, total, "#222222")
        ax.text(0, 0, f"n = {total}", ha="center", va="center", fontsize=FONT + 2, weight="bold")
        fig.suptitle(
            f"Included studies by {inner.display.lower()} and {outer.display.lower()}",
            x=0.02,
            y=1 - 0.12 / height,
            ha="left",
            va="top",
            fontsize=FONT + 3,
            weight="bold",
        )
        x = 0.57
        y = 1 - top / height
        for title, labels, colors in (
            (f"Inner ring: {inner.display}", inner_labels, inner_colors),
            (
                f"Outer ring: {outer.display}",
                outer_labels,
                [OUTER[j % len(OUTER)] for j in range(len(subs))],
            ),
        ):
            handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors]
            legend = fig.legend(
                handles,
                labels,
                loc="upper left",
                bbox_to_anchor=(x, y),
                title=title,
                frameon=False,
                fontsize=FONT,
                title_fontsize=FONT + 1,
                alignment="left",
            )
            fig.add_artist(legend)
            # The next legend starts where this one ends, measured, plus a gap.
            box = legend.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]  # Agg's canvas has it; FigureCanvasBase's stub does not
            y = box.transformed(fig.transFigure.inverted()).y0 - 0.25 / height
        return figure_bytes(fig)


def _label(
    ax: Any, wedges: Sequence[Any], sizes: Sequence[int], radius: float, total: int, color: str
) -> None:
    """The count inside each wedge wide enough to hold it."""
    import math

    for wedge, n in zip(wedges, sizes, strict=True):
        span = wedge.theta2 - wedge.theta1
        if span < 360 * 2.2 / max(total, 1) and span < 9:
            continue
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        ax.text(
            radius * math.cos(angle),
            radius * math.sin(angle),
            str(n),
            ha="center",
            va="center",
            fontsize=FONT,
            color=color,
            weight="bold",
        )


def bar_chart(extraction: Extraction, field: Field) -> dict[str, bytes]:
    studies = extraction.complete
    counts: Counter[str] = Counter()
    for study in studies:
        counts.update(_values(field, extraction.value(study, field.name).value))
    values = _ordered(field, counts)
    height = 1.3 + 0.16 * max(len(values), 1)
    with plt.rc_context({**RC, "font.size": FONT}):
        fig, ax = plt.subplots(figsize=(6.4, height))
        positions = list(range(len(values)))
        ax.barh(positions, [counts[v] for v in values], color="#4C72B0", height=0.7)
        ax.set_yticks(positions, [_wrap(v) for v in values])
        ax.invert_yaxis()
        ax.set_xlabel("studies")
        for pos, value in zip(positions, values, strict=True):
            ax.text(counts[value] + 0.2, pos, str(counts[value]), va="center", fontsize=FONT)
        ax.set_xlim(0, max(counts.values(), default=1) * 1.12 + 1)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.01)
        several = (
            "; a study may count under several" if field.type is FieldType.MULTI_CHOICE else ""
        )
        ax.set_title(
            f"Included studies by {field.display.lower()}\n(n = {len(studies)}{several})",
            loc="left",
            fontsize=FONT + 1,
            weight="bold",
        )
        fig.tight_layout()
        return figure_bytes(fig)
