"""Version rules: upgrades and their price, current PHP and Hyvä skills, what the platform vendor leaves out."""

from __future__ import annotations

import re

from magesupport.domain.package import UpgradeTerms
from magesupport.domain.profile import Edition, Hosting, Theme
from magesupport.review.rule import CRITICAL, INFO, WARNING, Check, Context, fail, ok, rule, tiered

_PHP = re.compile(r"^php[-_ ]?(\d+)\.(\d+)$")
MIN_PHP = (8, 2)  # when the store does not say, the oldest PHP line still supported by current Magento
ADOBE_GAPS = {"custom_code", "custom_modules", "third_party_extensions", "extensions", "integrations"}
OPEN_SOURCE_GAPS = ADOBE_GAPS | {"core", "core_code", "platform", "infrastructure"}


def php_version(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    match = re.match(r"^(\d+)\.(\d+)", text.strip())
    return (int(match[1]), int(match[2])) if match else None


@rule(
    "VER-001",
    "Minor upgrades included",
    "versions",
    """Patch and minor releases (2.4.6 to 2.4.7) keep the store on a supported, secure version. If each
    one is a new purchase, they get postponed.""",
    "Are minor and patch releases (e.g. 2.4.7 to 2.4.8) applied within the package?",
    tiered(INFO, WARNING, WARNING),
)
def minor_upgrades(ctx: Context) -> Check:
    terms = ctx.package.services.upgrades.minor
    if terms is UpgradeTerms.INCLUDED:
        return ok("services.upgrades.minor", terms)
    return fail("services.upgrades.minor", terms, f"minor upgrades are {terms.value.replace('_', ' ')}")


@rule(
    "VER-002",
    "Major upgrades have a stated price",
    "versions",
    """A major upgrade is a project. Knowing now whether it is included, discounted or quoted separately
    avoids a surprise budget line later.""",
    "How are major upgrades priced: included, at a discount, or quoted as a project (with what day rate)?",
    tiered(INFO, WARNING, WARNING),
    "info when quoted as a separate project (ask for the price), the stakes when not offered",
)
def major_upgrades(ctx: Context) -> Check:
    terms = ctx.package.services.upgrades.major
    if terms in (UpgradeTerms.INCLUDED, UpgradeTerms.DISCOUNTED):
        return ok("services.upgrades.major", terms)
    if terms is UpgradeTerms.SEPARATE_PROJECT:
        return fail(
            "services.upgrades.major", terms, "major upgrades are a separate project at full price", INFO
        )
    return fail("services.upgrades.major", terms, "the quote does not say how major upgrades are handled")


@rule(
    "VER-003",
    "Current PHP expertise",
    "versions",
    """Each Magento release moves to newer PHP. A team that has not worked with the store's PHP version
    learns on the store.""",
    "Which PHP versions does your team run Magento on in production today?",
    tiered(INFO, WARNING, WARNING),
    "needs a php-X.Y skill at or above the store's php_version (8.2 when not stated)",
)
def php_skills(ctx: Context) -> Check:
    needed = php_version(ctx.store.php_version) or MIN_PHP
    versions = [(int(m[1]), int(m[2])) for skill in ctx.package.provider.skills if (m := _PHP.match(skill))]
    if versions and max(versions) >= needed:
        return ok("provider.skills", ctx.package.provider.skills)
    return fail(
        "provider.skills",
        ctx.package.provider.skills,
        f"no stated experience with PHP {needed[0]}.{needed[1]} or newer",
    )


@rule(
    "VER-004",
    "Hyvä expertise",
    "versions",
    """Hyvä replaces Magento's frontend stack; fixing or extending it needs people who know it. For a Luma
    store, Hyvä skills matter for the next redesign.""",
    "How many of the developers on our account have shipped Hyvä themes?",
    lambda ctx: WARNING if ctx.store.stack.theme is Theme.HYVA else INFO,
    "warning for Hyvä stores, info for others",
)
def hyva(ctx: Context) -> Check:
    skills = ctx.package.provider.skills
    if "hyva" in skills or "hyvä" in skills:
        return ok("provider.skills", skills)
    return fail("provider.skills", skills, "no stated Hyvä experience")


@rule(
    "VER-005",
    "Covers what Adobe's support leaves out",
    "versions",
    """Adobe supports the core platform and its cloud, not custom modules, third-party extensions or
    integrations. A package that excludes them too leaves the most fragile code without anyone.""",
    "Will you take full responsibility for our custom modules, third-party extensions and integrations?",
    lambda ctx: (
        (WARNING if ctx.archetype == "startup" else CRITICAL)
        if ctx.store.edition is not Edition.OPEN_SOURCE
        else None
    ),
    "Adobe Commerce stores only: critical (warning for a startup)",
)
def adobe_gaps(ctx: Context) -> Check:
    exclusions = ctx.package.contract.scope_exclusions
    gaps = sorted(ADOBE_GAPS & set(exclusions))
    if gaps:
        return fail(
            "contract.scope_exclusions", exclusions, f"excludes {', '.join(gaps)}, which Adobe does not cover"
        )
    return ok("contract.scope_exclusions", exclusions)


@rule(
    "VER-006",
    "Covers the whole platform of an Open Source store",
    "versions",
    """Magento Open Source has no vendor support behind it: core bugs, extensions, integrations and often
    the servers are the provider's job or nobody's.""",
    "Which parts of the platform (core, extensions, integrations, hosting) are you not responsible for?",
    lambda ctx: (
        (WARNING if ctx.archetype == "startup" else CRITICAL)
        if ctx.store.edition is Edition.OPEN_SOURCE
        else None
    ),
    "Open Source stores only: critical (warning for a startup)",
)
def open_source_gaps(ctx: Context) -> Check:
    exclusions = ctx.package.contract.scope_exclusions
    gaps = sorted(OPEN_SOURCE_GAPS & set(exclusions))
    if gaps:
        return fail(
            "contract.scope_exclusions", exclusions, f"excludes {', '.join(gaps)}; nobody else covers them"
        )
    return ok("contract.scope_exclusions", exclusions)


@rule(
    "VER-007",
    "Adobe Commerce Cloud expertise",
    "versions",
    """Adobe Commerce Cloud has its own deployment pipeline, environments and Fastly layer; experience
    with plain servers does not carry over.""",
    "How many Adobe Commerce Cloud projects does your team run, and who holds the cloud developer "
    "certification?",
    lambda ctx: (
        WARNING
        if ctx.store.edition is Edition.ADOBE_COMMERCE_CLOUD or ctx.store.stack.hosting is Hosting.ADOBE_CLOUD
        else None
    ),
    "warning, for stores on Adobe Commerce Cloud",
)
def cloud_skills(ctx: Context) -> Check:
    provider = ctx.package.provider
    known = set(provider.skills) | set(provider.certifications)
    if any("adobe-commerce-cloud" in item or item == "magento-cloud" for item in known):
        return ok("provider.skills", provider.skills)
    return fail("provider.skills", provider.skills, "no stated Adobe Commerce Cloud experience")
