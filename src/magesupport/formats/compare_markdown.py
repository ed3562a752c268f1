"""The comparison as Markdown (for a ticket, a wiki page or an e-mail)."""

from __future__ import annotations

from magesupport.domain.results import CompareResult
from magesupport.formats import decision
from magesupport.formats.compare_terms import choice_line, coverage_cell, tax_line, term_lines
from magesupport.formats.escape import md_cell, md_code, md_row, md_text
from magesupport.formats.glossary import guide_name
from magesupport.formats.money import hours, money, money_range
from magesupport.formats.simulation_markdown import render_simulation
from magesupport.formats.verdict import markdown_lines


def render(result: CompareResult) -> str:
    cur = result.store.currency
    store, arch = result.store, result.archetype
    lines = [
        f"# Support packages for {md_text(store.name)}",
        "",
        md_text(f"{store.edition}, {money(store.annual_revenue, cur)} a year, {store.timezone}."),
        "",
        *(markdown_lines(result.verdict) if result.verdict is not None else []),
        f"**Archetype: {md_text(arch.label)}** ({md_text(arch.revenue_band)})",
        "",
    ]
    lines += [f"- {md_text(r)}" for r in arch.reasons]
    lines += [
        f"- What {md_text(guide_name(result))} advises: {md_text(arch.package_advice)}",
        "",
        "## Side by side",
        "",
        *([md_text(tax_line(result)), ""] if tax_line(result) else []),
        md_row(
            [
                "Package",
                "Model",
                "Committed / yr",
                "Billed work / yr",
                "Support cost / yr",
                "Effective rate",
                "Hours / month",
                "P1 target",
                "P1 worst case",
                "P1 downtime / yr",
                "Needs met",
            ]
        ),
        md_row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---", "---", "---:", "---:"]),
    ]
    for p in result.packages:
        p1 = p.p1_response
        lines.append(
            md_row(
                [
                    f"{md_cell(p.name)} ({md_code(p.id, cell=True)}, {md_cell(p.provider)})",
                    *(
                        md_cell(c)
                        for c in (
                            p.model,
                            money_range(p.ranges.committed_annual.low, p.ranges.committed_annual.high, cur)
                            if p.ranges
                            else money(p.committed_annual, cur),
                            money(p.workload_variable_annual, cur),
                            money_range(
                                p.ranges.workload_total_annual.low, p.ranges.workload_total_annual.high, cur
                            )
                            if p.ranges
                            else money(p.workload_total_annual, cur),
                            (money(p.effective_hourly_rate, cur) + "/h")
                            if p.effective_hourly_rate is not None
                            else "-",
                            f"{round(p.guaranteed_hours_per_month, 1):g}",
                            p1.target if p1 else "none",
                            f"{hours(p1.worst_hours)} ({p1.worst_at})" if p1 else "no commitment",
                            money(p.p1_downtime_cost_annual, cur)
                            if p.p1_downtime_cost_annual is not None
                            else "no SLA",
                            f"{p.needs_passed}/{len(p.needs)}",
                        )
                    ),
                ]
            )
        )
    terms = [(p, term_lines(p, cur)) for p in result.packages]
    if any(found for _, found in terms) or result.tier_choices:
        lines += ["", "## Terms of each quote", ""]
        for p, found in terms:
            if found:
                lines.append(f"- {md_code(p.id)}: " + md_text("; ".join(found)))
        for choice in result.tier_choices:
            lines.append(f"- Best variant: {md_text(choice_line(choice, cur))}")
    lines += ["", "## Against the archetype's needs", ""]
    for p in result.packages:
        lines.append(f"### {md_text(p.name)}")
        lines.append("")
        for n in p.needs:
            mark = "✓" if n.passed else "✗"
            lines.append(f"- {mark} {md_text(f'{n.need}: needs {n.required}, has {n.actual}')}")
        lines.append("")
    lines += ["## Coverage by severity", "", md_row(["Package", "P1", "P2", "P3", "P4"]), md_row(["---"] * 5)]
    for p in result.packages:
        lines.append(
            md_row(
                md_cell(cell)
                for cell in [
                    p.id,
                    *(
                        f"{c.coverage}: {c.covered_hours_per_week:g} h/week, {coverage_cell(c)}"
                        for c in p.coverage
                    ),
                ]
            )
        )
    lines += [
        "",
        "## Stated monthly workload",
        "",
        md_row(["Work", "Hours each", "Per month", "When"]),
        md_row(["---"] * 4),
    ]
    for w in result.workload:
        when = w.when.replace("_", " ") + (f" (in {w.windows})" if w.windows else "")
        cells = (w.label, f"{w.hours:g}", f"{w.count_per_month:.2f}", when)
        lines.append(md_row(md_cell(c) for c in cells))
    if result.assumptions:
        lines += ["", "## Assumptions", ""]
        lines += [f"- {md_text(f'{a.name}: {a.value} ({a.source})')}" for a in result.assumptions]
    lines += ["", *render_simulation(result)] if result.simulation else []
    section = decision.markdown_section(result)
    if section:
        lines += ["", section.rstrip("\n")]
    lines += [
        "",
        f"<sub>magesupport {md_text(result.tool_version)}, JSON schema {md_text(result.schema_version)}</sub>",
        "",
    ]
    return "\n".join(lines)
