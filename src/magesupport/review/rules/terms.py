"""Rules for the terms of format v2: soft targets, the SLA clock, price ranges, tickets without an hour cap,
tax, burst capacity and notes. Each applies only to a quote that uses the term, so a quote without them is
scored as before."""

from __future__ import annotations

from magesupport.compare.deterministic import ranged_prices
from magesupport.domain.base import SEVERITIES
from magesupport.domain.package import ClockStart, PackageModel
from magesupport.domain.units import PriceRange
from magesupport.review.rule import INFO, WARNING, Check, Context, fail, ok, rule, tiered


def _aims(ctx: Context) -> list[str]:
    """The targets the quote only aims at: `P1 resolution`, ..."""
    out = []
    for severity in SEVERITIES:
        terms = ctx.package.terms(severity)
        if terms is None:
            continue
        for target in ("response", "resolution"):
            if getattr(terms, target) is not None and not terms.guaranteed(target):
                out.append(f"{severity.value} {target}")
    return out


def _when_aims(ctx: Context):
    """Applies when the quote says how firm its targets are (a quote that does not is reviewed as before)."""
    stated = any("commitment" in terms.model_fields_set for terms in ctx.package.severities.values())
    return tiered(INFO, WARNING, WARNING)(ctx) if stated else None


@rule(
    "SLA-012",
    "Targets are commitments, not aims",
    "sla",
    """A target the provider only "aims" to meet earns no credit when it is missed and gives no ground for
    termination: it describes good intentions, not a service level.""",
    "Can the targets you aim at be made commitments, with the same credits as the others?",
    _when_aims,
    "only when the quote states a `commitment` for its targets: startup info, mid-market and enterprise "
    "warning; aims on P3/P4 only are info",
)
def soft_targets(ctx: Context) -> Check:
    aims = _aims(ctx)
    if not aims:
        return ok("severities", "every target guaranteed")
    urgent = [a for a in aims if a.startswith(("P1", "P2"))]
    return fail(
        "severities",
        aims,
        f"only aimed at, no credit when missed: {', '.join(aims)}",
        at_most=None if urgent else INFO,
    )


@rule(
    "SLA-013",
    "The SLA clock starts when the incident is reported",
    "sla",
    """A provider that counts from its own detection or acknowledgement starts the clock after it has looked:
    the merchant waits the time to be noticed on top of the target.""",
    "Will the response and resolution clocks start when we report the incident (or your monitoring alerts)?",
    lambda ctx: (
        tiered(INFO, WARNING, WARNING)(ctx) if "sla_clock_starts" in ctx.package.model_fields_set else None
    ),
    "only when the quote states `sla_clock_starts`: startup info, mid-market and enterprise warning",
)
def clock_start(ctx: Context) -> Check:
    start = ctx.package.sla_clock_starts.value
    if ctx.package.sla_clock_starts is ClockStart.REPORT:
        return ok("sla_clock_starts", start)
    worst = ""
    p1 = ctx.view.p1_response if ctx.view is not None else None
    if p1 is not None:
        worst = (
            f"; a P1 reported at the worst moment is answered after {p1.worst_hours:.2f} h ({p1.worst_at})"
        )
    return fail("sla_clock_starts", start, f"the clock starts at the provider's {start}{worst}")


@rule(
    "COST-010",
    "Prices are firm, not ranges",
    "cost",
    """A range ("10k-30k a month") leaves the price to be decided after signing. The comparison can show both
    ends, but a budget needs one figure, or at least a cap.""",
    "Can you give a firm price, or a cap, for each figure you quoted as a range?",
    lambda ctx: WARNING if ctx.package.ranged() else None,
    "warning, only when the quote gives a price as a range",
)
def firm_prices(ctx: Context) -> Check:
    ranges = _ranges(ctx)
    return fail(
        ranges[0][0],
        [f"{path} {value}" for path, value in ranges],
        "quoted as a range: "
        + "; ".join(f"{path} {value} {ctx.package.currency}" for path, value in ranges)
        + " (the quick view shows both ends, the simulation draws a price each year)",
    )


def _ranges(ctx: Context) -> list[tuple[str, PriceRange]]:
    return ranged_prices(ctx.package)


@rule(
    "COST-011",
    "A ticket without an hour cap is defined",
    "cost",
    """A ticket of any length is good value only while the provider does not split a long task into several
    tickets; the effective rate then rests on an assumption about the size of a ticket.""",
    "What makes one ticket: may a long task be split into several, and who decides?",
    lambda ctx: (
        INFO
        if ctx.package.model is PackageModel.TICKET_BUNDLE and ctx.package.pricing.unlimited_ticket_hours
        else None
    ),
    "info, only for ticket bundles whose tickets have no hour cap",
)
def unlimited_tickets(ctx: Context) -> Check:
    note = ctx.view.effective_rate_note if ctx.view is not None else None
    return fail(
        "pricing.hours_per_ticket",
        "unlimited",
        "a ticket is one task of any length" + (f"; for the effective rate: {note}" if note else ""),
    )


@rule(
    "COST-012",
    "Prices say whether tax is included",
    "cost",
    """A 20% difference hides in two words: whether the quoted prices include VAT (or sales tax) decides what
    the merchant pays, and what it can recover.""",
    "Do your prices include VAT (or sales tax), and at which rate?",
    lambda ctx: INFO if ctx.package.pricing.tax_rate > 0 else None,
    "info, only when the quote states a tax rate",
)
def tax_stated(ctx: Context) -> Check:
    pricing = ctx.package.pricing
    value = f"{pricing.tax_rate:g}%"
    if "prices_include_tax" in pricing.model_fields_set:
        return ok(
            "pricing.prices_include_tax", f"{value}, included: {str(pricing.prices_include_tax).lower()}"
        )
    return fail(
        "pricing.prices_include_tax",
        None,
        f"the quote states {value} tax but not whether its prices include it (taken as excluding it)",
    )


@rule(
    "COST-013",
    "The burst covers the store's busy months",
    "cost",
    """Burst capacity is the provider's promise to staff more hours than the package in a busy month; beyond
    it, extra hours are billed but not promised.""",
    "In a month like our busiest, how many hours beyond the package can you guarantee?",
    lambda ctx: INFO if ctx.package.pricing.burst is not None else None,
    "info, only when the quote offers burst capacity",
)
def burst(ctx: Context) -> Check:
    pricing = ctx.package.pricing
    assert pricing.burst is not None
    months = [pricing.included_in(m) * (1 + pricing.burst.extra_fraction) for m in range(12)]
    capacity = min(months)
    need = ctx.expected_hours_per_month
    value = f"{pricing.burst.extra_fraction:.0%} more, up to {capacity:g} h in the leanest month"
    if need <= capacity + 1e-9:
        return ok("pricing.burst", value)
    return fail(
        "pricing.burst",
        value,
        f"the store's expected month needs {need:.1f} h; the burst stops at {capacity:g} h",
    )


@rule(
    "CTR-009",
    "Terms outside the format are written into the contract",
    "contract",
    """Notes hold terms the comparison cannot weigh (an exclusion, a condition, a promise): they need reading,
    and what matters needs to be in the contract itself.""",
    "Can the terms in these notes be written into the contract's own clauses?",
    lambda ctx: INFO if ctx.package.notes else None,
    "info, only when the quote has notes",
)
def notes(ctx: Context) -> Check:
    return fail("notes", list(ctx.package.notes), "read and settle: " + " | ".join(ctx.package.notes))
