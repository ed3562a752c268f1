"""Freshdesk, `--from freshdesk`: the ticket CSV export (Tickets > Export) or API JSON (a list of tickets from
/api/v2/tickets?include=stats, `{"results": [...]}` from search).

CSV columns: `Ticket ID`, `Priority` (Urgent, High, Medium, Low), `Status`, `Created time`, `Initial response
time` (when the first response was sent), `Resolved time` (else `Closed time`), `Last update time`, and the
desk's own SLA figures `First response status` / `Resolution status` (Within SLA, SLA Violated) and `First
response time (in hrs)`. Times are `2026-03-12 15:04:05` in the helpdesk's timezone.

API fields: `id`, `priority` (1 low .. 4 urgent), `status` (2 open, 3 pending, 4 resolved, 5 closed),
`created_at`, `updated_at`, `stats.first_responded_at`, `stats.resolved_at`, `stats.closed_at`,
`stats.status_updated_at`, `fr_escalated` / `is_escalated` (the desk says the first response / resolution is
overdue), `deleted` (dropped and counted). Without `include=stats` the response is unknown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from magesupport.domain.errors import Problem, SlaImportError
from magesupport.files.csv_file import read_csv
from magesupport.sla.sources.common import (
    element_lines,
    find,
    is_json,
    json_objects,
    minutes,
    need,
    text,
    times,
)
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets

PRIORITIES = {1: "low", 2: "medium", 3: "high", 4: "urgent"}
STATUSES = {2: "open", 3: "pending", 4: "resolved", 5: "closed"}


def verdict(values: list[str]) -> np.ndarray:
    out = np.full(len(values), -1, dtype=np.int8)
    for row, value in enumerate(values):
        key = value.strip().lower()
        if "violat" in key or "breach" in key:
            out[row] = 0
        elif "within" in key:
            out[row] = 1
    return out


class FreshdeskImporter(Importer):
    name = "freshdesk"
    label = "Freshdesk: ticket CSV export or API JSON"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        if is_json(path):
            return self.api(path, display, options)
        table = read_csv(path, display, SlaImportError)
        created_col = need(table, options, "created", "Created time", "Created at", "created_at")
        created, bad_created = times(table, created_col, options)
        first_col = find(table, options, "first_response", "Initial response time", "First responded at")
        first, bad_first = times(table, first_col, options)
        resolved_col = find(table, options, "resolved", "Resolved time", "Resolved at")
        closed_col = find(table, options, "closed", "Closed time", "Closed at")
        resolved, bad_resolved = times(table, resolved_col, options)
        closed, bad_closed = times(table, closed_col, options)
        updated, _ = times(table, find(table, options, "updated", "Last update time", "Updated at"), options)
        raw = RawTickets(
            display=display,
            lines=table.lines,
            ticket_ids=table.column(need(table, options, "id", "Ticket ID", "Ticket Id", "id")),
            priorities=table.column(need(table, options, "priority", "Priority")),
            created=created,
            first_response=first,
            resolved=np.where(np.isnan(resolved), closed, resolved),
            status=table.column(find(table, options, "status", "Status")),
            layout="ticket CSV export",
            encoding=table.encoding,
            status_time=updated,
            has_response=first_col is not None,
            has_resolution=resolved_col is not None or closed_col is not None,
            response_sources="'Initial response time' column",
            resolution_sources="'Resolved time' or 'Closed time' column",
        )
        for col, bad in ((created_col, bad_created), (first_col, bad_first), (resolved_col, bad_resolved), (closed_col, bad_closed)):
            if col is not None:
                raw.flag_times(table.header[col], bad)
        raw.desk["desk_response_met"] = verdict(table.column(find(table, options, "sla_response", "First response status")))
        raw.desk["desk_resolution_met"] = verdict(table.column(find(table, options, "sla_resolution", "Resolution status")))
        hours = find(table, options, "desk_response_hours", "First response time (in hrs)")
        if hours is not None:
            raw.desk["desk_response_min"] = minutes(table.column(hours), raw, table.header[hours], scale=60.0)
        return raw

    def api(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        items, body, encoding = json_objects(path, display)
        doc = items[0][1]
        key = ""
        if isinstance(doc, dict):
            key = next((k for k in ("tickets", "results") if isinstance(doc.get(k), list)), "")
            doc = doc.get(key) if key else None
        if not isinstance(doc, list):
            raise SlaImportError([Problem(display, items[0][0], "", "expected Freshdesk tickets: a JSON array of tickets")])
        tickets = [t for t in doc if isinstance(t, dict)]
        raw = tickets_to_raw(tickets, element_lines(body, key, len(tickets)), display, options)
        raw.encoding = encoding
        return raw


def _code(value: Any, names: dict[int, str]) -> str:
    if isinstance(value, int) and value in names:
        return names[value]
    return text(value)


def tickets_to_raw(tickets: list[dict[str, Any]], lines: list[int], display: str, options: ImportOptions) -> RawTickets:
    from magesupport.sla.sources.common import parse_times

    tz = options.timezone
    kept = [(t, line) for t, line in zip(tickets, lines, strict=True) if not t.get("deleted")]
    stats: list[dict[str, Any]] = [s if isinstance(s := t.get("stats"), dict) else {} for t, _ in kept]
    objects = [t for t, _ in kept]
    created, bad_created = parse_times([text(t.get("created_at")) for t in objects], tz)
    first, _ = parse_times([text(s.get("first_responded_at")) for s in stats], tz)
    resolved, _ = parse_times([text(s.get("resolved_at") or s.get("closed_at")) for s in stats], tz)
    changed, _ = parse_times([text(s.get("status_updated_at") or t.get("updated_at")) for t, s in zip(objects, stats, strict=True)], tz)
    raw = RawTickets(
        display=display,
        lines=[line for _, line in kept],
        ticket_ids=[text(t.get("id")) for t in objects],
        priorities=[_code(t.get("priority"), PRIORITIES) for t in objects],
        created=created,
        first_response=first,
        resolved=resolved,
        status=[_code(t.get("status"), STATUSES) for t in objects],
        layout="API ticket list" + ("" if any(stats) else " (without stats)"),
        status_time=changed,
        has_response=any(stats),
        has_resolution=any(stats),
        response_sources="stats (include=stats)",
        resolution_sources="stats (include=stats)",
        deleted=len(tickets) - len(kept),
    )
    raw.flag_times("created_at", bad_created)
    raw.desk["desk_response_met"] = np.array(
        [-1 if "fr_escalated" not in t else (0 if t["fr_escalated"] else -1) for t in objects], dtype=np.int8
    )
    raw.desk["desk_resolution_met"] = np.array(
        [-1 if "is_escalated" not in t else (0 if t["is_escalated"] else -1) for t in objects], dtype=np.int8
    )
    return raw
