"""The simulation section of the Markdown comparison (called at the end of `compare_markdown.render`)."""

from __future__ import annotations

from magesupport.domain.results import CompareResult
from magesupport.formats.compare_terms import choice_line
from magesupport.formats.escape import md_cell, md_row, md_text
from magesupport.formats.money import money, money_range
from magesupport.formats.simulation_decision import decision_markdown, lowest
from magesupport.formats.simulation_table import after_hours_line, credits_back, credits_note, roi_text


def render_simulation(result: CompareResult) -> list[str]:
    """Markdown lines of the simulation section (none when the comparison was not simulated)."""
    sim = result.simulation
    if sim is None:
        return []
    cur = result.store.currency
    lines = [
        "## Simulated cost and risk",
        "",
        f"{sim.years:,} simulated store-years (seed {sim.seed}); every package faces the same incidents. "
        f"Amounts in {md_text(cur)} a year. {md_text(lowest(sim)[0])} **{md_text(lowest(sim)[1])}**. "
        f"Net saving a year against **{md_text(sim.baseline_id)}**; ROI only where the extra spend is at least "
        "10% of the baseline's.",
        "",
        md_row(
            [
                "Package",
                "Fees",
                "Variable (mean / p95)",
                "Lost revenue (mean / p95)",
                "Credits back",
                "Expected total cost",
                "Bad year (p95) / p99",
                "Downtime h",
                "P(outage > 4 h)",
                "Breaches / yr",
                "Net saving",
            ]
        ),
        md_row(["---"] + ["---:"] * 10),
    ]
    for p in sim.packages:
        cells = [
            money(p.fees.mean, cur),
            f"{money(p.variable_cost.mean, cur)} / {money(p.variable_cost.p95, cur)}",
            f"{money(p.lost_revenue.mean, cur)} / {money(p.lost_revenue.p95, cur)}",
            money(credits_back(p), cur),
            money(p.total_economic_cost.mean, cur),
            f"{money(p.total_economic_cost.p95, cur)} / {money(p.total_economic_cost.p99, cur)}",
            f"{p.downtime_hours.mean:.1f}",
            f"{p.prob_outage_over_4h:.0%}",
            f"{p.expected_breaches:.1f}",
            roi_text(result, p),
        ]
        name = f"**{md_cell(p.id)}**" if p.id == sim.best_id else md_cell(p.id)
        lines.append(md_row([name, *(md_cell(c) for c in cells)]))
    lines += [
        "",
        md_text(f"Expected total cost (mean) = fees + variable cost + lost revenue − {credits_note(sim)}."),
    ]
    after_hours = after_hours_line(sim)
    if after_hours:
        lines += ["", md_text(after_hours)]
    lines += [f"- Best variant: {md_text(choice_line(choice, cur))}" for choice in sim.tier_choices]
    lines += [
        md_text(
            f"- {p.id}: prices quoted as ranges, drawn each year; fees "
            f"{money_range(p.fees.p5, p.fees.p95, cur)} (p5-p95)"
        )
        for p in sim.packages
        if p.fees.p95 - p.fees.p5 > 0.5
    ]
    if sim.sensitivity:
        base = sim.sensitivity[0].best_base
        lines += [
            "",
            f"### Sensitivity (reruns on {sim.sensitivity_years:,} store-years)",
            "",
            md_row(
                md_cell(c)
                for c in (
                    "Assumption",
                    "Best at low",
                    "Best at high",
                    "Changes the best?",
                    f"{base} low",
                    f"{base} high",
                )
            ),
            md_row(["---", "---", "---", "---", "---:", "---:"]),
        ]
        for row in sim.sensitivity:
            lines.append(
                md_row(
                    [
                        md_cell(f"{row.assumption} (x{row.factor_low:g} / x{row.factor_high:g})"),
                        md_cell(row.best_low),
                        md_cell(row.best_high),
                        "**yes**" if row.changes_best else "no",
                        md_cell(money(row.total_cost_low, cur)),
                        md_cell(money(row.total_cost_high, cur)),
                    ]
                )
            )
    shown = {a.name for a in result.assumptions}
    extra = [a for a in sim.assumptions if a.name not in shown]
    if extra:
        lines += ["", "### Simulation assumptions", ""]
        lines += [f"- {md_text(f'{a.name}: {a.value} ({a.source})')}" for a in extra]
    return lines + decision_markdown(result)
