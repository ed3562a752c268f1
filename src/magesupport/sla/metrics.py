"""SLA metrics of every ticket at once, on the contract's own clocks (numpy over whole columns).

For each severity the contract's response and resolution targets are resolved to a calendar and an amount
of covered time (`coverage.target_clock`: clock durations count on the severity's coverage calendar,
business hours and days on the business-hours calendar). Then, for all tickets of that severity together:

* elapsed = covered time from creation to the event (first response, resolution), minus the covered time
  inside the ticket's pauses; a ticket without the event yet is measured up to `as_of`;
* breach = elapsed above the target (meeting it to the second is not a breach); an open ticket already past
  its target counts as breached;
* due = the instant the target runs out, pauses added back (walked pause by pause, all tickets at once).

A severity the contract has no terms for is measured on a 24x7 clock, without targets.

A ticket whose response or resolution time the export cannot tell (flag UNKNOWN_*) is "unknown" for that
kind: neither done nor open, never a breach, left out of every figure but the unknown count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from magesupport.calendars.coverage import coverage_spec, target_clock
from magesupport.calendars.tables import CoverageCalendar, calendar_for_span
from magesupport.domain.base import SEVERITIES
from magesupport.domain.package import SupportPackage
from magesupport.domain.units import CalendarSpec
from magesupport.sla.frame import (
    UNKNOWN_RESOLUTION,
    UNKNOWN_RESPONSE,
    FloatArray,
    IntArray,
    TicketFrame,
)

KINDS = ("response", "resolution")
TOLERANCE = 1e-6  # seconds


@dataclass(frozen=True)
class Clock:
    """Where a target is counted and how much covered time it allows (seconds None: no target)."""

    spec: CalendarSpec
    seconds: float | None
    text: str | None


def contract_clocks(package: SupportPackage, store_timezone: str) -> dict[tuple[int, str], Clock]:
    """(severity code, "response"|"resolution") -> Clock, for P1..P4."""
    clocks: dict[tuple[int, str], Clock] = {}
    for code, severity in enumerate(SEVERITIES):
        coverage = coverage_spec(package, severity, store_timezone) or CalendarSpec.always()
        for kind in KINDS:
            target = target_clock(package, severity, kind, store_timezone)  # type: ignore[arg-type]
            clocks[(code, kind)] = (
                Clock(target.spec, target.seconds, target.text) if target else Clock(coverage, None, None)
            )
    return clocks


@dataclass
class KindMetrics:
    """One kind of target (response or resolution) for every ticket of a frame."""

    elapsed: FloatArray  # covered seconds, pauses removed (up to as_of while not done)
    done: NDArray[np.bool_]  # the event happened
    has_target: NDArray[np.bool_]
    due: FloatArray  # NaN without a target
    breach: NDArray[np.bool_]
    unknown: NDArray[np.bool_]  # the export cannot tell this time: neither done, open nor breached


@dataclass
class TicketMetrics:
    response: KindMetrics
    resolution: KindMetrics
    as_of: float

    def kind(self, name: str) -> KindMetrics:
        return self.response if name == "response" else self.resolution


def paused_covered(
    calendar: CoverageCalendar,
    pause_row: IntArray,
    pause_start: FloatArray,
    pause_end: FloatArray,
    start: FloatArray,
    end: FloatArray,
    rows: int,
) -> FloatArray:
    """Covered seconds inside each ticket's pauses, clipped to [start, end] of that ticket."""
    if len(pause_row) == 0:
        return np.zeros(rows)
    lo = np.maximum(pause_start, start[pause_row])
    hi = np.minimum(np.where(np.isnan(pause_end), np.inf, pause_end), end[pause_row])
    hi = np.maximum(hi, lo)
    covered = calendar.covered_seconds(lo, hi)
    return np.asarray(np.bincount(pause_row, weights=covered, minlength=rows), dtype=np.float64)


def _due_with_pauses(
    calendar: CoverageCalendar,
    start: FloatArray,
    seconds: float,
    pause_row: IntArray,
    pause_start: FloatArray,
    pause_end: FloatArray,
) -> FloatArray:
    """When `seconds` of unpaused covered time from `start` have run, pause by pause (vectorised by rank).

    Round r takes every ticket's r-th pause: if the target runs out before that pause starts, the due time is
    found; otherwise the covered time up to the pause is spent and counting resumes at the pause's end.
    """
    if len(pause_row) == 0:
        return calendar.deadline(start, np.full(start.shape, seconds))
    order = np.lexsort((pause_start, pause_row))
    rows, p_start, p_end = pause_row[order], pause_start[order], pause_end[order]
    first = np.searchsorted(rows, rows, side="left")
    rank = np.arange(len(rows)) - first
    cursor = start.copy()
    remaining = np.full(start.shape, float(seconds))
    due = np.full(start.shape, np.nan)
    for r in range(int(rank.max()) + 1):
        pick = np.nonzero(rank == r)[0]
        ticket = rows[pick]
        live = np.isnan(due[ticket])
        pick, ticket = pick[live], ticket[live]
        if pick.size == 0:
            continue
        at = cursor[ticket]
        until = np.maximum(p_start[pick], at)
        available = calendar.covered_seconds(at, until)
        ends_here = available >= remaining[ticket]
        done_rows = ticket[ends_here]
        due[done_rows] = calendar.deadline(cursor[done_rows], remaining[done_rows])
        go_on = ticket[~ends_here]
        remaining[go_on] -= available[~ends_here]
        cursor[go_on] = np.maximum(cursor[go_on], p_end[pick[~ends_here]])
    rest = np.isnan(due)
    due[rest] = calendar.deadline(cursor[rest], remaining[rest])
    return due


