"""ServiceNow incidents, `--from servicenow`: the incident event log (one row per update, as in the public
"incident management process enriched event log": `number`, `incident_state`, `sys_updated_at`, `opened_at`,
`resolved_at`, `closed_at`, `priority` `1 - Critical` .. `4 - Low`, `reopen_count`, `made_sla`), or an incident
list export (one row per incident). `?` is an empty value. Times like `29-02-2016 01:23`, `29/2/2016 01:23` or
`2016-02-29 01:23:00` are told apart from the file (or set `sla.time_format`).

Event log: each incident's events through the event-log rules (eventlog.py): pauses while `Awaiting User Info`,
a resolved state followed by another state is a reopening; the first response is the first update out of the
`New` state (the log names no roles). `opened_at` is the creation (it precedes the first logged update) and the
last row's `resolved_at` the resolution. `made_sla` is the desk's own verdict on the incident's SLA.
An incident list has no response times: the response is unknown for every incident.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from magesupport.domain.errors import SlaImportError
from magesupport.domain.sla_settings import EventLogSettings
from magesupport.files.csv_file import CsvTable, read_csv
from magesupport.sla.sources.common import find, need, parse_times, whole
from magesupport.sla.sources.eventlog import from_events
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets

STATES = EventLogSettings(
    ticket_id="number",
    time="sys_updated_at",
    state="incident_state",
    priority="priority",
    actor=None,
    new_states=("new",),
    pause_states=("awaiting user info",),
    resolved_states=("resolved", "closed"),
)
FORMATS = (
    (re.compile(r"^\d{1,2}-\d{1,2}-\d{4} \d{1,2}:\d{2}$"), "%d-%m-%Y %H:%M"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}$"), "%d/%m/%Y %H:%M"),
    (re.compile(r"^\d{1,2}-\d{1,2}-\d{4} \d{1,2}:\d{2}:\d{2}$"), "%d-%m-%Y %H:%M:%S"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2}$"), "%d/%m/%Y %H:%M:%S"),
)


def time_format(table: CsvTable, index: int, options: ImportOptions) -> str | None:
    """The format of a time column: sla.time_format, else the day-first layout its first value has (else ISO)."""
    if options.time_format:
        return options.time_format
    sample = next((v.strip() for v in table.column(index) if v.strip() and v.strip() != "?"), "")
    return next((fmt for pattern, fmt in FORMATS if pattern.match(sample)), None)


def _times(table: CsvTable, index: int | None, options: ImportOptions, fmt: str | None) -> tuple[np.ndarray, dict[int, str]]:
    return parse_times(table.column(index), options.timezone, fmt)


class ServiceNowImporter(Importer):
    name = "servicenow"
    label = "ServiceNow: incident event log or incident list (CSV)"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        table = read_csv(path, display, SlaImportError)
        number = need(table, options, "id", "number", "Number", "incident_number")
        opened = need(table, options, "created", "opened_at", "Opened", "sys_created_on")
        fmt = time_format(table, opened, options)
        ids = [v.strip() for v in table.column(number)]
        if len(set(ids)) == len(ids):
            return self.incident_list(table, options, number, opened, fmt)
        state = need(table, options, "state", "incident_state", "state", "State")
        updated = need(table, options, "time", "sys_updated_at", "sys_updated_on", "Updated")
        times, bad = _times(table, updated, options, fmt)
        raw = from_events(
            display,
            table.lines,
            ids,
            times,
            bad,
            [v.strip().lower() for v in table.column(state)],
            table.column(find(table, options, "priority", "priority", "Priority")),
            None,
            STATES,
            table.header[updated],
        )
        raw.layout = "incident event log"
        raw.encoding = table.encoding
        last = [rows[-1] for rows in raw.events.values()]  # type: ignore[attr-defined]
        first = [rows[0] for rows in raw.events.values()]  # type: ignore[attr-defined]
        opened_at, bad_opened = _times(table, opened, options, fmt)
        resolved_col = find(table, options, "resolved", "resolved_at", "Resolved")
        resolved_at, _ = _times(table, resolved_col, options, fmt)
        for row in range(len(raw.ticket_ids)):
            if first[row] in bad_opened:
                raw.flag(row, table.header[opened], bad_opened[first[row]], table.lines[first[row]])
            start = opened_at[first[row]]
            if start == start and (raw.created[row] != raw.created[row] or start < raw.created[row]):
                raw.created[row] = start
            end = resolved_at[last[row]]
            if raw.resolved[row] == raw.resolved[row] and end == end:
                raw.resolved[row] = end
        reopen_col = find(table, options, "reopens", "reopen_count")
        if reopen_col is not None:
            counts = table.column(reopen_col)
            raw.reopens = [max(whole(counts[e]), r) for e, r in zip(last, raw.reopens or [], strict=True)]
        sla_col = find(table, options, "sla_resolution", "made_sla")
        if sla_col is not None:
            made = table.column(sla_col)
            raw.desk["desk_resolution_met"] = np.array([_flag(made[e]) for e in last], dtype=np.int8)
        return raw

    def incident_list(
        self, table: CsvTable, options: ImportOptions, number: int, opened: int, fmt: str | None
    ) -> RawTickets:
        created, bad_created = _times(table, opened, options, fmt)
        resolved_col = find(table, options, "resolved", "resolved_at", "Resolved")
        closed_col = find(table, options, "closed", "closed_at", "Closed")
        resolved, bad_resolved = _times(table, resolved_col, options, fmt)
        closed, _ = _times(table, closed_col, options, fmt)
        state_col = find(table, options, "state", "incident_state", "state", "State")
        updated, _ = _times(table, find(table, options, "time", "sys_updated_at", "sys_updated_on"), options, fmt)
        raw = RawTickets(
            display=table.display,
            lines=table.lines,
            ticket_ids=table.column(number),
            priorities=table.column(need(table, options, "priority", "priority", "Priority")),
            created=created,
            first_response=np.full(len(table.rows), np.nan),
            resolved=np.where(np.isnan(resolved), closed, resolved),
            status=table.column(state_col),
            reopens=[whole(v) for v in table.column(find(table, options, "reopens", "reopen_count"))],
            layout="incident list",
            encoding=table.encoding,
            status_time=updated,
            has_response=False,
            has_resolution=resolved_col is not None or closed_col is not None,
            response_sources="response time in an incident list (import the event log)",
            resolution_sources="'resolved_at' or 'closed_at' column",
        )
        raw.flag_times(table.header[opened], bad_created)
        if resolved_col is not None:
            raw.flag_times(table.header[resolved_col], bad_resolved)
        sla_col = find(table, options, "sla_resolution", "made_sla")
        if sla_col is not None:
            raw.desk["desk_resolution_met"] = np.array([_flag(v) for v in table.column(sla_col)], dtype=np.int8)
        return raw


def _flag(value: str) -> int:
    key = value.strip().lower()
    return 1 if key in {"true", "1", "yes"} else (0 if key in {"false", "0", "no"} else -1)
