from datetime import date
from decimal import Decimal

import pytest

from magesupport.domain.units import (
    DurationKind,
    clock_hours,
    parse_date,
    parse_days,
    parse_duration,
    parse_holiday_country,
    parse_hours,
    parse_money,
    parse_timezone,
)


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("15m", DurationKind.CLOCK, 0.25),
        ("1h", DurationKind.CLOCK, 1.0),
        ("1h30m", DurationKind.CLOCK, 1.5),
        ("2d", DurationKind.CLOCK, 48.0),
        ("1d 2h", DurationKind.CLOCK, 26.0),
        ("90min", DurationKind.CLOCK, 1.5),
        ("4 business hours", DurationKind.BUSINESS_HOURS, 4.0),
        ("1 business day", DurationKind.BUSINESS_DAYS, 1.0),
        ("2 Business  Days", DurationKind.BUSINESS_DAYS, 2.0),
    ],
)
def test_parse_duration(text, kind, amount):
    d = parse_duration(text)
    assert d.kind is kind
    assert d.amount == pytest.approx(amount)


@pytest.mark.parametrize("bad", ["quarter", "", "15", 15, "h", "1x", "business hours", True, None, "-1h"])
def test_parse_duration_rejects(bad):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


def test_clock_hours_rejects_business_units():
    assert clock_hours("15m") == 0.25
    with pytest.raises(ValueError, match="clock duration"):
        clock_hours("2 business hours")


def test_money():
    assert parse_money(5200) == Decimal(5200)
    assert parse_money("5,200.50") == Decimal("5200.50")
    assert parse_money(0.1) == Decimal("0.1")
    for bad in ["abc", -1, True, "nan", [1]]:
        with pytest.raises(ValueError):
            parse_money(bad)


def test_days_and_hours():
    assert parse_days("mon-fri") == (0, 1, 2, 3, 4)
    assert parse_days("sat-mon") == (0, 5, 6)
    assert parse_days(["mon", "wed"]) == (0, 2)
    assert parse_days("daily") == tuple(range(7))
    with pytest.raises(ValueError, match="unknown day"):
        parse_days("mon-fry")
    assert parse_hours("09:00-17:30") == ((540, 1050),)
    assert parse_hours("00:00-24:00") == ((0, 1440),)
    assert parse_hours("22:00-06:00") == ((1320, 1800),)
    assert parse_hours(["08:00-12:00", "13:00-17:00"]) == ((480, 720), (780, 1020))
    for bad in ["9-5", "25:00-26:00", "09:00-09:00", 900, ["08:00-12:00", "11:00-13:00"]]:
        with pytest.raises(ValueError):
            parse_hours(bad)


def test_timezone_and_holidays():
    assert parse_timezone("Europe/London") == "Europe/London"
    with pytest.raises(ValueError, match="did you mean 'Europe/London'"):
        parse_timezone("Europe/Londn")
    assert parse_holiday_country("gb") == "GB"
    assert parse_holiday_country("US-CA") == "US-CA"
    with pytest.raises(ValueError, match="unknown holiday country"):
        parse_holiday_country("XX")
    with pytest.raises(ValueError, match="unknown subdivision"):
        parse_holiday_country("US-ZZ")


def test_date():
    assert parse_date("2026-12-24") == date(2026, 12, 24)
    with pytest.raises(ValueError):
        parse_date("24/12/2026")
