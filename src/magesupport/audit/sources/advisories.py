"""User-supplied vulnerability lists: a magevulndb-format CSV and OSV advisories (JSON file or folder).

Nothing is bundled: the user points at their own copy (`--vulndb PATH`, `--osv PATH`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass

from magesupport.domain.errors import AuditError, Problem

VULNDB_HEADER = ("Name", "Fixed in", "Relevant URI", "Reference", "Update URL")
_MAX_FILE = 64 * 1024 * 1024


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


def read_vulndb(path: str) -> list[VulnEntry]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read(_MAX_FILE)
    except OSError as exc:
        raise AuditError(
            Problem(path, None, "", f"cannot read vulnerability list: {exc.strerror or exc}")
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise AuditError(Problem(path, 1, "header", f"empty file; expected {','.join(VULNDB_HEADER)}"))
    header = tuple(cell.strip() for cell in rows[0])
    if header[:2] != VULNDB_HEADER[:2]:
        raise AuditError(
            Problem(path, 1, "header", f"expected columns {','.join(VULNDB_HEADER)}, got {','.join(header)}")
        )
    entries: list[VulnEntry] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        cells = [c.strip() for c in row] + [""] * (5 - len(row))
        name, fixed = cells[0], cells[1]
        if not name:
            problems.append(Problem(path, number, "Name", "empty module name"))
            continue
        if not re.fullmatch(r"[A-Za-z0-9_./\-]+\??", name):
            problems.append(Problem(path, number, "Name", f"not a module or package name: {name!r}"))
            continue
        if fixed and not re.fullmatch(r"v?[0-9][0-9A-Za-z.\-+_]*", fixed):
            problems.append(Problem(path, number, "Fixed in", f"not a version or date: {fixed!r}"))
            continue
        entries.append(
            VulnEntry(
                name=name.rstrip("?"),
                certain=not name.endswith("?"),
                fixed_in=fixed or None,
                uri=cells[2],
                reference=cells[3],
                update_url=cells[4],
                line=number,
            )
        )
    if problems:
        raise AuditError(problems)
    return entries


_OSV_SEVERITY = {
    "critical": "critical",
    "high": "high",
    "moderate": "medium",
    "medium": "medium",
    "low": "low",
}


def _osv_severity(raw: dict[str, object]) -> str:
    specific = raw.get("database_specific")
    if isinstance(specific, dict) and isinstance(specific.get("severity"), str):
        return _OSV_SEVERITY.get(specific["severity"].lower(), "high")
    return "high"


def _advisories_from(raw: object, file: str) -> list[OsvAdvisory]:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise AuditError(Problem(file, 1, "id", 'not an OSV advisory (no "id")'))
    refs = raw.get("references")
    reference = ""
    if isinstance(refs, list) and refs and isinstance(refs[0], dict):
        reference = str(refs[0].get("url", ""))
    found = []
    for affected in raw.get("affected") or []:
        if not isinstance(affected, dict) or not isinstance(affected.get("package"), dict):
            continue
        package = affected["package"]
        if str(package.get("ecosystem", "")).lower() != "packagist" or not isinstance(
            package.get("name"), str
        ):
            continue
        ranges = []
        for rng in affected.get("ranges") or []:
            if not isinstance(rng, dict) or rng.get("type") not in ("ECOSYSTEM", "SEMVER"):
                continue
            events: list[tuple[str, str]] = []
            for event in rng.get("events") or []:
                if isinstance(event, dict):
                    events.extend(
                        (k, str(v)) for k, v in event.items() if k in ("introduced", "fixed", "last_affected")
                    )
            ranges.append(tuple(events))
        versions = tuple(str(v) for v in affected.get("versions") or [] if isinstance(v, str | int | float))
        found.append(
            OsvAdvisory(
                id=raw["id"],
                summary=str(raw.get("summary") or raw.get("details") or "")[:200],
                severity=_osv_severity(raw),
                package=package["name"].lower(),
                events=tuple(e for r in ranges for e in r),
                ranges=tuple(ranges),
                versions=versions,
                reference=reference,
                file=file,
            )
        )
    return found


def read_osv(path: str) -> list[OsvAdvisory]:
    files: list[str] = []
    if os.path.isdir(path):
        for current, _dirs, names in os.walk(path):
            files.extend(os.path.join(current, n) for n in sorted(names) if n.endswith(".json"))
    elif os.path.isfile(path):
        files.append(path)
    else:
        raise AuditError(Problem(path, None, "", "no such OSV file or folder"))
    advisories: list[OsvAdvisory] = []
    for file in sorted(files):
        try:
            with open(file, encoding="utf-8") as handle:
                raw = json.loads(handle.read(_MAX_FILE))
        except OSError as exc:
            raise AuditError(Problem(file, None, "", f"cannot read: {exc.strerror or exc}")) from None
        except json.JSONDecodeError as exc:
            raise AuditError(Problem(file, exc.lineno, "", f"not valid JSON: {exc.msg}")) from None
        items = raw if isinstance(raw, list) else [raw]
        for item in items:
            advisories.extend(_advisories_from(item, file))
    return advisories
