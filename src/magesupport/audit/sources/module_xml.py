"""Read etc/module.xml (name, setup_version, <sequence>) and registration.php (the registered name)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from magesupport.audit.installation import SourceIssue
from magesupport.audit.sources.xmlsafe import local_name, parse_xml

_REGISTER_RE = re.compile(
    r"ComponentRegistrar::(MODULE|THEME|LIBRARY|LANGUAGE)\s*,\s*['\"]([^'\"]+)['\"]", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ModuleXml:
    name: str
    setup_version: str | None
    sequence: tuple[str, ...]
    line: int | None


def read_module_xml(data: bytes, file: str) -> tuple[ModuleXml | None, SourceIssue | None]:
    root, issue = parse_xml(data, file)
    if root is None:
        return None, issue
    for element in root:
        if local_name(element) != "module":
            continue
        name = (element.get("name") or "").strip()
        if not name:
            break
        sequence: list[str] = []
        for child in element:
            if local_name(child) == "sequence":
                sequence.extend((m.get("name") or "").strip() for m in child if local_name(m) == "module")
        return (
            ModuleXml(
                name, element.get("setup_version"), tuple(s for s in sequence if s), element.sourceline
            ),
            None,
        )
    return None, SourceIssue(
        "module.no-name", "medium", file, None, "module.xml declares no <module name=...>"
    )


_MAP_ENTRY_RE = re.compile(
    r"['\"]([A-Za-z0-9]+_[A-Za-z0-9]+)['\"]\s*=>\s*__DIR__\s*\.\s*['\"]/?([\w./-]+?)/?['\"]"
)
_MAP_REGISTER_RE = re.compile(
    r"ComponentRegistrar::register\s*\(\s*(?:\\?[\w\\]*)?ComponentRegistrar::MODULE\s*,\s*\$", re.I
)


def read_registrations(text: str) -> list[tuple[str, str, str]]:
    """(component type, name, sub-folder) of each component a registration.php registers: one literal call
    (sub-folder ""), or a map of names to `__DIR__ . '/sub'` folders registered in a loop, as some vendors
    bundle several modules in one folder."""
    single = read_registration(text)
    if single is not None:
        return [(single[0], single[1], "")]
    if _MAP_REGISTER_RE.search(text):
        return [("module", name, sub) for name, sub in _MAP_ENTRY_RE.findall(text) if ".." not in sub]
    return []


def read_registration(text: str) -> tuple[str, str] | None:
    """(component type, name) registered by a registration.php, e.g. ('module', 'Vendor_Module')."""
    match = _REGISTER_RE.search(text)
    if match is None:
        return None
    return match.group(1).lower(), match.group(2)