def _measure(
    frame: TicketFrame, clocks: dict[tuple[int, str], Clock], kind: str, as_of: float
) -> KindMetrics:
    n = len(frame)
    event = frame.first_response if kind == "response" else frame.resolved
    unknown = frame.flagged(UNKNOWN_RESPONSE if kind == "response" else UNKNOWN_RESOLUTION)
    done = ~np.isnan(event) & ~unknown
    elapsed = np.zeros(n)
    due = np.full(n, np.nan)
    breach = np.zeros(n, dtype=bool)
    has_target = np.zeros(n, dtype=bool)
    for code in range(len(SEVERITIES)):
        rows = np.nonzero(frame.severity == code)[0]
        if len(rows) == 0:
            continue
        clock = clocks[(code, kind)]
        start = frame.created[rows]
        end = np.where(done[rows], event[rows], np.maximum(as_of, start))
        end = np.where(unknown[rows], start, end)  # nothing to measure
        calendar = calendar_for_span(clock.spec, float(start.min()), float(max(end.max(), as_of)))
        local = np.full(n, -1, dtype=np.int64)
        local[rows] = np.arange(len(rows))
        mine = local[frame.pause_ticket] >= 0 if len(frame.pause_ticket) else np.zeros(0, dtype=bool)
        p_row = local[frame.pause_ticket[mine]] if len(mine) else np.zeros(0, dtype=np.int64)
        p_start, p_end = frame.pause_start[mine], frame.pause_end[mine]
        p_end = np.where(np.isnan(p_end), np.maximum(as_of, p_start), p_end)  # still paused: up to as_of
        gross = calendar.covered_seconds(start, end)
        paused = paused_covered(calendar, p_row, p_start, p_end, start, end, len(rows))
        elapsed[rows] = gross - paused
        if clock.seconds is None:
            continue
        has_target[rows] = True
        breach[rows] = (elapsed[rows] > clock.seconds + TOLERANCE) & ~unknown[rows]
        due[rows] = _due_with_pauses(calendar, start, clock.seconds, p_row, p_start, p_end)
    return KindMetrics(
        elapsed=elapsed, done=done, has_target=has_target, due=due, breach=breach, unknown=unknown
    )


def ticket_metrics(frame: TicketFrame, clocks: dict[tuple[int, str], Clock], as_of: float) -> TicketMetrics:
    """Response and resolution metrics of every ticket; open tickets are measured up to `as_of`."""
    return TicketMetrics(
        response=_measure(frame, clocks, "response", as_of),
        resolution=_measure(frame, clocks, "resolution", as_of),
        as_of=as_of,
    )


@dataclass(frozen=True)
class GroupStats:
    tickets: int
    done: int
    median_h: float | None
    p90_h: float | None
    breaches: int
    judged: int  # tickets with a target whose outcome is known (done, or already breached)
    unknown: int = 0  # tickets whose time the export cannot tell


def group_stats(metrics: KindMetrics, rows: NDArray[np.bool_]) -> GroupStats:
    """Counts, median and p90 (numpy's linear interpolation) of covered hours, breaches, for selected rows."""
    done = rows & metrics.done
    hours = metrics.elapsed[done] / 3600.0
    median = float(np.median(hours)) if hours.size else None
    p90 = float(np.percentile(hours, 90)) if hours.size else None
    breaches = int(np.count_nonzero(rows & metrics.breach))
    judged = int(np.count_nonzero(rows & metrics.has_target & (metrics.done | metrics.breach)))
    unknown = int(np.count_nonzero(rows & metrics.unknown))
    return GroupStats(
        int(np.count_nonzero(rows)), int(np.count_nonzero(done)), median, p90, breaches, judged, unknown
    )


def monthly_groups(
    month_index: IntArray, severity: NDArray[np.int8], metrics: KindMetrics, months: int
) -> dict[tuple[int, int], GroupStats]:
    """GroupStats for every (month, severity) at once: one sort, then slices (no per-ticket Python)."""
    key = month_index.astype(np.int64) * len(SEVERITIES) + severity.astype(np.int64)
    valid = (month_index >= 0) & (month_index < months)
    order = np.lexsort((metrics.elapsed, ~metrics.done, key))
    order = order[valid[order]]
    sorted_key = key[order]
    bounds = np.flatnonzero(np.diff(sorted_key)) + 1
    out: dict[tuple[int, int], GroupStats] = {}
    for chunk in np.split(order, bounds):
        if chunk.size == 0:
            continue
        group = int(key[chunk[0]])
        done = chunk[metrics.done[chunk]]
        hours = metrics.elapsed[done] / 3600.0  # already sorted: done rows first, by elapsed
        count = hours.size
        median = float(np.median(hours)) if count else None
        p90 = float(np.percentile(hours, 90)) if count else None
        breaches = int(np.count_nonzero(metrics.breach[chunk]))
        judged = int(
            np.count_nonzero(metrics.has_target[chunk] & (metrics.done[chunk] | metrics.breach[chunk]))
        )
        out[(group // len(SEVERITIES), group % len(SEVERITIES))] = GroupStats(
            int(chunk.size), int(count), median, p90, breaches, judged, int(np.count_nonzero(metrics.unknown[chunk]))
        )
    return out
