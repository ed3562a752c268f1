"""SLA rules: what counts as P1, how fast it is answered and fixed, uptime, credits, severity levels."""

from __future__ import annotations

import re

from magesupport.calendars.tables import weekly_covered_hours
from magesupport.domain.base import SEVERITIES, Severity
from magesupport.domain.units import DurationKind
from magesupport.review.rule import CRITICAL, INFO, WARNING, Check, Context, fail, ok, rule, tiered

_SUBJECT = r"(store|site|website|web\s*site|shop|storefront|production|checkout|frontend|platform)"
_BROKEN = r"(down|unavailable|offline|not\s+loading|outage|failing|failed|broken|unreachable)"
_STORE_DOWN = re.compile(rf"\b{_SUBJECT}\b.*\b{_BROKEN}\b|\b{_BROKEN}\b.*\b{_SUBJECT}\b", re.IGNORECASE)
_PAYMENT = re.compile(r"\bpayments?\b|\bcheckout\b", re.IGNORECASE)
P1_LIMIT_HOURS = {"midmarket": 1.0, "enterprise": 0.5}


def p1_means_store_down(definition: str | None) -> bool:
    """A P1 definition that covers the store being down or payments failing."""
    if not definition:
        return False
    return bool(_STORE_DOWN.search(definition) or _PAYMENT.search(definition))


@rule(
    "SLA-001",
    "P1 means the store is down or payments fail",
    "sla",
    """The fastest response only helps if the contract's top severity covers a store that cannot take
    orders. A P1 limited to, say, infrastructure leaves a broken checkout in a slower queue.""",
    "Does your P1 cover any outage of the storefront or checkout and any failure to take payments, "
    "whatever the cause (code, extension, integration or infrastructure)?",
    tiered(INFO, CRITICAL, CRITICAL),
)
def p1_definition(ctx: Context) -> Check:
    terms = ctx.package.terms(Severity.P1)
    definition = terms.definition if terms else None
    path = "severities.P1.definition"
    if p1_means_store_down(definition):
        return ok(path, definition)
    if definition is None:
        return fail(path, definition, "the quote does not define P1")
    return fail(path, definition, "the P1 definition does not cover the store being down or payments failing")


@rule(
    "SLA-002",
    "P1 response time fits the store",
    "sla",
    """The guide's archetypes need a P1 answer within 30 minutes around the clock (enterprise) or within
    an hour (mid-market); a small store needs at least some P1 commitment.""",
    "Can you commit in the contract to answer a P1 within the time this store needs, at any hour?",
    tiered(INFO, WARNING, CRITICAL, risk=True),
    "enterprise: worst-case wait over a whole year <= 30 min; mid-market: target <= 1 h on the clock; "
    "startup: any P1 target",
)
def p1_response(ctx: Context) -> Check:
    terms = ctx.package.terms(Severity.P1)
    target = terms.response if terms else None
    path = "severities.P1.response"
    if target is None:
        return fail(path, target, "no P1 response commitment")
    limit = P1_LIMIT_HOURS.get(ctx.archetype)
    if limit is None:
        return ok(path, target)
    if ctx.archetype == "enterprise" and ctx.view is not None and ctx.view.p1_response is not None:
        worst = ctx.view.p1_response.worst_hours
        if worst > limit + 1e-9:
            return fail(
                path,
                target,
                f"a P1 reported at the worst moment waits {worst:.2f} h for an answer "
                f"({ctx.view.p1_response.worst_at}); the store needs 30 min at any hour",
            )
        return ok(path, target)
    if target.kind is not DurationKind.CLOCK:
        return fail(path, target, f"counted in business time; the store needs <= {limit:g} h on the clock")
    if target.hours > limit + 1e-9:
        return fail(path, target, f"{target.hours:g} h is slower than the {limit:g} h this store needs")
    return ok(path, target)


