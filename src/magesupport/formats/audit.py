"""Audit output: table (rich, plain text), JSON, Markdown and HTML. Every number shown is read from the result."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from magesupport.domain.results_audit import AuditReport, BaselineResult, Finding, IntegrityReport
from magesupport.formats.console import text_console
from magesupport.formats.escape import console_cell, console_text, md_cell, md_code, md_text

FORMATS = ("table", "json", "markdown", "html")
EDITIONS = {
    "community": "Magento Open Source",
    "enterprise": "Adobe Commerce",
    "mage-os": "Mage-OS",
    "unknown": "edition unknown",
}
_TABLE_WIDTH = 140
_MAX_INTEGRITY_ROWS = 200


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return text_console(width=_TABLE_WIDTH, out=buffer), buffer


def _evidence(finding: Finding, limit: int = 3) -> str:
    parts = [e.where() + (f" ({e.note})" if e.note else "") for e in finding.evidence[:limit]]
    if len(finding.evidence) > limit:
        parts.append("… (all evidence in --format json)")
    return "\n".join(parts)


def _facts_rows(report: AuditReport) -> list[tuple[str, str]]:
    s, v = report.summary, report.version
    edition = EDITIONS.get(s.edition, s.edition)
    if s.distribution_version:
        product = f"Mage-OS {s.distribution_version}, built on Magento {s.magento_version or 'unknown'}"
    else:
        product = f"{s.magento_version or 'unknown'} ({edition})"
    support = v.support_status + (f" (regular support until {v.end_of_support})" if v.end_of_support else "")
    if v.commerce_extended_support:
        support += (
            f"; extended support (until {v.commerce_extended_support}) is sold with Adobe Commerce only"
        )
    php = (
        f"{v.php_declared} ({'supported' if v.php_supported else 'NOT supported' if v.php_supported is False else '?'})"
        if v.php_declared
        else "unknown"
    )
    modules = (
        f"{s.modules_total} ({s.modules_enabled} enabled): {s.core_modules} core, {s.extensions} extensions "
        f"(vendor), {s.custom_modules} in app/code, {s.disabled_third_party} third-party disabled"
    )
    if s.unknown_origin_modules:
        modules += f", {s.unknown_origin_modules} of unknown origin"
    if s.modules_without_code:
        modules += f"; {s.modules_without_code} known from config.php or composer.lock only (code not here)"
    overrides = (
        f"{s.template_overrides} templates, {s.layout_overrides} layouts, {s.js_overrides} JS, "
        f"{s.knockout_overrides} knockout, {s.email_overrides} email; {s.mixins} JS mixins"
    )
    web = f"{s.web_files} files in the root and pub/" + (
        f" (skipped by rule: {', '.join(s.web_skipped)})" if s.web_skipped else ""
    )
    return [
        ("Magento", f"{product} from {s.version_source or 'nowhere'}"),
        ("Support", support),
        (
            "Patches behind",
            f"{v.patches_behind}" + (f" (latest {v.latest_in_line})" if v.latest_in_line else ""),
        ),
        (
            "PHP",
            php
            + (f"; Adobe supports {', '.join(v.php_supported_versions)}" if v.php_supported_versions else ""),
        ),
        ("Deploy mode", s.deploy_mode or "unknown"),
        ("Modules", modules),
        ("Themes", ", ".join(s.themes) or "none"),
        ("Overrides", overrides),
        ("Cache / sessions", f"{', '.join(s.cache_backends) or 'unknown'} / {s.session_save or 'unknown'}"),
        ("HTTP cache hosts", str(s.http_cache_hosts)),
        ("Integrations", ", ".join(report.facts.integrations) or "none seen"),
        ("Web root", web),
        ("Found as Magento by", ", ".join(s.magento_signals) or "nothing"),
        ("Release data", f"taken {v.data_taken}"),
    ]


def report_table(report: AuditReport) -> str:
    console, buffer = _console()
    console.print(f"Magento store audit: {report.summary.root}  (as of {report.today})", markup=False)
    facts = Table(show_header=False, box=None, pad_edge=False)
    facts.add_column(style="bold")
    facts.add_column()
    for key, value in _facts_rows(report):
        facts.add_row(console_cell(key), console_cell(value))
    console.print(facts)
    counts = ", ".join(f"{n} {name}" for name, n in report.severity_counts if n)
    table = Table(title=f"Findings ({console_text(counts or 'none')})", show_lines=True, expand=True)
    for column, ratio in (("Severity", 1), ("Finding", 5), ("Evidence", 4), ("What to do", 4)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for finding in report.findings:
        title = finding.title + (f" [{finding.state}]" if finding.state else "")
        body = f"{title}\n{finding.detail}" if finding.detail else title
        table.add_row(
            finding.severity.value,
            console_cell(f"{body}\n({finding.id})"),
            console_cell(_evidence(finding)),
            console_cell(finding.advice),
        )
    console.print(table)
    if report.vulnerabilities:
        vulns = Table(title="Vulnerable components", expand=True)
        for column in ("Name", "Version", "Fixed in", "Source", "Reference"):
            vulns.add_column(column, overflow="fold")
        for v in report.vulnerabilities:
            cells = (
                v.name,
                v.version or "?",
                v.fixed_in or "every version",
                v.source,
                v.advisory or v.reference,
            )
            vulns.add_row(*(console_cell(cell) for cell in cells))
        console.print(vulns)
    if report.workload:
        console.print("What the support must carry:")
        for item in report.workload:
            console.print(f"  - {item.text}", markup=False)
    return buffer.getvalue()


def report_markdown(report: AuditReport) -> str:
    lines = [
        f"# Magento store audit: {md_code(report.summary.root)}",
        "",
        f"As of {report.today}.",
        "",
        "## Facts",
        "",
    ]
    lines += ["| | |", "|---|---|"] + [
        f"| {md_cell(k)} | {md_cell(v, True)} |" for k, v in _facts_rows(report)
    ]
    counts = ", ".join(f"{n} {name}" for name, n in report.severity_counts if n) or "none"
    lines += ["", f"## Findings ({md_text(counts)})", ""]
    if report.findings:
        lines += ["| Severity | Finding | Evidence | What to do |", "|---|---|---|---|"]
        for f in report.findings:
            title = f"**{md_cell(f.title, True)}**" + (f" *({md_cell(f.state)})*" if f.state else "")
            body = (
                title
                + (f"<br>{md_cell(f.detail, True)}" if f.detail else "")
                + f"<br>{md_code(f.id, cell=True)}"
            )
            lines.append(
                f"| {f.severity.value} | {body} | {md_cell(_evidence(f), True)} | {md_cell(f.advice, True)} |"
            )
    if report.vulnerabilities:
        lines += [
            "",
            "## Vulnerable components",
            "",
            "| Name | Version | Fixed in | Source | Reference |",
            "|---|---|---|---|---|",
        ]
        for v in report.vulnerabilities:
            cells = (
                v.name,
                v.version or "?",
                v.fixed_in or "every version",
                v.source,
                v.advisory or v.reference,
            )
            lines.append("| " + " | ".join(md_cell(cell, True) for cell in cells) + " |")
    if report.workload:
        lines += ["", "## What the support must carry", ""] + [
            f"- {md_cell(i.text, True)}" for i in report.workload
        ]
    return "\n".join(lines) + "\n"


def report_json(report: AuditReport) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2) + "\n"


def report_html(report: AuditReport) -> str:
    """One self-contained page in the report's style (templates/audit.html.j2, report.css)."""
    from magesupport.formats.html.page import render_page

    return render_page(
        "audit.html.j2",
        "report.css",
        r=report,
        facts=_facts_rows(report),
        counts=", ".join(f"{n} {name}" for name, n in report.severity_counts if n) or "none",
    )


