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


def read_registration(text: str) -> tuple[str, str] | None:
    """(component type, name) registered by a registration.php, e.g. ('module', 'Vendor_Module')."""
    match = _REGISTER_RE.search(text)
    if match is None:
        return None
    return match.group(1).lower(), match.group(2)
