"""Cost rules: rounding, surcharges, fees, commitments above the store's use, expiring hours, rates."""

from __future__ import annotations

from magesupport.billing.rules import normal_rate
from magesupport.domain.base import Severity
from magesupport.domain.package import PackageModel, RolloverPolicy
from magesupport.review.rule import INFO, WARNING, Check, Context, always, fail, ok, rule

HEADROOM = 1.25  # committed hours may exceed the expected use by a quarter before it counts as waste


@rule(
    "COST-001",
    "Billing increment of 15 minutes or less",
    "cost",
    """Most support tasks are short. Rounding every five-minute fix up to an hour can double or triple
    the bill for the same work.""",
    "Will you bill in 15-minute increments?",
    always(WARNING),
    "warning from 1 hour, info for increments between 15 and 60 minutes",
)
def billing_increment(ctx: Context) -> Check:
    increment = ctx.package.pricing.billing_increment
    value = f"{increment * 60:g} min"
    if increment <= 0.25 + 1e-9:
        return ok("pricing.billing_increment", value)
    return fail(
        "pricing.billing_increment",
        value,
        f"every task is rounded up to {increment * 60:g} minutes",
        WARNING if increment >= 1 - 1e-9 else INFO,
    )


@rule(
    "COST-002",
    "No large minimum charge per task",
    "cost",
    """A minimum charge per task does what a coarse increment does: small fixes are billed as if they
    were long ones.""",
    "Can the minimum charge per task be removed or brought down to 15 minutes?",
    always(WARNING),
    "warning from 1 hour, info above 15 minutes",
)
def minimum_charge(ctx: Context) -> Check:
    minimum = ctx.package.pricing.minimum_charge
    value = f"{minimum * 60:g} min"
    if minimum <= 0.25 + 1e-9:
        return ok("pricing.minimum_charge", value)
    return fail(
        "pricing.minimum_charge",
        value,
        f"every task is billed at least {minimum * 60:g} minutes",
        WARNING if minimum >= 1 - 1e-9 else INFO,
    )


@rule(
    "COST-003",
    "No emergency surcharges on urgent work",
    "cost",
    """Emergencies rarely happen in office hours. Night, weekend or holiday multipliers make the most
    expensive incidents more expensive still, and budgets unpredictable.""",
    "Can urgent work outside business hours be billed at the normal rate, or capped?",
    always(WARNING),
    "warning when a multiplier reaches x2 or the store needs 24/7 answers; info otherwise",
)
def surcharges(ctx: Context) -> Check:
    pricing = ctx.package.pricing
    base = normal_rate(pricing)
    applying = [
        s
        for s in pricing.surcharges
        if s.factor(base) > 1 and (Severity.P1 in s.severities or Severity.P2 in s.severities)
    ]
    if all(
        s.multiplier is not None and not s.minimum_charge and s.window is None for s in pricing.surcharges
    ):
        value = [f"{s.label()} x{s.multiplier:g}" for s in pricing.surcharges] or None  # as before v2
    else:
        value = [s.describe() for s in pricing.surcharges]
    if not applying:
        return ok("pricing.surcharges", value)
    worst = max(s.factor(base) for s in applying)
    severity = WARNING if worst >= 2 - 1e-9 or ctx.needs_24x7 else INFO
    minimum = max(s.minimum_charge for s in applying)
    extra = f"; and at least {minimum * 60:g} min a task" if minimum else ""
    return fail(
        "pricing.surcharges", value, f"urgent work can cost up to x{worst:.3g} the rate{extra}", severity
    )


@rule(
    "COST-004",
    "Onboarding fee accounted for",
    "cost",
    """An onboarding audit is useful work, but a large upfront fee changes the first year's cost and is
    lost if the relationship ends early.""",
    "What exactly does the onboarding fee buy (audit, documentation, monitoring set-up), and is it "
    "credited if we leave within the first year?",
    always(WARNING),
    "warning when the fee exceeds two months of fees (or any fee on a package without one); info otherwise",
)
def onboarding(ctx: Context) -> Check:
    pricing = ctx.package.pricing
    fee = pricing.onboarding_fee
    if fee <= 0:
        return ok("pricing.onboarding_fee", fee)
    monthly = pricing.monthly_fee
    big = monthly <= 0 or fee > 2 * monthly
    months = f" ({float(fee / monthly):.1f} months of fees)" if monthly > 0 else ""
    return fail(
        "pricing.onboarding_fee",
        f"{fee} {ctx.package.currency}",
        f"onboarding costs {fee} {ctx.package.currency} upfront{months}",
        WARNING if big else INFO,
    )


