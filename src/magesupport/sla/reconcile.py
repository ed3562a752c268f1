"""Reconciliation: where the desk's own SLA figures and ours, on the contract's calendar, disagree, and why.

A desk export may carry its own figures: minutes it counted (Zendesk reply and resolution times, business
minutes when given; Freshdesk first response hours) and verdicts (JSM SLA fields, Freshdesk "first response
status", Zendesk breach events, ServiceNow `made_sla`). For each ticket where both sides are known and differ
(minutes by more than a minute, or met against breached), the reason is found by recomputing our figure the
way a desk commonly counts, first match wins:

* **pause**: the desk kept the clock running while the ticket waited on the customer;
* **calendar**: the desk counted wall-clock time (24x7) where the contract counts its coverage calendar;
* **holiday**: the desk did not stop for a public holiday of the contract's calendar;
* **DST**: the figures differ by the hour a daylight-saving change added or removed;
* **clock start**: the desk started the clock at the first covered minute and counted wall-clock time on;
* **target**: both count the same time, but the desk's SLA policy sets another target than the contract;
* otherwise **not explained** (a desk rule we cannot see, such as a different business-hours schedule).

With desk minutes, a hypothesis explains the difference when it reproduces those minutes (within a minute);
with a verdict alone, when it reproduces the verdict.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.calendars.tables import CoverageCalendar, calendar_for_span, holiday_dates
from magesupport.domain.base import SEVERITIES
from magesupport.domain.results_sla import Disagreement
from magesupport.domain.units import CalendarSpec
from magesupport.sla.frame import TicketFrame
from magesupport.sla.metrics import KINDS, Clock, KindMetrics, TicketMetrics, paused_covered

TOLERANCE_MIN = 1.0


def _given(values: np.ndarray | None) -> np.ndarray:
    assert values is not None  # TicketFrame fills every desk column
    return values


def _verdict(value: int) -> bool | None:
    return None if value < 0 else bool(value)


def _ours(kind: KindMetrics, row: int) -> bool | None:
    if kind.unknown[row] or not kind.has_target[row]:
        return None
    if kind.breach[row]:
        return False
    return True if kind.done[row] else None


class Calendars:
    """The contract's calendars (with and without holidays) over the frame's span, built once each."""

    def __init__(self, frame: TicketFrame, as_of: float) -> None:
        self.first = float(np.nanmin(frame.created)) if len(frame) else as_of
        self.last = as_of
        self.built: dict[tuple[str, bool], CoverageCalendar] = {}

    def get(self, spec: CalendarSpec, holidays: bool = True) -> CoverageCalendar:
        key = (spec.model_dump_json(), holidays)
        if key not in self.built:
            use = spec if holidays else spec.model_copy(update={"holidays": None, "extra_holidays": ()})
            self.built[key] = calendar_for_span(use, self.first, self.last)
        return self.built[key]


def _hypotheses(
    frame: TicketFrame, row: int, clock: Clock, end: float, ours_s: float, calendars: Calendars, timezone: str
) -> list[tuple[str, float, str]]:
    """(reason, the desk's way of counting in seconds, detail) for one ticket."""
    start = float(frame.created[row])
    spec = clock.spec
    calendar = calendars.get(spec)
    a, b = np.array([start]), np.array([end])
    mine = frame.pause_ticket == row
    paused_s = float(
        paused_covered(
            calendar,
            np.zeros(int(mine.sum()), dtype=np.int64),
            frame.pause_start[mine],
            np.where(np.isnan(frame.pause_end[mine]), end, frame.pause_end[mine]),
            a,
            b,
            1,
        )[0]
    )
    out = []
    if paused_s > 0:
        out.append(("pause", ours_s + paused_s, f"{paused_s / 3600:.2f} covered hours paused (awaiting the customer) counted by the desk"))
    wall = end - start
    out.append(("calendar", wall, f"the desk counted wall-clock time; the contract counts {spec.describe()}"))
    if spec.holidays or spec.extra_holidays:
        no_holidays = float(calendars.get(spec, holidays=False).covered_seconds(a, b)[0]) - paused_s
        if abs(no_holidays - ours_s) > 30:
            zone = ZoneInfo(spec.timezone)
            first, last = datetime.fromtimestamp(start, zone), datetime.fromtimestamp(end, zone)
            days = sorted(
                d for d in holiday_dates(spec, first.year, last.year) if first.date() <= d <= last.date()
            )
            out.append(("holiday", no_holidays, "the desk did not stop for " + ", ".join(d.isoformat() for d in days)))
    zone = ZoneInfo(timezone if spec.timezone == "UTC" else spec.timezone)  # 24x7 is kept in UTC
    zero = timedelta(0)
    shift = (
        (datetime.fromtimestamp(end, UTC).astimezone(zone).utcoffset() or zero)
        - (datetime.fromtimestamp(start, UTC).astimezone(zone).utcoffset() or zero)
    ).total_seconds()
    if shift:
        # a desk subtracting local wall-clock readings gains or loses the hour the clocks changed
        out.append(("DST", ours_s + shift, f"a daylight-saving change of {shift / 3600:+g} h in {zone.key}"))
    first_covered = float(calendar.next_covered(a)[0])
    if first_covered > start:
        out.append(("clock start", end - first_covered, "the desk started the clock at the first covered minute"))
    return out


def disagreements(
    frame: TicketFrame, metrics: TicketMetrics, clocks: dict[tuple[int, str], Clock], timezone: str
) -> tuple[Disagreement, ...]:
    """Every disagreement of the frame's tickets (module docstring); `timezone`: the contract's."""
    found = []
    calendars = Calendars(frame, max(metrics.as_of, float(np.nanmax(frame.resolved)) if np.any(~np.isnan(frame.resolved)) else metrics.as_of))
    desk_min = {"response": _given(frame.desk_response_min), "resolution": _given(frame.desk_resolution_min)}
    desk_met = {"response": _given(frame.desk_response_met), "resolution": _given(frame.desk_resolution_met)}
    for kind in KINDS:
        measured = metrics.kind(kind)
        event = frame.first_response if kind == "response" else frame.resolved
        minutes, verdicts = desk_min[kind], desk_met[kind]
        candidates = np.nonzero((~np.isnan(minutes) | (verdicts >= 0)) & measured.done)[0]
        for row in candidates.tolist():
            ours_min = float(measured.elapsed[row]) / 60.0
            theirs = float(minutes[row]) if minutes[row] == minutes[row] else None
            ours_met, desk = _ours(measured, row), _verdict(int(verdicts[row]))
            differs_min = theirs is not None and abs(theirs - ours_min) > TOLERANCE_MIN
            differs_met = ours_met is not None and desk is not None and ours_met != desk
            if not differs_min and not differs_met:
                continue
            clock = clocks[(int(frame.severity[row]), kind)]
            reason, detail = "not explained", "no common way of counting reproduces the desk's figure"
            if not differs_min and theirs is not None:
                reason, detail = "target", "the same time against another target: the desk's SLA policy is not the contract's"
            hypotheses = _hypotheses(frame, row, clock, float(event[row]), float(measured.elapsed[row]), calendars, timezone)
            for name, seconds, why in hypotheses if reason != "target" else []:
                if theirs is not None:
                    ok = abs(seconds / 60.0 - theirs) <= TOLERANCE_MIN
                elif clock.seconds is not None and desk is not None:
                    ok = (seconds <= clock.seconds + 1e-6) == desk
                else:
                    ok = False
                if ok:
                    reason, detail = name, why
                    break
            found.append(
                Disagreement(
                    ticket=frame.ticket_ids[row],
                    severity=SEVERITIES[int(frame.severity[row])].value,
                    target=kind,
                    ours_min=round(ours_min, 2),
                    desk_min=theirs,
                    ours_met=ours_met,
                    desk_met=desk,
                    reason=reason,
                    detail=detail,
                )
            )
    found.sort(key=lambda d: (d.ticket, d.target))
    return tuple(found)
