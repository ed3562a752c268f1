"""Hardening: deploy mode, admin path, 2FA, caches, sessions, search, HTTP cache, stray files, permissions."""

from __future__ import annotations

from dataclasses import dataclass

from magesupport.audit.checks.context import evidence
from magesupport.audit.checks.webroot import web_root_findings
from magesupport.audit.installation import EnvPhp, Installation
from magesupport.audit.versions import magento_key
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity

TWO_FACTOR = "Magento_TwoFactorAuth"
TWO_FACTOR_DISABLERS = ("disabletwofactorauth", "disable2fa", "twofactorauthdisable", "disabletfa")


@dataclass(frozen=True)
class HardeningOptions:
    nodes: int | None = None  # web nodes serving the store, when the user knows


def _setting(installation: Installation, label: str) -> tuple[str, str, int | None] | None:
    for source in (installation.env, installation.config):
        if source is None:
            continue
        for name, value, line in source.settings:
            if name == label:
                return source.file, value, line
    return None


def _mode_findings(installation: Installation) -> list[Finding]:
    env = installation.env
    if env is None:
        if any(issue.rule == "env.unreadable" for issue in installation.issues):
            return []  # reported as env.unreadable
        return [
            Finding(
                id="hardening.env-missing",
                rule="hardening.env-missing",
                severity=FindingSeverity.INFO,
                title="app/etc/env.php not found: deployment settings were not audited",
                advice="Run the audit on the production root (the file stays local; secrets are never read out).",
            )
        ]
    findings = []
    if env.deploy_mode != "production":
        mode = env.deploy_mode or "default (not set)"
        findings.append(
            Finding(
                id="hardening.deploy-mode",
                rule="hardening.deploy-mode",
                severity=FindingSeverity.HIGH if env.deploy_mode == "developer" else FindingSeverity.MEDIUM,
                title=f"Deploy mode is {mode}, not production",
                detail="Developer and default modes show errors to visitors, compile on the fly and run slower.",
                evidence=evidence(env.file, env.deploy_mode_line),
                advice="bin/magento deploy:mode:set production (as part of the deployment).",
            )
        )
    if env.admin_frontname_default:
        findings.append(
            Finding(
                id="hardening.admin-path",
                rule="hardening.admin-path",
                severity=FindingSeverity.MEDIUM,
                title="The admin lives at the default /admin path",
                detail="Bots brute-force /admin on every Magento store they find.",
                evidence=evidence(env.file, env.admin_frontname_line),
                advice="Set a custom backend frontName (bin/magento setup:config:set --backend-frontname=...) and "
                "restrict the admin by IP or VPN.",
            )
        )
    if not env.crypt_key_present:
        findings.append(
            Finding(
                id="hardening.crypt-key",
                rule="hardening.crypt-key",
                severity=FindingSeverity.MEDIUM,
                title="No encryption key in env.php",
                detail="Magento needs crypt/key to encrypt stored credentials; it may be injected another way.",
                evidence=evidence(env.file, env.crypt_key_line),
                advice="Confirm where the key comes from and that it is backed up apart from the database.",
            )
        )
    findings += _x_frame_findings(env)
    disabled = [(name, line) for name, enabled, line in env.cache_types if not enabled]
    if disabled:
        full_page_off = any(name == "full_page" for name, _ in disabled)
        findings.append(
            Finding(
                id="hardening.caches-disabled",
                rule="hardening.caches-disabled",
                severity=FindingSeverity.HIGH if full_page_off else FindingSeverity.MEDIUM,
                title=f"{len(disabled)} cache type(s) disabled: {', '.join(n for n, _ in disabled)}",
                evidence=tuple(Evidence(file=env.file, line=line, note=name) for name, line in disabled),
                advice="bin/magento cache:enable (disabled caches are a common leftover from debugging).",
            )
        )
    return findings


def _x_frame_findings(env: EnvPhp) -> list[Finding]:
    """The storefront's X-Frame-Options (the admin always sends SAMEORIGIN): DENY or SAMEORIGIN, nothing else."""
    value = (env.x_frame_options or "").strip()
    if value.upper() in ("DENY", "SAMEORIGIN"):
        return []
    if not value:
        title, severity = "x-frame-options is not set in env.php", FindingSeverity.LOW
        detail = "Magento writes 'SAMEORIGIN' there at install; without it the storefront may be framed by any site."
    else:
        title, severity = f"x-frame-options is '{value}' in env.php", FindingSeverity.MEDIUM
        detail = (
            "Browsers ignore ALLOW-FROM, and other values allow framing: the storefront can be framed by any "
            "site (clickjacking of checkout and account pages)."
        )
    return [
        Finding(
            id="hardening.x-frame-options",
            rule="hardening.x-frame-options",
            severity=severity,
            title=title,
            detail=detail,
            evidence=evidence(env.file, env.x_frame_options_line),
            advice="Set 'x-frame-options' => 'SAMEORIGIN' (or 'DENY') in env.php; use a CSP frame-ancestors rule "
            "if a partner must frame the store.",
        )
    ]


