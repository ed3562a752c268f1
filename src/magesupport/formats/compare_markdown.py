"""The comparison as Markdown (for a ticket, a wiki page or an e-mail)."""

from __future__ import annotations

from magesupport.domain.results import CompareResult
from magesupport.formats import decision
from magesupport.formats.money import hours, money
from magesupport.formats.simulation_markdown import render_simulation


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def render(result: CompareResult) -> str:
    cur = result.store.currency
    store, arch = result.store, result.archetype
    lines = [
        f"# Support packages for {store.name}",
        "",
        f"{store.edition}, {money(store.annual_revenue, cur)} a year, {store.timezone}.",
        "",
        f"**Archetype: {arch.label}** ({arch.revenue_band})",
        "",
    ]
    lines += [f"- {r}" for r in arch.reasons]
    lines += [
        f"- The guide's advice: {arch.package_advice}",
        "",
        "## Side by side",
        "",
        _row(
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
        _row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---", "---", "---:", "---:"]),
    ]
    for p in result.packages:
        p1 = p.p1_response
        lines.append(
            _row(
                [
                    f"{p.name} (`{p.id}`, {p.provider})",
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
                ]
            )
        )
    lines += ["", "## Against the archetype's needs", ""]
    for p in result.packages:
        lines.append(f"### {p.name}")
        lines.append("")
        for n in p.needs:
            mark = "✓" if n.passed else "✗"
            lines.append(f"- {mark} {n.need}: needs {n.required}, has {n.actual}")
        lines.append("")
    lines += ["## Coverage by severity", "", _row(["Package", "P1", "P2", "P3", "P4"]), _row(["---"] * 5)]
    for p in result.packages:
        lines.append(
            _row(
                [p.id]
                + [
                    f"{c.coverage}: {c.covered_hours_per_week:g} h/week, "
                    f"{c.response or '-'} / {c.resolution or '-'}"
                    for c in p.coverage
                ]
            )
        )
    lines += [
        "",
        "## Stated monthly workload",
        "",
        _row(["Work", "Hours each", "Per month", "When"]),
        _row(["---"] * 4),
    ]
    for w in result.workload:
        lines.append(_row([w.label, f"{w.hours:g}", f"{w.count_per_month:.2f}", w.when.replace("_", " ")]))
    if result.assumptions:
        lines += ["", "## Assumptions", ""]
        lines += [f"- {a.name}: {a.value} ({a.source})" for a in result.assumptions]
    lines += ["", *render_simulation(result)] if result.simulation else []
    section = decision.markdown_section(result)
    if section:
        lines += ["", section.rstrip("\n")]
    lines += ["", f"<sub>magesupport {result.tool_version}, JSON schema {result.schema_version}</sub>", ""]
    return "\n".join(lines)
