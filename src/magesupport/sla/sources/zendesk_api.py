"""Zendesk API JSON, read from the file's shape (the import says which layout it read):

* an **incremental export page** `{"tickets": [...], "next_page"|"after_cursor", "end_time", ...}`, a search
  page `{"results": [...]}`, a JSON export (one ticket per line) or a plain array of tickets;
* a **single ticket** `{"ticket": {...}}` (with `metric_events` sideloaded or not);
* **ticket metrics** `{"ticket_metrics": [...]}` / `{"ticket_metric": {...}}` and sideloaded `metric_sets`, and
  **metric events** `{"ticket_metric_events": [...]}`: they join the tickets of the same import by ticket id
  (`sla import DIR tickets.json metrics.json events.json`); alone they have no ticket to measure.

From the metrics: the first response (creation + `reply_time_in_minutes.calendar`), `solved_at`, `reopens`.
From the metric events: the first `reply_time` fulfil (when no metric gives it), the pauses (each
`requester_wait_time` pause up to the next activate or fulfil: the ticket was pending, waiting on the
requester), and the desk's own verdicts (`breach` events) and minutes (`update_status`). Deleted tickets are
dropped and counted.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from magesupport.domain.errors import Problem, SlaImportError
from magesupport.sla.sources.common import drop_deleted, element_lines, json_objects, parse_times, text, whole
from magesupport.sla.sources.interface import ImportOptions, RawTickets

TICKET_LISTS = ("tickets", "results")
METRIC_LISTS = ("ticket_metrics", "metric_sets")
NO_TICKETS = (
    "no tickets in this file: ticket metrics and metric events measure tickets, so import them together "
    "with the tickets (sla import DIR tickets.json {name})"
)


class Parts:
    """Tickets (with the file and line each came from), metrics by ticket id, metric events by ticket id."""

    def __init__(self) -> None:
        self.tickets: list[tuple[str, int, dict[str, Any]]] = []
        self.metrics: dict[str, dict[str, Any]] = {}
        self.events: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.layouts: list[str] = []
        self.encoding = "utf-8"

    def add_file(self, path: Path, display: str) -> None:
        items, body, encoding = json_objects(path, display)
        if encoding != "utf-8":
            self.encoding = encoding
        if len(items) > 1:  # one ticket per line
            self.layouts.append("JSON export (one ticket per line)")
            for line, obj in items:
                self._ticket(display, line, obj)
            return
        line, doc = items[0]
        if isinstance(doc, list):
            self.layouts.append("JSON array of tickets")
            for obj, at in zip(doc, element_lines(body, "", len(doc)), strict=True):
                self._ticket(display, at, obj)
            return
        if not isinstance(doc, dict):
            raise SlaImportError([Problem(display, line, "", "expected a JSON object or array of tickets")])
        self._document(doc, body, display, line)

    def add_document(self, doc: dict[str, Any], display: str) -> None:
        """An API response already decoded (sla pull): line numbers are not known, the display names it."""
        self._document(doc, "", display, 1)

    def _document(self, doc: dict[str, Any], body: str, display: str, line: int) -> None:
        found = []
        for key in TICKET_LISTS:
            if isinstance(doc.get(key), list):
                for obj, at in zip(doc[key], element_lines(body, key, len(doc[key])), strict=True):
                    self._ticket(display, at, obj)
                found.append(
                    "API incremental export page"
                    if any(k in doc for k in ("next_page", "end_time", "after_cursor", "end_of_stream"))
                    else ("API search page" if key == "results" else "API ticket list")
                )
        if isinstance(doc.get("ticket"), dict):
            self._ticket(display, line, doc["ticket"])
            found.append("API single ticket")
        for key in METRIC_LISTS:
            for metric in doc.get(key) or []:
                if isinstance(metric, dict):
                    self.metrics[text(metric.get("ticket_id"))] = metric
            if doc.get(key) and not found:
                found.append("API ticket metrics")
        if isinstance(doc.get("ticket_metric"), dict):
            self.metrics[text(doc["ticket_metric"].get("ticket_id"))] = doc["ticket_metric"]
            found.append("API ticket metric")
        events = doc.get("ticket_metric_events") or []
        if isinstance(doc.get("metric_events"), dict):  # sideloaded on a single ticket: {metric: [...]}
            events = [e for group in doc["metric_events"].values() if isinstance(group, list) for e in group]
        for event in events:
            if isinstance(event, dict):
                self.events[text(event.get("ticket_id"))].append(event)
        if events and "ticket_metric_events" in doc:
            found.append("API ticket metric events")
        if not found:
            raise SlaImportError(
                [Problem(display, line, "", "no Zendesk tickets, metrics or metric events in this JSON")]
            )
        self.layouts += found

    def _ticket(self, display: str, line: int, obj: Any) -> None:
        if not isinstance(obj, dict):
            raise SlaImportError(
                [Problem(display, line, "", f"expected a ticket object, got {type(obj).__name__}")]
            )
        self.tickets.append((display, line, obj))
        if isinstance(obj.get("metric_set"), dict):
            self.metrics.setdefault(text(obj.get("id")), obj["metric_set"])


def _minutes(metric: dict[str, Any], key: str, which: str) -> float:
    value = metric.get(key)
    if isinstance(value, dict):
        value = value.get(which)
    try:
        return float(value) if value is not None else np.nan
    except (TypeError, ValueError):
        return np.nan


def read_api(paths: list[Path], displays: list[str], options: ImportOptions) -> RawTickets:
    parts = Parts()
    for path, display in zip(paths, displays, strict=True):
        parts.add_file(path, display)
    if not parts.tickets:
        name = Path(displays[0]).name
        raise SlaImportError([Problem(displays[0], 1, "", NO_TICKETS.format(name=name))])
    return build(parts, options)


def build(parts: Parts, options: ImportOptions) -> RawTickets:
    objects = [obj for _, _, obj in parts.tickets]
    ids = [text(o.get("id")) for o in objects]
    metrics = [parts.metrics.get(i, {}) for i in ids]
    tz = options.timezone
    created, bad_created = parse_times([text(o.get("created_at")) for o in objects], tz, options.time_format)
    solved, bad_solved = parse_times(
        [text(m.get("solved_at") or o.get("solved_at")) for o, m in zip(objects, metrics, strict=True)], tz
    )
    status_time, _ = parse_times(
        [text(m.get("status_updated_at") or o.get("updated_at")) for o, m in zip(objects, metrics, strict=True)],
        tz,
    )
    n = len(objects)
    reply = np.array([_minutes(m, "reply_time_in_minutes", "calendar") for m in metrics])
    raw = RawTickets(
        display=parts.tickets[0][0],
        lines=[line for _, line, _ in parts.tickets],
        ticket_ids=ids,
        priorities=[text(o.get("priority")) for o in objects],
        created=created,
        first_response=created + reply * 60.0,
        resolved=solved,
        status=[text(o.get("status")) for o in objects],
        reopens=[whole(m.get("reopens", 0)) for m in metrics],
        layout=", ".join(dict.fromkeys(parts.layouts)),
        encoding=parts.encoding,
        status_time=status_time,
        has_response=any(metrics) or bool(parts.events),
        response_sources="metric_set / ticket_metrics (include=metric_sets) or ticket_metric_events",
    )
    raw.files = {row: display for row, (display, _, _) in enumerate(parts.tickets)}  # type: ignore[attr-defined]
    raw.flag_times("created_at", bad_created)
    raw.flag_times("solved_at", bad_solved)
    raw.desk["desk_response_min"] = np.array(
        [_minutes(m, "reply_time_in_minutes", "business") for m in metrics]
    )
    raw.desk["desk_resolution_min"] = np.array(
        [_minutes(m, "full_resolution_time_in_minutes", "business") for m in metrics]
    )
    raw.desk["desk_response_met"] = np.full(n, -1, dtype=np.int8)
    raw.desk["desk_resolution_met"] = np.full(n, -1, dtype=np.int8)
    raw.unknown_response = np.array([not m and not parts.events.get(i) for m, i in zip(metrics, ids, strict=True)])
    for row, ticket in enumerate(ids):
        if parts.events.get(ticket):
            _apply_events(raw, row, parts.events[ticket], tz)
    return drop_deleted(raw)


def _apply_events(raw: RawTickets, row: int, events: list[dict[str, Any]], tz: str) -> None:
    """Pauses, first reply and the desk's verdicts of one ticket from its metric events (module docstring)."""
    stamps, _ = parse_times([text(e.get("time")) for e in events], tz)
    order = sorted(range(len(events)), key=lambda k: (stamps[k], whole(events[k].get("id"))))
    paused_at: float | None = None
    breached = {"reply_time": False, "resolution": False}
    measured = {"reply_time": False, "resolution": False}
    for k in order:
        event, when = events[k], float(stamps[k])
        metric, kind = text(event.get("metric")), text(event.get("type"))
        if when != when:
            continue
        target = "reply_time" if metric == "reply_time" else (
            "resolution" if metric in {"requester_wait_time", "resolution_time"} else ""
        )
        if kind == "apply_sla" and target:
            measured[target] = True
        if kind == "breach" and target and not event.get("deleted"):
            breached[target] = True
        first_reply = metric == "reply_time" and kind == "fulfill" and whole(event.get("instance_id", 1)) == 1
        if first_reply and raw.first_response[row] != raw.first_response[row]:
            raw.first_response[row] = when
        if metric == "reply_time" and kind == "update_status" and isinstance(event.get("status"), dict):
            business = event["status"].get("business")
            if business is not None and raw.desk["desk_response_min"][row] != raw.desk["desk_response_min"][row]:
                raw.desk["desk_response_min"][row] = float(business)
        if metric != "requester_wait_time":
            continue
        if kind == "pause" and paused_at is None:
            paused_at = when
        elif kind in {"activate", "fulfill"} and paused_at is not None:
            if when > paused_at:
                raw.pause_ticket.append(row)
                raw.pause_start.append(paused_at)
                raw.pause_end.append(when)
            paused_at = None
        if kind == "fulfill" and raw.resolved[row] != raw.resolved[row]:
            raw.resolved[row] = when
    if paused_at is not None:  # still pending
        raw.pause_ticket.append(row)
        raw.pause_start.append(paused_at)
        raw.pause_end.append(float("nan"))
    for target, key in (("reply_time", "desk_response_met"), ("resolution", "desk_resolution_met")):
        if breached[target]:
            raw.desk[key][row] = 0
        elif measured[target]:
            done = raw.first_response[row] if target == "reply_time" else raw.resolved[row]
            if done == done:
                raw.desk[key][row] = 1
