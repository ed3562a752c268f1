"""The comparison's decision sections (scores, ranking, stability, recommendation), table and Markdown.

`compare_table.render` and `compare_markdown.render` append these when the result carries a ranking.
"""

from __future__ import annotations

import io

from rich.markup import escape
from rich.table import Table

from magesupport.domain.results import CompareResult
from magesupport.domain.results_review import Ranking, Recommendation
from magesupport.formats.console import text_console
from magesupport.formats.money import hours, money


def _weights(ranking: Ranking) -> str:
    return ", ".join(f"{c.label.lower()} {c.weight:.2f}" for c in ranking.criteria)


def _recommendation_lines(rec: Recommendation, cur: str) -> list[str]:
    lines = [
        f"Archetype: {rec.archetype_label}. " + "; ".join(rec.archetype_reasons) + ".",
        f"The guide's advice: {rec.guide_advice}",
        f"Recommended: {rec.recommended_name} ({rec.recommended_id}, {rec.recommended_model})",
        f"  expected cost {money(rec.expected_cost, cur)} a year, {money(rec.p95_cost, cur)} in a bad year (p95); "
        f"SLA fit {rec.sla_fit:.0f}, contract {rec.contract_score:.0f}, provider {rec.provider_score:.0f}; "
        f"score {rec.score:.1f}, rank {rec.rank}, first in {rec.first_share:.0%} of perturbed weightings",
        f"  P1: {rec.p1_target or 'no target'}"
        + (f", worst case {hours(rec.p1_worst_hours)}" if rec.p1_worst_hours is not None else ""),
    ]
    lines += [f"  - {reason}" for reason in rec.reasons]
    runner = rec.runner_up
    if runner is not None:
        lines.append(
            f"Runner-up: {runner.name} ({runner.id}), score {runner.score:.1f}, {runner.gap:.1f} points behind"
        )
        if runner.price_cut_needed:
            lines.append(f"  a price cut of {money(runner.price_cut_needed, cur)} a year would make it first")
        lines.append("  What would make it win:")
        lines += [f"  - {text}" for text in runner.would_win_if]
    if rec.deal_breakers:
        lines.append("Deal-breakers (critical findings):")
        lines += [
            f"  - {d.package_id}: [{d.rule_id}] {d.title}: {d.detail} ({d.evidence})"
            for d in rec.deal_breakers
        ]
    else:
        lines.append("Deal-breakers: none found.")
    return lines


def table_section(result: CompareResult, color: bool = False, width: int = 150) -> str:
    ranking, rec = result.ranking, result.recommendation
    if ranking is None or rec is None:
        return ""
    cur = result.store.currency
    out = io.StringIO()
    console = text_console(color, width, out)
    table = Table(title=f"Ranking ({ranking.method})", title_justify="left")
    for name in (
        "Rank",
        "Package",
        "Expected / yr",
        "Bad year (p95)",
        "SLA fit",
        "Contract",
        "Provider",
        "Score",
        "First in",
        "Mean rank",
        "Deal-breakers",
    ):
        table.add_column(name, justify="left" if name == "Package" else "right", no_wrap=True)
    for row in ranking.rows:
        table.add_row(
            str(row.rank),
            escape(row.id),
            money(row.expected_cost, cur),
            money(row.p95_cost, cur),
            f"{row.sla_fit:.0f}",
            f"{row.contract_score:.0f}",
            f"{row.provider_score:.0f}",
            f"{row.score:.1f}",
            f"{row.first_share:.0%}",
            f"{row.mean_rank:.2f}",
            str(row.critical_findings),
        )
    console.print(table)
    console.print(
        f"[dim]Weights ({escape(ranking.weights_source)}): {_weights(ranking)}. Costs: {escape(ranking.cost_basis.note)}. "
        f"First in: share of {ranking.stability.draws:,} Dirichlet draws of the weights (concentration "
        f"{ranking.stability.concentration:g}) in which the package ranks first.[/dim]"
    )
    console.print()
    console.print("[bold]Recommendation[/bold]")
    for line in _recommendation_lines(rec, cur):
        console.print(line, markup=False)
    console.print()
    chosen = [
        q for q in rec.questions if q.package_id in {rec.recommended_id, getattr(rec.runner_up, "id", None)}
    ]
    for q in chosen:
        if q.questions:
            console.print(
                f"[bold]Questions for {escape(q.provider)}[/bold] ({escape(q.package_id)}) before signing:"
            )
            for line in q.questions:
                console.print(f"  - {line}", markup=False)
    console.print(
        "[dim]Questions for every provider: magesupport review DIR (or compare --format markdown).[/dim]"
    )
    return out.getvalue()


def markdown_section(result: CompareResult) -> str:
    ranking, rec = result.ranking, result.recommendation
    if ranking is None or rec is None:
        return ""
    cur = result.store.currency
    lines = [
        "## Ranking",
        "",
        f"Method: {ranking.method}. Weights ({ranking.weights_source}): {_weights(ranking)}.",
        f"Costs: {ranking.cost_basis.note}.",
        "",
        "| Rank | Package | Expected / yr | Bad year (p95) | SLA fit | Contract | Provider | Score | First in | "
        "Deal-breakers |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in ranking.rows:
        lines.append(
            f"| {row.rank} | `{row.id}` | {money(row.expected_cost, cur)} | {money(row.p95_cost, cur)} | "
            f"{row.sla_fit:.0f} | {row.contract_score:.0f} | {row.provider_score:.0f} | {row.score:.1f} | "
            f"{row.first_share:.0%} | {row.critical_findings} |"
        )
    lines += [
        "",
        f"*First in*: share of {ranking.stability.draws:,} Dirichlet draws of the weights (concentration "
        f"{ranking.stability.concentration:g}, seed {ranking.stability.seed}) in which the package ranks first.",
        "",
        "## Recommendation",
        "",
    ]
    lines += _recommendation_lines(rec, cur)
    lines += ["", "## Questions to send before signing", ""]
    for q in rec.questions:
        if q.questions:
            lines += [f"### {q.provider} (`{q.package_id}`)", ""]
            lines += [f"- {line}" for line in q.questions]
            lines.append("")
    return "\n".join(lines) + "\n"
