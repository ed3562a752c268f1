"""The web root and the file system: stray files, exposed credentials, executable uploads, permissions.

Each observation of `audit/sources/webroot.py` becomes a finding whose severity depends on whether the web
server can serve the file ("servable": anything in pub/, and files in the Magento root unless env.php says the
document root is pub/). The finding names the file and why it matters; what is in the file is never shown.
"""

from __future__ import annotations

from magesupport.audit.installation import FileObservation, Installation
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity


def _served(path: str, installation: Installation) -> bool:
    """Can the web server hand this file out? pub/ always; the Magento root unless the docroot is pub/."""
    if path.startswith("pub/"):
        return True
    if path.startswith("app/"):
        return False
    doc_root_is_pub = installation.env.document_root_is_pub if installation.env else None
    return doc_root_is_pub is not True


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


def web_root_findings(installation: Installation) -> list[Finding]:
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
