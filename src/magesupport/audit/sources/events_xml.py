"""Read a module's events.xml: observers per event (with the line of each declaration)."""

from __future__ import annotations

from magesupport.audit.installation import Observer, SourceIssue
from magesupport.audit.sources.xmlsafe import is_true, local_name, parse_xml


def read_events_xml(
    data: bytes, file: str, module: str, area: str
) -> tuple[list[Observer], SourceIssue | None]:
    root, issue = parse_xml(data, file)
    observers: list[Observer] = []
    if root is None:
        return observers, issue
    for event in root:
        if local_name(event) != "event" or not event.get("name"):
            continue
        event_name = event.get("name", "").strip()
        for child in event:
            if local_name(child) != "observer" or not child.get("name"):
                continue
            observers.append(
                Observer(
                    module=module,
                    area=area,
                    event=event_name,
                    name=child.get("name", "").strip(),
                    instance=(child.get("instance") or "").strip() or None,
                    disabled=is_true(child.get("disabled")),
                    file=file,
                    line=child.sourceline,
                )
            )
    return observers, None
