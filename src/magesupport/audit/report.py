"""The audit engine: an Installation snapshot + reference data in, a frozen AuditReport out. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from magesupport.audit.advisories import OsvAdvisory, VulnEntry
from magesupport.audit.checks.conflicts import preference_findings
from magesupport.audit.checks.context import Context
from magesupport.audit.checks.coverage import coverage_findings
from magesupport.audit.checks.hardening import HardeningOptions, hardening_findings
from magesupport.audit.checks.hyva import hyva_findings
from magesupport.audit.checks.integrations import integrations
from magesupport.audit.checks.plugins import (
    around_findings,
    disabled_plugin_findings,
    observer_findings,
    preferred_type_findings,
)
from magesupport.audit.checks.subclass import subclass_findings
from magesupport.audit.checks.themes import counted, mixin_findings, override_findings
from magesupport.audit.checks.version import version_findings, version_status
from magesupport.audit.checks.vulns import vulnerability_findings
from magesupport.audit.installation import Installation, SourceIssue
from magesupport.audit.products import edition_of
from magesupport.audit.releases import ReleaseData
from magesupport.domain.facts import AuditFacts
from magesupport.domain.results_audit import (
    AuditReport,
    Evidence,
    Finding,
    InstallationSummary,
    VersionStatus,
    VulnerableComponent,
    WorkloadItem,
)
from magesupport.domain.severity import GRADES, FindingSeverity, at_least

_ISSUE_ADVICE = {
    "xml.hostile": "Open the file and remove the DOCTYPE/ENTITY block. If nobody on the team added it, treat the "
    "store as possibly compromised and compare the code with a clean copy (magesupport audit diff).",
    "xml.malformed": "Fix the XML: Magento cannot compile its configuration while this file is broken.",
    "xml.oversized": "Inspect the file: a config file this large is not normal.",
    "env.unreadable": "Check env.php by hand: the audit reads only plain PHP arrays and could not read this one.",
    "config.unreadable": "Check config.php by hand: the audit reads only plain PHP arrays and could not read it.",
}


@dataclass(frozen=True)
class AuditOptions:
    php: str | None = None  # the PHP version the store runs, when the user knows it
    nodes: int | None = None  # web nodes serving the store, when the user knows it


def _issue_finding(issue: SourceIssue) -> Finding:
    return Finding(
        id=f"{issue.rule}:{issue.file}",
        rule=issue.rule,
        severity=FindingSeverity(issue.severity),
        title=f"{issue.file}: {issue.message.split(':')[0] if issue.rule == 'xml.hostile' else issue.message}",
        detail=issue.message,
        evidence=(Evidence(file=issue.file, line=issue.line),),
        advice=_ISSUE_ADVICE.get(issue.rule, "Check the file by hand."),
    )


def _summary(installation: Installation) -> InstallationSummary:
    modules = installation.modules
    third = [m for m in modules if not m.core]
    overrides = [o for o in installation.overrides if counted(o)]
    env = installation.env
    engine = next(
        (
            value
            for source in (env, installation.config)
            if source
            for name, value, _ in source.settings
            if name == "catalog/search/engine"
        ),
        None,
    )
    return InstallationSummary(
        root=installation.root,
        magento_version=installation.composer.product_version,
        edition=edition_of(installation.composer.product_name),
        product_package=installation.composer.product_name,
        version_source=installation.composer.version_source,
        deploy_mode=env.deploy_mode if env else None,
        modules_total=len(modules),
        modules_enabled=sum(1 for m in modules if m.enabled is not False),
        core_modules=len(modules) - len(third),
        extensions=sum(1 for m in third if m.origin == "vendor"),
        custom_modules=sum(1 for m in third if m.origin == "app/code"),
        unknown_origin_modules=sum(1 for m in third if m.origin == "unknown"),
        modules_without_code=sum(1 for m in modules if not m.on_disk),
        packages_missing=len(installation.coverage.packages_missing),
        magento_signals=installation.coverage.signals,
        web_files=installation.coverage.web_files,
        web_skipped=installation.coverage.web_skipped,
        distribution_version=installation.composer.distribution_version,
        disabled_third_party=sum(1 for m in third if m.enabled is False),
        themes=tuple(t.code for t in installation.themes),
        template_overrides=sum(1 for o in overrides if o.kind == "template"),
        layout_overrides=sum(1 for o in overrides if o.kind == "layout-override"),
        js_overrides=sum(1 for o in overrides if o.kind == "js"),
        knockout_overrides=sum(1 for o in overrides if o.kind == "knockout"),
        email_overrides=sum(1 for o in overrides if o.kind == "email"),
        mixins=sum(1 for m in installation.mixins if m.target_module != m.declared_by),
        search_engine=engine,
        cache_backends=tuple(f"{b.frontend}={b.backend}" for b in env.cache_backends) if env else (),
        session_save=env.session_save if env else None,
        http_cache_hosts=env.http_cache_hosts if env else 0,
        crypt_key_present=env.crypt_key_present if env else False,
        preferences=len(installation.preferences),
        plugins=len(installation.plugins),
        observers=len(installation.observers),
        files_read=installation.files_read,
    )


def _workload(
    summary: InstallationSummary,
    version: VersionStatus,
    findings: list[Finding],
    vulnerable: list[VulnerableComponent],
    kinds: tuple[str, ...],
    enabled_third_party: int,
) -> list[WorkloadItem]:
    items = []
    if version.patches_behind:
        items.append(
            WorkloadItem(
                topic="patches",
                count=version.patches_behind,
                text=f"apply {version.patches_behind} patch release(s) to reach {version.latest_in_line}",
            )
        )
    if version.support_status in ("extended", "security_only", "unsupported"):
        deadline = (
            version.end_of_extended_support
            if version.support_status == "extended"
            else version.end_of_security_fixes
        )
        items.append(
            WorkloadItem(
                topic="upgrade",
                count=1,
                text=f"upgrade from {version.line} (support phase: {version.support_status}"
                + (f", ends {deadline}" if deadline else "")
                + ")",
            )
        )
    if enabled_third_party:
        items.append(
            WorkloadItem(
                topic="extensions",
                count=enabled_third_party,
                text=f"keep {enabled_third_party} enabled third-party module(s) compatible at each patch",
            )
        )
    if summary.custom_modules:
        items.append(
            WorkloadItem(
                topic="custom_modules",
                count=summary.custom_modules,
                text=f"maintain {summary.custom_modules} module(s) under app/code: composer does not update them",
            )
        )
    if vulnerable:
        items.append(
            WorkloadItem(
                topic="vulnerable",
                count=len(vulnerable),
                text=f"update or remove {len(vulnerable)} vulnerable component(s)",
            )
        )
    conflicts = sum(
        1
        for f in findings
        if f.rule.startswith(("conflict.", "plugin."))
        and f.state != "latent"
        and f.severity in (FindingSeverity.HIGH, FindingSeverity.MEDIUM)
    )
    if conflicts:
        items.append(
            WorkloadItem(
                topic="conflicts",
                count=conflicts,
                text=f"resolve or watch {conflicts} module conflict(s) at every upgrade",
            )
        )
    overrides = (
        summary.template_overrides
        + summary.layout_overrides
        + summary.js_overrides
        + summary.knockout_overrides
        + summary.email_overrides
    )
    if overrides:
        items.append(
            WorkloadItem(
                topic="overrides",
                count=overrides,
                text=f"re-check {overrides} overridden module file(s) (templates, layouts, JS, email) at every "
                "upgrade",
            )
        )
    if summary.mixins:
        items.append(
            WorkloadItem(
                topic="mixins",
                count=summary.mixins,
                text=f"re-test {summary.mixins} JS mixin(s) on other modules' components at every upgrade",
            )
        )
    hardening = sum(1 for f in findings if f.rule.startswith("hardening.") and at_least(f.severity, "medium"))
    if hardening:
        items.append(
            WorkloadItem(
                topic="hardening",
                count=hardening,
                text=f"fix {hardening} hardening finding(s) of medium severity or worse",
            )
        )
    if kinds:
        items.append(
            WorkloadItem(
                topic="integrations", count=len(kinds), text="support integrations: " + ", ".join(kinds)
            )
        )
    return items


def run_audit(
    installation: Installation,
    releases: ReleaseData,
    today: date,
    audited_at: datetime,
    vulndb: list[VulnEntry] | None = None,
    osv: list[OsvAdvisory] | None = None,
    options: AuditOptions | None = None,
) -> AuditReport:
    options = options or AuditOptions()
    ctx = Context.of(installation)
    composer = installation.composer
    php, php_source = (
        (options.php, "--php")
        if options.php
        else (composer.platform_php, "composer.json config.platform.php" if composer.platform_php else None)
    )
    version = version_status(
        composer.product_version, releases, today, php, php_source, edition=edition_of(composer.product_name)
    )
    vulnerable, vuln_findings = vulnerability_findings(installation, vulndb or [], osv or [])

    findings: list[Finding] = []
    findings += version_findings(version, composer.version_source, composer.product_line, today)
    findings += vuln_findings
    findings += preference_findings(installation.preferences, ctx)
    findings += subclass_findings(installation.preferences, ctx)
    findings += around_findings(installation.plugins, ctx)
    findings += preferred_type_findings(installation.plugins, installation.preferences, ctx)
    findings += disabled_plugin_findings(installation.plugins, ctx)
    findings += observer_findings(installation.observers, ctx)
    findings += override_findings(installation.overrides)
    findings += mixin_findings(installation.mixins, {m.name for m in installation.modules if m.core})
    findings += hardening_findings(installation, HardeningOptions(nodes=options.nodes))
    findings += coverage_findings(installation)
    findings += hyva_findings(installation)
    findings += [_issue_finding(issue) for issue in installation.issues]
    unique = {f.id: f for f in findings}
    ordered = sorted(unique.values(), key=lambda f: (f.severity.order, f.rule, f.id))

    counts = tuple((s.value, sum(1 for f in ordered if f.severity == s)) for s in GRADES)
    summary = _summary(installation)
    kinds = integrations(installation)
    third_party = {m.name for m in installation.modules if not m.core}
    enabled_third_party = sum(1 for m in installation.modules if not m.core and m.enabled is not False)
    third_party_packages = {m.package for m in installation.modules if not m.core and m.package}
    vulnerable_extensions = len(
        {v.name for v in vulnerable if v.name in third_party or v.name in third_party_packages}
    )
    active_conflicts = sum(1 for f in ordered if f.rule == "conflict.preference" and f.state == "active")
    facts = AuditFacts(
        magento_version=composer.product_version,
        edition=summary.edition,
        extensions=summary.extensions,
        custom_modules=summary.custom_modules,
        integrations=kinds,
        version_support=version.support_status,  # type: ignore[arg-type]
        patches_behind=version.patches_behind,
        vulnerable_extensions=vulnerable_extensions,
        php_supported=version.php_supported,
        audited_at=audited_at,
        root=installation.root,
        enabled_extensions=enabled_third_party,
        active_conflicts=active_conflicts,
        findings_high_or_worse=sum(1 for f in ordered if at_least(f.severity, "high")),
    )
    return AuditReport(
        audited_at=audited_at,
        today=today,
        summary=summary,
        version=version,
        findings=tuple(ordered),
        vulnerabilities=tuple(vulnerable),
        workload=tuple(_workload(summary, version, ordered, vulnerable, kinds, enabled_third_party)),
        severity_counts=counts,
        facts=facts,
    )
