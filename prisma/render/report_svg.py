"""The flow diagram as inline SVG for the report, every count a link to its list.

It reuses ``layout.py`` (the matplotlib figure's boxes) (same boxes, wording, positions and line
wrapping) but writes the SVG itself, because the report needs what matplotlib's
SVG cannot give: real ``<text>`` a reader can select and a screen reader can read,
and one ``<a href="#box-...">`` per line of a box ("Insufficient technical detail
(n = 87)" leads to those 87 reports, not to the whole box).
"""

from __future__ import annotations

import re
import textwrap
from html import escape

from prisma.config import Group
from prisma.flow import Flow
from prisma.render.layout import CENTRED, CHAR, FONT, LINE, PAD, Box, layout
from prisma.render.report_data import OTHER_KINDS

PT = 72.0  # SVG user units per inch of the matplotlib layout
# diagram.py keeps "(n = 12)" together with no-break spaces, but not everywhere.
_COUNT = re.compile(r"\(n\s=\s([\d,]+)")


def paragraph_label(text: str) -> str:
    """What a line of a box says before its count: the key its link is found by."""
    return re.split(r"\s*\(n\s=", text)[0].strip().rstrip("*:").strip()


def paragraph_count(text: str) -> int | None:
    found = _COUNT.search(text)
    return int(found.group(1).replace(",", "")) if found else None


def link_targets(flow: Flow) -> dict[str, dict[str, str]]:
    """Per box of the diagram: the label of each line -> the key of its list."""
    sources = {s.label: f"identified/{s.name}" for s in flow.sources}
    targets: dict[str, dict[str, str]] = {
        "identified": {
            "Records identified from": "identified",
            "Databases": "identified/databases",
            "Registers": "identified/registers",
            **{s.label: f"identified/{s.name}" for s in flow.sources if s.group is not Group.OTHER},
        },
        "o_identified": {
            "Records identified from": "other_identified",
            **{name: f"other_identified/{kind.value}" for kind, name in OTHER_KINDS.items()},
            **{s.label: sources[s.label] for s in flow.sources if s.group is Group.OTHER},
        },
        "removed": {
            "Duplicate records removed": "duplicates",
            "Records marked as ineligible by automation tools": "excluded_automatic",
            "Records removed for other reasons": "excluded_other",
        },
        "previous": {
            "Studies included in previous version of review": "previous_studies",
            "Reports of studies included in previous version of review": "previous_reports",
        },
        "screened": {
            "Records screened": "records_screened",
            "(awaiting screening": "awaiting_screening",
        },
        "excluded": {
            "Records excluded": "records_excluded",
            "by a human": "records_excluded_human",
            "by automation tools": "records_excluded_automatic",
        },
        "included": {
            "Studies included in review": "new_studies",
            "New studies included in review": "new_studies",
            "Reports of included studies": "new_reports",
            "Reports of new included studies": "new_reports",
        },
        "total": {
            "Total studies included in review": "total_studies",
            "Reports of total included studies": "total_reports",
        },
    }
    for prefix, column, reasons in (
        ("", "dbr", flow.dbr_reasons),
        ("o_", "other", flow.other_reasons),
    ):
        targets[f"{prefix}sought"] = {"Reports sought for retrieval": f"{column}_sought_reports"}
        targets[f"{prefix}notretrieved"] = {
            "Reports not retrieved": f"{column}_notretrieved_reports"
        }
        targets[f"{prefix}assessed"] = {
            "Reports assessed for eligibility": f"{column}_assessed",
            "(awaiting assessment": f"{column}_awaiting_assessment",
        }
        targets["ft_excluded" if column == "dbr" else "o_excluded"] = {
            "Reports excluded": f"{column}_excluded",
            **{r.label: f"{column}_excluded/{r.code}" for r in reasons},
        }
    return targets


def _paragraphs(box: Box) -> list[tuple[str, list[str]]]:
    """Each paragraph of a box with the lines it wraps to (as diagram.py wraps it)."""
    out = []
    for paragraph in box.text.split("\n"):
        out.append((paragraph, Box(box.key, paragraph, box.x, box.width).lines()))
    return out


