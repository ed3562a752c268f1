"""The deterministic view against hand-computed response times and the guide's outage arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
from tests.conftest import make_package, make_store

from magesupport.compare.response import outage_cost, p1_outage_hours, response_profile
from magesupport.compare.typical_month import when_shares
from magesupport.domain.base import Severity
from magesupport.estimates.traffic import hour_of_week_weights, reference_traffic


def business_package(**severity):
    return make_package(
        business_hours={"days": "mon-fri", "hours": "09:00-17:00", "timezone": "UTC", **severity},
        severities={"P1": {"response": "2 business hours", "coverage": "business_hours"}},
    )


def test_worst_p1_response_is_the_weekend_wait():
    # reported after Fri 15:00: 2 business hours end on Monday, 66 h later (no holidays)
    profile = response_profile(business_package(), Severity.P1, "UTC")
    assert profile.worst_hours == pytest.approx(66.0)
    assert profile.worst_at.startswith("Fri")
    assert profile.by_hour_of_week[4 * 24 + 16] == pytest.approx(66.0)  # Fri 16:00-17:00
    assert profile.by_hour_of_week[2 * 24 + 10] == pytest.approx(2.0)  # Wed 10:00: answered within 2 h


def test_worst_p1_response_with_a_monday_holiday():
    # US holidays 2027: Fri before MLK Monday (18 Jan) waits until Tuesday: 90 h
    profile = response_profile(business_package(holidays="US"), Severity.P1, "UTC")
    assert profile.worst_hours == pytest.approx(90.0)


def test_no_target_means_no_profile():
    assert response_profile(make_package(), Severity.P1, "UTC") is None


def test_guides_ten_hour_outage_at_1000_an_hour_costs_10000():
    store = make_store(annual_revenue=8_760_000)  # $1,000 an hour on average
    assert store.revenue_per_hour == pytest.approx(1000.0)
    assert outage_cost(10, store.revenue_per_hour) == pytest.approx(10_000.0)
    # answered at once, 10 h of work around the clock: every P1 is a 10-hour outage
    package = make_package(severities={"P1": {"response": "0m", "coverage": "24x7"}})
    scan = p1_outage_hours(package, 10.0, "UTC", reference_traffic(store))
    assert scan.worst_hours == pytest.approx(10.0) and scan.mean_hours == pytest.approx(10.0)
    assert scan.mean_revenue_hours == pytest.approx(10.0)  # flat traffic: 10 average hours, $10,000
    assert scan.worst_revenue_hours == pytest.approx(10.0)


def test_an_outage_costs_the_average_hour_on_average_whatever_the_traffic():
    """Traffic is used once: P1s start at every hour of the year alike and each is priced by the revenue of
    the hours it spans, so a fixed 10-hour outage costs 10 average hours on average, peaks or not (to within
    the outages that run into the next year's traffic), and more when it falls in a peak."""
    store = make_store(
        traffic_profile="ecommerce-default",
        peaks=[{"name": "BFCM", "from": "11-20", "to": "12-02", "multiplier": 3.0}],
    )
    package = make_package(severities={"P1": {"response": "0m", "coverage": "24x7"}})
    scan = p1_outage_hours(package, 10.0, "UTC", reference_traffic(store))
    assert scan.mean_hours == pytest.approx(10.0)
    assert scan.mean_revenue_hours == pytest.approx(10.0, rel=1e-3)
    assert scan.worst_revenue_hours > 2 * 10.0  # a BFCM evening: x3 the day, over the year's mean weight


def test_outage_waits_for_coverage():
    package = make_package(
        business_hours={"days": "mon-fri", "hours": "09:00-17:00", "timezone": "UTC"},
        severities={"P1": {"response": "1h", "coverage": "business_hours"}},
    )
    scan = p1_outage_hours(package, 2.0, "UTC", reference_traffic(make_store()))
    # reported Fri 14:00+: 1 h response ends 15:00, 2 h of work ends 17:00 on Friday -> short; reported just
    # after Fri 16:00: response ends Mon 09:00 + ..., the worst is a weekend and more
    assert scan.worst_hours > 60
    assert 2 < scan.mean_hours < scan.worst_hours


def test_when_shares_are_the_weeks_hours_whatever_the_traffic():
    # incidents arrive uniformly in time: the split is by hours of the week, the traffic profile plays no part
    package = make_package(business_hours={"days": "mon-fri", "hours": "09:00-17:00", "timezone": "UTC"})
    for profile in ("flat", "ecommerce-default", "b2b"):
        shares = when_shares(make_store(traffic_profile=profile), package)
        assert shares["business_hours"] == pytest.approx(40 / 168)
        assert shares["weekend"] == pytest.approx(48 / 168)
        assert sum(shares.values()) == pytest.approx(1.0)
    assert np.isclose(hour_of_week_weights("ecommerce-default").mean(), 1.0)
