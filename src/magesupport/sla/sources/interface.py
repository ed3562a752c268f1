"""What every ticket importer is: a file in, a TicketFrame out, bad rows as file:line problems.

Each desk's importer only finds its columns and turns them into raw columns (`RawTickets`);
`assemble` checks them all the same way (ids, priorities, times in order) and builds the frame.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np

from magesupport.domain.errors import Problem, SlaImportError
from magesupport.domain.sla_settings import EventLogSettings, GenericColumns
from magesupport.files.csv_file import raise_problems
from magesupport.sla.frame import FloatArray, TicketFrame, severity_code
from magesupport.sla.priorities import PriorityMap


@dataclass(frozen=True)
class ImportOptions:
    timezone: str  # the desk's timezone, for times written without an offset
    priorities: PriorityMap = field(default_factory=PriorityMap)
    generic: GenericColumns = field(default_factory=GenericColumns)
    event_log: EventLogSettings = field(default_factory=EventLogSettings)
    skip_bad_rows: bool = False


@dataclass
class ImportedTickets:
    frame: TicketFrame
    rows_read: int
    skipped: list[Problem]


@dataclass
class RawTickets:
    """Columns as the desk wrote them, times already parsed; `bad` holds problems found so far by row."""

    display: str
    lines: list[int]
    ticket_ids: list[str]
    priorities: list[str]
    created: FloatArray
    first_response: FloatArray
    resolved: FloatArray
    status: list[str]
    reopens: list[int] | None = None
    bad: dict[int, list[tuple[str, str, int | None]]] = field(
        default_factory=dict
    )  # row -> [(field, message, line)]
    pause_ticket: list[int] = field(default_factory=list)  # row of each pause
    pause_start: list[float] = field(default_factory=list)
    pause_end: list[float] = field(default_factory=list)

    def flag(self, row: int, field_name: str, message: str, line: int | None = None) -> None:
        """Mark a row bad; `line` when the problem sits on another line than the row's first."""
        self.bad.setdefault(row, []).append((field_name, message, line))

    def flag_times(self, field_name: str, bad: dict[int, str]) -> None:
        for row, message in bad.items():
            self.flag(row, field_name, message)


class Importer(ABC):
    """One desk's export format."""

    name: ClassVar[str]
    label: ClassVar[str]

    @abstractmethod
    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        """Read the file into raw columns (SlaImportError when the file as a whole is unusable)."""

    def read(self, path: Path, options: ImportOptions, display: str | None = None) -> ImportedTickets:
        raw = self.raw(path, display or str(path), options)
        return assemble(raw, options)


def assemble(raw: RawTickets, options: ImportOptions) -> ImportedTickets:
    """Check every row and build the frame; raise on bad rows unless options.skip_bad_rows."""
    n = len(raw.ticket_ids)
    severity = np.zeros(n, dtype=np.int8)
    seen: dict[str, int] = {}
    for row in range(n):
        ticket = raw.ticket_ids[row].strip()
        raw.ticket_ids[row] = ticket
        if not ticket:
            raw.flag(row, "id", "empty ticket id")
        elif ticket in seen:
            raw.flag(
                row,
                "id",
                f"ticket {ticket} appears twice in this file (first on line {raw.lines[seen[ticket]]})",
            )
        else:
            seen[ticket] = row
        found = options.priorities.severity(raw.priorities[row])
        if found is None:
            raw.flag(row, "priority", options.priorities.problem(raw.priorities[row]))
        else:
            severity[row] = severity_code(found)
    created, first, resolved = raw.created, raw.first_response, raw.resolved
    with np.errstate(invalid="ignore"):
        for row in np.nonzero(np.isnan(created))[0].tolist():
            if row not in raw.bad:
                raw.flag(int(row), "created", "empty creation time")
        for row in np.nonzero(first < created - 0.5)[0].tolist():
            raw.flag(int(row), "first_response", "first response before the ticket was created")
        for row in np.nonzero(resolved < created - 0.5)[0].tolist():
            raw.flag(int(row), "resolved", "resolved before the ticket was created")
    problems = [
        Problem(raw.display, line or raw.lines[row], field_name, message)
        for row in sorted(raw.bad)
        for field_name, message, line in raw.bad[row]
    ]
    problems.sort(key=lambda p: p.line or 0)
    if problems and not options.skip_bad_rows:
        raise_problems(problems, SlaImportError)
    keep = np.ones(n, dtype=bool)
    keep[list(raw.bad)] = False
    reopens = np.asarray(raw.reopens if raw.reopens is not None else [0] * n, dtype=np.int32)
    frame = TicketFrame(
        ticket_ids=raw.ticket_ids,
        severity=severity,
        created=created,
        first_response=first,
        resolved=resolved,
        reopens=reopens,
        priority=[p.strip() for p in raw.priorities],
        status=[s.strip().lower() for s in raw.status],
        pause_ticket=np.asarray(raw.pause_ticket, dtype=np.int64),
        pause_start=np.asarray(raw.pause_start, dtype=np.float64),
        pause_end=np.asarray(raw.pause_end, dtype=np.float64),
    )
    if not keep.all():
        frame = frame.take(keep)
    return ImportedTickets(frame=frame, rows_read=n, skipped=problems)
