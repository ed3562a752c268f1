"""What every ticket importer is: files in, a TicketFrame out, bad rows as file:line problems.

Each desk's importer only finds its columns (or JSON fields) and turns them into raw columns (`RawTickets`),
saying which layout it read and whether the export carries response and resolution times at all.
`assemble` then treats every desk the same way:

* ids, priorities and times in order are checked (bad rows are `file:line: field: message`);
* a metric that cannot be computed is UNKNOWN, never "not yet": without a response source in the export every
  ticket's response is unknown; a ticket done without a response time has an unknown response;
* a done status (solved, closed, done, resolved, Jira's Done category, in the languages of `statuses.py`)
  closes a ticket that has no resolution time, at the time of its last status change or update
  (CLOSED_BY_STATUS); without such a time its resolution is unknown. Every case is counted in `notes`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np

from magesupport.domain.errors import Problem, SlaImportError
from magesupport.domain.sla_settings import EventLogSettings, GenericColumns
from magesupport.files.csv_file import raise_problems
from magesupport.sla.frame import (
    CLOSED_BY_STATUS,
    UNKNOWN_RESOLUTION,
    UNKNOWN_RESPONSE,
    FloatArray,
    TicketFrame,
    severity_code,
)
from magesupport.sla.priorities import UNSET, PriorityMap
from magesupport.sla.sources.statuses import is_done


@dataclass(frozen=True)
class ImportOptions:
    timezone: str  # the desk's timezone, for times written without an offset
    priorities: PriorityMap = field(default_factory=PriorityMap)
    generic: GenericColumns = field(default_factory=GenericColumns)
    event_log: EventLogSettings = field(default_factory=EventLogSettings)
    skip_bad_rows: bool = False
    time_format: str | None = None  # a strptime format for every time column (default: the desk's own)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> extra header names
    agents: tuple[str, ...] = ()  # the provider's accounts (names, ids, emails): who can respond

    def names(self, what: str, *defaults: str) -> tuple[str, ...]:
        """Header names for a field: the ones store.yaml adds (sla.columns), then the desk's own."""
        return (*self.columns.get(what, ()), *defaults)

    def is_agent(self, *who: str) -> bool:
        wanted = {a.strip().lower() for a in self.agents if a.strip()}
        return any(w.strip().lower() in wanted for w in who if w and w.strip())


@dataclass
class ImportedTickets:
    frame: TicketFrame
    rows_read: int
    skipped: list[Problem]
    layout: str = ""
    notes: list[str] = field(default_factory=list)
    deleted: int = 0
    encoding: str = "utf-8"


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
    layout: str = ""
    encoding: str = "utf-8"
    has_response: bool = True  # the export carries a source of first-response times
    has_resolution: bool = True  # ... of resolution times
    response_sources: str = ""  # what was looked for, for the note when it is missing
    resolution_sources: str = ""
    done: list[bool] | None = None  # the desk says the ticket is done (default: read from `status`)
    status_time: FloatArray | None = None  # last status change (or update): closes done tickets
    deleted: int = 0
    notes: list[str] = field(default_factory=list)
    desk: dict[str, np.ndarray] = field(default_factory=dict)  # TicketFrame.desk_* columns
    unknown_response: np.ndarray | None = None  # rows whose response the export cannot tell (bool)
    source_rows: int | None = None  # rows of the file, when several make one ticket (event logs)

    def flag(self, row: int, field_name: str, message: str, line: int | None = None) -> None:
        """Mark a row bad; `line` when the problem sits on another line than the row's first."""
        self.bad.setdefault(row, []).append((field_name, message, line))

    def flag_times(self, field_name: str, bad: dict[int, str]) -> None:
        for row, message in bad.items():
            self.flag(row, field_name, message)