def committed_hours(ctx: Context) -> float | None:
    """Hours a month the merchant pays for whether used or not (None when nothing is committed)."""
    pricing = ctx.package.pricing
    if pricing.minimum_monthly_hours > 0:
        return pricing.minimum_monthly_hours
    if ctx.package.model is PackageModel.RETAINER and pricing.included_hours:
        return pricing.included_hours
    if ctx.package.model is PackageModel.TICKET_BUNDLE and pricing.included_tickets:
        if pricing.unlimited_ticket_hours:  # a ticket holds the store's average task: the view's figure
            return (
                ctx.view.guaranteed_hours_per_month
                if ctx.view is not None
                else float(pricing.included_tickets)
            )
        return pricing.included_tickets * (pricing.hours_per_ticket or 1.0)
    return None


@rule(
    "COST-005",
    "Monthly commitment not above the store's expected use",
    "cost",
    """Hours bought every month but not needed are money spent on nothing, unless they carry over. The
    commitment should match the store's usual month.""",
    "Can the monthly commitment be sized to our expected use, or the unused hours carried over?",
    lambda ctx: WARNING if committed_hours(ctx) is not None else None,
    "only for hourly minimums, retainers and ticket bundles: warning above 125% of the expected monthly "
    "hours; info when unused hours carry over",
)
def commitment(ctx: Context) -> Check:
    hours = committed_hours(ctx)
    expected = ctx.expected_hours_per_month
    path = (
        "pricing.minimum_monthly_hours"
        if ctx.package.pricing.minimum_monthly_hours > 0
        else "pricing.included_tickets"
        if ctx.package.model is PackageModel.TICKET_BUNDLE
        else "pricing.included_hours"
    )
    value = f"{hours:g} h a month"
    if hours is None or hours <= expected * HEADROOM + 1e-9:
        return ok(path, value)
    rollover = ctx.package.pricing.rollover
    keeps = rollover is not None and rollover.policy is not RolloverPolicy.EXPIRE
    return fail(
        path,
        value,
        f"commits to {hours:g} h a month; the store's expected use is {expected:.1f} h",
        INFO if keeps else WARNING,
    )


@rule(
    "COST-006",
    "Unused hours do not simply expire",
    "cost",
    """A quiet month should not cost the same as a busy one. Expiring hours turn a retainer's discount into
    a loss whenever the store has less work than planned.""",
    "Can unused hours roll over, for at least a few months?",
    lambda ctx: (
        WARNING if ctx.has_included_hours or ctx.package.model is PackageModel.PREPAID_BLOCK else None
    ),
    "for packages with included hours or prepaid blocks: warning when unused hours expire each month; info "
    "when less than half carries over or for a single month",
)
def rollover(ctx: Context) -> Check:
    roll = ctx.package.pricing.rollover
    path = "pricing.rollover"
    if roll is None or roll.policy is RolloverPolicy.EXPIRE:
        return fail(path, roll.policy if roll else None, "unused hours are lost at the end of each month")
    value = f"{roll.policy.value}, {roll.max_fraction:.0%}" + (
        f", {roll.expires_after_months} month(s)" if roll.expires_after_months else ""
    )
    if roll.policy is RolloverPolicy.CAPPED and (
        roll.max_fraction < 0.5 - 1e-9 or (roll.expires_after_months or 99) <= 1
    ):
        return fail(path, value, "only part of the unused hours carries over, briefly", INFO)
    return ok(path, value)


