"""Jira Service Management: the issue CSV export (Filters > Export > CSV).

Columns used: `Issue key`, `Priority`, `Status`, `Created`, `Resolved`, the SLA field
`Custom field (Date of First Response)` (or `Date of First Response`), and the repeated `Comment` columns
(`12/Mar/26 3:04 PM;author;text`). Times are Jira's `12/Mar/26 3:04 PM` in the stated timezone (ISO times
are accepted too). When the first-response field is empty, the first response is the earliest comment by
someone other than the reporter (`Reporter` or `Reporter Id`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from magesupport.domain.errors import SlaImportError
from magesupport.files.csv_file import read_csv
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets
from magesupport.sla.timeparse import JIRA, TimeParseError, localize, parse_jira, parse_times


class JiraCsv(Importer):
    name = "jira"
    label = "Jira Service Management CSV export"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        table = read_csv(path, display, SlaImportError)
        tz = options.timezone
        created, bad_created = parse_times(table.column(table.require("created", "Created")), tz, JIRA)
        resolved, bad_resolved = parse_times(table.column(table.index_of("Resolved")), tz, JIRA)
        first_col = table.index_of("Custom field (Date of First Response)", "Date of First Response")
        first, bad_first = parse_times(table.column(first_col), tz, JIRA)
        raw = RawTickets(
            display=display,
            lines=table.lines,
            ticket_ids=table.column(table.require("id", "Issue key", "Key", "Issue id")),
            priorities=table.column(table.require("priority", "Priority")),
            created=created,
            first_response=first,
            resolved=resolved,
            status=table.column(table.index_of("Status")),
        )
        raw.flag_times("Created", bad_created)
        raw.flag_times("Resolved", bad_resolved)
        raw.flag_times("Date of First Response", bad_first)
        comments = table.indexes_of("Comment")
        if comments:
            reporters = list(
                zip(
                    table.column(table.index_of("Reporter")),
                    table.column(table.index_of("Reporter Id")),
                    strict=True,
                )
            )
            from_comments = self._first_comment(table.rows, comments, reporters, raw)
            fill = np.isnan(raw.first_response)
            raw.first_response[fill] = localize(from_comments, tz)[fill]
        return raw

    @staticmethod
    def _first_comment(
        rows: list[list[str]], columns: list[int], reporters: list[tuple[str, str]], raw: RawTickets
    ) -> np.ndarray:
        """Naive local time of each row's earliest comment not written by the reporter (NaN when none)."""
        out = np.full(len(rows), np.nan)
        for row_index, row in enumerate(rows):
            reporter = {r.strip().lower() for r in reporters[row_index] if r.strip()}
            earliest = np.nan
            for col in columns:
                cell = row[col] if col < len(row) else ""
                if not cell.strip():
                    continue
                when, _, rest = cell.partition(";")
                author = rest.partition(";")[0].strip().lower()
                if author in reporter:
                    continue
                try:
                    seconds, _aware = parse_jira(when)
                except TimeParseError as exc:
                    raw.flag(row_index, "Comment", f"comment time: {exc}")
                    continue
                if not earliest <= seconds:  # NaN-safe min
                    earliest = seconds
            out[row_index] = earliest
        return out
