"""Version and lifecycle: patch releases behind, support phase, PHP support for the installed release.

Edition-aware: Magento Open Source (and Mage-OS, built on it) and Adobe Commerce share the regular support window,
but extended support and the security fixes after it are sold with Adobe Commerce only. For Open Source a line is
unsupported once regular support ends, and the -pN releases of the extended-support period (marked
`open_source: false` in the release data) are not patches it can apply. An unknown edition is judged by the
Adobe Commerce windows (the wider ones), and says so.
"""

from __future__ import annotations

from datetime import date

from magesupport.audit.checks.context import evidence
from magesupport.audit.releases import ReleaseData
from magesupport.audit.versions import magento_key, php_minor
from magesupport.domain.results_audit import Finding, VersionStatus
from magesupport.domain.severity import FindingSeverity

END_SOON_DAYS = 180
OPEN_SOURCE_EDITIONS = ("community", "mage-os")
EDITION_NAMES = {
    "community": "Magento Open Source",
    "mage-os": "Mage-OS",
    "enterprise": "Adobe Commerce",
    "unknown": "Magento (edition unknown)",
}


def support_status(line_dates: tuple[date | None, date | None, date | None], today: date) -> str:
    end_regular, end_extended, end_security = line_dates
    if end_regular is None:
        return "unknown"
    if today <= end_regular:
        return "supported"
    if end_extended is not None and today <= end_extended:
        return "extended"
    if end_security is not None and today <= end_security:
        return "security_only"
    return "unsupported"


def version_status(
    installed: str | None,
    data: ReleaseData,
    today: date,
    php_declared: str | None,
    php_source: str | None,
    *,
    edition: str,
) -> VersionStatus:
    newest = data.newest_release()
    open_source = edition in OPEN_SOURCE_EDITIONS
    base = {
        "edition": edition,
        "installed": installed,
        "newest_release": newest.version if newest else None,
        "php_declared": php_declared,
        "php_source": php_source,
        "data_taken": data.taken,
        "data_origin": data.origin,
    }
    line = data.line(installed) if installed and magento_key(installed) else None
    if line is None:
        return VersionStatus(line=None, known=False, support_status="unknown", **base)
    available = [r for r in line.releases if r.open_source or not open_source]
    newer_all = line.newer_than(installed or "")
    newer = tuple(r for r in newer_all if r.open_source or not open_source)
    latest = available[-1] if available else None
    release = line.find(installed or "") or latest
    php_versions = release.php if release else ()
    minor = php_minor(php_declared)
    windows = (
        (line.end_of_support, None, None)
        if open_source
        else (line.end_of_support, line.end_of_extended_support, line.end_of_security_fixes)
    )
    return VersionStatus(
        line=line.line,
        known=line.find(installed or "") is not None,
        support_status=support_status(windows, today),
        end_of_support=line.end_of_support,
        end_of_extended_support=windows[1],
        end_of_security_fixes=windows[2],
        commerce_extended_support=line.end_of_extended_support if open_source else None,
        commerce_only_releases=tuple(r.version for r in newer_all if r not in newer),
        upgrade_enforcement=line.upgrade_enforcement,
        patches_behind=len(newer),
        missing=tuple(r.version for r in newer),
        latest_in_line=latest.version if latest else None,
        latest_in_line_published=latest.published if latest else None,
        days_since_newest_patch=(today - latest.published).days if latest else None,
        days_since_first_missed_patch=(today - newer[0].published).days if newer else None,
        php_supported_versions=php_versions,
        php_supported=(minor in php_versions) if minor and php_versions else None,
        **base,
    )


