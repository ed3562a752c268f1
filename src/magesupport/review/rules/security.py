"""Security rules: patching and its speed, scanning, penetration tests, WAF, PCI, integrity, 2FA, access."""

from __future__ import annotations

from magesupport.domain.profile import Compliance
from magesupport.review.rule import (
    CRITICAL,
    INFO,
    WARNING,
    Check,
    Context,
    at_least,
    fail,
    ok,
    rule,
    tiered,
)

PATCH_DAYS = {"startup": 14, "midmarket": 7, "enterprise": 3}


@rule(
    "SEC-001",
    "Security patches are part of the package",
    "security",
    """Magento security releases fix flaws that attackers exploit within days. A package that leaves
    patching to the merchant leaves the card data and the admin exposed.""",
    "Do you apply every Magento and extension security patch as part of the package, without extra charge?",
    tiered(WARNING, CRITICAL, CRITICAL),
)
def patching(ctx: Context) -> Check:
    included = ctx.package.services.security_patching.included
    if included:
        return ok("services.security_patching.included", included)
    return fail("services.security_patching.included", included, "security patching is not included")


@rule(
    "SEC-002",
    "Patches reach production within days of release",
    "security",
    """The window between a patch's release and its deployment is the window of exposure. Days, not weeks,
    is the standard for a store that takes payments.""",
    "How many days after Adobe publishes a security patch is it live on our production store?",
    lambda ctx: WARNING if ctx.package.services.security_patching.included else None,
    "when patching is included: warning above 3 days (enterprise), 7 (mid-market) or 14 (startup); info "
    "when no delay is stated",
)
def patch_speed(ctx: Context) -> Check:
    days = ctx.package.services.security_patching.days_to_production
    limit = PATCH_DAYS[ctx.archetype]
    path = "services.security_patching.days_to_production"
    if days is None:
        return fail(path, days, "no deadline for patches to reach production", INFO)
    if days > limit:
        return fail(
            path, f"{days} days", f"{days} days to production; this store should expect {limit} or fewer"
        )
    return ok(path, f"{days} days")


@rule(
    "SEC-003",
    "Vulnerability scanning at least quarterly",
    "security",
    """Scans find outdated extensions and misconfigurations before attackers do; a yearly scan misses most
    of the year.""",
    "How often do you scan the store for vulnerabilities, with which tool, and who sees the results?",
    tiered(INFO, WARNING, WARNING),
)
def scanning(ctx: Context) -> Check:
    cadence = ctx.package.services.vulnerability_scanning
    if at_least(cadence, "quarterly"):
        return ok("services.vulnerability_scanning", cadence)
    detail = "no vulnerability scanning" if cadence.value == "none" else f"scans only {cadence.value}"
    return fail("services.vulnerability_scanning", cadence, detail)


@rule(
    "SEC-004",
    "Penetration testing at least yearly",
    "security",
    """A penetration test shows what an attacker can actually do with the weaknesses a scan lists.""",
    "Is a yearly penetration test included, by whom, and do we receive the report?",
    tiered(INFO, INFO, WARNING),
)
def pentest(ctx: Context) -> Check:
    cadence = ctx.package.services.penetration_testing
    if at_least(cadence, "yearly"):
        return ok("services.penetration_testing", cadence)
    return fail("services.penetration_testing", cadence, "no penetration testing")


@rule(
    "SEC-005",
    "WAF and DDoS protection managed",
    "security",
    """A web application firewall and DDoS mitigation stop attacks and bot floods before they reach
    Magento; someone has to run and tune them.""",
    "Do you manage a WAF and DDoS protection for the store, and who responds when it blocks real customers?",
    tiered(INFO, WARNING, WARNING),
)
def waf(ctx: Context) -> Check:
    value = ctx.package.services.waf_ddos
    if value:
        return ok("services.waf_ddos", value)
    return fail("services.waf_ddos", value, "no managed WAF or DDoS protection")


@rule(
    "SEC-006",
    "PCI DSS assistance for a store that needs it",
    "security",
    """A store in PCI scope needs documentation, configuration reviews and fixes every year. Without the
    provider's help, the merchant carries the audit alone.""",
    "Which PCI DSS tasks do you cover (SAQ support, configuration reviews, remediation), at what cost?",
    lambda ctx: (
        {"startup": INFO, "midmarket": WARNING, "enterprise": CRITICAL}[ctx.archetype]
        if Compliance.PCI in ctx.store.compliance
        else None
    ),
    "only for stores with pci in compliance: startup info, mid-market warning, enterprise critical",
)
def pci(ctx: Context) -> Check:
    value = ctx.package.services.pci_assistance
    if value:
        return ok("services.pci_assistance", value)
    return fail("services.pci_assistance", value, "the store needs PCI DSS; the quote offers no assistance")


@rule(
    "SEC-007",
    "Code integrity monitoring",
    "security",
    """Card skimmers are injected into Magento files and database content. Daily integrity checks catch
    them in hours instead of months.""",
    "Do you check the codebase daily for unauthorised changes or injected scripts, and how are we alerted?",
    tiered(INFO, WARNING, WARNING),
)
def integrity(ctx: Context) -> Check:
    value = ctx.package.services.code_integrity_monitoring
    if value:
        return ok("services.code_integrity_monitoring", value)
    return fail("services.code_integrity_monitoring", value, "no code integrity monitoring")


@rule(
    "SEC-008",
    "Two-factor authentication enforced",
    "security",
    """Stolen admin passwords are a common way in. Two-factor authentication for every admin and developer
    account closes it.""",
    "Will you enforce two-factor authentication for every Magento admin, server and repository account?",
    tiered(INFO, WARNING, WARNING),
)
def two_factor(ctx: Context) -> Check:
    value = ctx.package.services.two_factor_enforcement
    if value:
        return ok("services.two_factor_enforcement", value)
    return fail("services.two_factor_enforcement", value, "2FA enforcement is not part of the package")


@rule(
    "SEC-009",
    "Access reviews at least quarterly",
    "security",
    """Former staff and old agencies keep SSH keys and admin accounts unless someone removes them;
    regular reviews keep access to the least needed.""",
    "How often do you review SSH, admin and third-party access, and do we get the list?",
    tiered(INFO, INFO, WARNING),
)
def access_reviews(ctx: Context) -> Check:
    cadence = ctx.package.services.access_reviews
    if at_least(cadence, "quarterly"):
        return ok("services.access_reviews", cadence)
    return fail("services.access_reviews", cadence, "no regular access reviews")


@rule(
    "SEC-010",
    "A zero-day protocol exists",
    "security",
    """When a flaw is exploited before a patch exists, a written emergency procedure (mitigation, WAF rule,
    hotfix, communication) saves the hours that matter.""",
    "What is your documented procedure for an actively exploited vulnerability with no official patch?",
    tiered(INFO, INFO, WARNING),
)
def zero_day(ctx: Context) -> Check:
    value = ctx.package.services.zero_day_protocol
    if value:
        return ok("services.zero_day_protocol", value)
    return fail("services.zero_day_protocol", value, "no zero-day protocol")