def _f(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def diagram_svg(flow: Flow, title: str = "") -> str:
    """The linked diagram; identical flows give identical text."""
    boxes, arrows, width, body_height, extra = layout(flow)
    targets = link_targets(flow)
    wrap = max(60, int((width - 0.3) / (CHAR * (FONT - 1) / FONT)))
    footer = [line for note in extra["footer"] for line in textwrap.wrap(note, wrap)]
    height = body_height + len(footer) * LINE + 0.35
    w, h = width * PT, height * PT
    step = LINE * PT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" viewBox="0 0 {_f(w)} {_f(h)}" '
        f'width="{_f(w * 1.3)}" height="{_f(h * 1.3)}" role="group" aria-labelledby="diagram-title">',
        '<title id="diagram-title">PRISMA 2020 flow diagram: every count links to its list</title>',
        '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0L10,5L0,10z" fill="#222"/></marker></defs>',
    ]
    if title:
        out.append(
            f'<text x="{_f(w / 2)}" y="{_f(0.28 * PT + 4)}" text-anchor="middle" '
            f'class="title">{escape(title)}</text>'
        )
    for stage, (start, end) in extra["spans"].items():
        x, y0, y1 = 0.12 * PT, start * PT, end * PT
        out.append(
            f'<rect x="{_f(x)}" y="{_f(y0)}" width="{_f(0.3 * PT)}" height="{_f(y1 - y0)}" '
            'rx="4" class="stage"/>'
        )
        cx, cy = 0.27 * PT, (y0 + y1) / 2
        out.append(
            f'<text x="{_f(cx)}" y="{_f(cy)}" transform="rotate(-90 {_f(cx)} {_f(cy)})" '
            f'text-anchor="middle" dominant-baseline="central" class="stage-label">'
            f"{escape(stage.capitalize())}</text>"
        )
    for box in boxes:
        top, left = -box.y * PT, box.x * PT
        paragraphs = _paragraphs(box)
        mine = targets.get(box.key, {})
        links: list[str | None] = []
        current: str | None = None
        for text, _lines in paragraphs:
            label = paragraph_label(text)
            if label:
                current = mine.get(label)
            links.append(current if (label or paragraph_count(text) is not None) else None)
        first = next((k for k in links if k), None)
        rect = (
            f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(box.width * PT)}" '
            f'height="{_f(box.height * PT)}" rx="4" fill="{box.fill}" class="box"/>'
        )
        out.append(f'<g id="d-{box.key}">')
        if first:
            # The whole box is a click target too; keyboard users reach its lines instead.
            out.append(f'<a href="#box-{first}" tabindex="-1" aria-hidden="true">{rect}</a>')
        else:
            out.append(rect)
        centred = box.key.startswith("h_") or box.key in CENTRED
        total = sum(len(lines) for _, lines in paragraphs)
        y = (
            top + box.height * PT / 2 - total * step / 2 + FONT * 0.95
            if centred
            else top + PAD * PT + FONT * 0.95
        )
        weight = ' font-weight="bold"' if box.bold else ""
        # A count on a line of its own ("(n = 260)") joins the link of the line above.
        chunks: list[tuple[str | None, list[str], list[str]]] = []
        for (text, lines), key in zip(paragraphs, links, strict=True):
            parts = []
            for line in lines:
                if line.strip():
                    indent = len(line) - len(line.lstrip(" "))
                    if centred:
                        x, anchor = left + box.width * PT / 2, ' text-anchor="middle"'
                    else:
                        x, anchor = left + PAD * PT + indent * CHAR * PT, ""
                    parts.append(
                        f'<text x="{_f(x)}" y="{_f(y)}"{anchor}{weight}>'
                        f"{escape(line.strip())}</text>"
                    )
                y += step
            if key and chunks and chunks[-1][0] == key and not paragraph_label(text):
                chunks[-1][1].append(text.strip())
                chunks[-1][2].extend(parts)
            else:
                chunks.append((key, [text.strip()], parts))
        for key, texts, parts in chunks:
            if key and parts:
                spoken = escape(re.sub(r"[ \t]+", " ", " ".join(texts)), quote=True)
                out.append(
                    f'<a href="#box-{escape(key, quote=True)}" class="count" '
                    f'aria-label="{spoken}">{"".join(parts)}</a>'
                )
            else:
                out.extend(parts)
        out.append("</g>")
    by_key = {b.key: b for b in boxes}
    for a, b, how in arrows:
        if a not in by_key or b not in by_key:
            continue
        src, dst = by_key[a], by_key[b]
        sx, sy, sw, sh = src.x * PT, -src.y * PT, src.width * PT, src.height * PT
        dx, dy, dw, dh = dst.x * PT, -dst.y * PT, dst.width * PT, dst.height * PT
        if how == "h":
            points = [(sx + sw, sy + sh / 2), (dx, sy + sh / 2)]
        elif how == "v":
            points = [(sx + sw / 2, sy + sh), (sx + sw / 2, dy)]
        else:
            end_x = dx + dw if sx + sw / 2 > dx + dw / 2 else dx
            points = [(sx + sw / 2, sy + sh), (sx + sw / 2, dy + dh / 2), (end_x, dy + dh / 2)]
        path = " ".join(f"{_f(px)},{_f(py)}" for px, py in points)
        out.append(f'<polyline points="{path}" class="arrow" marker-end="url(#arrowhead)"/>')
    y = body_height * PT + FONT
    for line in footer:
        out.append(f'<text x="{_f(0.12 * PT)}" y="{_f(y)}" class="foot">{escape(line)}</text>')
        y += step
    out.append("</svg>")
    return "\n".join(out)
