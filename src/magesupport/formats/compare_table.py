"""The comparison as terminal tables (rich)."""

from __future__ import annotations

import io

from rich.table import Table

from magesupport.domain.results import CompareResult
from magesupport.formats import decision
from magesupport.formats.compare_terms import choice_line, coverage_cell, tax_line, term_lines
from magesupport.formats.console import text_console
from magesupport.formats.escape import console_cell as cell
from magesupport.formats.escape import console_text as lit
from magesupport.formats.fit import print_table
from magesupport.formats.glossary import guide_name
from magesupport.formats.money import hours, money, money_range
from magesupport.formats.simulation_table import render_simulation
from magesupport.formats.verdict import print_verdict


def _short(target: str) -> str:
    return (
        target.replace(" business hours", " bus. h")
        .replace(" business hour", " bus. h")
        .replace(" business days", " bus. d")
        .replace(" business day", " bus. d")
    )


def render(
    result: CompareResult,
    color: bool = False,
    width: int = 150,
    detail: bool = True,
    report: str | None = None,
) -> str:
    """The verdict first; with `detail`, every table after it (each fitted to `width`)."""
    out = io.StringIO()
    console = text_console(color, width, out)
    print_verdict(console, result, report, detail=detail)
    if not detail:
        return out.getvalue()
    console.print()
    cur = result.store.currency
    store = result.store
    arch = result.archetype
    console.print(
        f"[bold]{lit(store.name)}[/bold]: {lit(store.edition)}, {lit(money(store.annual_revenue, cur))} a year "
        f"({lit(money(store.revenue_per_hour, cur))} an hour on average), {lit(store.timezone)}"
    )
    console.print(f"Archetype: [bold]{lit(arch.label)}[/bold] ({lit(arch.revenue_band)})")
    for reason in arch.reasons:
        console.print(f"  - {reason}", markup=False)
    console.print(f"  What {guide_name(result)} advises: {arch.package_advice}", markup=False)
    console.print()
    tax = tax_line(result)
    if tax:
        console.print(tax, markup=False)
    table = Table(title=f"Support packages compared (amounts in {lit(cur)} a year)", title_justify="left")
    columns = [
        "Package",
        "Model",
        "Committed",
        "Billed work",
        "Support cost",
        "Eff. rate",
        "Incl. h/mo",
        "P1 target",
        "P1 worst",
        "P1 downtime",
        "Needs",
    ]
    for name in columns:
        table.add_column(
            name, justify="left" if name in {"Package", "Model", "P1 target"} else "right", no_wrap=True
        )
    for p in result.packages:
        p1 = p.p1_response
        ranges = p.ranges
        cells = (
            p.id,
            p.model,
            money_range(ranges.committed_annual.low, ranges.committed_annual.high, cur)
            if ranges
            else money(p.committed_annual, cur),
            money(p.workload_variable_annual, cur),
            money_range(ranges.workload_total_annual.low, ranges.workload_total_annual.high, cur)
            if ranges
            else money(p.workload_total_annual, cur),
            money(p.effective_hourly_rate, cur) + "/h" if p.effective_hourly_rate is not None else "-",
            f"{round(p.guaranteed_hours_per_month, 1):g}",
            _short(p1.target) if p1 else "none",
            hours(p1.worst_hours) if p1 else "-",
            money(p.p1_downtime_cost_annual, cur) if p.p1_downtime_cost_annual is not None else "no SLA",
            f"{p.needs_passed}/{len(p.needs)}",
        )
        table.add_row(*(cell(c) for c in cells))
    print_table(console, table)
    for p in result.packages:
        p1 = p.p1_response
        worst = (
            f"P1 worst case {hours(p1.worst_hours)} (reported {p1.worst_at})"
            if p1
            else "no P1 response commitment"
        )
        console.print(f"  [bold]{lit(p.id)}[/bold]: {lit(f'{p.name}, {p.provider}; {worst}')}")
        for term in term_lines(p, cur):
            console.print(f"      {term}", markup=False)
    for choice in result.tier_choices:
        console.print(f"  Best variant: {choice_line(choice, cur)}", markup=False)
    console.print(
        "[dim]Committed: fees x 12 + minimum billing + onboarding over the minimum term. Billed work: "
        "billed beyond the fees for the month below, repeated 12 times. Support cost: committed + billed work. P1 worst: longest wait "
        "for a response over a whole year, in the store's timezone. P1 downtime: expected P1 incidents a year x "
        "average outage (response wait + median fix in covered hours) x average revenue per hour.[/dim]"
    )
    console.print()
    for p in result.packages:
        if p.needs_missed:
            console.print(f"[bold]{lit(p.name)}[/bold] misses {p.needs_missed} of the archetype's needs:")
            for need in p.needs:
                if not need.passed:
                    console.print(f"  ✗ {need.need}: needs {need.required}, has {need.actual}", markup=False)
    console.print()
    cov = Table(
        title="Covered hours per week by severity (response / resolution targets)", title_justify="left"
    )
    cov.add_column("Package")
    for sev in ("P1", "P2", "P3", "P4"):
        cov.add_column(sev)
    for p in result.packages:
        cells_cov = [
            f"{c.covered_hours_per_week:g} h · {coverage_cell(c)}"
            if c.coverage != "not covered"
            else "not covered"
            for c in p.coverage
        ]
        cov.add_row(cell(p.id), *(cell(c) for c in cells_cov))
    print_table(console, cov)
    work = Table(title="The stated monthly workload", title_justify="left")
    for name in ("Work", "Hours each", "Per month", "When"):
        work.add_column(name)
    for line in result.workload:
        work.add_row(
            cell(line.label),
            f"{line.hours:g}",
            f"{line.count_per_month:.2f}",
            cell(line.when.replace("_", " ") + (f" (in {line.windows})" if line.windows else "")),
        )
    print_table(console, work)
    if result.assumptions:
        console.print("[bold]Assumptions used[/bold] (replace them with your own figures in store.yaml):")
        for a in result.assumptions:
            console.print(f"  - {lit(a.name)}: {lit(a.value)} [dim]({lit(a.source)})[/dim]")
    render_simulation(console, result)
    out.write(decision.table_section(result, color=color, width=width))
    return out.getvalue()
