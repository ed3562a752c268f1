"""Provider rules: certifications, skills, integrations, depth, ticketing, account management, reporting,
and the overlap between the provider's working hours and the merchant's."""

from __future__ import annotations

from functools import cache

import numpy as np

from magesupport import data
from magesupport.calendars.reference import REFERENCE_YEAR, reference_week_start
from magesupport.calendars.tables import build_calendar
from magesupport.domain.base import Cadence
from magesupport.domain.package import AccountManager, Delivery, PackageModel
from magesupport.domain.profile import Hosting, Theme
from magesupport.domain.units import CalendarSpec
from magesupport.review.rule import INFO, WARNING, Check, Context, at_least, fail, ok, rule, tiered

CERTIFIED_MIN = {"startup": 1, "midmarket": 3, "enterprise": 10}
TEAM_MIN = {"startup": 3, "midmarket": 10, "enterprise": 50}
HOSTING_SKILLS = {
    Hosting.AWS: {"aws"},
    Hosting.GCP: {"gcp", "google-cloud"},
    Hosting.AZURE: {"azure"},
    Hosting.ADOBE_CLOUD: {"adobe-commerce-cloud", "magento-cloud"},
}
OVERLAP_MIN = 0.5  # share of the merchant's working hours the provider should also be working


def integration_kinds() -> dict[str, str]:
    """System or kind name -> kind (erp, crm, ...)."""
    table = data.load("integrations.yaml")["systems"]
    return {name: kind for kind, names in table.items() for name in names}


def missing_integrations(store_integrations: tuple[str, ...], experience: tuple[str, ...]) -> list[str]:
    """Complex integration kinds of the store for which the provider names no experience."""
    kinds = integration_kinds()
    complex_kinds = set(data.load("integrations.yaml")["complex"])
    done = {kinds.get(item, item) for item in experience} | set(experience)
    missing = []
    for item in store_integrations:
        kind = kinds.get(item, item)
        if kind in complex_kinds and item not in done and kind not in done:
            missing.append(item)
    return missing


@cache
def overlap_hours(provider: CalendarSpec, merchant: CalendarSpec, store_timezone: str) -> tuple[float, float]:
    """(hours both are working, merchant's working hours) in a normal week, at 15-minute resolution."""
    points = reference_week_start(store_timezone) + (np.arange(7 * 96) + 0.5) * 900.0
    theirs = build_calendar(provider, REFERENCE_YEAR - 1, REFERENCE_YEAR + 1).is_covered(points)
    ours = build_calendar(merchant, REFERENCE_YEAR - 1, REFERENCE_YEAR + 1).is_covered(points)
    return float((theirs & ours).sum()) / 4.0, float(ours.sum()) / 4.0


@rule(
    "PROV-001",
    "Adobe Commerce certifications",
    "provider",
    """Certifications are an outside check that the team knows Magento's architecture and best practice.""",
    "Which Adobe Commerce certifications do the people on our account hold?",
    tiered(INFO, WARNING, WARNING),
)
def certifications(ctx: Context) -> Check:
    certs = ctx.package.provider.certifications
    if certs:
        return ok("provider.certifications", certs)
    return fail("provider.certifications", certs, "no certifications stated")


@rule(
    "PROV-002",
    "Architect-level certification for a complex store",
    "provider",
    """Large custom codebases and B2B set-ups need architectural judgement, which the architect and expert
    certifications test.""",
    "Who on our account holds the Adobe Commerce Architect certification?",
    lambda ctx: WARNING if ctx.archetype == "enterprise" else INFO if ctx.archetype == "midmarket" else None,
    "enterprise warning, mid-market info",
)
def architect_cert(ctx: Context) -> Check:
    certs = ctx.package.provider.certifications
    if any("architect" in c or "expert" in c for c in certs):
        return ok("provider.certifications", certs)
    return fail("provider.certifications", certs, "no architect-level certification")


@rule(
    "PROV-003",
    "Enough certified developers",
    "provider",
    """A few certified names on a large team say little about who will work on the store; the certified
    headcount, and its share of the team, say more.""",
    "How many certified developers will work on our account, and what share of your team is certified?",
    tiered(INFO, WARNING, WARNING),
    "needs at least 1 (startup), 3 (mid-market) or 10 (enterprise) certified developers and 10% of the team",
)
def certified_headcount(ctx: Context) -> Check:
    provider = ctx.package.provider
    minimum = CERTIFIED_MIN[ctx.archetype]
    value = f"{provider.certified_developers} of {provider.team_size}"
    if provider.certified_developers < minimum:
        return fail("provider.certified_developers", value, f"fewer than {minimum} certified developers")
    if provider.team_size and provider.certified_developers < 0.1 * provider.team_size:
        return fail("provider.certified_developers", value, "under 10% of the team is certified")
    return ok("provider.certified_developers", value)


@rule(
    "PROV-004",
    "Skills for this store's stack",
    "provider",
    """The hosting platform, frontend and B2B features each need their own experience; a team strong on
    another stack learns on this store.""",
    "Which of your clients run the same hosting, frontend and B2B set-up as ours?",
    tiered(INFO, WARNING, WARNING),
)
def stack_skills(ctx: Context) -> Check:
    skills = set(ctx.package.provider.skills)
    stack = ctx.store.stack
    missing = []
    accepted = HOSTING_SKILLS.get(stack.hosting)
    if accepted and not skills & accepted:
        missing.append(stack.hosting.value)
    if stack.theme is Theme.PWA and not skills & {"pwa", "pwa-studio"}:
        missing.append("pwa")
    if ctx.store.b2b and "b2b" not in skills:
        missing.append("b2b")
    if missing:
        return fail(
            "provider.skills", ctx.package.provider.skills, f"no stated skill for {', '.join(missing)}"
        )
    return ok("provider.skills", ctx.package.provider.skills)


