from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.calendars.tables import calendar_for_span
from magesupport.domain.package import SupportPackage
from magesupport.domain.units import CalendarKind, CalendarSpec
from magesupport.sla.frame import TicketFrame
from magesupport.sla.metrics import Clock, contract_clocks, paused_covered, ticket_metrics

from .conftest import london

BUSINESS = CalendarSpec(
    kind=CalendarKind.WEEKLY, timezone="Europe/London", days=(0, 1, 2, 3, 4), hours=((540, 1020),)
)


def package(**severities) -> SupportPackage:
    return SupportPackage.model_validate(
        {
            "id": "p",
            "name": "P",
            "model": "retainer",
            "provider": {"name": "X", "timezone": "Europe/London"},
            "business_hours": {"days": "mon-fri", "hours": "09:00-17:00", "timezone": "Europe/London"},
            "pricing": {"included_hours": 10, "monthly_fee": 1000},
            "severities": severities,
        }
    )


def frame(created, first=None, resolved=None, severity=None, pauses=()) -> TicketFrame:
    n = len(created)
    nan = [np.nan] * n
    return TicketFrame(
        ticket_ids=[f"T{i}" for i in range(n)],
        severity=np.asarray(severity or [0] * n, dtype=np.int8),
        created=np.asarray(created, dtype=float),
        first_response=np.asarray(first or nan, dtype=float),
        resolved=np.asarray(resolved or nan, dtype=float),
        reopens=np.zeros(n, dtype=np.int32),
        priority=["x"] * n,
        status=[""] * n,
        pause_ticket=np.asarray([p[0] for p in pauses], dtype=np.int64),
        pause_start=np.asarray([p[1] for p in pauses], dtype=float),
        pause_end=np.asarray([p[2] for p in pauses], dtype=float),
    )


def test_p1_friday_1710_with_two_business_hours_is_due_monday_1100():
    clocks = contract_clocks(
        package(P1={"response": "2 business hours", "coverage": "business_hours"}), "Europe/London"
    )
    friday = london("2026-10-02 17:10")  # a Friday, after hours, no holiday
    tickets = frame(
        [friday, friday, friday],
        first=[london("2026-10-05 11:00"), london("2026-10-05 11:01"), np.nan],
    )
    metrics = ticket_metrics(tickets, clocks, as_of=london("2026-10-05 10:00"))
    assert metrics.response.due.tolist() == [london("2026-10-05 11:00")] * 3
    assert metrics.response.elapsed.tolist() == [7200.0, 7260.0, 3600.0]
    assert metrics.response.breach.tolist() == [
        False,
        True,
        False,
    ]  # to the minute: met; one minute late: not
    later = ticket_metrics(tickets, clocks, as_of=london("2026-10-05 12:00"))
    assert later.response.breach.tolist() == [False, True, True]  # still unanswered past the due time


def test_weekend_awaiting_customer_does_not_breach_a_24x7_target():
    clocks = contract_clocks(
        package(P2={"response": "1h", "resolution": "8h", "coverage": "24x7"}), "Europe/London"
    )
    created, resolved = london("2026-10-09 16:00"), london("2026-10-12 11:00")  # Friday to Monday
    pause = (0, london("2026-10-09 16:20"), london("2026-10-12 09:00"))
    paused = frame(
        [created], first=[london("2026-10-09 16:20")], resolved=[resolved], severity=[1], pauses=[pause]
    )
    metrics = ticket_metrics(paused, clocks, as_of=resolved)
    assert metrics.resolution.elapsed[0] == pytest.approx((20 + 120) * 60)  # 20 min Friday + 2 h Monday
    assert not metrics.resolution.breach[0] and not metrics.response.breach[0]
    assert metrics.resolution.due[0] == london("2026-10-12 16:40")  # 8 h of unpaused time
    unpaused = frame([created], first=[london("2026-10-09 16:20")], resolved=[resolved], severity=[1])
    assert ticket_metrics(unpaused, clocks, as_of=resolved).resolution.breach[0]


def test_open_pause_counts_up_to_as_of():
    clocks = contract_clocks(
        package(P2={"response": "1h", "resolution": "8h", "coverage": "24x7"}), "Europe/London"
    )
    created = london("2026-10-13 12:00")
    waiting = frame([created], first=[created + 1800], severity=[1], pauses=[(0, created + 1800, np.nan)])
    metrics = ticket_metrics(waiting, clocks, as_of=created + 30 * 3600)
    assert metrics.resolution.elapsed[0] == 1800.0 and not metrics.resolution.breach[0]


def test_no_terms_measured_24x7_without_target():
    clocks = contract_clocks(package(P1={"response": "30m", "coverage": "24x7"}), "Europe/London")
    assert (
        clocks[(3, "response")].seconds is None and clocks[(3, "response")].spec.kind is CalendarKind.ALWAYS
    )
    t = london("2026-10-03 10:00")
    metrics = ticket_metrics(frame([t], first=[t + 5400], severity=[3]), clocks, as_of=t + 9000)
    assert metrics.response.elapsed[0] == 5400.0 and not metrics.response.breach[0]
    assert np.isnan(metrics.response.due[0])


@settings(max_examples=80, deadline=None)
@given(
    start_h=st.integers(0, 24 * 14 - 1),
    target_h=st.sampled_from([0.5, 1.0, 2.0, 4.0, 8.0, 16.0]),
    pauses=st.lists(st.tuples(st.integers(0, 24 * 20), st.integers(1, 24 * 3)), max_size=4),
)
def test_due_is_where_unpaused_covered_time_reaches_the_target(start_h, target_h, pauses):
    """Property: at the due time, covered time minus paused covered time equals the target exactly."""
    base = london("2026-10-05 00:00")
    start = base + start_h * 3600.0
    intervals, cursor = [], start - 7200.0
    for gap, length in sorted(pauses):  # disjoint pauses, in order
        begin = max(cursor, base + gap * 3600.0)
        intervals.append((0, begin, begin + length * 3600.0))
        cursor = begin + length * 3600.0
    clocks = {
        (0, "response"): Clock(BUSINESS, target_h * 3600.0, "t"),
        (0, "resolution"): Clock(BUSINESS, None, None),
    }
    for code in (1, 2, 3):
        for kind in ("response", "resolution"):
            clocks[(code, kind)] = Clock(BUSINESS, None, None)
    tickets = frame([start], pauses=intervals)
    due = ticket_metrics(tickets, clocks, as_of=start).response.due
    calendar = calendar_for_span(BUSINESS, start, float(due[0]))
    gross = calendar.covered_seconds(start, due)
    paused = paused_covered(
        calendar, tickets.pause_ticket, tickets.pause_start, tickets.pause_end, np.array([start]), due, 1
    )
    assert gross[0] - paused[0] == pytest.approx(target_h * 3600.0, abs=1e-3)
    # and one second earlier the target had not run out (unless the due time sits at a pause's start)
    earlier = due - 1.0
    used = calendar.covered_seconds(start, earlier) - paused_covered(
        calendar, tickets.pause_ticket, tickets.pause_start, tickets.pause_end, np.array([start]), earlier, 1
    )
    assert used[0] < target_h * 3600.0