@rule(
    "SLA-003",
    "P1 is covered around the clock",
    "sla",
    """Stores sell at night, at weekends and on holidays. A P1 that waits for the provider's office to
    open can cost a weekend of revenue.""",
    "Who answers a P1 at 3 a.m. on a Sunday or a public holiday, and is that in the contract?",
    tiered(INFO, WARNING, CRITICAL, risk=True),
)
def p1_coverage(ctx: Context) -> Check:
    terms = ctx.package.terms(Severity.P1)
    path = "severities.P1.coverage"
    if terms is None:
        return fail(path, None, "P1 has no coverage in the quote")
    spec = ctx.package.resolve_calendar(terms.coverage, ctx.store.timezone)
    weekly = weekly_covered_hours(spec)
    if weekly >= 168 - 1e-9:
        return ok(path, str(terms.coverage))
    return fail(path, str(terms.coverage), f"P1 is covered {weekly:g} of 168 hours a week")


@rule(
    "SLA-004",
    "Urgent targets are not counted in business hours",
    "sla",
    """A '2 business hours' target on a Friday evening means Monday morning. For a store that needs
    round-the-clock answers, urgent targets must run on the clock.""",
    "Will you restate the P1 and P2 response targets in clock time (minutes or hours, 24/7)?",
    lambda ctx: (CRITICAL if ctx.archetype == "enterprise" else WARNING) if ctx.needs_24x7 else None,
    "only for stores that need 24/7 (enterprise, global, or mid-market with low risk tolerance): critical "
    "for enterprise, warning otherwise; a breach on P2 only is a warning",
)
def business_time_targets(ctx: Context) -> Check:
    counted = [
        (severity, terms.response)
        for severity in (Severity.P1, Severity.P2)
        if (terms := ctx.package.terms(severity)) is not None
        and terms.response is not None
        and terms.response.kind is not DurationKind.CLOCK
    ]
    if not counted:
        return ok("severities.P1.response", _response(ctx, Severity.P1))
    severity, target = counted[0]
    only_p2 = all(s is Severity.P2 for s, _ in counted)
    return fail(
        f"severities.{severity.value}.response",
        target,
        f"{severity.value} response counted in business time ({target})",
        at_most=WARNING if only_p2 else None,
    )


def _response(ctx: Context, severity: Severity):
    terms = ctx.package.terms(severity)
    return terms.response if terms else None


@rule(
    "SLA-005",
    "P1 has a resolution commitment",
    "sla",
    """A fast acknowledgement without a time to fix is a receipt, not a service. A resolution or
    mean-time-to-restore commitment is what limits the length of an outage.""",
    "What resolution (or mean time to restore) do you commit to for P1, and what happens when it is missed?",
    tiered(INFO, WARNING, WARNING, risk=True),
)
def p1_resolution(ctx: Context) -> Check:
    terms = ctx.package.terms(Severity.P1)
    value = terms.resolution if terms else None
    if value is None:
        return fail("severities.P1.resolution", value, "no P1 resolution commitment")
    return ok("severities.P1.resolution", value)


@rule(
    "SLA-006",
    "P2 has a resolution commitment",
    "sla",
    """Major functions broken without a workaround cost revenue too; without a target they drift behind
    the provider's other clients.""",
    "What resolution time do you commit to for P2 issues?",
    tiered(INFO, INFO, WARNING),
)
def p2_resolution(ctx: Context) -> Check:
    terms = ctx.package.terms(Severity.P2)
    value = terms.resolution if terms else None
    if value is None:
        return fail("severities.P2.resolution", value, "no P2 resolution commitment")
    return ok("severities.P2.resolution", value)


