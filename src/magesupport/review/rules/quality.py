"""Performance and quality rules: audits and their cadence, caching skills, CI gates, extensions."""

from __future__ import annotations

from magesupport.domain.package import PackageModel
from magesupport.review.rule import CRITICAL, INFO, WARNING, Check, Context, at_least, fail, ok, rule, tiered

CACHE_SKILLS = {
    "varnish": {"varnish", "fastly"},
    "redis": {"redis", "valkey"},
    "opensearch": {"opensearch", "elasticsearch"},
}


@rule(
    "QUAL-001",
    "Regular performance audits",
    "quality",
    """Stores slow down as catalogues, traffic and extensions grow; a quarterly look at cache hit rates,
    slow queries and page speed catches it before conversion drops.""",
    "How often do you audit performance (cache, database, Core Web Vitals), and what does the report contain?",
    tiered(INFO, WARNING, WARNING),
    "needs quarterly or more often; a yearly audit is one level milder",
)
def performance_audits(ctx: Context) -> Check:
    cadence = ctx.package.services.performance_audits
    if at_least(cadence, "quarterly"):
        return ok("services.performance_audits", cadence)
    if cadence.value == "yearly":
        return fail("services.performance_audits", cadence, "performance is audited once a year", INFO)
    return fail("services.performance_audits", cadence, "no performance audits")


@rule(
    "QUAL-002",
    "Code audits at the cadence the store needs",
    "quality",
    """Custom modules and extensions are where Magento stores break. Regular code reviews find the slow
    and unsafe code; the guide makes them quarterly for enterprise stores.""",
    "How often do you review our custom code and extensions, and do we receive the findings?",
    tiered(INFO, WARNING, CRITICAL),
    "enterprise needs quarterly (the guide makes them mandatory), others yearly",
)
def code_audits(ctx: Context) -> Check:
    cadence = ctx.package.services.code_audits
    needed = "quarterly" if ctx.archetype == "enterprise" else "yearly"
    if at_least(cadence, needed):
        return ok("services.code_audits", cadence)
    return fail("services.code_audits", cadence, f"code audits {cadence.value}; this store needs {needed}")


@rule(
    "QUAL-003",
    "Caching and search expertise (Varnish, Redis, OpenSearch)",
    "quality",
    """Magento's speed rests on full-page cache, Redis and the search engine. A team without these skills
    fixes symptoms, not causes.""",
    "Who on your team configures and tunes Varnish (or Fastly), Redis and OpenSearch?",
    tiered(INFO, WARNING, WARNING),
    "info when one of the three is missing, the stakes when more are",
)
def caching(ctx: Context) -> Check:
    skills = set(ctx.package.provider.skills)
    missing = [name for name, accepted in CACHE_SKILLS.items() if not skills & accepted]
    if not missing:
        return ok("provider.skills", ctx.package.provider.skills)
    return fail(
        "provider.skills",
        ctx.package.provider.skills,
        f"no stated skill in {', '.join(missing)}",
        INFO if len(missing) == 1 else None,
    )


@rule(
    "QUAL-004",
    "Automated quality gates before deployment",
    "quality",
    """Tests and static analysis in the deployment pipeline stop a hotfix from breaking checkout at 2 a.m.
    and make emergency deployments safe.""",
    "Does every deployment pass automated tests and static analysis before production?",
    tiered(INFO, INFO, WARNING),
)
def ci_gates(ctx: Context) -> Check:
    value = ctx.package.services.ci_quality_gates
    if value:
        return ok("services.ci_quality_gates", value)
    return fail("services.ci_quality_gates", value, "no CI quality gates")


@rule(
    "QUAL-005",
    "Extension management",
    "quality",
    """Every extension update can conflict with another. A log of extensions and versions, and a review
    before each install, prevent broken checkouts.""",
    "Do you keep a register of our extensions and review updates and new installs for conflicts?",
    lambda ctx: WARNING if ctx.store.stack.extensions >= 30 else INFO,
    "warning for stores with 30 or more extensions, info otherwise",
)
def extensions(ctx: Context) -> Check:
    value = ctx.package.services.extension_management
    if value:
        return ok("services.extension_management", value)
    return fail(
        "services.extension_management",
        value,
        f"no extension management for a store with {ctx.store.stack.extensions} extensions",
    )


@rule(
    "QUAL-006",
    "Enough of the hours kept for prevention",
    "quality",
    """The guide splits a mid-market retainer 60/40 between prevention and development. Without a reserved
    share, feature requests eat the hours that keep the store safe.""",
    "Which share of the included hours is reserved for patching, monitoring and audits?",
    lambda ctx: (
        WARNING
        if (ctx.needs.get("proactive_share_min") or 0) > 0
        and ctx.package.model not in (PackageModel.HOURLY, PackageModel.PREPAID_BLOCK)
        else None
    ),
    "warning, for archetypes with a minimum proactive share (mid-market 60%, enterprise 50%) and packages "
    "with included hours",
)
def proactive_share(ctx: Context) -> Check:
    share = ctx.package.services.proactive_share
    minimum = ctx.needs.get("proactive_share_min") or 0
    if share + 1e-9 >= minimum:
        return ok("services.proactive_share", f"{share:.0%}")
    return fail(
        "services.proactive_share", f"{share:.0%}", f"{share:.0%} kept for prevention; needs {minimum:.0%}"
    )