def version_findings(status: VersionStatus, file: str | None, line: int | None, today: date) -> list[Finding]:
    where = evidence(file, line, f"installed {status.installed}") if status.installed else ()
    findings: list[Finding] = []
    if status.installed is None or status.line is None:
        newer_than_data = (
            status.installed is not None
            and status.newest_release is not None
            and (magento_key(status.installed) or (0,)) > (magento_key(status.newest_release) or (0,))
        )
        findings.append(
            Finding(
                id="version.unknown",
                rule="version.unknown",
                severity=FindingSeverity.MEDIUM,
                title="Magento version "
                + (f"{status.installed} is not in the release data" if status.installed else "not found"),
                detail="Newer than the bundled release data; refresh it."
                if newer_than_data
                else "No magento/product-* package in composer.lock and no exact version in composer.json.",
                evidence=where,
                advice="Run the audit on a root with composer.lock, or refresh the release data "
                "(scripts/refresh_release_data.py).",
            )
        )
        return findings
    phase_end = {
        "supported": status.end_of_support,
        "extended": status.end_of_extended_support,
        "security_only": status.end_of_security_fixes,
    }.get(status.support_status)
    product = EDITION_NAMES.get(status.edition, "Magento")
    commerce_only = (
        f" Adobe sells extended support for {status.line} (until {status.commerce_extended_support}) with Adobe "
        "Commerce only"
        + (
            f": {', '.join(status.commerce_only_releases)} were published for Commerce alone"
            if status.commerce_only_releases
            else ""
        )
        + "."
        if status.commerce_extended_support
        else ""
    )
    if status.support_status == "unsupported":
        findings.append(
            Finding(
                id="version.unsupported",
                rule="version.unsupported",
                severity=FindingSeverity.CRITICAL,
                title=f"{product} {status.line} gets no more security fixes",
                detail=f"Support ended {status.end_of_support}"
                + (
                    f", security fixes ended {status.end_of_security_fixes}"
                    if status.end_of_security_fixes
                    else ""
                )
                + "."
                + commerce_only
                + (
                    " The edition is not known: Adobe Commerce's windows were used, Open Source's end sooner."
                    if status.edition == "unknown"
                    else ""
                ),
                evidence=where,
                advice=f"Plan the upgrade to a supported line now (newest release: {status.newest_release})"
                + (
                    "; staying on this line means buying Adobe Commerce for its extended support."
                    if status.commerce_extended_support and today <= status.commerce_extended_support
                    else "."
                ),
            )
        )
    elif status.support_status in ("extended", "security_only"):
        label = "extended support" if status.support_status == "extended" else "security fixes only"
        findings.append(
            Finding(
                id=f"version.{status.support_status.replace('_', '-')}",
                rule=f"version.{status.support_status.replace('_', '-')}",
                severity=FindingSeverity.MEDIUM
                if status.support_status == "extended"
                else FindingSeverity.HIGH,
                title=f"{product} {status.line} is past regular support ({label} until {phase_end})",
                detail=f"Regular support ended {status.end_of_support}.",
                evidence=where,
                advice="Budget the upgrade to a line in regular support before "
                f"{phase_end}; Adobe may enforce upgrades from {status.upgrade_enforcement or 'that date'}.",
            )
        )
    elif phase_end and (phase_end - today).days <= END_SOON_DAYS:
        findings.append(
            Finding(
                id="version.support-ending",
                rule="version.support-ending",
                severity=FindingSeverity.LOW,
                title=f"Regular support for {product} {status.line} ends {phase_end}",
                detail=f"{(phase_end - today).days} days left."
                + (
                    " Open Source gets no extended support: after that date it gets no security fixes."
                    if status.commerce_extended_support
                    else ""
                ),
                evidence=where,
                advice="Schedule the upgrade to the next release line.",
            )
        )
    if status.patches_behind:
        days = status.days_since_first_missed_patch or 0
        severity = (
            FindingSeverity.CRITICAL
            if days > 90
            else FindingSeverity.HIGH
            if days > 30
            else FindingSeverity.MEDIUM
        )
        findings.append(
            Finding(
                id="version.patches-behind",
                rule="version.patches-behind",
                severity=severity,
                title=f"{status.patches_behind} patch release(s) behind {status.latest_in_line}",
                detail=f"Missing {', '.join(status.missing)}; the first missed one came out {days} days ago."
                + (
                    f" Not counted: {', '.join(status.commerce_only_releases)} (Adobe Commerce only)."
                    if status.commerce_only_releases
                    else ""
                ),
                evidence=where,
                advice=f"Apply {status.latest_in_line}: each -pN release carries security fixes.",
            )
        )
    if status.php_supported is False:
        findings.append(
            Finding(
                id="version.php-unsupported",
                rule="version.php-unsupported",
                severity=FindingSeverity.HIGH,
                title=f"PHP {php_minor(status.php_declared)} is not supported by Magento {status.installed}",
                detail=f"Adobe supports PHP {', '.join(status.php_supported_versions)} for this release "
                f"(declared in {status.php_source}).",
                evidence=where,
                advice="Move to a supported PHP version together with the next patch release.",
            )
        )
    elif status.php_supported is None and status.php_supported_versions:
        findings.append(
            Finding(
                id="version.php-unknown",
                rule="version.php-unknown",
                severity=FindingSeverity.INFO,
                title="PHP version not known from the files",
                detail=f"Adobe supports PHP {', '.join(status.php_supported_versions)} for {status.installed}.",
                advice="Pass --php 8.x (or set config.platform.php in composer.json) to check it.",
            )
        )
    return findings
