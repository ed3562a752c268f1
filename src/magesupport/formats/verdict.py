"""The verdict, laid out: the opening lines of the terminal comparison and of the Markdown report.

Every figure is a field of `Verdict` (built once by the services): this module only places it.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from magesupport.domain.results import CompareResult
from magesupport.domain.results_verdict import Verdict
from magesupport.formats.escape import console_cell as cell
from magesupport.formats.escape import console_text as lit
from magesupport.formats.escape import md_cell, md_code, md_row, md_text
from magesupport.formats.money import money, money_range

SHOWN = 8  # packages listed under the verdict; the rest are in --detail and the report
TOTAL = "Expected total cost"  # the one name of the year's total, in every output (docs/report.md)
TOTAL_MEANS = "a year of the contract, billed work and priced downtime, less the service credits expected to be recovered"


def price_text(v: Verdict) -> str:
    """The pick's contract price a month and a year, in words."""
    if v.price_per_month <= 0 and v.price_per_year <= 0:
        return "no fixed price: work is billed as it is used"
    month, year = money(v.price_per_month, v.currency), money(v.price_per_year, v.currency)
    if v.price_per_month_low is not None and v.price_per_month_high is not None:
        month = money_range(v.price_per_month_low, v.price_per_month_high, v.currency)
    if v.price_per_year_low is not None and v.price_per_year_high is not None:
        year = money_range(v.price_per_year_low, v.price_per_year_high, v.currency)
    basis = f"; {v.price_basis}" if v.price_basis else ""
    return (
        f"{month} a month, {year} a year (fees and minimum billing, onboarding spread over the term{basis})"
    )


def headline(v: Verdict) -> str:
    return f"{v.pick_name} ({v.pick_id}) from {v.provider}"


def _rows(v: Verdict) -> list[tuple[str, str]]:
    rows = [("Verdict", headline(v)), ("Price", price_text(v))]
    rows += [("Why" if i == 0 else "", reason) for i, reason in enumerate(v.reasons)]
    rows.append(("Confidence", v.confidence_text))
    changes = v.changes[:2]
    rows += [("What if" if i == 0 else "", c.text) for i, c in enumerate(changes)]
    rows += [("Note" if i == 0 else "", c) for i, c in enumerate(v.caveats[:2])]
    return rows


def print_verdict(
    console: Console, result: CompareResult, report: str | None = None, detail: bool = False
) -> None:
    """The verdict block and one line per package (at most SHOWN), then where the rest is."""
    v = result.verdict
    if v is None:
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, text in _rows(v):
        grid.add_row(label, cell(text))
    console.print(grid)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for name, justify in (
        ("#", "right"),
        ("Package", "left"),
        ("A month", "right"),
        (f"{TOTAL} a year", "right"),
        ("P1 wait", "left"),
        ("Deal-breakers", "right"),
    ):
        table.add_column(name, justify=justify, no_wrap=name != f"{TOTAL} a year")  # type: ignore[arg-type]
    for line in v.lines[:SHOWN]:
        table.add_row(
            str(line.rank),
            f"[bold]{lit(line.id)}[/bold]" if line.id == v.pick_id else cell(line.id),
            cell(money(line.price_per_month, v.currency) if line.price_per_month > 0 else "as used"),
            cell(money(line.expected_total_cost, v.currency)),
            cell(line.p1),
            str(line.deal_breakers),
        )
    console.print(table)
    more = len(v.lines) - SHOWN
    if more > 0:
        console.print(f"  and {more} more packages (--detail, or the full report)", markup=False)
    console.print(f"[dim]{lit(TOTAL)} = {lit(TOTAL_MEANS)}.[/dim]")
    if not detail:
        console.print("Every table: --detail", markup=False)
    # a path is never broken across lines: it must stay copyable
    if report:
        console.print(f"Full report: {report}", markup=False, soft_wrap=True)
    elif not detail:
        console.print("Full report: --format html --out report.html", markup=False)


def markdown_lines(v: Verdict) -> list[str]:
    """The verdict as the opening section of the Markdown report."""
    lines = ["## Verdict", "", f"**{md_text(headline(v))}**: {md_text(price_text(v))}.", ""]
    lines += [f"- {md_text(r)}" for r in v.reasons]
    lines += ["", f"**Confidence** — {md_text(v.confidence_text)}.", ""]
    if v.changes:
        lines += ["What would change the answer:", ""]
        lines += [f"- {md_text(c.text)}" for c in v.changes]
        lines.append("")
    if v.caveats:
        lines += [f"- Note: {md_text(c)}" for c in v.caveats]
        lines.append("")
    lines += [
        md_row(["#", "Package", "A month", f"{TOTAL} a year", "In short"]),
        md_row(["---:", "---", "---:", "---:", "---"]),
    ]
    for line in v.lines:
        lines.append(
            md_row(
                [
                    str(line.rank),
                    md_code(line.id, cell=True),
                    md_cell(
                        money(line.price_per_month, v.currency) if line.price_per_month > 0 else "as used"
                    ),
                    md_cell(money(line.expected_total_cost, v.currency)),
                    md_cell(line.summary),
                ]
            )
        )
    lines += ["", f"*{md_text(TOTAL)}* = {md_text(TOTAL_MEANS)}.", ""]
    return lines
