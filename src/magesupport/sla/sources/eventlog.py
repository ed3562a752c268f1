"""An event log: one row per ticket update (ticket, time, state, priority, actor), in any order.

Columns are named in store.yaml under `sla.event_log` (defaults: ticket_id, time, state, priority, actor).
From each ticket's events, in time order:

* created: the first event; priority: the last non-empty priority written;
* first response: the first later event by an agent (`actor` in `agent_actors`), or, when the file has no
  actor column, the first later event whose state is not a new state (`new_states`);
* pauses: the time spent in a pause state (`pause_states`, e.g. "awaiting customer"), and the time spent
  resolved before a reopening; the clock stops during both;
* resolved: the start of the final run of resolved states (`resolved_states`); a resolved state followed
  by another state is a reopening. A ticket whose last state is a pause state stays paused (open end).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from magesupport.domain.errors import SlaImportError
from magesupport.domain.sla_settings import EventLogSettings
from magesupport.files.csv_file import read_csv
from magesupport.sla.sources.common import parse_times
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets


class EventLogCsv(Importer):
    name = "eventlog"
    label = "event-log CSV (one row per ticket update)"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        cols = options.event_log
        table = read_csv(path, display, SlaImportError)
        table.require_all({f"sla.event_log.{k}": getattr(cols, k) for k in ("ticket_id", "time", "state")})
        ids = [v.strip() for v in table.column(table.require(cols.ticket_id, cols.ticket_id))]
        times, bad_times = parse_times(
            table.column(table.require(cols.time, cols.time)), options.timezone, options.time_format or cols.time_format
        )
        states = [v.strip().lower() for v in table.column(table.require(cols.state, cols.state))]
        priorities = table.column(table.index_of(cols.priority))
        actor_col = table.index_of(cols.actor) if cols.actor else None
        actors = [v.strip().lower() for v in table.column(actor_col)] if actor_col is not None else None
        raw = from_events(
            display, table.lines, ids, times, bad_times, states, priorities, actors, cols, cols.time
        )
        raw.layout = "event log"
        raw.encoding = table.encoding
        return raw


def from_events(
    display: str,
    lines: list[int],
    ids: list[str],
    times: np.ndarray,
    bad_times: dict[int, str],
    states: list[str],
    priorities: list[str],
    actors: list[str] | None,
    cols: EventLogSettings,
    time_field: str,
) -> RawTickets:
    """One raw ticket per id from its events (module docstring); `order` of rows kept in raw.events."""
    order: dict[str, list[int]] = {}
    for index, ticket in enumerate(ids):
        order.setdefault(ticket, []).append(index)
    tickets = list(order)
    n = len(tickets)
    raw = RawTickets(
        display=display,
        lines=[lines[order[t][0]] for t in tickets],
        ticket_ids=tickets,
        priorities=[""] * n,
        created=np.full(n, np.nan),
        first_response=np.full(n, np.nan),
        resolved=np.full(n, np.nan),
        status=[""] * n,
        reopens=[0] * n,
    )
    raw.events = order  # type: ignore[attr-defined]
    raw.source_rows = len(ids)
    pause, resolved_set, new = set(cols.pause_states), set(cols.resolved_states), set(cols.new_states)
    agents = set(cols.agent_actors)
    for row, ticket in enumerate(tickets):
        events = order[ticket]
        problem = False
        for e in events:
            if e in bad_times:
                raw.flag(row, time_field, bad_times[e], lines[e])
                problem = True
            elif not states[e]:
                raw.flag(row, cols.state, "empty state", lines[e])
                problem = True
        if not ticket:
            raw.flag(row, cols.ticket_id, "empty ticket id")
        if problem or not ticket:
            continue
        events.sort(key=lambda e: times[e])  # stable: same-time events keep the file's order
        stamps = [float(times[e]) for e in events]
        seq = [states[e] for e in events]
        raw.created[row] = stamps[0]
        raw.priorities[row] = next((priorities[e] for e in reversed(events) if priorities[e].strip()), "")
        raw.status[row] = seq[-1]
        if actors is not None:
            responders = [k for k in range(1, len(events)) if actors[events[k]] in agents]
        else:
            responders = [k for k in range(1, len(events)) if seq[k] not in new]
        if responders:
            raw.first_response[row] = stamps[responders[0]]
        final = len(seq)
        while final > 0 and seq[final - 1] in resolved_set:
            final -= 1
        if final < len(seq):
            raw.resolved[row] = stamps[final]
        for k in range(final):
            state = seq[k]
            end = stamps[k + 1] if k + 1 < len(seq) else float("nan")
            if state in resolved_set:
                if k + 1 < len(seq) and seq[k + 1] not in resolved_set:
                    raw.reopens[row] += 1  # type: ignore[index]
            elif state not in pause:
                continue
            if raw.pause_ticket and raw.pause_ticket[-1] == row and raw.pause_end[-1] == stamps[k]:
                raw.pause_end[-1] = end  # contiguous with the previous pause: one interval
            elif end != end or end > stamps[k]:
                raw.pause_ticket.append(row)
                raw.pause_start.append(stamps[k])
                raw.pause_end.append(end)
    raw.done = [bool(s) and s in resolved_set for s in raw.status]
    return raw