def integrity_html(report: IntegrityReport) -> str:
    from magesupport.formats.html.page import render_page

    return render_page(
        "integrity.html.j2",
        "report.css",
        r=report,
        counts=", ".join(f"{n} {kind}" for kind, n in report.counts) or "no changes",
    )


def integrity_table(report: IntegrityReport) -> str:
    console, buffer = _console()
    counts = ", ".join(f"{n} {kind}" for kind, n in report.counts)
    console.print(
        f"Integrity of {report.root} against {report.manifest} (baseline {report.baseline_created}): {counts}; "
        f"{report.files_checked} files checked, {report.files_hashed} hashed, {report.seconds} s",
        markup=False,
    )
    if report.changes:
        table = Table(expand=True)
        for column in ("Severity", "Change", "Path"):
            table.add_column(column, overflow="fold")
        for change in report.changes[:_MAX_INTEGRITY_ROWS]:
            table.add_row(change.severity.value, console_cell(change.change), console_cell(change.path))
        console.print(table)
        if len(report.changes) > _MAX_INTEGRITY_ROWS:
            console.print(f"… only the first {_MAX_INTEGRITY_ROWS} rows are shown: use --format json for all")
    return buffer.getvalue()


def integrity_markdown(report: IntegrityReport) -> str:
    counts = ", ".join(f"{n} {kind}" for kind, n in report.counts)
    lines = [
        f"# Integrity of {md_code(report.root)}",
        "",
        f"Against {md_code(report.manifest)} (baseline {report.baseline_created}): {md_text(counts)}; "
        f"{report.files_checked} files checked, {report.files_hashed} hashed.",
        "",
    ]
    if report.changes:
        lines += ["| Severity | Change | Path |", "|---|---|---|"]
        lines += [
            f"| {c.severity.value} | {md_cell(c.change)} | {md_code(c.path, cell=True)} |"
            for c in report.changes
        ]
    return "\n".join(lines) + "\n"


def integrity_json(report: IntegrityReport) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2) + "\n"


def baseline_text(result: BaselineResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.model_dump(mode="json"), indent=2) + "\n"
    if fmt == "html":
        from magesupport.formats.html.page import render_page

        return render_page("baseline.html.j2", "report.css", r=result)
    line = (
        f"Wrote {result.manifest}: {result.files} files, {result.bytes} bytes hashed in {result.seconds} s "
        f"(scope: {', '.join(result.scope)})"
    )
    return (f"# Integrity baseline\n\n{md_text(line)}\n") if fmt == "markdown" else line + "\n"


REPORT_FORMATTERS: dict[str, Callable[[AuditReport], str]] = {
    "table": report_table,
    "json": report_json,
    "markdown": report_markdown,
    "html": report_html,
}
INTEGRITY_FORMATTERS: dict[str, Callable[[IntegrityReport], str]] = {
    "table": integrity_table,
    "json": integrity_json,
    "markdown": integrity_markdown,
    "html": integrity_html,
}
