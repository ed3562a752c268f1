"""Freshdesk: the ticket CSV export (Tickets > Export).

Columns used: `Ticket ID`, `Priority` (Urgent, High, Medium, Low), `Status`, `Created time`,
`Initial response time` (when the first response was sent), `Resolved time` (else `Closed time`).
Times are `2026-03-12 15:04:05` in the helpdesk's timezone.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from magesupport.domain.errors import SlaImportError
from magesupport.files.csv_file import read_csv
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets
from magesupport.sla.timeparse import parse_times


class FreshdeskCsv(Importer):
    name = "freshdesk"
    label = "Freshdesk ticket CSV export"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        table = read_csv(path, display, SlaImportError)
        tz = options.timezone
        created, bad_created = parse_times(table.column(table.require("created", "Created time")), tz)
        first, bad_first = parse_times(table.column(table.index_of("Initial response time")), tz)
        resolved, bad_resolved = parse_times(table.column(table.index_of("Resolved time")), tz)
        closed, bad_closed = parse_times(table.column(table.index_of("Closed time")), tz)
        raw = RawTickets(
            display=display,
            lines=table.lines,
            ticket_ids=table.column(table.require("id", "Ticket ID", "Ticket Id")),
            priorities=table.column(table.require("priority", "Priority")),
            created=created,
            first_response=first,
            resolved=np.where(np.isnan(resolved), closed, resolved),
            status=table.column(table.index_of("Status")),
        )
        raw.flag_times("Created time", bad_created)
        raw.flag_times("Initial response time", bad_first)
        raw.flag_times("Resolved time", bad_resolved)
        raw.flag_times("Closed time", bad_closed)
        return raw
