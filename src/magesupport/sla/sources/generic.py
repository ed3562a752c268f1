"""Any desk's CSV, with its column names given in store.yaml under `sla.generic` (docs/sla.md)."""

from __future__ import annotations

from pathlib import Path

from magesupport.domain.errors import SlaImportError
from magesupport.files.csv_file import read_csv
from magesupport.sla.sources.common import parse_times
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets


class GenericCsv(Importer):
    name = "generic"
    label = "CSV with the column mapping of store.yaml (sla.generic)"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        cols = options.generic
        table = read_csv(path, display, SlaImportError)
        tz, fmt = options.timezone, cols.time_format
        table.require_all(
            {f"sla.generic.{k}": v for k, v in cols.model_dump(exclude={"time_format"}).items()}
        )

        def optional(name: str | None) -> int | None:
            return table.require(name, name) if name else None

        created, bad_created = parse_times(table.column(table.require(cols.created, cols.created)), tz, fmt)
        first, bad_first = parse_times(table.column(optional(cols.first_response)), tz, fmt)
        resolved, bad_resolved = parse_times(table.column(optional(cols.resolved)), tz, fmt)
        raw = RawTickets(
            display=display,
            lines=table.lines,
            ticket_ids=table.column(table.require(cols.ticket_id, cols.ticket_id)),
            priorities=table.column(table.require(cols.priority, cols.priority)),
            created=created,
            first_response=first,
            resolved=resolved,
            status=table.column(optional(cols.status)),
        )
        raw.flag_times(cols.created, bad_created)
        raw.flag_times(cols.first_response or "", bad_first)
        raw.flag_times(cols.resolved or "", bad_resolved)
        if cols.reopens:
            reopens = []
            for row, text in enumerate(table.column(optional(cols.reopens))):
                try:
                    reopens.append(int(text) if text.strip() else 0)
                except ValueError:
                    raw.flag(row, cols.reopens, f"expected a whole number, got {text!r}")
                    reopens.append(0)
            raw.reopens = reopens
        return raw
