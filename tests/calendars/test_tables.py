"""Calendar engine against hand-computed values and a simple per-day reference (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.calendars.tables import build_calendar, holiday_dates
from magesupport.domain.errors import CalendarError
from magesupport.domain.units import CalendarKind, CalendarSpec, parse_days, parse_hours

H = 3600.0


def weekly(
    tz: str, days: str = "mon-fri", hours: str | list[str] = "09:00-17:00", holidays: str | None = None, **kw
) -> CalendarSpec:
    return CalendarSpec(
        kind=CalendarKind.WEEKLY,
        timezone=tz,
        days=parse_days(days),
        hours=parse_hours(hours),
        holidays=holidays,
        **kw,
    )


def at(tz: str, *args: int) -> float:
    return datetime(*args, tzinfo=ZoneInfo(tz)).timestamp()


# ------------------------------------------------------------- hand-computed cases


def test_friday_evening_p1_due_monday_eleven():
    # issue 7's case: opened Fri 17:10 under Mon-Fri 09:00-17:00, 2 business hours -> Monday 11:00
    spec = weekly("Europe/London")
    cal = build_calendar(spec, 2026, 2026)
    due = cal.deadline(at("Europe/London", 2026, 3, 13, 17, 10), 2 * H)
    assert datetime.fromtimestamp(float(due), ZoneInfo("Europe/London")) == datetime(
        2026, 3, 16, 11, 0, tzinfo=ZoneInfo("Europe/London")
    )


def test_covered_time_over_a_week_and_a_holiday():
    spec = weekly("America/Chicago", holidays="US")
    cal = build_calendar(spec, 2026, 2026)
    # the week of 30 Nov 2026 (no holiday): 5 x 8 h
    a, b = at("America/Chicago", 2026, 11, 30), at("America/Chicago", 2026, 12, 7)
    assert float(cal.covered_seconds(a, b)) == 40 * H
    # Thanksgiving week 2026 (Thu 26 Nov): 4 x 8 h
    a, b = at("America/Chicago", 2026, 11, 23), at("America/Chicago", 2026, 11, 30)
    assert float(cal.covered_seconds(a, b)) == 32 * H


def test_dst_day_has_real_elapsed_length():
    # 24x7-on-weekdays style day 00:00-24:00 on the US spring-forward Sunday is 23 real hours
    spec = weekly("America/New_York", days="sun", hours="00:00-24:00")
    cal = build_calendar(spec, 2026, 2026)
    a, b = at("America/New_York", 2026, 3, 7), at("America/New_York", 2026, 3, 9)
    assert float(cal.covered_seconds(a, b)) == 23 * H
    a, b = at("America/New_York", 2026, 10, 31), at("America/New_York", 2026, 11, 2)
    assert float(cal.covered_seconds(a, b)) == 25 * H


def test_24x5_is_one_block_per_week_and_24x7_is_wall_clock():
    cal = build_calendar(CalendarSpec.weekdays_24("Europe/London"), 2026, 2026)
    fri = at("Europe/London", 2026, 6, 5, 23, 0)
    # 1 h left on Friday, then the weekend is waited out: 2 h target ends Monday 01:00
    assert float(cal.deadline(fri, 2 * H)) == at("Europe/London", 2026, 6, 8, 1, 0)
    always = build_calendar(CalendarSpec.always(), 2026, 2026)
    assert float(always.deadline(fri, 2 * H)) == fri + 2 * H
    assert float(always.covered_seconds(fri + 10, fri)) == 0.0


def test_overnight_hours_and_extra_and_removed_holidays():
    spec = weekly(
        "UTC", days="mon-sun", hours="22:00-06:00", extra_holidays=(date(2026, 1, 7),), removed_holidays=()
    )
    cal = build_calendar(spec, 2026, 2026)
    a, b = at("UTC", 2026, 1, 5, 12), at("UTC", 2026, 1, 6, 12)
    assert float(cal.covered_seconds(a, b)) == 8 * H
    a, b = at("UTC", 2026, 1, 7, 12), at("UTC", 2026, 1, 8, 12)  # 7 Jan closed: its night shift does not run
    assert float(cal.covered_seconds(a, b)) == 0.0
    gb = weekly("Europe/London", holidays="GB", removed_holidays=(date(2026, 12, 25),))
    assert date(2026, 12, 25) not in holiday_dates(gb, 2026, 2026)
    assert date(2026, 12, 28) in holiday_dates(gb, 2026, 2026)  # Boxing Day substitute


def test_next_covered_and_is_covered():
    cal = build_calendar(weekly("UTC"), 2026, 2026)
    sat = at("UTC", 2026, 6, 6, 10)
    assert float(cal.next_covered(sat)) == at("UTC", 2026, 6, 8, 9)
    assert bool(cal.is_covered(at("UTC", 2026, 6, 8, 9, 30)))
    assert not bool(cal.is_covered(sat))
    assert float(cal.deadline(sat, 0.0)) == sat


def test_next_uncovered():
    cal = build_calendar(weekly("UTC"), 2026, 2026)  # Mon-Fri 09:00-17:00
    monday = at("UTC", 2026, 6, 8, 10)
    assert float(cal.next_uncovered(monday)) == at("UTC", 2026, 6, 8, 17)
    assert float(cal.next_uncovered(at("UTC", 2026, 6, 8, 9))) == at("UTC", 2026, 6, 8, 17)
    assert float(cal.next_uncovered(at("UTC", 2026, 6, 8, 17))) == at("UTC", 2026, 6, 8, 17)  # the end is out
    assert float(build_calendar(CalendarSpec.always(), 2026, 2026).next_uncovered(monday)) == np.inf


def test_out_of_range_is_an_error():
    cal = build_calendar(weekly("UTC"), 2026, 2026)
    with pytest.raises(CalendarError, match="outside"):
        cal.covered_seconds(at("UTC", 2025, 6, 1), at("UTC", 2026, 6, 1))
    with pytest.raises(CalendarError, match="beyond"):
        cal.deadline(at("UTC", 2026, 12, 30), 100 * H)


# ------------------------------------------------------------- a simple per-day reference


def ref_day_intervals(spec: CalendarSpec, day: date) -> list[tuple[float, float]]:
    """The UTC intervals one local day contributes, computed with datetime.combine (a different path)."""
    zone = ZoneInfo(spec.timezone)
    closed = holiday_dates(spec, day.year - 1, day.year + 1) if spec.kind is CalendarKind.WEEKLY else set()
    if day.weekday() not in spec.days or day in closed:
        return []
    out = []
    for start_min, end_min in spec.hours:
        s_day = day + timedelta(days=start_min // 1440)
        e_day = day + timedelta(days=end_min // 1440)
        s = datetime.combine(s_day, time(start_min % 1440 // 60, start_min % 60), zone)
        e = datetime.combine(e_day, time(end_min % 1440 // 60, end_min % 60), zone)
        out.append((s.timestamp(), e.timestamp()))
    return out


def ref_covered(spec: CalendarSpec, a: float, b: float) -> float:
    zone = ZoneInfo(spec.timezone)
    if b <= a:
        return 0.0
    day = datetime.fromtimestamp(a, zone).date() - timedelta(days=2)
    last = datetime.fromtimestamp(b, zone).date() + timedelta(days=1)
    pieces = []
    while day <= last:
        pieces.extend(ref_day_intervals(spec, day))
        day += timedelta(days=1)
    # union of pieces (adjacent days touch), intersected with [a, b]
    total, cur_s, cur_e = 0.0, None, None
    for s, e in sorted(pieces):
        s, e = max(s, a), min(e, b)
        if e <= s:
            continue
        if cur_e is not None and s <= cur_e:
            cur_e = max(cur_e, e)
        else:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
    if cur_e is not None:
        total += cur_e - cur_s
    return total


SPECS = [
    weekly("America/New_York", hours="08:00-20:00", holidays="US"),
    weekly("Europe/London", hours="09:00-17:30", holidays="GB"),
    weekly("Australia/Lord_Howe", days="mon-sat", hours=["01:30-02:30", "09:00-12:00"]),  # 30-min DST
    weekly("Europe/Berlin", days="daily", hours="00:00-24:00", holidays="DE-BY"),
    weekly("America/Sao_Paulo", days="fri-mon", hours="22:00-04:00"),
    CalendarSpec.weekdays_24("Asia/Kolkata"),
    CalendarSpec.weekdays_24("America/Los_Angeles"),
]
YEAR_LO = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")).timestamp()
YEAR_HI = datetime(2027, 12, 20, tzinfo=ZoneInfo("UTC")).timestamp()
# instants near DST switches (US, EU, AU) so the nights of the change are hit often
SWITCHES = [
    at("America/New_York", 2026, 3, 8, 2),
    at("America/New_York", 2026, 11, 1, 1),
    at("Europe/London", 2026, 3, 29, 1),
    at("Europe/London", 2026, 10, 25, 1),
    at("Australia/Lord_Howe", 2026, 4, 5, 2),
    at("Australia/Lord_Howe", 2026, 10, 4, 2),
    at("America/New_York", 2026, 12, 25, 9),
    at("Europe/London", 2026, 12, 25, 9),
]

instants = st.one_of(
    st.floats(YEAR_LO, YEAR_HI),
    st.builds(lambda base, off: base + off, st.sampled_from(SWITCHES), st.floats(-3 * 86400, 3 * 86400)),
)


@settings(max_examples=400, deadline=None)
@given(spec_index=st.integers(0, len(SPECS) - 1), a=instants, length=st.floats(0, 20 * 86400))
def test_covered_matches_reference(spec_index, a, length):
    spec = SPECS[spec_index]
    cal = build_calendar(spec, 2025, 2028)
    b = a + length
    assert float(cal.covered_seconds(a, b)) == pytest.approx(ref_covered(spec, a, b), abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(spec_index=st.integers(0, len(SPECS) - 1), a=instants, hours=st.floats(0.01, 60))
def test_deadline_inverts_covered(spec_index, a, hours):
    spec = SPECS[spec_index]
    cal = build_calendar(spec, 2025, 2028)
    due = float(cal.deadline(a, hours * H))
    assert due >= a
    assert ref_covered(spec, a, due) == pytest.approx(hours * H, abs=1e-5)
    # and it is the first such instant: a minute earlier, less is covered
    assert ref_covered(spec, a, due - 60) < hours * H


@settings(max_examples=140, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), spec_index=st.integers(0, len(SPECS) - 1))
def test_vectorised_agrees_with_reference_on_10000_intervals(seed, spec_index):
    """140 hypothesis examples x 75 intervals = 10,500 random intervals, a third of them near DST switches
    and holidays, checked against the per-day reference (covered time) and by inversion (deadlines)."""
    spec = SPECS[spec_index]
    cal = build_calendar(spec, 2025, 2028)
    rng = np.random.default_rng(seed)
    a = np.concatenate(
        [rng.uniform(YEAR_LO, YEAR_HI, 50), rng.choice(SWITCHES, 25) + rng.uniform(-2 * 86400, 2 * 86400, 25)]
    )
    b = a + rng.exponential(3 * 86400, a.size)
    got = cal.covered_seconds(a, b)
    want = np.array([ref_covered(spec, x, y) for x, y in zip(a, b, strict=True)])
    np.testing.assert_allclose(got, want, atol=1e-6)
    secs = rng.uniform(60, 40 * H, a.size)
    due = cal.deadline(a, secs)
    np.testing.assert_allclose(cal.covered_seconds(a, due), secs, atol=1e-6)
    np.testing.assert_array_less(cal.covered_seconds(a, due - 60), secs)


def test_minute_grid_brute_force():
    """An oracle that shares no code: sample every minute, ask zoneinfo for the local time."""
    spec = weekly("Europe/London", hours="09:00-17:30", holidays="GB")
    cal = build_calendar(spec, 2026, 2026)
    closed = holiday_dates(spec, 2026, 2026)
    zone = ZoneInfo("Europe/London")
    a = at("Europe/London", 2026, 3, 27, 12)  # across the spring switch and Easter (3 and 6 April)
    minutes = np.arange(a, a + 12 * 86400, 60.0)
    covered = 0
    for m in minutes:
        local = datetime.fromtimestamp(m, zone)
        if local.weekday() < 5 and local.date() not in closed and time(9) <= local.time() < time(17, 30):
            covered += 60
    assert float(cal.covered_seconds(a, a + 12 * 86400)) == pytest.approx(covered, abs=60)
