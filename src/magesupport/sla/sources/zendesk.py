"""Zendesk: the ticket CSV export (Reporting > Export) and the JSON export (one ticket per line, or an array).

CSV columns used: `Id`, `Priority`, `Status`, `Created at`, `Solved at`, `First reply time in minutes`
(calendar minutes, as Zendesk counts them), `Reopens`. JSON fields: `id`, `priority`, `status`,
`created_at`, `updated_at`, and `metric_set` (`reply_time_in_minutes.calendar`, `solved_at`, `reopens`).
A solved or closed ticket without a solved time takes its last update time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from magesupport.domain.errors import Problem, SlaImportError
from magesupport.files.csv_file import read_csv
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets
from magesupport.sla.timeparse import parse_times

SOLVED = {"solved", "closed"}


def _minutes(values: list[str], raw: RawTickets, field_name: str) -> np.ndarray:
    out = np.full(len(values), np.nan)
    for row, text in enumerate(values):
        text = text.strip()
        if not text or text == "-":
            continue
        try:
            out[row] = float(text.replace(",", ""))
        except ValueError:
            raw.flag(row, field_name, f"expected a number of minutes, got {text!r}")
            continue
        if out[row] < 0:
            raw.flag(row, field_name, f"a negative number of minutes: {text!r}")
    return out


def _int(text: str) -> int:
    try:
        return int(float(text)) if text.strip() else 0
    except ValueError:
        return 0


class ZendeskCsv(Importer):
    name = "zendesk"
    label = "Zendesk ticket CSV export"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        table = read_csv(path, display, SlaImportError)
        tz = options.timezone
        ids = table.column(table.require("id", "Id", "Ticket ID"))
        created, bad_created = parse_times(table.column(table.require("created", "Created at")), tz)
        solved, bad_solved = parse_times(table.column(table.index_of("Solved at")), tz)
        updated, _ = parse_times(table.column(table.index_of("Updated at")), tz)
        status = table.column(table.index_of("Status"))
        raw = RawTickets(
            display=display,
            lines=table.lines,
            ticket_ids=ids,
            priorities=table.column(table.require("priority", "Priority")),
            created=created,
            first_response=np.full(len(ids), np.nan),
            resolved=solved,
            status=status,
            reopens=[_int(v) for v in table.column(table.index_of("Reopens"))],
        )
        raw.flag_times("Created at", bad_created)
        raw.flag_times("Solved at", bad_solved)
        reply = _minutes(
            table.column(table.index_of("First reply time in minutes")), raw, "First reply time in minutes"
        )
        raw.first_response = created + reply * 60.0
        _solved_fallback(raw, updated)
        return raw


def _solved_fallback(raw: RawTickets, updated: np.ndarray) -> None:
    closed = np.array([s.strip().lower() in SOLVED for s in raw.status], dtype=bool)
    missing = closed & np.isnan(raw.resolved)
    raw.resolved = np.where(missing, updated, raw.resolved)


_TICKETS_KEY = re.compile(r'"tickets"\s*:\s*\[')


def _json_objects(text: str, display: str) -> list[tuple[int, Any]]:
    """(line, object) for NDJSON, a top-level array, or {"tickets": [...]}."""
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    items: list[tuple[int, Any]] = []
    if stripped.startswith("{") and not _TICKETS_KEY.search(text[:2000]) and "\n{" in text.strip():
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    items.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise SlaImportError([Problem(display, number, "", f"JSON: {exc.msg}")]) from None
        return items
    match = _TICKETS_KEY.search(text)
    pos = match.end() if match else text.find("[") + 1
    if pos <= 0:
        if stripped.startswith("{"):  # a single ticket
            pos = -1
        else:
            raise SlaImportError(
                [Problem(display, 1, "", "expected JSON tickets (one per line, or an array)")]
            )
    if pos == -1:
        start = text.find("{")
        try:
            return [(text.count("\n", 0, start) + 1, decoder.raw_decode(text, start)[0])]
        except json.JSONDecodeError as exc:
            raise SlaImportError([Problem(display, exc.lineno, "", f"JSON: {exc.msg}")]) from None
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return items
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise SlaImportError([Problem(display, exc.lineno, "", f"JSON: {exc.msg}")]) from None
        items.append((text.count("\n", 0, pos) + 1, obj))
        pos = end


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class ZendeskJson(Importer):
    name = "zendesk-json"
    label = "Zendesk JSON export (tickets with metric_set)"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise SlaImportError([Problem(display, None, "", f"cannot read: {exc}")]) from None
        items = _json_objects(text, display)
        lines = [line for line, _ in items]
        objects = [obj if isinstance(obj, dict) else {} for _, obj in items]
        metrics: list[dict[str, Any]] = [
            m if isinstance(m, dict) else {} for m in (o.get("metric_set") for o in objects)
        ]
        tz = options.timezone
        created, bad_created = parse_times([_text(o.get("created_at")) for o in objects], tz)
        solved_text = [
            _text(m.get("solved_at") or o.get("solved_at")) for o, m in zip(objects, metrics, strict=True)
        ]
        solved, bad_solved = parse_times(solved_text, tz)
        updated, _ = parse_times([_text(o.get("updated_at")) for o in objects], tz)
        raw = RawTickets(
            display=display,
            lines=lines,
            ticket_ids=[_text(o.get("id")) for o in objects],
            priorities=[_text(o.get("priority")) for o in objects],
            created=created,
            first_response=np.full(len(objects), np.nan),
            resolved=solved,
            status=[_text(o.get("status")) for o in objects],
            reopens=[_int(_text(m.get("reopens"))) for m in metrics],
        )
        for row, (_, obj) in enumerate(items):
            if not isinstance(obj, dict):
                raw.flag(row, "", f"expected a ticket object, got {type(obj).__name__}")
        raw.flag_times("created_at", bad_created)
        raw.flag_times("solved_at", bad_solved)
        reply = []
        for metric in metrics:
            value = metric.get("reply_time_in_minutes")
            value = value.get("calendar") if isinstance(value, dict) else value
            reply.append("" if value is None else str(value))
        minutes = _minutes(reply, raw, "metric_set.reply_time_in_minutes.calendar")
        raw.first_response = created + minutes * 60.0
        _solved_fallback(raw, updated)
        return raw
