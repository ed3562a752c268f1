"""Zendesk, every layout under one `--from zendesk`: the file says which it is.

* **Classic CSV** (Reporting > Export): `Id`, `Priority`, `Status`, `Created at`, `Updated at`, `Solved at`,
  `First reply time in minutes` (calendar minutes), `... within business hours`, `Full resolution time in
  minutes`, `Reopens`.
* **Explore CSV**: `Ticket ID`, `Ticket priority`, `Ticket status`, `Ticket created - Timestamp`, `Ticket solved
  - Timestamp`, `Ticket updated - Timestamp`, `First reply time (min)` or `(hrs)`, `Full resolution time
  (min)`, business-hours variants, an aggregator prefix (`SUM(...)`, `AVG ...`) ignored. Duration brackets
  (`First reply time brackets`: `0-1 hrs`, `>24 hrs`) are ranges, not times: they tell nothing exact.
* **API field names** in a CSV (`id`, `priority`, `status`, `created_at`, `solved_at`, ...).
* **API JSON**: zendesk_api.py.

The first response is the creation time plus the calendar reply minutes (business minutes alone cannot give
an instant: the response is then unknown). The desk's own minutes (business when given) are kept for
reconciliation. Deleted tickets are dropped and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from magesupport.domain.errors import SlaImportError
from magesupport.files.csv_file import CsvTable, read_csv
from magesupport.sla.sources.common import drop_deleted, find, is_json, minutes, need, times, whole
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets

ID = ("Id", "Ticket ID", "Ticket Id", "id", "ticket_id")
PRIORITY = ("Priority", "Ticket priority", "priority")
STATUS = ("Status", "Ticket status", "status")
CREATED = ("Created at", "Ticket created - Timestamp", "created_at")
SOLVED = ("Solved at", "Ticket solved - Timestamp", "solved_at")
UPDATED = ("Updated at", "Ticket updated - Timestamp", "updated_at")
STATUS_UPDATED = ("Ticket status updated - Timestamp", "status_updated_at")
REPLY = ("First reply time in minutes", "First reply time (min)", "reply_time_in_minutes", "reply_time_in_minutes.calendar")
REPLY_HOURS = ("First reply time (hrs)",)
REPLY_BUSINESS = (
    "First reply time in minutes within business hours",
    "First reply time - Business hours (min)",
    "First reply time (min) - Business hours",
    "reply_time_in_minutes.business",
)
RESOLUTION = ("Full resolution time in minutes", "Full resolution time (min)", "full_resolution_time_in_minutes", "full_resolution_time_in_minutes.calendar")
RESOLUTION_HOURS = ("Full resolution time (hrs)",)
RESOLUTION_BUSINESS = (
    "Full resolution time in minutes within business hours",
    "Full resolution time - Business hours (min)",
    "Full resolution time (min) - Business hours",
    "full_resolution_time_in_minutes.business",
)
REOPENS = ("Reopens", "reopens")
BRACKETS = ("First reply time brackets", "Full resolution time brackets")


def layout_of(table: CsvTable) -> str:
    headers = {h.strip().lower() for h in table.header}
    if any(h.endswith("- timestamp") or h.startswith("ticket ") for h in headers):
        return "Explore CSV"
    if "created_at" in headers:
        return "CSV with API field names"
    return "classic CSV export"


def _duration(
    table: CsvTable, options: ImportOptions, raw: RawTickets, what: str, mins: Sequence[str], hrs: Sequence[str]
) -> tuple[np.ndarray, bool]:
    col = find(table, options, what, *mins)
    if col is not None:
        return minutes(table.column(col), raw, table.header[col]), True
    col = find(table, options, what, *hrs)
    if col is not None:
        return minutes(table.column(col), raw, table.header[col], scale=60.0), True
    return np.full(len(table.rows), np.nan), False


class ZendeskImporter(Importer):
    name = "zendesk"
    label = "Zendesk: classic or Explore CSV, API JSON (pages, single ticket, metrics, metric events)"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        if is_json(path):
            from magesupport.sla.sources.zendesk_api import read_api

            return read_api([path], [display], options)
        return self.csv(read_csv(path, display, SlaImportError), options)

    def raw_many(self, paths: Sequence[Path], displays: Sequence[str], options: ImportOptions) -> RawTickets:
        if all(is_json(p) for p in paths):  # API responses of one export: metrics and events join tickets
            from magesupport.sla.sources.zendesk_api import read_api

            return read_api(list(paths), list(displays), options)
        return super().raw_many(paths, displays, options)

    def csv(self, table: CsvTable, options: ImportOptions) -> RawTickets:
        created, bad_created = times(table, need(table, options, "created", *CREATED), options)
        solved_col = find(table, options, "resolved", *SOLVED)
        solved, bad_solved = times(table, solved_col, options)
        status_col = find(table, options, "status_time", *STATUS_UPDATED)
        if status_col is None:
            status_col = find(table, options, "updated", *UPDATED)
        status_time, _ = times(table, status_col, options)
        status = table.column(find(table, options, "status", *STATUS))
        raw = RawTickets(
            display=table.display,
            lines=table.lines,
            ticket_ids=table.column(need(table, options, "id", *ID)),
            priorities=table.column(need(table, options, "priority", *PRIORITY)),
            created=created,
            first_response=np.full(len(table.rows), np.nan),
            resolved=solved,
            status=status,
            reopens=[whole(v) for v in table.column(find(table, options, "reopens", *REOPENS))],
            layout=layout_of(table),
            encoding=table.encoding,
            status_time=status_time,
            response_sources="'First reply time in minutes' or 'First reply time (min)' column",
            resolution_sources="'Solved at' or 'Ticket solved - Timestamp' column",
        )
        raw.flag_times(table.header[need(table, options, "created", *CREATED)], bad_created)
        if solved_col is not None:
            raw.flag_times(table.header[solved_col], bad_solved)
        reply, has_reply = _duration(table, options, raw, "first_response_minutes", REPLY, REPLY_HOURS)
        full, has_full = _duration(table, options, raw, "resolution_minutes", RESOLUTION, RESOLUTION_HOURS)
        raw.first_response = created + reply * 60.0
        raw.has_response = has_reply
        if solved_col is None and has_full:
            raw.resolved = created + full * 60.0
        raw.has_resolution = solved_col is not None or has_full
        business, has_business = _duration(table, options, raw, "response_business_minutes", REPLY_BUSINESS, ())
        raw.desk["desk_response_min"] = business if has_business else reply
        business, has_business = _duration(table, options, raw, "resolution_business_minutes", RESOLUTION_BUSINESS, ())
        raw.desk["desk_resolution_min"] = business if has_business else full
        if not has_reply and find(table, options, "brackets", *BRACKETS) is not None:
            raw.notes.append(
                "reply time brackets (0-1 hrs, >24 hrs ...) are ranges, not times: they give no response time"
            )
        return drop_deleted(raw)
