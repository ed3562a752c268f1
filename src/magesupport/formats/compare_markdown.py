"""The comparison as Markdown (for a ticket, a wiki page or an e-mail)."""

from __future__ import annotations

from magesupport.domain.results import CompareResult
from magesupport.formats import decision
from magesupport.formats.escape import md_cell, md_code, md_row, md_text
from magesupport.formats.money import hours, money
from magesupport.formats.simulation_markdown import render_simulation


def render(result: CompareResult) -> str:
    cur = result.store.currency
    store, arch = result.store, result.archetype
    lines = [
        f"# Support packages for {md_text(store.name)}",
        "",
        md_text(f"{store.edition}, {money(store.annual_revenue, cur)} a year, {store.timezone}."),
        "",
        f"**Archetype: {md_text(arch.label)}** ({md_text(arch.revenue_band)})",
        "",
    ]
    lines += [f"- {md_text(r)}" for r in arch.reasons]
    lines += [
        f"- The guide's advice: {md_text(arch.package_advice)}",
        "",
        "## Side by side",
        "",
        md_row(
            [
                "Package",
                "Model",
                "Committed / yr",
                "Workload / yr",
                "Total / yr",
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
                            money(p.committed_annual, cur),
                            money(p.workload_variable_annual, cur),
                            money(p.workload_total_annual, cur),
                            (money(p.effective_hourly_rate, cur) + "/h")
                            if p.effective_hourly_rate is not None
                            else "-",
                            f"{p.guaranteed_hours_per_month:g}",
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
                        f"{c.coverage}: {c.covered_hours_per_week:g} h/week, "
                        f"{c.response or '-'} / {c.resolution or '-'}"
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
        cells = (w.label, f"{w.hours:g}", f"{w.count_per_month:.2f}", w.when.replace("_", " "))
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
