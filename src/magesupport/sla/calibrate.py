"""Calibration: incident rates per severity and effort per incident, measured from the store's own history.

* rates: tickets per severity / the years the history covers (first to last creation date, inclusive);
* effort: the median of each ticket's logged time (billable or not) per severity, from time entries;
* spread: the lognormal sigma of effort, pooled over severities (each ticket's log effort minus its
  severity's mean log effort), when at least 5 tickets have time logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.domain.base import SEVERITIES
from magesupport.sla.frame import TicketFrame
from magesupport.sla.records import TimeEntries

MIN_SPREAD_TICKETS = 5
SHORT_HISTORY_DAYS = 90


@dataclass(frozen=True)
class Measured:
    period_from: date
    period_to: date
    days: int
    tickets: int
    counts: dict[str, int]
    per_year: dict[str, float]
    with_time: dict[str, int]
    effort_median: dict[str, float]  # only severities with logged time
    spread: float | None


def _local_date(seconds: float, timezone: str) -> date:
    return datetime.fromtimestamp(seconds, tz=UTC).astimezone(ZoneInfo(timezone)).date()


def measure(frame: TicketFrame, timezone: str, entries: TimeEntries | None) -> Measured:
    first = _local_date(float(frame.created.min()), timezone)
    last = _local_date(float(frame.created.max()), timezone)
    days = (last - first).days + 1
    years = days / 365.25
    counts = {s.value: int(np.count_nonzero(frame.severity == code)) for code, s in enumerate(SEVERITIES)}
    per_year = {name: round(count / years, 2) for name, count in counts.items()}
    with_time: dict[str, int] = dict.fromkeys(counts, 0)
    medians: dict[str, float] = {}
    spread = None
    if entries is not None and len(entries.ticket):
        position = {ticket: row for row, ticket in enumerate(frame.ticket_ids)}
        rows = np.array([position.get(t, -1) for t in entries.ticket], dtype=np.int64)
        known = rows >= 0
        minutes = np.bincount(rows[known], weights=entries.minutes[known], minlength=len(frame))
        logged = minutes > 0
        residuals = []
        for code, severity in enumerate(SEVERITIES):
            hours = minutes[logged & (frame.severity == code)] / 60.0
            with_time[severity.value] = int(hours.size)
            if hours.size:
                medians[severity.value] = round(float(np.median(hours)), 2)
                logs = np.log(hours)
                residuals.append(logs - logs.mean())
        pooled = np.concatenate(residuals) if residuals else np.zeros(0)
        if pooled.size >= MIN_SPREAD_TICKETS:
            spread = round(
                float(min(3.0, np.sqrt(np.sum(pooled**2) / max(pooled.size - len(residuals), 1)))), 2
            )
    return Measured(first, last, days, len(frame), counts, per_year, with_time, medians, spread)
