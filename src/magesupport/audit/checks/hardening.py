"""Hardening: deploy mode, admin path, 2FA, caches, sessions, search, HTTP cache, stray files, permissions."""

from __future__ import annotations

from dataclasses import dataclass

from magesupport.audit.checks.context import evidence
from magesupport.audit.installation import FileObservation, Installation
from magesupport.audit.versions import magento_key
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity

TWO_FACTOR = "Magento_TwoFactorAuth"
TWO_FACTOR_DISABLERS = ("disabletwofactorauth", "disable2fa", "twofactorauthdisable", "disabletfa")


@dataclass(frozen=True)
class HardeningOptions:
    nodes: int | None = None  # web nodes serving the store, when the user knows


def _served(path: str, installation: Installation) -> bool:
    """Can the web server hand this file out? pub/ always; the Magento root unless the docroot is pub/."""
    if path.startswith("pub/"):
        return True
    if path.startswith("app/"):
        return False
    doc_root_is_pub = installation.env.document_root_is_pub if installation.env else None
    return doc_root_is_pub is not True


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


def _two_factor_findings(installation: Installation) -> list[Finding]:
    modules = installation.module_map()
    version = magento_key(installation.composer.product_version or "")
    disablers = [
        m
        for m in modules.values()
        if m.enabled is not False and any(d in m.name.lower() for d in TWO_FACTOR_DISABLERS)
    ]
    module = modules.get(TWO_FACTOR)
    where: tuple[Evidence, ...] = ()
    reason = None
    if disablers:
        reason = f"{disablers[0].name} switches two-factor authentication off"
        where = evidence(disablers[0].file, disablers[0].line)
    elif module is not None and module.enabled is False:
        reason = f"{TWO_FACTOR} is disabled in config.php"
        where = evidence(installation.config.file if installation.config else None, module.config_line)
    elif module is None and version and version >= (2, 4, 0, 0) and any(m.core for m in modules.values()):
        reason = f"{TWO_FACTOR} is not installed (removed with composer 'replace'?)"
    if reason is None:
        return []
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


_FILE_RULES: dict[str, tuple[str, FindingSeverity, FindingSeverity, str]] = {
    # kind: (title, severity when served by the web server, severity otherwise, advice)
    "config-backup": (
        "Copy of env.php/config.php",
        FindingSeverity.CRITICAL,
        FindingSeverity.MEDIUM,
        "Delete it: a copy of env.php holds the database password and the encryption key, and a .php.save or "
        ".bak file is sent as plain text.",
    ),
    "dump": (
        "Database dump",
        FindingSeverity.CRITICAL,
        FindingSeverity.HIGH,
        "Move dumps off the server (they hold customer data) and rotate the credentials they contain.",
    ),
    "archive": (
        "Archive file",
        FindingSeverity.HIGH,
        FindingSeverity.MEDIUM,
        "Remove archives/backups from the store's folders.",
    ),
    "db-tool": (
        "Database tool",
        FindingSeverity.HIGH,
        FindingSeverity.MEDIUM,
        "Remove phpMyAdmin/Adminer from the store; use an SSH tunnel when you need one.",
    ),
    "vcs": (
        "Version-control folder",
        FindingSeverity.HIGH,
        FindingSeverity.LOW,
        "Block or remove it: it exposes the source history.",
    ),
    "phpinfo": (
        "phpinfo() page",
        FindingSeverity.HIGH,
        FindingSeverity.LOW,
        "Delete it: it shows paths, versions and settings.",
    ),
    "unknown-php": (
        "PHP file Magento does not ship",
        FindingSeverity.MEDIUM,
        FindingSeverity.LOW,
        "Find out who put it there; stray PHP files in the web root are a classic backdoor and skimmer loader.",
    ),
}


def _file_findings(installation: Installation) -> list[Finding]:
    findings = []
    writable: list[FileObservation] = []
    for item in installation.files:
        if item.kind == "world-writable":
            writable.append(item)
            continue
        rule = _FILE_RULES.get(item.kind)
        if rule is None:
            continue
        title, served_severity, other_severity, advice = rule
        served = _served(item.path, installation)
        findings.append(
            Finding(
                id=f"hardening.{item.kind}:{item.path}",
                rule=f"hardening.{item.kind}",
                severity=served_severity if served else other_severity,
                title=f"{title}: {item.path}",
                detail="It can be downloaded through the web server." if served else "Not in the web root.",
                evidence=(Evidence(file=item.path),),
                advice=advice,
            )
        )
    if writable:
        findings.append(
            Finding(
                id="hardening.world-writable",
                rule="hardening.world-writable",
                severity=FindingSeverity.HIGH,
                title=f"{len(writable)} world-writable code path(s)",
                detail="Any local user or compromised process can change code that every request runs.",
                evidence=tuple(Evidence(file=w.path, note=w.detail) for w in writable[:20]),
                advice="chmod o-w on code (app/, vendor/, pub/*.php, bin/); only var/, generated/, pub/static and "
                "pub/media need to be writable, and by the web user only.",
            )
        )
    return findings


def hardening_findings(installation: Installation, options: HardeningOptions) -> list[Finding]:
    return (
        _mode_findings(installation)
        + _infrastructure_findings(installation, options)
        + _two_factor_findings(installation)
        + _file_findings(installation)
    )
