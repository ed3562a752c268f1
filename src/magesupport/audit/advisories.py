"""Vulnerability lists as the checks read them: magevulndb entries and OSV advisories.

`audit/sources/advisories.py` reads them from the user's files (`--vulndb`, `--osv`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VulnEntry:
    name: str  # Vendor_Module (or vendor/package)
    certain: bool  # False when the list's name ends in '?'
    fixed_in: str | None  # None: every version
    uri: str
    reference: str
    update_url: str
    line: int


@dataclass(frozen=True, slots=True)
class OsvAdvisory:
    id: str
    summary: str
    severity: str  # critical | high | medium | low
    package: str  # composer package name, lower case
    events: tuple[tuple[str, str], ...]  # (introduced|fixed|last_affected, version), in file order per range
    ranges: tuple[tuple[tuple[str, str], ...], ...]
    versions: tuple[str, ...]
    reference: str
    file: str
