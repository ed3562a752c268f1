"""Formatters of a WatchReport: table (rich), json, markdown and a self-contained html page."""

from __future__ import annotations

import html
import io
import json

from rich.console import Console
from rich.table import Table

from magesupport.domain.results_watch import Incident, WatchReport


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
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    for source in report.sources:
        console.print(
            f"{source.kind}: {source.lines} lines, {source.records} records, {source.unparsed} unparsed"
            f" ({', '.join(source.files)})",
            markup=False,
        )
        for sample in source.unparsed_samples[:3]:
            console.print(f"  unparsed {sample}", markup=False)
    table = Table(title=f"Incidents ({len(report.incidents)})", show_lines=True)
    for column in ("severity", "kind", "when (UTC)", "subject", "score", "explanation"):
        table.add_column(column, overflow="fold")
    for incident in report.incidents:
        table.add_row(
            incident.severity.value, incident.kind, _when(incident), incident.subject,
            f"{incident.score:g}", incident.explanation,
        )  # fmt: skip
    console.print(table)
    if report.top_clients:
        clients = Table(title="Busiest clients")
        for column in ("address", "requests", "assets", "catalog pages", "peak/min", "user agent"):
            clients.add_column(column, overflow="fold")
        for c in report.top_clients[:10]:
            clients.add_row(c.address, str(c.requests), f"{c.asset_share:.0%}", str(c.distinct_catalog_pages),
                            str(c.peak_per_minute), c.user_agent[:60])  # fmt: skip
        console.print(clients)
    for incident in report.incidents[:20]:
        if incident.evidence:
            console.print(f"evidence for {incident.id}:", markup=False)
            for line in incident.evidence:
                console.print(f"  {line}", markup=False)
    return console.export_text()


def to_markdown(report: WatchReport) -> str:
    out = ["# Watch report", ""]
    if report.start and report.end:
        out += [f"Logs from {report.start:%Y-%m-%d %H:%M} to {report.end:%Y-%m-%d %H:%M} UTC.", ""]
    out += ["| source | lines | records | unparsed |", "|---|---:|---:|---:|"]
    out += [f"| {s.kind} | {s.lines} | {s.records} | {s.unparsed} |" for s in report.sources]
    out += ["", f"## Incidents ({len(report.incidents)})", ""]
    for incident in report.incidents:
        out += [
            f"### {incident.severity.value.upper()} {incident.kind}: {_md(incident.subject)}",
            "",
            f"- when: {_when(incident)} UTC",
            f"- score: {incident.score:g} ({incident.score_meaning})",
            f"- {_md(incident.explanation)}",
        ]
        if incident.evidence:
            out += ["", "```", *(str(e) for e in incident.evidence), "```"]
        out.append("")
    if report.query_shapes:
        out += ["## Slow query shapes", "", "| count | total s | p95 s | shape |", "|---:|---:|---:|---|"]
        out += [
            f"| {q.count} | {q.total_time:g} | {q.p95_time:g} | `{_md(q.fingerprint[:120])}` |"
            for q in report.query_shapes[:20]
        ]
        out.append("")
    if report.top_clients:
        out += ["## Busiest clients", "", "| address | network | requests | assets | catalog pages | peak/min | user agent |",
                "|---|---|---:|---:|---:|---:|---|"]  # fmt: skip
        out += [
            f"| {c.address} | {c.network} | {c.requests} | {c.asset_share:.0%} | {c.distinct_catalog_pages} | "
            f"{c.peak_per_minute} | {_md(c.user_agent[:60])} |"
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
        out += [f"| {w.month} | {w.p1} | {w.p2} | {w.p3} | {w.p4} |" for w in report.workload]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")


def _svg_chart(report: WatchReport, index: int) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from datetime import timedelta

    import matplotlib.pyplot as plt
    from matplotlib.dates import date2num

    series = report.series[index]
    xs = [series.start + timedelta(seconds=series.step_seconds * i) for i in range(len(series.values))]
    fig, ax = plt.subplots(figsize=(10, 2.6))
    ax.plot(date2num(xs), series.values, linewidth=0.9)
    ax.xaxis_date()
    for deploy in report.deploys:
        ax.axvline(float(date2num(deploy)), color="green", linestyle="--", linewidth=0.8)
    for incident in report.incidents:
        if incident.kind in series.kinds and incident.start <= xs[-1] and incident.end >= xs[0]:
            ax.axvspan(
                float(date2num(incident.start)), float(date2num(incident.end)), color="red", alpha=0.15
            )
    ax.set_title(series.name, fontsize=10)
    ax.set_ylabel(series.unit, fontsize=8)
    ax.tick_params(labelsize=7)
    fig.autofmt_xdate()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.find("<svg") :]


def to_html(report: WatchReport) -> str:
    charts = "".join(
        f"<figure>{_svg_chart(report, i)}</figure>"
        for i in range(len(report.series))
        if report.series[i].values and report.series[i].chart
    )
    rows = "".join(
        "<tr><td class='{0}'>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4:g}</td><td>{5}<pre>{6}</pre></td></tr>".format(
            i.severity.value,
            html.escape(i.kind),
            html.escape(_when(i)),
            html.escape(i.subject),
            i.score,
            html.escape(i.explanation),
            html.escape("\n".join(str(e) for e in i.evidence)),
        )
        for i in report.incidents
    )
    sources = "".join(
        f"<li>{html.escape(s.kind)}: {s.lines} lines, {s.records} records, {s.unparsed} unparsed</li>"
        for s in report.sources
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>magesupport watch</title><style>"
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:4px;vertical-align:top;font-size:13px}pre{white-space:pre-wrap;font-size:11px;color:#555}"
        ".critical{background:#f8b4b4}.high{background:#fcd9b6}.medium{background:#fdf3c4}.low{background:#e1effe}"
        f"</style></head><body><h1>Watch report</h1><ul>{sources}</ul>{charts}"
        "<h2>Incidents</h2><table><tr><th>severity</th><th>kind</th><th>when (UTC)</th><th>subject</th>"
        f"<th>score</th><th>explanation and evidence</th></tr>{rows}</table></body></html>\n"
    )


FORMATS = {"table": to_table, "json": to_json, "markdown": to_markdown, "html": to_html}


def render(report: WatchReport, fmt: str) -> str:
    return FORMATS[fmt](report)
