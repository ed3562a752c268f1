"""Calibration from the store's own history: tickets per severity over the period, and effort per incident.

* counts: tickets per severity over the days the history covers (first to last creation date, inclusive);
  `estimates/calibration.py` turns them into yearly rates;
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
from magesupport.estimates.calibration import Effort
from magesupport.sla.frame import TicketFrame
from magesupport.sla.records import TimeEntries

MIN_SPREAD_TICKETS = 5


@dataclass(frozen=True)
class Measured:
    period_from: date
    period_to: date
    days: int
    counts: dict[str, int]
    effort: Effort  # no ticket with time when there are no time entries


def _local_date(seconds: float, timezone: str) -> date:
    return datetime.fromtimestamp(seconds, tz=UTC).astimezone(ZoneInfo(timezone)).date()


def measure(frame: TicketFrame, timezone: str, entries: TimeEntries | None) -> Measured:
    first = _local_date(float(frame.created.min()), timezone)
    last = _local_date(float(frame.created.max()), timezone)
    days = (last - first).days + 1
    counts = {s.value: int(np.count_nonzero(frame.severity == code)) for code, s in enumerate(SEVERITIES)}
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
    return Measured(first, last, days, counts, Effort(with_time, medians, spread))
