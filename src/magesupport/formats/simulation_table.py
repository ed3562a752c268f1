"""The simulation section of the terminal comparison (called at the end of `compare_table.render`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from magesupport.domain.results import CompareResult
from magesupport.domain.results_sim import PackageSimulation, SimulationResult
from magesupport.formats.compare_terms import choice_line
from magesupport.formats.escape import console_cell as cell
from magesupport.formats.escape import console_text as lit
from magesupport.formats.fit import print_table
from magesupport.formats.money import money, money_range
from magesupport.formats.simulation_decision import lowest, render_decision


def roi_text(result: CompareResult, p: PackageSimulation) -> str:
    """Net saving against the baseline in money; the ROI beside it only where its denominator is a real extra
    spend (`Verdict.savings`), never a bare +1,500% over a few pounds more."""
    sim = result.simulation
    if sim is not None and p.id == sim.baseline_id:
        return "baseline"
    verdict = result.verdict
    line = next((s for s in verdict.savings if s.id == p.id), None) if verdict is not None else None
    if line is None:
        return "-"
    text = money(line.net_saving, result.store.currency)
    return f"{text} (ROI {line.roi:+,.0%})" if line.roi is not None else text


def credits_back(p: PackageSimulation) -> float:
    """The mean service credits a year the total counts as recovered (older results: those owed)."""
    return p.credits_recovered.mean if p.credits_recovered is not None else p.credits.mean


def credits_note(sim: SimulationResult) -> str:
    """How the total counts the credits: only the share expected back, when that is below all of them."""
    share = min((p.credit_recovery_share for p in sim.packages), default=1.0)
    if share >= 1.0:
        return "service credits"
    return (
        f"the service credits expected back ({share:.0%} of those owed: each has to be claimed, and comes off a "
        "later invoice)"
    )


def after_hours_line(sim: SimulationResult) -> str:
    """Which packages work P1s past their coverage at the surcharge, and how many a year ('' when none)."""
    worked = [(p.id, p.p1_after_hours) for p in sim.packages if p.p1_after_hours]
    if not worked:
        return ""
    each = ", ".join(f"{pid} {n:.1f}" for pid, n in worked)
    return f"P1s a year worked past the coverage, the hours after it billed at the quote's surcharge: {each}."


def render_simulation(console: Console, result: CompareResult) -> None:
    sim = result.simulation
    if sim is None:
        return
    cur = result.store.currency
    console.print()
    cost = Table(
        title=f"Simulated cost: {sim.years:,} store-years, seed {sim.seed} (mean {lit(cur)} a year unless marked)",
        title_justify="left",
    )
    for name in (
        "Package",
        "Fees",
        "Variable",
        "Lost revenue",
        "Credits back",
        "Expected total cost",
        "Bad year (p95)",
        "p99",
        "Net saving",
    ):
        cost.add_column(name, justify="left" if name == "Package" else "right", no_wrap=True)
    for p in sim.packages:
        amounts = (p.fees.mean, p.variable_cost.mean, p.lost_revenue.mean, credits_back(p), p.total_economic_cost.mean)
        cost.add_row(
            f"[bold]{lit(p.id)}[/bold]" if p.id == sim.best_id else cell(p.id),
            *(cell(money(a, cur)) for a in amounts),
            cell(money(p.total_economic_cost.p95, cur)),
            cell(money(p.total_economic_cost.p99, cur)),
            roi_text(result, p),
        )
    print_table(console, cost)
    risk = Table(title="Simulated risk and tails (a year)", title_justify="left")
    for name in (
        "Package",
        "Variable p95",
        "Lost p95",
        "Downtime h",
        "Downtime p95",
        "P(outage > 4h)",
        "Breaches",
    ):
        risk.add_column(name, justify="left" if name == "Package" else "right", no_wrap=True)
    for p in sim.packages:
        risk.add_row(
            cell(p.id),
            cell(money(p.variable_cost.p95, cur)),
            cell(money(p.lost_revenue.p95, cur)),
            f"{p.downtime_hours.mean:.1f}",
            f"{p.downtime_hours.p95:.1f}",
            f"{p.prob_outage_over_4h:.0%}",
            f"{p.expected_breaches:.1f}",
        )
    print_table(console, risk)
    after_hours = after_hours_line(sim)
    if after_hours:
        console.print(f"  {after_hours}", markup=False)
    words, ids = lowest(sim)
    console.print(
        f"  {lit(words)} [bold]{lit(ids)}[/bold]. Net saving: a year against "
        f"[bold]{lit(sim.baseline_id)}[/bold] (--baseline); ROI (the saving over the extra spend) only where "
        "the extra spend is at least 10% of the baseline's."
    )
    for choice in sim.tier_choices:
        console.print(f"  Best variant: {choice_line(choice, cur)}", markup=False)
    drawn = [p for p in sim.packages if p.fees.p95 - p.fees.p5 > 0.5]
    for p in drawn:
        console.print(
            f"  {p.id}: prices quoted as ranges, drawn each year; fees "
            f"{money_range(p.fees.p5, p.fees.p95, cur)} (p5-p95)",
            markup=False,
        )
    console.print(
        f"[dim]Expected total cost (mean) = fees + variable cost + lost revenue - {lit(credits_note(sim))}. "
        "Downtime: P1 outage hours a year. "
        "P(outage > 4h): share of years with a P1 outage longer than 4 hours. Breaches: missed response and "
        "resolution targets a year. Every package faces the same simulated incidents.[/dim]"
    )
    if sim.sensitivity:
        sens = Table(
            title=f"Sensitivity: each assumption x{sim.sensitivity[0].factor_low:g} and "
            f"x{sim.sensitivity[0].factor_high:g} (reruns on {sim.sensitivity_years:,} store-years)",
            title_justify="left",
        )
        base = sim.sensitivity[0].best_base
        low, high = f"x{sim.sensitivity[0].factor_low:g}", f"x{sim.sensitivity[0].factor_high:g}"
        for name in ("Assumption", f"Best at {low}", f"Best at {high}", "Changes the best?", low, high):
            sens.add_column(name, justify="right" if name in {low, high} else "left")
        for row in sim.sensitivity:
            sens.add_row(
                cell(row.assumption),
                cell(row.best_low),
                cell(row.best_high),
                "[bold]yes[/bold]" if row.changes_best else "no",
                cell(money(row.total_cost_low, cur)),
                cell(money(row.total_cost_high, cur)),
            )
        print_table(console, sens)
        console.print(
            f"  {low} / {high}: expected total cost of {base} (the best at x1) at each end.",
            markup=False,
        )
    shown = {a.name for a in result.assumptions}
    extra = [a for a in sim.assumptions if a.name not in shown]
    if extra:
        console.print("[bold]Simulation assumptions[/bold] (docs/simulation.md):")
        for a in extra:
            console.print(f"  - {lit(a.name)}: {lit(a.value)} [dim]({lit(a.source)})[/dim]")
    render_decision(console, result)