def _infrastructure_findings(installation: Installation, options: HardeningOptions) -> list[Finding]:
    env = installation.env
    if env is None:
        return []
    findings = []
    multi_node = (options.nodes or 0) > 1 or (env.remote_storage not in (None, "", "file"))
    if multi_node:
        if env.session_save in (None, "files", "file"):
            findings.append(
                Finding(
                    id="hardening.file-sessions",
                    rule="hardening.file-sessions",
                    severity=FindingSeverity.HIGH,
                    title="Sessions are stored in local files on a multi-node setup",
                    detail="Customers lose carts and logins when a request lands on another node.",
                    evidence=evidence(env.file, env.session_line),
                    advice="Store sessions in Redis/Valkey (session/save = redis).",
                )
            )
        file_caches = [b for b in env.cache_backends if b.backend == "file"]
        if file_caches or not env.cache_backends:  # no cache config at all means Magento's file cache
            findings.append(
                Finding(
                    id="hardening.file-cache",
                    rule="hardening.file-cache",
                    severity=FindingSeverity.HIGH,
                    title="Cache is stored in local files on a multi-node setup",
                    detail="Nodes serve stale or different content and cache flushes do not reach every node.",
                    evidence=tuple(
                        Evidence(file=env.file, line=b.line, note=b.frontend) for b in file_caches if b
                    )
                    or evidence(env.file, None),
                    advice="Use a shared Redis/Valkey cache backend for default and page_cache.",
                )
            )
    engine = _setting(installation, "catalog/search/engine")
    version = magento_key(installation.composer.product_version or "")
    if (engine and engine[1].lower().startswith("mysql")) or (
        engine is None and version and version < (2, 4, 0, 0)
    ):
        findings.append(
            Finding(
                id="hardening.mysql-search",
                rule="hardening.mysql-search",
                severity=FindingSeverity.MEDIUM,
                title="Catalog search runs on MySQL",
                detail="MySQL search is slow on large catalogs and was removed in Magento 2.4.",
                evidence=evidence(engine[0], engine[2]) if engine else (),
                advice="Move search to OpenSearch.",
            )
        )
    application = _setting(installation, "system/full_page_cache/caching_application")
    if env.http_cache_hosts == 0 and not (application and application[1] == "2"):
        findings.append(
            Finding(
                id="hardening.no-http-cache",
                rule="hardening.no-http-cache",
                severity=FindingSeverity.LOW,
                title="No HTTP cache (Varnish/Fastly) configured in front of Magento",
                detail="Only the built-in full-page cache answers; every page view reaches PHP.",
                evidence=evidence(env.file, env.http_cache_line),
                advice="Put Varnish (or a CDN with Fastly/Varnish VCL) in front and set http_cache_hosts.",
            )
        )
    return findings


def _two_factor_reason(installation: Installation) -> tuple[str, tuple[Evidence, ...]] | None:
    """Why admin 2FA is off, from config.php (the enabled list) and composer.lock (what is installed), whether or
    not the modules' code is under the root."""
    modules = installation.module_map()
    config = installation.config
    packages = {p.name for p in installation.composer.packages}
    disablers = [
        m
        for m in modules.values()
        if m.enabled is not False and any(d in m.name.lower() for d in TWO_FACTOR_DISABLERS)
    ]
    if disablers:
        where = evidence(
            disablers[0].file or (config.file if config else None),
            disablers[0].line or disablers[0].config_line,
        )
        return f"{disablers[0].name} switches two-factor authentication off", where
    package = next(
        (p for p in sorted(packages) if any(d in p.replace("-", "") for d in TWO_FACTOR_DISABLERS)), None
    )
    if package:
        lock = installation.composer.lock_file or "composer.lock"
        return f"composer installs {package}, which switches two-factor authentication off", evidence(
            lock, None
        )
    states = {m.name: m for m in config.modules} if config else {}
    state = states.get(TWO_FACTOR)
    if state is not None and not state.enabled:
        return f"{TWO_FACTOR} is disabled in config.php", evidence(
            config.file if config else None, state.line
        )
    version = magento_key(installation.composer.product_version or "")
    if version is None or version < (2, 4, 0, 0) or state is not None:
        return None
    module = modules.get(TWO_FACTOR)
    installed = (module is not None and module.on_disk) or bool(
        packages & {"magento/module-two-factor-auth", "mage-os/module-two-factor-auth"}
    )
    if config is not None:
        reason = f"{TWO_FACTOR} is not in config.php, so it is not enabled"
        if not installed and installation.composer.lock_file:
            reason += ", and composer.lock does not install it (removed with composer 'replace'?)"
        return reason, evidence(config.file, None)
    if not installed and installation.composer.lock_file:
        return f"{TWO_FACTOR} is not installed (removed with composer 'replace'?)", ()
    return None


def _two_factor_findings(installation: Installation) -> list[Finding]:
    found = _two_factor_reason(installation)
    if found is None:
        return []
    reason, where = found
    return [
        Finding(
            id="hardening.2fa-disabled",
            rule="hardening.2fa-disabled",
            severity=FindingSeverity.HIGH,
            title="Admin two-factor authentication is off",
            detail=reason + ": a stolen or guessed admin password is enough to take over the store.",
            evidence=where,
            advice=f"Enable {TWO_FACTOR} (bin/magento module:enable {TWO_FACTOR}) and enrol every admin user.",
        )
    ]


def hardening_findings(installation: Installation, options: HardeningOptions) -> list[Finding]:
    return (
        _mode_findings(installation)
        + _infrastructure_findings(installation, options)
        + _two_factor_findings(installation)
        + web_root_findings(installation)
    )
