"""Format v2 units: friendlier durations, price ranges, percentages, seasonal hours, surcharge windows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magesupport.domain.package import SupportPackage
from magesupport.domain.pricing import SurchargeWindow, parse_hours_per_ticket, parse_included_hours
from magesupport.domain.units import DurationKind, PriceRange, parse_duration, parse_money, parse_percent


@pytest.mark.parametrize(
    ("text", "kind", "hours", "shown"),
    [
        ("15 minutes", DurationKind.CLOCK, 0.25, "15 minutes"),
        ("2 hours", DurationKind.CLOCK, 2.0, "2 hours"),
        ("90 seconds", DurationKind.CLOCK, 0.025, "90 seconds"),
        ("1 hour 30 minutes", DurationKind.CLOCK, 1.5, "1 hour 30 minutes"),
        ("an hour", DurationKind.CLOCK, 1.0, "1 hour"),
        ("half an hour", DurationKind.CLOCK, 0.5, "0.5 hour"),
        ("1 business day", DurationKind.BUSINESS_DAYS, 1.0, "1 business day"),
        ("five business days", DurationKind.BUSINESS_DAYS, 5.0, "5 business days"),
        ("30s", DurationKind.CLOCK, 30 / 3600, "30s"),
        ("1h30m", DurationKind.CLOCK, 1.5, "1h30m"),
        ("within 2 hours", DurationKind.CLOCK, 2.0, "2 hours"),
        ("up to 3 business days", DurationKind.BUSINESS_DAYS, 3.0, "3 business days"),
    ],
)
def test_durations_as_providers_write_them(text, kind, hours, shown):
    duration = parse_duration(text)
    assert duration.kind is kind and duration.amount == pytest.approx(hours) and duration.text == shown


@pytest.mark.parametrize("bad", ["1h 2h", "15 minutess", "quickly", "2 hours and", "hours"])
def test_bad_durations(bad):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


def test_price_ranges():
    r = parse_money("10k–30k")
    assert isinstance(r, PriceRange) and (r.low, r.high) == (10_000, 30_000) and r == 20_000
    assert str(r) == "10000–30000" and f"{r}" == "10000–30000" and f"{r:.0f}" == "20000"
    assert parse_money({"low": 100, "high": 100}) == Decimal(100) and not isinstance(
        parse_money({"low": 100, "high": 100}), PriceRange
    )
    assert parse_money("1,500 to 2,500").low == 1500
    assert r.at(0.25) == Decimal(15_000)
    assert (parse_money("between 4,000 and 12,000").low, parse_money("between 4,000 and 12,000").high) == (
        4000,
        12000,
    )
    with pytest.raises(ValueError, match="write it without £"):
        parse_money("£390")
    for bad in ({"low": 3, "high": 1}, {"low": 1}, "10k-", "-5", "ten-20"):
        with pytest.raises(ValueError):
            parse_money(bad)


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.floats(0, 1))
def test_a_range_at_a_fraction_lies_between_its_ends(a, b, fraction):
    low, high = min(a, b), max(a, b)
    value = parse_money({"low": low, "high": high})
    point = value.at(fraction) if isinstance(value, PriceRange) else value
    assert low <= point <= high


def test_percentages():
    assert parse_percent("20%") == 20.0 and parse_percent(12.5) == 12.5 and parse_percent(" 7.5 % ") == 7.5
    for bad in ("twenty", "120%", -1, True):
        with pytest.raises(ValueError):
            parse_percent(bad)


def test_seasonal_included_hours():
    hours = parse_included_hours({"default": 40, "nov": 80, "December": 80})
    assert float(hours) == 40 and hours.by_month[10:] == (80.0, 80.0) and hours.by_month[0] == 40.0
    assert parse_included_hours({"default": 40}) == 40 and not hasattr(parse_included_hours(40), "by_month")
    for bad in ({"nov": 80}, {"default": 40, "novembre": 1}, {"default": -1}, "lots"):
        with pytest.raises(ValueError):
            parse_included_hours(bad)


def test_unlimited_hours_per_ticket():
    assert parse_hours_per_ticket("unlimited") == float("inf")
    assert parse_hours_per_ticket("2h") == 2.0 and parse_hours_per_ticket(1.5) == 1.5
    with pytest.raises(ValueError):
        parse_hours_per_ticket(0)


@given(st.integers(0, 7 * 1440 - 1))
def test_a_weekend_window_from_friday_17_00_to_monday_08_00(minute):
    window = SurchargeWindow.model_validate({"from": "fri 17:00", "to": "mon 08:00"})
    friday_17, monday_8 = 4 * 1440 + 17 * 60, 8 * 60
    expected = minute >= friday_17 or minute < monday_8
    assert window.contains(minute) is expected


@given(st.integers(0, 7 * 1440 - 1))
def test_a_daily_window_past_midnight(minute):
    window = SurchargeWindow.model_validate({"from": "18:00", "to": "08:00"})
    assert window.contains(minute) is (minute % 1440 >= 18 * 60 or minute % 1440 < 8 * 60)


def test_severity_names_and_case():
    package = SupportPackage.model_validate(
        {
            "id": "p",
            "name": "P",
            "model": "hourly",
            "provider": {"name": "X"},
            "pricing": {
                "hourly_rate": 100,
                "surcharges": [{"when": "always", "multiplier": 2, "severities": ["Critical"]}],
            },
            "severity_names": {"Blocker": "p1", "minor": "P4"},
            "severities": {
                "blocker": {"response": "1h"},
                "High": {"response": "2h"},
                "MINOR": {"response": "1 day"},
            },
        }
    )
    assert sorted(s.value for s in package.severities) == ["P1", "P2", "P4"]
    assert [s.value for s in package.pricing.surcharges[0].severities] == ["P1"]
