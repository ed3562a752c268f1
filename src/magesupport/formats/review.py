"""Review findings as terminal text, Markdown or an HTML page (JSON: formats.interface.as_json).

A review fits a page: per package, the five most serious findings, grouped by topic, then what the quote
does not state (a question for the provider, never a finding against it); `--all` shows everything. Evidence
is in words, with the quote's key path in small print.
"""

from __future__ import annotations

import io

from rich.table import Table

from magesupport.domain.results_review import Finding, PackageReview, ReviewResult
from magesupport.formats.console import text_console
from magesupport.formats.escape import console_cell, console_text, md_code, md_text

TOP = 5  # findings shown per package unless --all
MARKS = {"critical": "✗✗", "warning": "✗", "info": "?"}
TOPIC_NAMES = {
    "sla": "Service levels",
    "cost": "Cost",
    "contract": "Contract",
    "versions": "Versions",
    "provider": "Provider",
    "continuity": "Continuity",
    "security": "Security",
    "quality": "Quality",
}


def _summary(review: PackageReview) -> str:
    return (
        f"{review.critical} critical, {review.warnings} warnings, {review.infos} info; "
        f"{review.rules_passed} of {review.rules_applied} rules passed; SLA fit {review.sla_score:.0f}, "
        f"contract {review.contract_score:.0f}, provider {review.provider_score:.0f} (of 100)"
    )


def split(review: PackageReview) -> tuple[list[Finding], list[Finding]]:
    """(findings against what the quote states, questions about what it leaves out), most serious first."""
    stated = [f for f in review.findings if f.stated]
    unstated = [f for f in review.findings if not f.stated]
    return stated, unstated


def by_topic(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by topic, the topics in the order of their most serious finding."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.topic, []).append(f)
    return [(TOPIC_NAMES.get(topic, topic), items) for topic, items in groups.items()]


def evidence(f: Finding) -> str:
    return f.evidence_text or f"{f.evidence_path} = {f.evidence_value}"


def shown(review: PackageReview, everything: bool) -> tuple[list[Finding], list[Finding], int]:
    """What a page shows of a package: top findings, top questions, and how many are left for --all."""
    stated, unstated = split(review)
    if everything:
        return stated, unstated, 0
    top = stated[:TOP]
    asks = unstated[: max(0, TOP - len(top))] if len(top) < TOP else unstated[:2]
    return top, asks, len(stated) - len(top) + len(unstated) - len(asks)


def render_table(
    result: ReviewResult, color: bool = False, width: int = 100, everything: bool = False
) -> str:
    out = io.StringIO()
    console = text_console(color, width, out)
    console.print(
        f"[bold]{console_text(result.store)}[/bold]: reviewed as {console_text(result.archetype_label)}, "
        f"{console_text(result.risk_tolerance)} risk tolerance ({result.rules_total} rules)",
        markup=True,
    )
    left = 0
    for review in result.packages:
        console.print()
        console.print(
            f"[bold]{console_text(review.id)}[/bold]: "
            + console_text(f"{review.name}, {review.provider} ({review.model})")
        )
        console.print(f"  {_summary(review)}", markup=False)
        top, asks, more = shown(review, everything)
        left += more
        if not review.findings:
            console.print("  no findings")
            continue
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for topic, items in by_topic(top):
            grid.add_row("", f"[bold]{console_text(topic)}[/bold]")
            for f in items:
                style = {"critical": "bold red", "warning": "yellow", "info": "dim"}[f.severity.value]
                grid.add_row(
                    f"  [{style}]{MARKS[f.severity.value]:>2}[/{style}]",
                    console_cell(f"{f.title}: {f.detail}. Ask: {f.question} ({evidence(f)}; {f.rule_id})"),
                )
        if asks:
            grid.add_row("", "[bold]Not stated in the quote (ask)[/bold]")
            for f in asks:
                grid.add_row(
                    "   ?", console_cell(f"{f.title}: {f.question} ({f.evidence_path}; {f.rule_id})")
                )
        console.print(grid)
        if more:
            console.print(f"  and {more} more: magesupport review DIR --all", markup=False)
    if result.fail_on and result.fail_on != "none":
        state = "tripped" if result.gate_tripped else "passed"
        console.print()
        console.print(f"gate --fail-on {result.fail_on}: {state}", markup=False)
    return out.getvalue()


def render_markdown(result: ReviewResult, everything: bool = False) -> str:
    lines = [
        f"# Contract and provider review: {md_text(result.store)}",
        "",
        f"Reviewed as **{md_text(result.archetype_label)}**, {md_text(result.risk_tolerance)} risk tolerance, "
        f"{result.rules_total} rules.",
        "",
    ]
    for review in result.packages:
        lines += [
            f"## {md_text(review.name)} ({md_code(review.id)}, {md_text(review.provider)})",
            "",
            _summary(review),
            "",
        ]
        top, asks, more = shown(review, everything)
        for topic, items in by_topic(top):
            lines += [f"### {md_text(topic)}", ""]
            for f in items:
                lines.append(
                    f"- {MARKS[f.severity.value]} **{md_text(f.title)}**: {md_text(f.detail)}. "
                    f"Ask: {md_text(f.question)}  \n  <sub>{md_text(evidence(f))}; "
                    f"{md_code(f.evidence_path)}; {md_text(f.rule_id)}</sub>"
                )
            lines.append("")
        if asks:
            lines += ["### Not stated in the quote (ask)", ""]
            lines += [
                f"- **{md_text(f.title)}**: {md_text(f.question)} <sub>{md_code(f.evidence_path)}; "
                f"{md_text(f.rule_id)}</sub>"
                for f in asks
            ]
            lines.append("")
        if more:
            lines += [f"And {more} more: `magesupport review DIR --all`.", ""]
    if result.fail_on and result.fail_on != "none":
        lines.append(
            f"Gate {md_code(f'--fail-on {result.fail_on}')}: {'tripped' if result.gate_tripped else 'passed'}."
        )
        lines.append("")
    return "\n".join(lines)


def render_html(result: ReviewResult, everything: bool = False) -> str:
    """One self-contained page in the report's style (templates/review.html.j2, report.css)."""
    from magesupport.formats.html.page import render_page

    packages = []
    for review in result.packages:
        top, asks, more = shown(review, everything)
        packages.append(
            {
                "review": review,
                "summary": _summary(review),
                "groups": by_topic(top),
                "asks": asks,
                "more": more,
            }
        )
    return render_page("review.html.j2", "report.css", r=result, packages=packages, evidence=evidence)
