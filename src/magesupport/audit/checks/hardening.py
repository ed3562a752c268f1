"""Hardening: deploy mode, admin path, 2FA, caches, sessions, search, HTTP cache, stray files, permissions."""

from __future__ import annotations

from dataclasses import dataclass

from magesupport.audit.checks.context import evidence
from magesupport.audit.installation import EnvPhp, FileObservation, Installation
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


C, H, M, L = FindingSeverity.CRITICAL, FindingSeverity.HIGH, FindingSeverity.MEDIUM, FindingSeverity.LOW
_FILE_RULES: dict[str, tuple[str, FindingSeverity, FindingSeverity, str, str]] = {
    # kind: (title, severity when the web server can serve it, otherwise, why it matters, advice)
    "config-backup": (
        "Copy of env.php/config.php",
        C,
        M,
        "A copy of env.php holds the database password and the encryption key, and a .php.save or .bak file is "
        "sent as plain text.",
        "Delete it.",
    ),
    "dump": (
        "Database dump",
        C,
        H,
        "Dumps hold customer data and the admin password hashes.",
        "Move dumps off the server and rotate the credentials they contain.",
    ),
    "archive": (
        "Archive file",
        H,
        M,
        "Backups of the code or media leak source and configuration.",
        "Remove archives and backups from the store's folders.",
    ),
    "db-tool": (
        "Database tool",
        H,
        M,
        "phpMyAdmin and Adminer are brute-forced on every store bots find.",
        "Remove it; use an SSH tunnel when you need one.",
    ),
    "vcs": (
        "Version-control folder",
        H,
        L,
        "It exposes the whole source history, credentials committed once included.",
        "Remove it from the web root, or deny it in the web server.",
    ),
    "phpinfo": (
        "phpinfo() page",
        H,
        L,
        "It shows paths, versions, environment variables and settings.",
        "Delete it.",
    ),
    "unknown-php": (
        "PHP file Magento does not ship",
        M,
        L,
        "Stray PHP files in the web root are a classic backdoor and skimmer loader.",
        "Find out who put it there and why; delete it if nobody can say.",
    ),
    "media-php": (
        "PHP file in pub/media (an executable upload)",
        H,
        H,
        "pub/media holds uploads: a PHP file there is how web shells are planted through upload forms, and it "
        "runs wherever the server passes .php files to PHP.",
        "Treat the store as compromised until proven otherwise: compare the code with a clean copy (magesupport "
        "audit diff), delete the file, and make sure the web server never executes PHP under pub/media.",
    ),
    "migration-bridge": (
        "Cart-migration bridge",
        C,
        H,
        "A migration bridge (Cart2Cart, LitExtension...) answers database queries for whoever holds its token: "
        "left in place after the migration it is a door into every order and customer record.",
        "Delete the folder now that the migration is over, and have the migration service revoke its token.",
    ),
    "auth-json": (
        "auth.json with repository credentials",
        C,
        M,
        "It holds the repo.magento.com keys (and any GitHub/GitLab tokens) composer uses: with them anyone can "
        "pull paid extensions and, with a write token, push code.",
        "Move the credentials to the deploy user's ~/.composer/auth.json or COMPOSER_AUTH, delete the file from "
        "the root, and regenerate the keys if it was ever served or committed.",
    ),
    "htpasswd": (
        ".htpasswd file",
        H,
        L,
        "Password hashes for HTTP basic auth; nginx serves it as a plain file (only Apache hides .ht* files).",
        "Keep it outside the web root.",
    ),
    "script": (
        "Shell script",
        M,
        L,
        "Deployment and maintenance scripts show how the store is run; written-out passwords in them are "
        "credentials in plain text.",
        "Move scripts out of the web root; read credentials from the environment or a protected file.",
    ),
    "phar": (
        "PHP archive (.phar)",
        M,
        L,
        "A .phar is executable PHP.",
        "Remove it from the web root (composer.phar belongs in the deploy user's path).",
    ),
    "error-log": (
        "PHP error log",
        M,
        L,
        "Error logs leak paths, queries and sometimes customer data.",
        "Log outside the web root (php.ini error_log) and delete the file.",
    ),
}


def _file_severity(kind: str, item: FileObservation, served: bool) -> FindingSeverity:
    _title, served_severity, other_severity, _why, _advice = _FILE_RULES[kind]
    severity = served_severity if served else other_severity
    if kind == "script" and item.detail:  # a credential written out
        return C if served else H
    if kind == "auth-json" and item.detail.startswith("no credential"):
        return L
    if kind == "phar" and item.path.startswith("pub/"):
        return H
    return severity


def _file_findings(installation: Installation) -> list[Finding]:
    findings = []
    writable: list[FileObservation] = []
    for item in installation.files:
        if item.kind == "world-writable":
            writable.append(item)
            continue
        if item.kind not in _FILE_RULES:
            continue
        title, _s, _o, why, advice = _FILE_RULES[item.kind]
        served = _served(item.path, installation)
        where = "The web server can serve it." if served else "Not in the web root."
        findings.append(
            Finding(
                id=f"hardening.{item.kind}:{item.path}",
                rule=f"hardening.{item.kind}",
                severity=_file_severity(item.kind, item, served),
                title=f"{title}: {item.path}" + (f" ({item.detail})" if item.detail else ""),
                detail=f"{why} {where}",
                evidence=(Evidence(file=item.path, note=item.detail),),
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
    findings += _folder_findings(installation)
    return findings


def _folder_findings(installation: Installation) -> list[Finding]:
    readonly = [o for o in installation.files if o.kind == "folder-readonly"]
    open_to_all = [o for o in installation.files if o.kind == "folder-world-writable"]
    findings = []
    if readonly:
        findings.append(
            Finding(
                id="hardening.folder-readonly",
                rule="hardening.folder-readonly",
                severity=FindingSeverity.MEDIUM,
                title="Folders Magento writes to are read-only even for their owner: "
                + ", ".join(o.path for o in readonly),
                detail="Caches, uploads or generated files cannot be written (errors, slow pages, broken "
                "uploads), unless another user with write access runs PHP.",
                evidence=tuple(Evidence(file=o.path, note=o.detail) for o in readonly),
                advice="Make them writable by the web server's user (chmod u+w, owned by that user).",
            )
        )
    if open_to_all:
        findings.append(
            Finding(
                id="hardening.folder-world-writable",
                rule="hardening.folder-world-writable",
                severity=FindingSeverity.LOW,
                title="Folders writable by every local user: " + ", ".join(o.path for o in open_to_all),
                detail="A 777 folder lets any account on the server plant files Magento serves or runs "
                "(a common leftover of 'chmod -R 777' fixes).",
                evidence=tuple(Evidence(file=o.path, note=o.detail) for o in open_to_all),
                advice="chmod o-w; give write access to the web server's user or group only.",
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