class Importer(ABC):
    """One desk's exports (its layouts are told apart from the file)."""

    name: ClassVar[str]
    label: ClassVar[str]

    @abstractmethod
    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        """Read the file into raw columns (SlaImportError when the file as a whole is unusable)."""

    def raw_many(self, paths: Sequence[Path], displays: Sequence[str], options: ImportOptions) -> RawTickets:
        """Several files of one export read as one (default: concatenated)."""
        parts = [self.raw(p, d, options) for p, d in zip(paths, displays, strict=True)]
        return concat(parts) if len(parts) > 1 else parts[0]

    def read(self, path: Path, options: ImportOptions, display: str | None = None) -> ImportedTickets:
        return assemble(self.raw(path, display or str(path), options), options)

    def read_many(
        self, paths: Sequence[Path], options: ImportOptions, displays: Sequence[str] | None = None
    ) -> ImportedTickets:
        return assemble(self.raw_many(paths, displays or [str(p) for p in paths], options), options)


def concat(parts: list[RawTickets]) -> RawTickets:
    """Raw columns of several files, one after the other (problems keep their own file)."""
    first = parts[0]
    out = RawTickets(
        display=first.display,
        lines=[],
        ticket_ids=[],
        priorities=[],
        created=np.concatenate([p.created for p in parts]),
        first_response=np.concatenate([p.first_response for p in parts]),
        resolved=np.concatenate([p.resolved for p in parts]),
        status=[],
        layout=", ".join(dict.fromkeys(p.layout for p in parts if p.layout)),
        has_response=all(p.has_response for p in parts),
        has_resolution=all(p.has_resolution for p in parts),
        response_sources=first.response_sources,
        resolution_sources=first.resolution_sources,
    )
    out.reopens = [] if any(p.reopens is not None for p in parts) else None
    out.done = [] if any(p.done is not None for p in parts) else None
    out.unknown_response = np.concatenate(
        [p.unknown_response if p.unknown_response is not None else np.zeros(len(p.ticket_ids), bool) for p in parts]
    )
    times = []
    offset = 0
    displays: dict[int, str] = {}
    for part in parts:
        n = len(part.ticket_ids)
        out.lines += part.lines
        out.ticket_ids += part.ticket_ids
        out.priorities += part.priorities
        out.status += part.status
        if out.reopens is not None:
            out.reopens += part.reopens or [0] * n
        if out.done is not None:
            out.done += part.done or [is_done(s) for s in part.status]
        times.append(part.status_time if part.status_time is not None else np.full(n, np.nan))
        for row, problems in part.bad.items():
            out.bad[row + offset] = problems
            displays[row + offset] = part.display
        out.pause_ticket += [t + offset for t in part.pause_ticket]
        out.pause_start += part.pause_start
        out.pause_end += part.pause_end
        out.deleted += part.deleted
        out.notes += part.notes
        offset += n
    out.status_time = np.concatenate(times) if times else None
    out.files = displays  # type: ignore[attr-defined]
    for key in {k for p in parts for k in p.desk}:
        filler = np.nan if key.endswith("_min") else -1
        out.desk[key] = np.concatenate(
            [p.desk.get(key, np.full(len(p.ticket_ids), filler)) for p in parts]
        )
    return out


