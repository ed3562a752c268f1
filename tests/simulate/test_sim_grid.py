"""The grid calendar (O(1) lookups) against the exact calendar it is built from."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.calendars.tables import build_calendar, weekly_covered_hours
from magesupport.domain.units import CalendarKind, CalendarSpec
from magesupport.simulate.grid import GridCalendar

H = 3600.0
Y0 = datetime(2027, 1, 1, tzinfo=ZoneInfo("America/Chicago")).timestamp()
SPAN = 3 * 365 * 86400.0


def spec(tz: str, days: tuple[int, ...], start: int, end: int, holidays: str | None = None) -> CalendarSpec:
    return CalendarSpec(
        kind=CalendarKind.WEEKLY, timezone=tz, days=days, hours=((start, end),), holidays=holidays
    )


calendars = st.builds(
    spec,
    tz=st.sampled_from(["America/Chicago", "Europe/London", "Asia/Kolkata", "Australia/Sydney", "UTC"]),
    days=st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s))),
    start=st.integers(0, 95).map(lambda q: q * 15),
    end=st.integers(1, 40).map(lambda q: q * 15),
    holidays=st.sampled_from([None, "US", "GB"]),
).map(lambda s: s.model_copy(update={"hours": ((s.hours[0][0], s.hours[0][0] + s.hours[0][1]),)}))


@settings(max_examples=25, deadline=None)
@given(calendars, st.integers(0, 2**32 - 1))
def test_grid_answers_as_the_calendar(cal_spec, seed):
    exact = build_calendar(cal_spec, 2026, 2031)
    grid = GridCalendar(exact, Y0, SPAN)
    assert grid.grid
    rng = np.random.default_rng(seed)
    t = Y0 + rng.uniform(0, 400 * 86400, 2000)
    seconds = rng.uniform(0, 20, 2000) * weekly_covered_hours(cal_spec) * H  # up to 20 weeks of it
    np.testing.assert_allclose(
        grid.cumulative(t) - grid.cumulative(np.full_like(t, Y0 + 86400)),
        exact.cumulative(t) - exact.cumulative(np.full_like(t, Y0 + 86400)),
        atol=1e-5,
    )
    np.testing.assert_allclose(grid.deadline(t, seconds), exact.deadline(t, seconds), rtol=0, atol=1e-4)
    np.testing.assert_allclose(grid.next_covered(t), exact.next_covered(t), rtol=0, atol=1e-4)
    assert (grid.is_covered(t) == exact.is_covered(t)).all()


def test_outside_the_table_asks_the_calendar():
    exact = build_calendar(spec("Europe/London", (0, 1, 2, 3, 4), 540, 1020), 2026, 2031)
    grid = GridCalendar(exact, Y0, 30 * 86400.0)
    t = np.array([Y0 - 5 * 86400, Y0 + 60 * 86400, Y0 + 2 * 86400])
    seconds = np.array([40 * H, 3 * H, 100 * H])
    np.testing.assert_allclose(grid.deadline(t, seconds), exact.deadline(t, seconds), atol=1e-4)
    np.testing.assert_allclose(grid.next_covered(t), exact.next_covered(t), atol=1e-4)


def test_an_end_of_day_deadline_stays_on_that_day():
    # 8 covered hours from 09:00 on a 09:00-17:00 calendar end at 17:00, not the next morning
    tz = ZoneInfo("Europe/London")
    exact = build_calendar(spec("Europe/London", (0, 1, 2, 3, 4), 540, 1020), 2026, 2031)
    grid = GridCalendar(exact, Y0, SPAN)
    start = datetime(2027, 3, 9, 9, 0, tzinfo=tz).timestamp()
    due = grid.deadline(np.array([start]), np.array([8 * H]))[0]
    assert datetime.fromtimestamp(due, tz) == datetime(2027, 3, 9, 17, 0, tzinfo=tz)


def test_work_beyond_the_table_does_not_fail():
    # 15 minutes a week and 1,000 hours of work: far past the table, but an answer rather than an error
    exact = build_calendar(spec("UTC", (0,), 0, 15), 2026, 2031)
    grid = GridCalendar(exact, Y0, SPAN)
    due = grid.deadline(np.array([Y0]), np.array([1000 * H]))[0]
    assert due > exact.hi


def test_always_is_plain_addition():
    grid = GridCalendar(build_calendar(CalendarSpec.always(), 2026, 2031), Y0, SPAN)
    assert grid.deadline(np.array([Y0 + 5.5]), np.array([7.25]))[0] == Y0 + 12.75
