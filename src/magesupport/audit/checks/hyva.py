"""Hyvä readiness: what a Hyvä storefront needs from the rest of the store.

The facts are those n98-magerun2's `sys:check` tests (its config.yaml, MIT), read here from composer.lock and
config.php instead of a running store: the packages a Hyvä install needs, the GraphQL modules Hyvä's views call
(often removed with composer `replace` to slim the store), bundled modules Hyvä cannot render, and Magento's
own captcha, which Hyvä's forms do not support.
"""

from __future__ import annotations

from magesupport.audit.checks.context import evidence
from magesupport.audit.installation import Installation
from magesupport.audit.versions import magento_key
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity

MAIN_PACKAGES = ("hyva-themes/magento2-default-theme", "hyva-themes/magento2-default-theme-csp")
REQUIRED_PACKAGES = (
    "hyva-themes/magento2-reset-theme",
    "hyva-themes/magento2-graphql-tokens",
    "hyva-themes/magento2-email-module",
)
GRAPHQL_PACKAGES = (
    "magento/module-bundle-graph-ql",
    "magento/module-catalog-customer-graph-ql",
    "magento/module-catalog-graph-ql",
    "magento/module-catalog-url-rewrite-graph-ql",
    "magento/module-configurable-product-graph-ql",
    "magento/module-customer-graph-ql",
    "magento/module-directory-graph-ql",
    "magento/module-downloadable-graph-ql",
    "magento/module-eav-graph-ql",
    "magento/module-graph-ql",
    "magento/module-grouped-product-graph-ql",
    "magento/module-quote-graph-ql",
    "magento/module-related-product-graph-ql",
    "magento/module-sales-graph-ql",
    "magento/module-store-graph-ql",
    "magento/module-swatches-graph-ql",
    "magento/module-url-rewrite-graph-ql",
)
# (from, to) Magento versions -> bundled modules Hyvä's storefront cannot use
INCOMPATIBLE: tuple[tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...]], ...] = (
    (
        (2, 4, 0),
        (2, 4, 2, 99),
        (
            "Dotdigitalgroup_Email",
            "Dotdigitalgroup_Enterprise",
            "Dotdigitalgroup_Chat",
            "Dotdigitalgroup_Sms",
        ),
    ),
    (
        (2, 4, 3),
        (9,),
        (
            "Dotdigitalgroup_Email",
            "Dotdigitalgroup_Enterprise",
            "Dotdigitalgroup_Chat",
            "Dotdigitalgroup_ChatGraphQl",
            "Dotdigitalgroup_EmailGraphQl",
            "Dotdigitalgroup_Sms",
        ),
    ),
)


def uses_hyva(installation: Installation) -> bool:
    packages = {p.name for p in installation.composer.packages}
    if packages & set(MAIN_PACKAGES) or "hyva-themes/magento2-theme-module" in packages:
        return True
    module = installation.module_map().get("Hyva_Theme")
    if module is not None and module.enabled is not False:
        return True
    return any((t.parent or "").startswith("Hyva/") for t in installation.themes)


def _setting(installation: Installation, label: str) -> tuple[str, str, int | None] | None:
    for source in (installation.env, installation.config):
        for name, value, line in source.settings if source else ():
            if name == label:
                return source.file, value, line  # type: ignore[union-attr]
    return None


def hyva_findings(installation: Installation) -> list[Finding]:
    if not uses_hyva(installation):
        return []
    findings: list[Finding] = []
    lock = installation.composer.lock_file
    packages = {p.name for p in installation.composer.packages}
    config = installation.config
    states = {m.name: m for m in config.modules} if config else {}
    if lock:
        missing = [p for p in REQUIRED_PACKAGES if p not in packages]
        if not packages & set(MAIN_PACKAGES):
            missing.insert(0, MAIN_PACKAGES[0])
        if missing:
            findings.append(
                Finding(
                    id="hyva.packages-missing",
                    rule="hyva.packages-missing",
                    severity=FindingSeverity.MEDIUM,
                    title=f"Hyvä is installed without {len(missing)} package(s) it needs",
                    detail="Missing from composer.lock: " + ", ".join(missing) + ".",
                    evidence=evidence(lock, None),
                    advice="composer require the missing Hyvä packages (from Hyvä's own repository).",
                )
            )
        magento = any(p.startswith("magento/module-") for p in packages)
        removed = [p for p in GRAPHQL_PACKAGES if magento and p not in packages]
        disabled = [
            n
            for n, s in states.items()
            if not s.enabled and n.endswith("GraphQl") and n.startswith("Magento_")
        ]
        if removed or disabled:
            findings.append(
                Finding(
                    id="hyva.graphql-missing",
                    rule="hyva.graphql-missing",
                    severity=FindingSeverity.MEDIUM,
                    title=f"{len(removed) + len(disabled)} GraphQL module(s) Hyvä's views use are removed or disabled",
                    detail=("Not installed: " + ", ".join(removed) + ". " if removed else "")
                    + ("Disabled in config.php: " + ", ".join(disabled) + ". " if disabled else "")
                    + "Hyvä's cart, checkout and customer pages query Magento's GraphQL API.",
                    evidence=evidence(lock, None),
                    advice="Put them back (drop them from composer.json `replace`, enable them) and test the cart "
                    "and the customer account.",
                )
            )
    version = magento_key(installation.composer.product_version or "")
    if version is not None:
        for low, high, names in INCOMPATIBLE:
            if low <= version[: len(low)] and version <= high + (99,) * (4 - len(high)):
                enabled = [n for n in names if n in states and states[n].enabled]
                if enabled:
                    findings.append(
                        Finding(
                            id="hyva.incompatible-module",
                            rule="hyva.incompatible-module",
                            severity=FindingSeverity.MEDIUM,
                            title=f"{len(enabled)} bundled module(s) Hyvä cannot render are enabled",
                            detail=", ".join(enabled) + ": their storefront parts need Luma's JS.",
                            evidence=tuple(
                                Evidence(file=config.file, line=states[n].line, note=n)
                                for n in enabled
                                if config
                            ),
                            advice="Disable them, or install their Hyvä compatibility modules.",
                        )
                    )
    captcha = _setting(installation, "customer/captcha/enable")
    if captcha and captcha[1].strip() not in ("", "0"):
        findings.append(
            Finding(
                id="hyva.captcha",
                rule="hyva.captcha",
                severity=FindingSeverity.MEDIUM,
                title="Magento's own captcha is on for customers, and Hyvä does not support it",
                detail="customer/captcha/enable is set: login, registration and password forms can fail on a "
                "Hyvä storefront.",
                evidence=evidence(captcha[0], captcha[2]),
                advice="Switch it off and protect the forms with Google reCAPTCHA (Hyvä supports it), or a "
                "Hyvä-compatible captcha module.",
            )
        )
    return findings
