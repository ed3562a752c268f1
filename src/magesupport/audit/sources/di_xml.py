"""Read a module's di.xml: preferences and plugins (with the line of each declaration)."""

from __future__ import annotations

from magesupport.audit.installation import Plugin, Preference, SourceIssue
from magesupport.audit.sources.xmlsafe import is_true, local_name, parse_xml


def read_di_xml(
    data: bytes, file: str, module: str, area: str
) -> tuple[list[Preference], list[Plugin], SourceIssue | None]:
    root, issue = parse_xml(data, file)
    preferences: list[Preference] = []
    plugins: list[Plugin] = []
    if root is None:
        return preferences, plugins, issue
    for element in root:
        tag = local_name(element)
        if tag == "preference":
            for_type = element.get("for")
            type_ = element.get("type")
            if for_type and type_:
                preferences.append(
                    Preference(module, area, for_type.strip(), type_.strip(), file, element.sourceline)
                )
        elif tag in ("type", "virtualType"):
            target = element.get("name")
            if not target:
                continue
            for child in element:
                if local_name(child) != "plugin":
                    continue
                name = child.get("name")
                if not name:
                    continue
                order = child.get("sortOrder")
                plugins.append(
                    Plugin(
                        module=module,
                        area=area,
                        target=target.strip(),
                        name=name.strip(),
                        type=(child.get("type") or "").strip() or None,
                        disabled=is_true(child.get("disabled")),
                        sort_order=int(order) if order and order.strip().lstrip("-").isdigit() else None,
                        file=file,
                        line=child.sourceline,
                    )
                )
    return preferences, plugins, None
