"""Review findings as terminal tables or Markdown (JSON: formats.interface.as_json)."""

from __future__ import annotations

import io

from rich.table import Table

from magesupport.domain.results_review import PackageReview, ReviewResult
from magesupport.formats.console import text_console
from magesupport.formats.escape import console_cell, console_text, md_cell, md_code, md_text

MARKS = {"critical": "✗✗", "warning": "✗", "info": "?"}


def _summary(review: PackageReview) -> str:
    return (
        f"{review.critical} critical, {review.warnings} warnings, {review.infos} info; "
        f"{review.rules_passed} of {review.rules_applied} rules passed; SLA fit {review.sla_score:.0f}, "
        f"contract {review.contract_score:.0f}, provider {review.provider_score:.0f} (of 100)"
    )


def render_table(result: ReviewResult, color: bool = False, width: int = 150) -> str:
    out = io.StringIO()
    console = text_console(color, width, out)
    console.print(
        f"[bold]{console_text(result.store)}[/bold]: reviewed as {console_text(result.archetype_label)}, "
        f"{console_text(result.risk_tolerance)} risk tolerance ({result.rules_total} rules)",
        markup=True,
    )
    for review in result.packages:
        console.print()
        console.print(
            f"[bold]{console_text(review.id)}[/bold]: "
            + console_text(f"{review.name}, {review.provider} ({review.model})")
        )
        console.print(f"  {_summary(review)}", markup=False)
        if not review.findings:
            console.print("  no findings")
            continue
        table = Table(show_lines=False, expand=False)
        for name in ("Severity", "Rule", "Finding", "Evidence (quote key = value)"):
            table.add_column(name, overflow="fold")
        for f in review.findings:
            style = {"critical": "bold red", "warning": "yellow", "info": "dim"}[f.severity.value]
            table.add_row(
                f"[{style}]{f.severity.value}[/{style}]",
                console_cell(f.rule_id),
                console_cell(f"{f.title}: {f.detail}"),
                console_cell(f"{f.evidence_path} = {f.evidence_value}"),
            )
        console.print(table)
        console.print("  Ask before signing:")
        for f in review.findings:
            if f.severity.value != "info":
                console.print(f"  - [{f.rule_id}] {f.question}", markup=False)
    if result.fail_on and result.fail_on != "none":
        state = "tripped" if result.gate_tripped else "passed"
        console.print()
        console.print(f"gate --fail-on {result.fail_on}: {state}", markup=False)
    return out.getvalue()


def render_markdown(result: ReviewResult) -> str:
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
        if review.findings:
            lines += [
                "| Severity | Rule | Finding | Evidence | Why it matters |",
                "| --- | --- | --- | --- | --- |",
            ]
            for f in review.findings:
                cells = [
                    f"{MARKS[f.severity.value]} {f.severity.value}",
                    md_cell(f.rule_id),
                    md_cell(f"{f.title}: {f.detail}"),
                    f"{md_code(f.evidence_path, cell=True)} = {md_cell(f.evidence_value)}",
                    md_cell(f.why),
                ]
                lines.append("| " + " | ".join(cells) + " |")
            lines += ["", "Questions for the provider:", ""]
            lines += [f"- {md_text(f'[{f.rule_id}] {f.question}')}" for f in review.findings]
            lines.append("")
    if result.fail_on and result.fail_on != "none":
        lines.append(
            f"Gate {md_code(f'--fail-on {result.fail_on}')}: {'tripped' if result.gate_tripped else 'passed'}."
        )
        lines.append("")
    return "\n".join(lines)
