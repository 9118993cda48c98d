"""The PRISMA 2020 flow diagram, drawn with matplotlib (SVG, PNG, PDF).

Where each box goes and what it says is :mod:`prisma.render.layout`; this module
only draws it, with fixed metadata so the same flow gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers; set before pyplot loads

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from prisma.flow import Flow  # noqa: E402

# Re-exported: callers (tests, the audit report's SVG) reach the layout through here too.
from prisma.render.layout import (  # noqa: E402, F401
    BLUE,
    CENTRED,
    CHAR,
    CITATION,
    FONT,
    FOOTNOTE_1,
    FOOTNOTE_2,
    GREY,
    LINE,
    PAD,
    WHITE,
    YELLOW,
    Box,
    build_boxes,
    layout,
)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=9,
            linewidth=0.9,
            color="#222222",
            shrinkA=0,
            shrinkB=0,
        )
    )


def draw(flow: Flow, title: str = "") -> plt.Figure:
    boxes, arrows, width, body_height, extra = layout(flow)
    wrap = max(60, int((width - 0.3) / (CHAR * (FONT - 1) / FONT)))
    footer_lines = [line for note in extra["footer"] for line in textwrap.wrap(note, wrap)]
    height = body_height + len(footer_lines) * LINE + 0.35
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(-height, 0)
    ax.axis("off")
    if title:
        ax.text(
            width / 2,
            -0.28,
            title,
            ha="center",
            va="center",
            fontsize=FONT + 2,
            fontweight="bold",
            wrap=False,
        )
    by_key = {b.key: b for b in boxes}
    for box in boxes:
        ax.add_patch(
            FancyBboxPatch(
                (box.x, box.y - box.height),
                box.width,
                box.height,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=box.fill,
                edgecolor="#222222",
                linewidth=0.9,
            )
        )
        centred = box.key.startswith("h_") or box.key in CENTRED
        text = "\n".join(box.lines())
        if centred:
            ax.text(
                box.cx,
                box.cy,
                text,
                ha="center",
                va="center",
                fontsize=FONT,
                fontweight="bold" if box.bold else "normal",
                linespacing=1.25,
                multialignment="center",
            )
        else:
            ax.text(
                box.x + PAD,
                box.y - PAD,
                text,
                ha="left",
                va="top",
                fontsize=FONT,
                fontweight="bold" if box.bold else "normal",
                linespacing=1.25,
            )
    for stage, (start, end) in extra["spans"].items():
        ax.add_patch(
            FancyBboxPatch(
                (0.12, -end),
                0.3,
                end - start,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=BLUE,
                edgecolor="#222222",
                linewidth=0.9,
            )
        )
        ax.text(
            0.27,
            -(start + end) / 2,
            stage.capitalize(),
            rotation=90,
            ha="center",
            va="center",
            fontsize=FONT + 1,
            fontweight="bold",
        )
    for a, b, how in arrows:
        if a not in by_key or b not in by_key:
            continue
        src, dst = by_key[a], by_key[b]
        if how == "h":
            _arrow(ax, (src.x + src.width, src.cy), (dst.x, src.cy))
        elif how == "v":
            _arrow(ax, (src.cx, src.y - src.height), (src.cx, dst.y))
        else:  # elbow: down from the source, then across into the side of the target
            ax.plot([src.cx, src.cx], [src.y - src.height, dst.cy], color="#222222", linewidth=0.9)
            if src.cx > dst.cx:
                _arrow(ax, (src.cx, dst.cy), (dst.x + dst.width, dst.cy))
            else:
                _arrow(ax, (src.cx, dst.cy), (dst.x, dst.cy))
    y = -body_height
    for line in footer_lines:
        ax.text(0.12, y, line, ha="left", va="top", fontsize=FONT - 1)
        y -= LINE
    return fig


# Fixed SVG ids, embedded fonts and one font everywhere: the same figure, the same bytes.
RC: Any = {  # Any: matplotlib types rc keys as literals
    "svg.hashsalt": "prisma-review",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
}


def figure_bytes(fig: plt.Figure) -> dict[str, bytes]:
    """SVG, PNG and PDF bytes of a figure, without dates; closes the figure."""
    out = {}
    with matplotlib.rc_context(RC):
        for fmt, metadata in (
            ("svg", {"Date": None, "Creator": "prisma-review"}),
            (
                "pdf",
                {
                    "CreationDate": None,
                    "ModDate": None,
                    "Creator": "prisma-review",
                    "Producer": "matplotlib",
                },
            ),
            ("png", {"Software": "prisma-review"}),
        ):
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata, dpi=200 if fmt == "png" else 72)
            out[fmt] = buffer.getvalue()
    plt.close(fig)
    return out


def render_bytes(flow: Flow, title: str = "") -> dict[str, bytes]:
    """SVG, PNG and PDF bytes; identical inputs give identical bytes."""
    with matplotlib.rc_context(RC):
        return figure_bytes(draw(flow, title))