@rule(
    "PROV-005",
    "Experience with the store's integrations",
    "provider",
    """ERP, CRM, PIM and order-management links are where orders get stuck. The guide asks for proven work
    with the exact systems the store uses.""",
    "Which ERP, CRM and PIM integrations like ours have you built or supported, for which clients?",
    tiered(INFO, WARNING, WARNING),
    "counts the complex kinds only (erp, crm, pim, oms, wms, marketplace, pos)",
)
def integrations(ctx: Context) -> Check:
    experience = ctx.package.provider.integration_experience
    missing = missing_integrations(ctx.store.stack.integrations, experience)
    if missing:
        return fail(
            "provider.integration_experience", experience, f"no stated experience with {', '.join(missing)}"
        )
    return ok("provider.integration_experience", experience)


@rule(
    "PROV-006",
    "Team deep enough to absorb a crisis",
    "provider",
    """A security crisis hits many clients at once, and people fall ill or leave. A small team has no one
    to spare when it matters.""",
    "How many people could work on our store in a crisis, and who covers holidays and departures?",
    tiered(INFO, WARNING, WARNING),
    "needs a team of at least 3 (startup), 10 (mid-market) or 50 (enterprise)",
)
def team_depth(ctx: Context) -> Check:
    size = ctx.package.provider.team_size
    minimum = TEAM_MIN[ctx.archetype]
    if size >= minimum:
        return ok("provider.team_size", size)
    return fail("provider.team_size", size, f"a team of {size}; this store should look for {minimum} or more")


@rule(
    "PROV-007",
    "Ticketing the merchant can see into",
    "provider",
    """Tickets whose status, time spent and resolution the merchant can see are how hours are checked and
    SLAs proven.""",
    "Will we have our own logins to your ticketing system, with time logged per ticket?",
    tiered(INFO, WARNING, WARNING),
)
def ticketing(ctx: Context) -> Check:
    tick = ctx.package.provider.ticketing
    value = f"{tick.system or 'none'}, client visibility {'yes' if tick.client_visibility else 'no'}"
    if tick.system and tick.client_visibility:
        return ok("provider.ticketing", value)
    detail = "no ticketing system" if not tick.system else "the merchant cannot see into the tickets"
    return fail("provider.ticketing", value, detail)


@rule(
    "PROV-008",
    "An account manager",
    "provider",
    """For a retainer or managed service, one person who knows the account turns technical issues into
    business decisions and keeps the relationship on track.""",
    "Who is our account manager, how many accounts do they hold, and how often do we meet?",
    lambda ctx: (
        (WARNING if ctx.archetype == "enterprise" else INFO)
        if ctx.package.model not in (PackageModel.HOURLY, PackageModel.PREPAID_BLOCK)
        else None
    ),
    "for running packages: warning for enterprise (needs a dedicated one), info otherwise (needs one)",
)
def account_manager(ctx: Context) -> Check:
    manager = ctx.package.provider.account_manager
    if manager is AccountManager.DEDICATED:
        return ok("provider.account_manager", manager)
    if manager is AccountManager.SHARED and ctx.archetype != "enterprise":
        return ok("provider.account_manager", manager)
    return fail("provider.account_manager", manager, f"account manager: {manager.value}")


@rule(
    "PROV-009",
    "Regular reporting",
    "provider",
    """Monthly or quarterly reports on uptime, security fixes, performance and hours used are the
    merchant's evidence that the fee buys what was promised.""",
    "Which report do we get, how often, and can we see a sample?",
    tiered(INFO, WARNING, WARNING),
    "enterprise needs monthly, others quarterly",
)
def reporting(ctx: Context) -> Check:
    cadence = ctx.package.provider.reporting
    needed = "monthly" if ctx.archetype == "enterprise" else "quarterly"
    if at_least(cadence, needed):
        return ok("provider.reporting", cadence)
    if cadence is Cadence.NONE:
        return fail("provider.reporting", cadence, "no regular reporting")
    return fail("provider.reporting", cadence, f"reports {cadence.value}; needs {needed}", INFO)


@rule(
    "PROV-010",
    "Working hours overlap with the merchant's",
    "provider",
    """Routine requests, meetings and releases happen in working hours. With little overlap every question
    costs a day; a local contact (a hybrid set-up) softens it.""",
    "Who is reachable during our working hours, and how are questions asked at our end of the day handled?",
    tiered(INFO, WARNING, WARNING),
    "below 50% of the merchant's hours: the stakes, or info for hybrid delivery (local contact)",
)
def overlap(ctx: Context) -> Check:
    provider_spec = ctx.package.business_calendar(ctx.store.timezone)
    merchant_spec = ctx.store.merchant_calendar()
    both, ours = overlap_hours(provider_spec, merchant_spec, ctx.store.timezone)
    share = both / ours if ours > 0 else 1.0
    delivery = ctx.package.provider.delivery
    value = f"{both:g} of {ours:g} h a week ({delivery.value})"
    if share + 1e-9 >= OVERLAP_MIN:
        return ok("business_hours", value)
    return fail(
        "business_hours",
        value,
        f"the provider works {share:.0%} of the merchant's working hours",
        INFO if delivery is Delivery.HYBRID else None,
    )