def _metric_rules(raw: RawTickets, n: int) -> np.ndarray:
    """Flags of unknown and status-closed tickets (module docstring), with one note per case."""
    flags = np.zeros(n, dtype=np.int8)
    if raw.done is not None:
        done = np.asarray(raw.done, dtype=bool)
    else:  # once per distinct status, not per ticket
        verdict = {s: is_done(s) for s in set(raw.status)}
        done = np.fromiter((verdict[s] for s in raw.status), dtype=bool, count=len(raw.status))
    if len(done) != n:
        done = np.zeros(n, dtype=bool)
    status_time = raw.status_time if raw.status_time is not None else np.full(n, np.nan)
    no_resolution = np.isnan(raw.resolved)
    closes = done & no_resolution & ~np.isnan(status_time)
    if closes.any():
        raw.resolved = np.where(closes, status_time, raw.resolved)
        flags[closes] |= CLOSED_BY_STATUS
    unknown_resolution = done & np.isnan(raw.resolved)
    status_known = raw.done is not None or any(s.strip() for s in raw.status)
    if not raw.has_resolution and not status_known:
        unknown_resolution = np.isnan(raw.resolved)  # no resolution, no status: nothing tells
    flags[unknown_resolution] |= UNKNOWN_RESOLUTION
    finished = done | ~np.isnan(raw.resolved)
    if raw.has_response:
        unknown_response = finished & np.isnan(raw.first_response)
        if raw.unknown_response is not None:
            unknown_response |= raw.unknown_response
    else:
        unknown_response = np.ones(n, dtype=bool)
    flags[unknown_response] |= UNKNOWN_RESPONSE
    count = int(np.count_nonzero(unknown_response))
    if not raw.has_response and n:
        raw.notes.append(
            f"no first-response times in this export{_looked_for(raw.response_sources)}: the response of "
            f"all {n} tickets is unknown, never a breach, and earns no credit"
        )
    elif count:
        raw.notes.append(f"{count} tickets done without a first-response time: response unknown")
    if closes.any():
        raw.notes.append(
            f"{int(np.count_nonzero(closes))} tickets done by their status without a resolution time: "
            "resolved at their last status change or update"
        )
    count = int(np.count_nonzero(unknown_resolution))
    if count:
        raw.notes.append(
            f"{count} tickets without a resolution time the export can tell"
            f"{_looked_for(raw.resolution_sources) if not raw.has_resolution else ''}: resolution unknown"
        )
    return flags


def _looked_for(sources: str) -> str:
    return f" (no {sources})" if sources else ""


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
    unset = sum(1 for p in raw.priorities if (p or "").strip().lower() in UNSET)
    if unset:
        raw.notes.append(
            f"{unset} of {n} tickets have no priority: read as {options.priorities.unset.value} (the default for "
            "a ticket without one: store.yaml sla.unset_priority)"
        )
    created, first = raw.created, raw.first_response
    with np.errstate(invalid="ignore"):
        for row in np.nonzero(np.isnan(created))[0].tolist():
            if row not in raw.bad:
                raw.flag(int(row), "created", "empty creation time")
        for row in np.nonzero(first < created - 0.5)[0].tolist():
            raw.flag(int(row), "first_response", "first response before the ticket was created")
        for row in np.nonzero(raw.resolved < created - 0.5)[0].tolist():
            raw.flag(int(row), "resolved", "resolved before the ticket was created")
    files: dict[int, str] = getattr(raw, "files", {})
    problems = [
        Problem(files.get(row, raw.display), line or raw.lines[row], field_name, message)
        for row in sorted(raw.bad)
        for field_name, message, line in raw.bad[row]
    ]
    problems.sort(key=lambda p: (p.file, p.line or 0))
    if problems and not options.skip_bad_rows:
        raise_problems(problems, SlaImportError)
    keep = np.ones(n, dtype=bool)
    keep[list(raw.bad)] = False
    flags = _metric_rules(raw, n)
    reopens = np.asarray(raw.reopens if raw.reopens is not None else [0] * n, dtype=np.int32)
    frame = TicketFrame(
        ticket_ids=raw.ticket_ids,
        severity=severity,
        created=created,
        first_response=first,
        resolved=raw.resolved,
        reopens=reopens,
        priority=[p.strip() for p in raw.priorities],
        status=[s.strip().lower() for s in raw.status] if raw.status else [""] * n,
        pause_ticket=np.asarray(raw.pause_ticket, dtype=np.int64),
        pause_start=np.asarray(raw.pause_start, dtype=np.float64),
        pause_end=np.asarray(raw.pause_end, dtype=np.float64),
        flags=flags,
        **{key: raw.desk[key] for key in raw.desk},  # type: ignore[arg-type]
    )
    if not keep.all():
        frame = frame.take(keep)
    return ImportedTickets(
        frame=frame,
        rows_read=raw.source_rows if raw.source_rows is not None else n,
        skipped=problems,
        layout=raw.layout,
        notes=raw.notes,
        deleted=raw.deleted,
        encoding=raw.encoding,
    )
