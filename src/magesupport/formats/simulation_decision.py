"""The decision statistics of a simulated comparison, as text (rich) and Markdown: precision of each mean,
CVaR95, regret, the pairwise matrix, the tie rule's verdict and the value of information."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from magesupport.domain.results import CompareResult
from magesupport.domain.results_sim import DecisionStats, SimulationResult
from magesupport.formats.escape import console_cell as cell
from magesupport.formats.escape import console_text as lit
from magesupport.formats.escape import md_cell, md_row, md_text
from magesupport.formats.fit import print_table
from magesupport.formats.money import money


def _share(d: dict[str, float], key: str) -> str:
    return f"{d[key]:.0%}" if key in d else "-"


def lowest(sim: SimulationResult) -> tuple[str, str]:
    """What the summary line may call the lowest: (words, package ids). A tie is never called the lowest."""
    d = sim.decision
    if d is not None and not d.best_id and d.tie_ids:
        return "No lowest expected total cost at this precision, a tie between", ", ".join(d.tie_ids)
    return "Lowest expected total cost:", sim.best_id


def verdict_line(sim: SimulationResult, d: DecisionStats) -> str:
    """The tie rule's words: lowest beyond twice the standard error, or a tie at this precision."""
    if d.best_id:
        return f"Lowest expected total cost: {d.best_id}, by more than twice the standard error."
    if d.tie_ids:
        return f"A tie at this precision between {', '.join(d.tie_ids)}: {d.separation}."
    return ""


def _rows(sim: SimulationResult, d: DecisionStats, cur: str) -> list[list[str]]:
    out = []
    for p in sim.packages:
        se = d.mean_se.get(p.id)
        out.append(
            [
                p.id,
                money(p.total_economic_cost.mean, cur),
                "-" if se is None else f"± {money(2 * se, cur)}",
                money(d.cvar95.get(p.id), cur),
                money(d.regret.get(p.id), cur),
                _share(d.prob_cheapest_year, p.id),
                _share(d.prob_recommended, p.id),
            ]
        )
    return out


HEADER = ("Package", "Mean", "± 2 SE", "CVaR95", "Regret", "Cheapest year", "P(recommended)")
NOTE = (
    "± 2 SE: twice the standard error of the mean. CVaR95: the mean of the worst 5% of years. Regret: the "
    "mean of (this package's year - the cheapest package's that year). P(recommended): share of joint draws "
    "(inputs, sampling and weights) in which the package is recommended. P(row < column): share of years the row "
    "costs less, on the same years."
)


def render_decision(console: Console, result: CompareResult) -> None:
    sim = result.simulation
    if sim is None or sim.decision is None:
        return
    d, cur = sim.decision, result.store.currency
    table = Table(title="How sure: precision, tails and regret (a year)", title_justify="left")
    for name in HEADER:
        table.add_column(name, justify="left" if name == "Package" else "right", no_wrap=True)
    for row in _rows(sim, d, cur):
        table.add_row(*(cell(c) for c in row))
    print_table(console, table)
    pair = Table(title="P(row costs less than column in a year)", title_justify="left")
    pair.add_column("Package", no_wrap=True)
    for p in sim.packages:
        pair.add_column(cell(p.id), justify="right")
    for pr in d.pairwise:
        pair.add_row(cell(pr.id), *(f"{v:.2f}" for v in pr.prob_cheaper))
    print_table(console, pair)
    line = verdict_line(sim, d)
    if line:
        console.print(f"  {lit(line)}")
    for v in (v for v in d.value_of_information if v.value >= 1):
        console.print(
            f"  Finding out {lit(v.label)} is worth about {lit(money(v.value, cur))} a year ({lit(v.method)})."
        )
    console.print(f"[dim]{lit(NOTE)}[/dim]")
    h = sim.horizon
    if h is not None:
        span = Table(title=f"Over {h.years} years (present value)", title_justify="left")
        for name in (
            "Package",
            "Present value",
            *(f"Year {y + 1}" for y in range(h.years)),
            "Switching",
            "Lock-in",
        ):
            span.add_column(name, justify="left" if name == "Package" else "right", no_wrap=True)
        for hr in h.rows:
            span.add_row(
                cell(hr.id),
                cell(money(hr.total, cur)),
                *(cell(money(v, cur)) for v in hr.per_year),
                cell(money(hr.switching_cost, cur)),
                cell(money(hr.lock_in, cur)),
            )
        print_table(console, span)
        console.print(
            f"  Lowest over {h.years} years: {lit(h.best_id)}; the store grows into: {lit(h.grows_into)}."
        )
        console.print(f"[dim]{lit(h.note)}[/dim]")


def decision_markdown(result: CompareResult) -> list[str]:
    sim = result.simulation
    if sim is None or sim.decision is None:
        return []
    d, cur = sim.decision, result.store.currency
    lines = ["", "### How sure", "", md_row(list(HEADER)), md_row(["---"] + ["---:"] * (len(HEADER) - 1))]
    lines += [md_row([md_cell(c) for c in row]) for row in _rows(sim, d, cur)]
    lines += ["", md_row(["P(row < column)", *(md_cell(p.id) for p in sim.packages)])]
    lines.append(md_row(["---"] + ["---:"] * len(sim.packages)))
    lines += [md_row([md_cell(pr.id), *(f"{v:.2f}" for v in pr.prob_cheaper)]) for pr in d.pairwise]
    line = verdict_line(sim, d)
    if line:
        lines += ["", md_text(line)]
    for v in (v for v in d.value_of_information if v.value >= 1):
        lines.append(
            f"- {md_text(f'Finding out {v.label} is worth about {money(v.value, cur)} a year ({v.method}).')}"
        )
    lines += ["", md_text(NOTE)]
    h = sim.horizon
    if h is not None:
        head = [
            "Package",
            "Present value",
            *(f"Year {y + 1}" for y in range(h.years)),
            "Switching",
            "Lock-in",
        ]
        lines += [
            "",
            f"### Over {h.years} years",
            "",
            md_row(head),
            md_row(["---"] + ["---:"] * (len(head) - 1)),
        ]
        for row in h.rows:
            values = [row.total, *row.per_year, row.switching_cost, row.lock_in]
            lines.append(md_row([md_cell(row.id), *(md_cell(money(v, cur)) for v in values)]))
        lines += [
            "",
            md_text(
                f"Lowest over {h.years} years: {h.best_id}; the store grows into: {h.grows_into}. {h.note}."
            ),
        ]
    return lines
