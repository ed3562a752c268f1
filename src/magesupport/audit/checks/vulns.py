"""Vulnerable extensions: installed modules against a magevulndb-format list, packages against OSV advisories."""

from __future__ import annotations

import re

from magesupport.audit.advisories import OsvAdvisory, VulnEntry
from magesupport.audit.installation import Installation, Module, Package
from magesupport.audit.versions import php_version_compare
from magesupport.domain.results_audit import Evidence, Finding, VulnerableComponent
from magesupport.domain.severity import FindingSeverity

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _vulnerable(version: str | None, fixed: str | None, package_time: str | None) -> bool | None:
    """True/False, or None when it cannot be told (no version, or a date-based fix and no release date)."""
    if fixed is None:
        return True
    if _DATE_RE.match(fixed):
        return package_time[:10] < fixed if package_time else None
    if not version:
        return None
    return php_version_compare(version.lstrip("v"), fixed.lstrip("v")) < 0


def _affected(version: str, advisory: OsvAdvisory) -> bool:
    clean = version.lstrip("v")
    if clean in (v.lstrip("v") for v in advisory.versions):
        return True
    for events in advisory.ranges:

        def order(event: tuple[str, str]) -> tuple[int, object]:
            kind, value = event
            return (0, "") if kind == "introduced" and value == "0" else (1, _Key(value))

        affected = False
        for kind, value in sorted(events, key=order):
            if kind == "introduced" and (value == "0" or php_version_compare(clean, value) >= 0):
                affected = True
            elif (kind == "fixed" and php_version_compare(clean, value) >= 0) or (
                kind == "last_affected" and php_version_compare(clean, value) > 0
            ):
                affected = False
        if affected:
            return True
    return False


class _Key:
    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value.lstrip("v")

    def __lt__(self, other: _Key) -> bool:
        return php_version_compare(self.value, other.value) < 0


def magevulndb_matches(
    installation: Installation, entries: list[VulnEntry]
) -> list[tuple[VulnerableComponent, Module | Package, VulnEntry]]:
    modules = {m.name.lower(): m for m in installation.modules}
    packages = {p.name: p for p in installation.composer.packages}
    times = {p.name: p.time for p in installation.composer.packages}
    matches = []
    for entry in entries:
        target: Module | Package | None
        if "/" in entry.name:
            target = packages.get(entry.name.lower())
            version = target.version if target else None
            time = target.time if target else None
            enabled = None
            kind = "package"
        else:
            target = modules.get(entry.name.lower())
            version = target.version if target else None
            time = times.get(target.package) if target and target.package else None
            enabled = target.enabled if target else None
            kind = "module"
        if target is None:
            continue
        verdict = _vulnerable(version, entry.fixed_in, time)
        if verdict is False:
            continue
        component = VulnerableComponent(
            name=target.name,
            kind=kind,
            version=version,
            fixed_in=entry.fixed_in,
            source="magevulndb",
            reference=entry.reference,
            update_url=entry.update_url,
            certain=entry.certain and verdict is True,
            enabled=enabled,
        )
        matches.append((component, target, entry))
    return matches


def osv_matches(
    installation: Installation, advisories: list[OsvAdvisory]
) -> list[tuple[VulnerableComponent, Package, OsvAdvisory]]:
    packages = {p.name: p for p in installation.composer.packages}
    matches = []
    seen: set[tuple[str, str]] = set()
    for advisory in advisories:
        package = packages.get(advisory.package)
        if package is None or not package.version or (advisory.id, package.name) in seen:
            continue
        if not _affected(package.version, advisory):
            continue
        seen.add((advisory.id, package.name))
        fixed = [v for k, v in advisory.events if k == "fixed"]
        component = VulnerableComponent(
            name=package.name,
            kind="package",
            version=package.version,
            fixed_in=", ".join(fixed) or None,
            source="osv",
            advisory=advisory.id,
            reference=advisory.reference,
        )
        matches.append((component, package, advisory))
    return matches


def vulnerability_findings(
    installation: Installation, entries: list[VulnEntry], advisories: list[OsvAdvisory]
) -> tuple[list[VulnerableComponent], list[Finding]]:
    components: list[VulnerableComponent] = []
    findings: list[Finding] = []
    lock = installation.composer.lock_file
    for component, target, entry in magevulndb_matches(installation, entries):
        components.append(component)
        if isinstance(target, Module):
            where = Evidence(
                file=target.file or target.path, line=target.line, note=f"version {component.version}"
            )
        else:
            where = Evidence(
                file=lock or "composer.lock", line=target.line, note=f"version {component.version}"
            )
        severity = (
            FindingSeverity.HIGH
            if component.certain and component.enabled is not False
            else FindingSeverity.MEDIUM
        )
        fixed = (
            f"fixed in {entry.fixed_in}" if entry.fixed_in else "no fixed version: every version is listed"
        )
        findings.append(
            Finding(
                id=f"vuln.extension:{component.name}",
                rule="vuln.extension",
                severity=severity,
                title=f"{component.name} {component.version or '(version unknown)'} is on the vulnerability list",
                detail=f"{fixed}; reference: {entry.reference or 'none given'}"
                + ("" if entry.certain else "; the list marks the module name as uncertain")
                + ("; the module is disabled, but its code is on disk" if component.enabled is False else "")
                + (f"; attacks use {entry.uri}" if entry.uri else ""),
                evidence=(where,),
                advice=f"Update {component.name} ({entry.update_url or 'see the vendor'})"
                + (" or remove it" if not entry.fixed_in else "")
                + (f"; search access logs for {entry.uri}" if entry.uri else "")
                + ".",
            )
        )
    for component, package, advisory in osv_matches(installation, advisories):
        components.append(component)
        findings.append(
            Finding(
                id=f"vuln.package:{package.name}:{advisory.id}",
                rule="vuln.package",
                severity=FindingSeverity(advisory.severity),
                title=f"{package.name} {package.version} is affected by {advisory.id}",
                detail=(advisory.summary or "no summary")
                + (f"; fixed in {component.fixed_in}" if component.fixed_in else ""),
                evidence=(
                    Evidence(
                        file=lock or "composer.lock", line=package.line, note=f"version {package.version}"
                    ),
                ),
                advice=f"Update {package.name}"
                + (f" to {component.fixed_in}" if component.fixed_in else "")
                + (f" ({advisory.reference})" if advisory.reference else "")
                + ".",
            )
        )
    return components, findings
