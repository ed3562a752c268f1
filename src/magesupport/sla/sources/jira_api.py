"""Jira REST API search results (`{"issues": [...]}` from /rest/api/3/search or /search/jql), `--from jira`.

Fields read: `key`, `fields.created`, `fields.resolutiondate`, `fields.priority.name`, `fields.status.name` and
`fields.status.statusCategory.key` (`done` closes an issue without a resolution date, at
`statuscategorychangedate`, else `updated`), and `fields.comment.comments`: the first response is the earliest
public comment (`jsdPublic` not false: internal notes never count) by one of `--agents`, or, without agents,
by a licensed account (`accountType` `atlassian`) other than the reporter; portal customers never respond.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from magesupport.domain.errors import Problem, SlaImportError
from magesupport.sla.sources.common import element_lines, json_objects, parse_times, text
from magesupport.sla.sources.interface import ImportOptions, RawTickets


def _person(value: Any) -> tuple[str, ...]:
    if not isinstance(value, dict):
        return ()
    return tuple(text(value.get(k)) for k in ("accountId", "displayName", "emailAddress", "name", "key"))


def first_agent_comment(fields: dict[str, Any], options: ImportOptions) -> str:
    """Time text of the earliest public comment by the provider (module docstring), "" when none."""
    comments = (fields.get("comment") or {}).get("comments") or []
    reporter = set(_person(fields.get("reporter"))) - {""}
    found: list[str] = []
    for comment in comments:
        if not isinstance(comment, dict) or comment.get("jsdPublic") is False:
            continue
        author = comment.get("author") or {}
        who = _person(author)
        if options.agents:
            ok = options.is_agent(*who)
        else:
            ok = text(author.get("accountType")) == "atlassian" and not (set(who) & reporter)
        if ok and comment.get("created"):
            found.append(text(comment["created"]))
    return min(found, key=lambda t: parse_times([t], "UTC")[0][0]) if found else ""


def issues_to_raw(issues: list[dict[str, Any]], lines: list[int], display: str, options: ImportOptions) -> RawTickets:
    tz = options.timezone
    fields: list[dict[str, Any]] = [f if isinstance(f := i.get("fields"), dict) else {} for i in issues]
    created, bad_created = parse_times([text(f.get("created")) for f in fields], tz)
    resolved, bad_resolved = parse_times([text(f.get("resolutiondate")) for f in fields], tz)
    first, _ = parse_times([first_agent_comment(f, options) for f in fields], tz)
    changed, _ = parse_times([text(f.get("statuscategorychangedate") or f.get("updated")) for f in fields], tz)
    status = [text((f.get("status") or {}).get("name")) for f in fields]
    done = [
        text(((f.get("status") or {}).get("statusCategory") or {}).get("key")) == "done" for f in fields
    ]
    raw = RawTickets(
        display=display,
        lines=lines,
        ticket_ids=[text(i.get("key") or i.get("id")) for i in issues],
        priorities=[text((f.get("priority") or {}).get("name")) for f in fields],
        created=created,
        first_response=first,
        resolved=resolved,
        status=status,
        layout="API search page",
        done=done,
        status_time=changed,
        has_response=any("comment" in f for f in fields),
        response_sources="comments (fields=comment)",
    )
    raw.flag_times("fields.created", bad_created)
    raw.flag_times("fields.resolutiondate", bad_resolved)
    return raw


def read_search(path: Path, display: str, options: ImportOptions) -> RawTickets:
    items, body, encoding = json_objects(path, display)
    doc = items[0][1]
    if not isinstance(doc, dict) or not isinstance(doc.get("issues"), list):
        raise SlaImportError(
            [Problem(display, items[0][0], "", 'expected a Jira search response {"issues": [...]}')]
        )
    issues = [i for i in doc["issues"] if isinstance(i, dict)]
    raw = issues_to_raw(issues, element_lines(body, "issues", len(issues)), display, options)
    raw.encoding = encoding
    raw.unknown_response = np.array(["comment" not in (i.get("fields") or {}) for i in issues], dtype=bool)
    return raw