@rule(
    "SLA-007",
    "Uptime guarantee of 99.9% or more",
    "sla",
    """99.9% still allows almost nine hours of downtime a year; a lower figure, or none, leaves the merchant
    carrying all of it.""",
    "Which uptime do you guarantee, measured how, and excluding what?",
    tiered(INFO, WARNING, WARNING),
)
def uptime(ctx: Context) -> Check:
    value = ctx.package.uptime_guarantee
    if value is None:
        return fail("uptime_guarantee", value, "no uptime guarantee")
    if value < 99.9 - 1e-9:
        allowed = (100 - value) / 100 * 8760
        return fail("uptime_guarantee", value, f"{value:g}% allows {allowed:.0f} h of downtime a year")
    return ok("uptime_guarantee", value)


@rule(
    "SLA-008",
    "Missed targets earn service credits",
    "sla",
    """Credits are the contract's way of making a missed target cost the provider something; without them
    an SLA is a wish.""",
    "Which credits do you pay for a missed response or resolution target and for downtime?",
    tiered(INFO, WARNING, WARNING, risk=True),
)
def credits_exist(ctx: Context) -> Check:
    credits = ctx.package.service_credits
    value = f"per breach {credits.per_breach_pct:g}%, per 0.1% uptime shortfall {credits.per_uptime_shortfall_pct:g}%"
    if credits.uptime_tiers:
        value += ", uptime tiers " + ", ".join(
            f"below {t.below:g}%: {t.credit:g}%" for t in credits.uptime_tiers
        )
    if credits.any_credits:
        return ok("service_credits", value)
    return fail("service_credits", value, "no service credits or penalties")


@rule(
    "SLA-009",
    "Credits are not capped to a token amount",
    "sla",
    """A cap of a few percent of the fee turns credits into a rounding error: the provider loses nothing
    that matters, however often targets are missed.""",
    "What is the monthly cap on credits, and can it be raised to a meaningful share of the fee?",
    lambda ctx: WARNING if ctx.package.service_credits.any_credits else None,
    "only when credits exist: warning below 10% of the monthly fee (or below one breach's credit); info when "
    "no cap is stated",
)
def credits_cap(ctx: Context) -> Check:
    credits = ctx.package.service_credits
    path = "service_credits.cap_pct"
    if credits.cap_pct == 0:
        return fail(path, None, "the quote states no cap: ask whether there is one", INFO)
    if credits.cap_pct < max(10.0, credits.per_breach_pct):
        return fail(
            path, f"{credits.cap_pct:g}%", f"credits capped at {credits.cap_pct:g}% of the monthly fee"
        )
    return ok(path, f"{credits.cap_pct:g}%")


@rule(
    "SLA-010",
    "Every severity level is defined",
    "sla",
    """Disputes start where definitions stop: each level P1-P4 needs a written meaning and a target, or
    the provider decides how urgent the merchant's problem is.""",
    "Can you define P1 to P4, each with a description, a response target and its covered hours?",
    tiered(INFO, WARNING, WARNING),
)
def severity_levels(ctx: Context) -> Check:
    missing = [
        s.value
        for s in SEVERITIES
        if (terms := ctx.package.terms(s)) is None or not terms.definition or terms.response is None
    ]
    present = sorted(s.value for s in ctx.package.severities)
    if missing:
        return fail("severities", present, f"no definition or response target for {', '.join(missing)}")
    return ok("severities", present)


@rule(
    "SLA-011",
    "Maintenance left out of the uptime figure is bounded",
    "sla",
    """When scheduled maintenance does not count as downtime, an unbounded maintenance window can swallow
    the uptime guarantee.""",
    "When are maintenance windows, how long may they last, and how much notice do we get?",
    lambda ctx: INFO if ctx.package.uptime_guarantee is not None else None,
    "info, only when the quote guarantees uptime",
)
def maintenance_window(ctx: Context) -> Check:
    window = ctx.package.services.maintenance_window
    if not ctx.package.contract.uptime_excludes_maintenance:
        return ok("contract.uptime_excludes_maintenance", False)
    if window is None:
        return fail(
            "services.maintenance_window",
            None,
            "uptime excludes scheduled maintenance, but no maintenance window is stated",
        )
    return ok("services.maintenance_window", "stated")
