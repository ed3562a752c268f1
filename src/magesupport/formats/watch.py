"""Formatters of a WatchReport: table (rich), json, markdown and a self-contained html page."""

from __future__ import annotations

import json

from rich.table import Table

from magesupport.domain.results_watch import Incident, WatchReport
from magesupport.formats.console import text_console, text_of
from magesupport.formats.escape import console_cell, md_cell, md_code, md_fence, md_text


def _when(incident: Incident) -> str:
    return f"{incident.start:%Y-%m-%d %H:%M} – {incident.end:%Y-%m-%d %H:%M}"


def to_json(report: WatchReport) -> str:
    return report.model_dump_json(indent=2)


def workload_json(report: WatchReport) -> str:
    data = {
        "source": "magesupport watch",
        "period_from": report.start.isoformat() if report.start else None,
        "period_to": report.end.isoformat() if report.end else None,
        "months": [w.model_dump() for w in report.workload],
    }
    return json.dumps(data, indent=2) + "\n"


def to_table(report: WatchReport, width: int = 140) -> str:
    console = text_console(width=width)
    for source in report.sources:
        console.print(
            f"{source.kind}: {source.lines} lines, {source.records} records, {source.unparsed} unparsed"
            f" ({', '.join(source.files)})",
            markup=False,
        )
        if source.read_window:
            console.print(f"  read {source.read_window}", markup=False)
        for sample in source.unparsed_samples[:3]:
            console.print(f"  unparsed {sample}", markup=False)
    table = Table(title=f"Incidents ({len(report.incidents)})", show_lines=True)
    for column in ("severity", "kind", "when (UTC)", "subject", "score", "explanation"):
        table.add_column(column, overflow="fold")
    for incident in report.incidents:
        table.add_row(
            incident.severity.value, console_cell(incident.kind), _when(incident),
            console_cell(incident.subject), f"{incident.score:g}", console_cell(incident.explanation),
        )  # fmt: skip
    console.print(table)
    if report.top_clients:
        clients = Table(title="Busiest clients")
        for column in ("address", "requests", "assets", "catalog pages", "peak/min", "user agent"):
            clients.add_column(column, overflow="fold")
        for c in report.top_clients[:10]:
            clients.add_row(console_cell(c.address), str(c.requests), f"{c.asset_share:.0%}",
                            str(c.distinct_catalog_pages), str(c.peak_per_minute),
                            console_cell(c.user_agent[:60]))  # fmt: skip
        console.print(clients)
    for incident in report.incidents[:20]:
        if incident.evidence:
            console.print(f"evidence for {incident.id}:", markup=False)
            for line in incident.evidence:
                console.print(f"  {line}", markup=False)
    return text_of(console)


def to_markdown(report: WatchReport) -> str:
    out = ["# Watch report", ""]
    if report.start and report.end:
        out += [f"Logs from {report.start:%Y-%m-%d %H:%M} to {report.end:%Y-%m-%d %H:%M} UTC.", ""]
    out += ["| source | lines | records | unparsed |", "|---|---:|---:|---:|"]
    out += [f"| {md_cell(s.kind)} | {s.lines} | {s.records} | {s.unparsed} |" for s in report.sources]
    out += [f"\n{md_text(s.kind)}: read {md_text(s.read_window)}." for s in report.sources if s.read_window]
    out += ["", f"## Incidents ({len(report.incidents)})", ""]
    for incident in report.incidents:
        out += [
            f"### {incident.severity.value.upper()} {md_text(incident.kind)}: {md_text(incident.subject)}",
            "",
            f"- when: {_when(incident)} UTC",
            f"- score: {incident.score:g} ({md_text(incident.score_meaning)})",
            f"- {md_text(incident.explanation)}",
        ]
        if incident.evidence:
            out += ["", *md_fence([str(e) for e in incident.evidence])]
        out.append("")
    if report.query_shapes:
        out += ["## Slow query shapes", "", "| count | total s | p95 s | shape |", "|---:|---:|---:|---|"]
        out += [
            f"| {q.count} | {q.total_time:g} | {q.p95_time:g} | {md_code(q.fingerprint[:120], cell=True)} |"
            for q in report.query_shapes[:20]
        ]
        out.append("")
    if report.top_clients:
        out += ["## Busiest clients", "", "| address | network | requests | assets | catalog pages | peak/min | user agent |",
                "|---|---|---:|---:|---:|---:|---|"]  # fmt: skip
        out += [
            f"| {md_cell(c.address)} | {md_cell(c.network)} | {c.requests} | {c.asset_share:.0%} | "
            f"{c.distinct_catalog_pages} | {c.peak_per_minute} | {md_cell(c.user_agent[:60])} |"
            for c in report.top_clients
        ]
        out.append("")
    if report.workload:
        out += [
            "## Incidents per month (for compare)",
            "",
            "| month | P1 | P2 | P3 | P4 |",
            "|---|---:|---:|---:|---:|",
        ]
        out += [f"| {md_cell(w.month)} | {w.p1} | {w.p2} | {w.p3} | {w.p4} |" for w in report.workload]
    return "\n".join(out) + "\n"


def to_html(report: WatchReport) -> str:
    from magesupport.formats.html.watch_page import render  # matplotlib and jinja2 only for html

    return render(report)


FORMATS = {"table": to_table, "json": to_json, "markdown": to_markdown, "html": to_html}


def render(report: WatchReport, fmt: str) -> str:
    return FORMATS[fmt](report)