@rule(
    "COST-007",
    "Overflow hours not dearer than the ad hoc rate",
    "cost",
    """Hours beyond the included ones should cost no more than buying them ad hoc; otherwise the retainer
    penalises the busy months it was meant to smooth.""",
    "Will hours beyond the included ones be billed at or below your ad hoc rate?",
    lambda ctx: WARNING if ctx.has_included_hours else None,
    "warning, for packages with included hours",
)
def overflow_rate(ctx: Context) -> Check:
    pricing = ctx.package.pricing
    value = f"overflow {pricing.overflow_rate}, ad hoc {pricing.hourly_rate}"
    if pricing.overflow_rate is None and pricing.hourly_rate is None:
        return fail(
            "pricing.overflow_rate", None, "the price of hours beyond the included ones is not stated", INFO
        )
    if (
        pricing.overflow_rate is not None
        and pricing.hourly_rate is not None
        and pricing.overflow_rate > pricing.hourly_rate
    ):
        return fail("pricing.overflow_rate", value, "overflow hours cost more than ad hoc hours")
    return ok("pricing.overflow_rate", value)


@rule(
    "COST-008",
    "Out-of-scope work not dearer than the ad hoc rate",
    "cost",
    """Work outside the package is where bills grow. A higher out-of-scope rate makes every exclusion
    expensive; an unstated one makes it unpredictable.""",
    "At what rate is work outside the package's scope billed, and can it match the ad hoc rate?",
    always(WARNING),
    "warning more than 10% above the ad hoc rate; info up to 10% above, or when exclusions exist and no rate "
    "is stated",
)
def out_of_scope_rate(ctx: Context) -> Check:
    pricing, contract = ctx.package.pricing, ctx.package.contract
    reference = pricing.hourly_rate if pricing.hourly_rate is not None else pricing.overflow_rate
    rate = contract.out_of_scope_rate
    path = "contract.out_of_scope_rate"
    if rate is None:
        if contract.scope_exclusions:
            return fail(path, None, "work is excluded from scope but its rate is not stated", INFO)
        return ok(path, None)
    if reference is None or rate <= reference:
        return ok(path, rate)
    if reference == 0:  # ad hoc work is free: any out-of-scope rate is above it, by no meaningful percentage
        return fail(path, f"{rate} (ad hoc free)", "out-of-scope work is billed while ad hoc work is free", INFO)
    above = float(rate / reference) - 1
    return fail(
        path,
        f"{rate} (ad hoc {reference})",
        f"out-of-scope work costs {above:.0%} more than the ad hoc rate",
        INFO if above <= 0.10 + 1e-9 else WARNING,
    )


@rule(
    "COST-009",
    "Fixed fee per guaranteed hour close to the ad hoc rate",
    "cost",
    """The guide's yardstick: the monthly cost divided by the guaranteed hours. Far above the ad hoc rate,
    the premium must be paid back by services and SLA, so they need checking.""",
    "What do the fee's services (monitoring, patching, audits) add beyond the included hours, in hours or "
    "money?",
    lambda ctx: (
        (INFO if ctx.package.model in (PackageModel.MANAGED, PackageModel.DEDICATED) else WARNING)
        if ctx.has_included_hours
        else None
    ),
    "for packages with included hours: warning (info for managed or dedicated services, whose fee also "
    "buys services) above 125% of the provider's own ad hoc (or overflow) rate",
)
def effective_rate(ctx: Context) -> Check:
    view = ctx.view
    pricing = ctx.package.pricing
    reference = pricing.hourly_rate if pricing.hourly_rate is not None else pricing.overflow_rate
    if view is None or view.effective_hourly_rate is None or reference is None:
        return ok("pricing.monthly_fee", pricing.monthly_fee)
    reference_store = float(reference) * view.money_factor
    value = f"{view.effective_hourly_rate:.0f} per guaranteed hour vs {reference_store:.0f} ad hoc"
    if reference_store <= 0:  # ad hoc hours are free: no ratio to judge the fee by
        return ok("pricing.monthly_fee", value)
    if view.effective_hourly_rate > reference_store * 1.25:
        return fail(
            "pricing.monthly_fee",
            value,
            f"each guaranteed hour costs {view.effective_hourly_rate / reference_store:.1f}x the ad hoc rate",
        )
    return ok("pricing.monthly_fee", value)
