"""``build/report.html``: one self-contained file an auditor clicks through (pure text).

The diagram (inline SVG, each count a link), the list behind every box with the
decisions and merges of each row, a study's full history, the PRISMA-S search log
and the check's findings. The data is embedded once as JSON and the lists are
rendered page by page in the browser, so a 100,000-record review stays usable.

Safety: the JSON cannot end its <script> element (see ``payload_json``); the
script writes data only through ``textContent``; and a Content-Security-Policy
allows only this file's own script and style (by hash) and no network at all, so
a record title is text, never markup, and the file opens from a USB stick.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from html import escape
from importlib import resources

from prisma.flow import Flow
from prisma.render.report_data import (
    LOG_FIELDS,
    FindingLike,
    ListBox,
    build_payload,
    list_boxes,
    payload_json,
)
from prisma.render.report_svg import diagram_svg
from prisma.state import ReviewState


def _asset(name: str) -> str:
    return (resources.files("prisma.render") / "report_assets" / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def _contents(boxes: list[ListBox]) -> str:
    """The list of every list, as real links (the diagram's links, reachable in reading order)."""
    out: list[str] = []
    group = None
    for box in boxes:
        if box.group != group:
            if group is not None:
                out.append("</ul>")
            group = box.group
            out.append(f"<h3>{escape(group)}</h3><ul>")
        cls = ' class="part"' if box.depth else ""
        out.append(
            f'<li{cls}><a href="#box-{escape(box.key, quote=True)}">{escape(box.label)}</a> '
            f'<span class="n">(n = {len(box.ids):,} {escape(_unit(box))})</span></li>'
        )
    if group is not None:
        out.append("</ul>")
    return "\n".join(out)


def _unit(box: ListBox) -> str:
    if len(box.ids) != 1:
        return box.unit
    return "study" if box.unit == "studies" else box.unit.removesuffix("s")


def _search_log(state: ReviewState) -> str:
    entries = sorted(state.log, key=lambda e: (e.round, e.date_searched, e.source, e.file))
    if not entries:
        return "<p>No search is logged in records/searches.csv.</p>"
    heads = [f.replace("_", " ") for f in LOG_FIELDS]
    rows = []
    for e in entries:
        cells = []
        for name in LOG_FIELDS:
            value = str(getattr(e, name))
            cls = ' class="mono"' if name in ("query", "sha256", "file") else ""
            cells.append(f"<td{cls}>{escape(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in heads)
    return (
        '<div class="table-wrap"><table><caption class="visually-hidden">Search log</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _findings(findings: Sequence[FindingLike]) -> str:
    if not findings:
        return "<p>No findings: every box adds up and no work is left open.</p>"
    errors = sum(f.severity == "error" for f in findings)
    out = [
        f"<p>{errors} error(s), {len(findings) - errors} warning(s).</p>",
        '<div class="table-wrap"><table><caption class="visually-hidden">Check findings'
        '</caption><thead><tr><th scope="col">Severity</th><th scope="col">Code</th>'
        '<th scope="col">Finding</th><th scope="col">Records</th></tr></thead><tbody>',
    ]
    for n, f in enumerate(findings):
        ids = f'<a href="#finding-{n}">{len(f.record_ids):,} record(s)</a>' if f.record_ids else ""
        out.append(
            f'<tr><td><span class="tag sev-{escape(f.severity, quote=True)}">'
            f"{escape(f.severity)}</span></td><td>{escape(f.code)}</td>"
            f"<td>{escape(f.message)}</td><td>{ids}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return "\n".join(out)


def report_html(state: ReviewState, flow: Flow, findings: Sequence[FindingLike]) -> str:
    """The whole report; the same state, flow and findings give the same text."""
    title = state.config.title or "Systematic review"
    boxes = list_boxes(state, flow)
    css = _asset("report.css")
    js = _asset("report.js")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
        "img-src data: blob:; base-uri 'none'; form-action 'none'"
    )
    parts = {
        "CSP": escape(csp, quote=True),
        "TITLE": escape(title),
        "ROUND": str(flow.round),
        "TEMPLATE": escape(flow.template.replace("_", " + ")),
        "CSS": css,
        "SVG": diagram_svg(flow, title),
        # Four or five columns of boxes need the page's width: the lists go below.
        "LAYOUT": "layout wide" if flow.updated and flow.other_methods else "layout",
        "CONTENTS": _contents(boxes),
        "SEARCHLOG": _search_log(state),
        "FINDINGS": _findings(findings),
        "DATA": payload_json(build_payload(state, flow, findings, boxes)),
        "JS": js,
    }
    # One pass: text put in is never scanned again, so a title holding "@@JS@@" stays text.
    return re.sub(r"@@([A-Z]+)@@", lambda m: parts[m.group(1)], _asset("report.html"))
