"""User-supplied vulnerability lists: a magevulndb-format CSV and OSV advisories (JSON file or folder).

Nothing is bundled: the user points at their own copy (`--vulndb PATH`, `--osv PATH`).
"""

from __future__ import annotations

import json
import os
import re

from magesupport.audit.advisories import OsvAdvisory, VulnEntry
from magesupport.domain.errors import AuditError, Problem
from magesupport.files.csv_file import parse_csv
from magesupport.files.read import open_regular

VULNDB_HEADER = ("Name", "Fixed in", "Relevant URI", "Reference", "Update URL")
_MAX_FILE = 64 * 1024 * 1024


def decode_text(data: bytes, path: str) -> str:
    """UTF-8 (a BOM dropped), UTF-16 or UTF-32 with a BOM; anything else is a clear error, never a crash."""
    for bom, name in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AuditError(
            Problem(path, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")
        ) from None


def read_vulndb(path: str) -> list[VulnEntry]:
    """The entries of a magevulndb-format CSV, each with its line; every bad row named as file:line: field."""
    try:
        with open_regular(path, "rb") as handle:
            text = decode_text(handle.read(_MAX_FILE), path)
    except OSError as exc:
        raise AuditError(
            Problem(path, None, "", f"cannot read vulnerability list: {exc.strerror or exc}")
        ) from None
    if not text:
        raise AuditError(Problem(path, 1, "header", f"empty file; expected {','.join(VULNDB_HEADER)}"))
    table = parse_csv(text, path, AuditError)
    header = tuple(cell.strip() for cell in table.header)
    if header[:2] != VULNDB_HEADER[:2]:
        raise AuditError(
            Problem(path, 1, "header", f"expected columns {','.join(VULNDB_HEADER)}, got {','.join(header)}")
        )
    entries: list[VulnEntry] = []
    problems: list[Problem] = []
    for number, row in zip(table.lines, table.rows, strict=True):
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
            with open_regular(file, "rb") as handle:
                raw = json.loads(decode_text(handle.read(_MAX_FILE), file))
        except OSError as exc:
            raise AuditError(Problem(file, None, "", f"cannot read: {exc.strerror or exc}")) from None
        except json.JSONDecodeError as exc:
            raise AuditError(Problem(file, exc.lineno, "", f"not valid JSON: {exc.msg}")) from None
        except RecursionError:
            raise AuditError(Problem(file, None, "", "JSON nested too deep")) from None
        items = raw if isinstance(raw, list) else [raw]
        for item in items:
            advisories.extend(_advisories_from(item, file))
    return advisories
