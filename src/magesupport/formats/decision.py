"""The comparison's decision sections (scores, ranking, stability, recommendation), table and Markdown.

`compare_table.render` and `compare_markdown.render` append these when the result carries a ranking.
"""

from __future__ import annotations

import io

from rich.table import Table

from magesupport.domain.results import CompareResult
from magesupport.domain.results_review import Ranking, Recommendation
from magesupport.formats.console import text_console
from magesupport.formats.escape import console_cell, console_text, md_cell, md_code, md_text
from magesupport.formats.fit import print_table
from magesupport.formats.money import hours, money, money_range

QUESTIONS_SHOWN = 5  # per provider in the terminal; the Markdown and `review --all` list them all


def cost_note(ranking: Ranking) -> str:
    """Where the ranking's costs come from, in the report's one name for the total."""
    if ranking.cost_basis.source == "simulation":
        return "expected total cost and bad year (p95) over the simulated years"
    return ranking.cost_basis.note


def _weights(ranking: Ranking) -> str:
    return ", ".join(f"{c.label.lower()} {c.weight:.2f}" for c in ranking.criteria)


def _recommendation_lines(rec: Recommendation, cur: str) -> list[str]:
    lines = [
        f"Archetype: {rec.archetype_label}. " + "; ".join(rec.archetype_reasons) + ".",
        f"Recommended: {rec.recommended_name} ({rec.recommended_id}, {rec.recommended_model})",
        f"  expected total cost {money(rec.expected_cost, cur)} a year, {money(rec.p95_cost, cur)} in a bad year (p95); "
        f"SLA fit {rec.sla_fit:.0f}, contract {rec.contract_score:.0f}, provider {rec.provider_score:.0f}; "
        f"score {rec.score:.1f}, rank {rec.rank}, first in {rec.first_share:.0%} of perturbed weightings",
        f"  P1: {rec.p1_target or 'no target'}"
        + (f", worst case {hours(rec.p1_worst_hours)}" if rec.p1_worst_hours is not None else ""),
        f"  Contract price: {price_text(rec, cur)}",
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


def price_text(rec: Recommendation, cur: str) -> str:
    """The recommended package's contract price a month and a year, its ranges and tax basis."""
    month, year = money(rec.price_per_month, cur), money(rec.price_per_year, cur)
    if rec.price_per_month_low is not None and rec.price_per_year_low is not None:
        month = money_range(rec.price_per_month_low, rec.price_per_month_high, cur) + " (quoted as a range)"
        year = money_range(rec.price_per_year_low, rec.price_per_year_high, cur)
    basis = f", {rec.price_basis}" if rec.price_basis else ""
    return (
        f"{month} a month, {year} a year (fees and minimum billing; onboarding spread over the term){basis}"
    )


def table_section(result: CompareResult, color: bool = False, width: int = 150) -> str:
    ranking, rec = result.ranking, result.recommendation
    if ranking is None or rec is None:
        return ""
    cur = result.store.currency
    out = io.StringIO()
    console = text_console(color, width, out)
    table = Table(title=f"Ranking ({console_text(ranking.method)})", title_justify="left")
    for name in (
        "Rank",
        "Package",
        "Expected total cost",
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
            console_cell(row.id),
            console_cell(money(row.expected_cost, cur)),
            console_cell(money(row.p95_cost, cur)),
            f"{row.sla_fit:.0f}",
            f"{row.contract_score:.0f}",
            f"{row.provider_score:.0f}",
            f"{row.score:.1f}",
            f"{row.first_share:.0%}",
            f"{row.mean_rank:.2f}",
            str(row.critical_findings),
        )
    print_table(console, table)
    console.print(
        f"[dim]Weights ({console_text(ranking.weights_source)}): {console_text(_weights(ranking))}. "
        f"Costs: {console_text(cost_note(ranking))}. "
        f"First in: share of {ranking.stability.draws:,} tries with the weights shifted at random around yours "
        f"(Dirichlet draws, concentration {ranking.stability.concentration:g}: see the glossary) in which the "
        "package ranks first.[/dim]"
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
                f"[bold]Questions for {console_text(q.provider)}[/bold] ({console_text(q.package_id)}) before signing:"
            )
            for line in q.questions[:QUESTIONS_SHOWN]:
                console.print(f"  - {line}", markup=False)
            if len(q.questions) > QUESTIONS_SHOWN:
                console.print(f"  and {len(q.questions) - QUESTIONS_SHOWN} more", markup=False)
    console.print(
        "[dim]Every question for every provider: magesupport review DIR --all (or compare --format markdown).[/dim]"
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
        f"Method: {md_text(ranking.method)}. Weights ({md_text(ranking.weights_source)}): "
        f"{md_text(_weights(ranking))}.",
        f"Costs: {md_text(cost_note(ranking))}.",
        "",
        "| Rank | Package | Expected total cost | Bad year (p95) | SLA fit | Contract | Provider | Score | First in | "
        "Deal-breakers |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in ranking.rows:
        lines.append(
            f"| {row.rank} | {md_code(row.id, cell=True)} | {md_cell(money(row.expected_cost, cur))} | "
            f"{md_cell(money(row.p95_cost, cur))} | {row.sla_fit:.0f} | {row.contract_score:.0f} | "
            f"{row.provider_score:.0f} | {row.score:.1f} | {row.first_share:.0%} | {row.critical_findings} |"
        )
    lines += [
        "",
        f"*First in*: share of {ranking.stability.draws:,} tries with the weights shifted at random around yours "
        f"(Dirichlet draws, concentration {ranking.stability.concentration:g}, seed {ranking.stability.seed}) in "
        "which the package ranks first.",
        "",
        "## Recommendation",
        "",
    ]
    lines += [md_text(line) for line in _recommendation_lines(rec, cur)]
    lines += ["", "## Questions to send before signing", ""]
    for q in rec.questions:
        if q.questions:
            lines += [f"### {md_text(q.provider)} ({md_code(q.package_id)})", ""]
            lines += [f"- {md_text(line)}" for line in q.questions]
            lines.append("")
    return "\n".join(lines) + "\n"
