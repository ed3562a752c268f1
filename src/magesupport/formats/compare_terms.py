"""The quote terms of format v2 a comparison shows beside its figures: variants, ranges, tax, surcharges,
the SLA clock, burst, notes; and the best variant of each quote. Shared by the table, Markdown and HTML."""

from __future__ import annotations

from magesupport.domain.results import CompareResult, PackageQuickView, SeverityCoverage, TierChoice
from magesupport.formats.money import money, money_range


def tax_line(result: CompareResult) -> str:
    """On which basis every amount is shown."""
    taxed = [p for p in result.packages if p.tax_rate_pct > 0]
    if not taxed:
        return ""
    if result.tax_basis == "gross":
        return "Amounts include the tax the quotes state (VAT is not recoverable for this store)."
    return "Amounts are net of the tax the quotes state (VAT is recovered by this store)."


def term_lines(p: PackageQuickView, currency: str) -> list[str]:
    """One line per v2 term the package uses (empty for a quote without them)."""
    lines: list[str] = []
    if p.tier or p.term_months:
        parts = [f"tier {p.tier}"] if p.tier else []
        if p.term_months:
            parts.append(
                f"{p.term_months}-month term"
                + (f", {p.term_discount_pct:g}% off the fee" if p.term_discount_pct else "")
            )
        lines.append(f"variant of quote {p.quote_id}: " + ", ".join(parts))
    if p.committed_annual <= 0 and not p.ranges:
        lines.append("no fixed price: work is billed as it is used")
    else:
        lines.append(
            f"contract price {money(p.price_per_month, currency)} a month, {money(p.committed_annual, currency)} a year"
            + (
                f" (range {money_range(p.ranges.price_per_month.low, p.ranges.price_per_month.high, currency)} a month)"
                if p.ranges and p.ranges.price_per_month
                else ""
            )
        )
    if p.ranges:
        r = p.ranges
        lines.append(
            "quoted as ranges: " + "; ".join(r.fields) + ". Figures shown are at the midpoint; committed "
            f"{money_range(r.committed_annual.low, r.committed_annual.high, currency)} a year, total "
            f"{money_range(r.workload_total_annual.low, r.workload_total_annual.high, currency)}"
        )
    if p.tax_rate_pct:
        lines.append(
            f"tax {p.tax_rate_pct:g}%, prices quoted {'with' if p.prices_include_tax else 'without'} it; "
            + (
                "shown with tax (not recoverable)"
                if p.tax_basis == "gross"
                else "shown net of tax (recovered)"
            )
        )
    if p.surcharges:
        lines.append("surcharges: " + "; ".join(p.surcharges))
    if p.sla_clock_starts != "report":
        lines.append(f"SLA clock starts at the provider's {p.sla_clock_starts}, not at the report")
    if p.burst_hours_per_month:
        lines.append(
            f"burst: {round(p.burst_hours_per_month, 1):g} h a month guaranteed beyond the included hours"
        )
    soft = [
        f"{c.severity} {target}"
        for c in p.coverage
        for target, firm in (("response", c.response_commitment), ("resolution", c.resolution_commitment))
        if firm == "aim" and getattr(c, target)
    ]
    if soft:
        lines.append("aims, not commitments (no credits): " + ", ".join(soft))
    updates = [f"{c.severity} every {c.updates_every}" for c in p.coverage if c.updates_every]
    if updates:
        lines.append("progress updates: " + ", ".join(updates))
    lines += [f"note: {note}" for note in p.notes]
    return lines


def choice_line(choice: TierChoice, currency: str) -> str:
    margin = (
        f", {money(choice.margin, currency)} a year less than {choice.runner_up_id}"
        if choice.runner_up_id
        else ""
    )
    return (
        f"{choice.quote_name} ({choice.quote_id}): best is {choice.best_id}, "
        f"{money(choice.best_total, currency)} a year{margin} "
        f"(of {', '.join(choice.variant_ids)}; {choice.basis} view: lowest expected total on the same workload)"
    )


def coverage_cell(c: SeverityCoverage) -> str:
    """A severity's coverage with soft targets marked `(aim)`."""
    response = (c.response or "-") + (" (aim)" if c.response and c.response_commitment == "aim" else "")
    resolution = (c.resolution or "-") + (
        " (aim)" if c.resolution and c.resolution_commitment == "aim" else ""
    )
    return f"{response} / {resolution}"
