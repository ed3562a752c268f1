"""Review findings as terminal tables or Markdown (JSON: formats.interface.as_json)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from magesupport.domain.results_review import PackageReview, ReviewResult
from magesupport.formats.console import text_console

MARKS = {"critical": "✗✗", "warning": "✗", "info": "?"}


def _console(out: io.StringIO, color: bool, width: int) -> Console:
    return text_console(color, width, out)


def _summary(review: PackageReview) -> str:
    return (
        f"{review.critical} critical, {review.warnings} warnings, {review.infos} info; "
        f"{review.rules_passed} of {review.rules_applied} rules passed; SLA fit {review.sla_score:.0f}, "
        f"contract {review.contract_score:.0f}, provider {review.provider_score:.0f} (of 100)"
    )


def render_table(result: ReviewResult, color: bool = False, width: int = 150) -> str:
    out = io.StringIO()
    console = _console(out, color, width)
    console.print(
        f"[bold]{escape(result.store)}[/bold]: reviewed as {result.archetype_label}, {result.risk_tolerance} risk "
        f"tolerance ({result.rules_total} rules)",
        markup=True,
    )
    for review in result.packages:
        console.print()
        console.print(
            f"[bold]{escape(review.id)}[/bold]: {escape(review.name)}, {escape(review.provider)} ({review.model})"
        )
        console.print(f"  {_summary(review)}")
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
                f.rule_id,
                escape(f"{f.title}: {f.detail}"),
                escape(f"{f.evidence_path} = {f.evidence_value}"),
            )
        console.print(table)
        console.print("  Ask before signing:")
        for f in review.findings:
            if f.severity.value != "info":
                console.print(f"  - [{f.rule_id}] {f.question}", markup=False)
    if result.fail_on and result.fail_on != "none":
        state = "tripped" if result.gate_tripped else "passed"
        console.print()
        console.print(f"gate --fail-on {result.fail_on}: {state}")
    return out.getvalue()


def render_markdown(result: ReviewResult) -> str:
    lines = [
        f"# Contract and provider review: {result.store}",
        "",
        f"Reviewed as **{result.archetype_label}**, {result.risk_tolerance} risk tolerance, "
        f"{result.rules_total} rules.",
        "",
    ]
    for review in result.packages:
        lines += [f"## {review.name} (`{review.id}`, {review.provider})", "", _summary(review), ""]
        if review.findings:
            lines += [
                "| Severity | Rule | Finding | Evidence | Why it matters |",
                "| --- | --- | --- | --- | --- |",
            ]
            for f in review.findings:
                cells = [
                    f"{MARKS[f.severity.value]} {f.severity.value}",
                    f.rule_id,
                    f"{f.title}: {f.detail}",
                    f"`{f.evidence_path}` = {f.evidence_value}",
                    f.why,
                ]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            lines += ["", "Questions for the provider:", ""]
            lines += [f"- [{f.rule_id}] {f.question}" for f in review.findings]
            lines.append("")
    if result.fail_on and result.fail_on != "none":
        lines.append(f"Gate `--fail-on {result.fail_on}`: {'tripped' if result.gate_tripped else 'passed'}.")
        lines.append("")
    return "\n".join(lines)
