"""The format v2 billing terms against hand-computed bills."""

from __future__ import annotations

import pytest
from tests.conftest import make_package

from magesupport.billing.monthly import bill_tasks
from magesupport.billing.rules import Task, guaranteed_hours_per_month, surcharge_multiplier
from magesupport.domain.base import Severity
from magesupport.domain.package import TaskKind

INCIDENT = TaskKind.INCIDENT
FRIDAY_18 = 4 * 1440 + 18 * 60  # minutes after Monday 00:00
FRIDAY_16 = 4 * 1440 + 16 * 60
WEEKEND_WINDOW = {"from": "fri 17:00", "to": "mon 08:00"}


def incident(hours: float, month: int = 0, severity: Severity = Severity.P2, **kw) -> Task:
    return Task(kind=INCIDENT, hours=hours, severity=severity, month=month, **kw)


def test_a_friday_18_00_task_under_a_friday_17_00_weekend_window_is_surcharged():
    package = make_package(
        pricing={"hourly_rate": 100, "surcharges": [{"when": WEEKEND_WINDOW, "multiplier": 1.5}]}
    )
    late = bill_tasks(package, [incident(2, minute_of_week=FRIDAY_18)], months=1)
    early = bill_tasks(package, [incident(2, minute_of_week=FRIDAY_16)], months=1)
    assert late.total == pytest.approx(2 * 100 * 1.5)  # 300
    assert early.total == pytest.approx(2 * 100)  # 200: an hour before the window opens
    monday_9 = bill_tasks(package, [incident(2, minute_of_week=9 * 60)], months=1)
    assert monday_9.total == pytest.approx(200.0)  # the window closed at Monday 08:00
    sunday = bill_tasks(package, [incident(2, minute_of_week=6 * 1440 + 600)], months=1)
    assert sunday.total == pytest.approx(300.0)


def test_a_window_needs_a_time_a_task_without_one_is_not_in_it():
    package = make_package(
        pricing={"hourly_rate": 100, "surcharges": [{"when": WEEKEND_WINDOW, "multiplier": 2}]}
    )
    assert surcharge_multiplier(package.pricing, incident(1)) == 1.0
    assert surcharge_multiplier(package.pricing, incident(1, weekend=True)) == 1.0  # the window, not the flag


def test_a_daily_window_runs_past_midnight():
    package = make_package(
        pricing={
            "hourly_rate": 100,
            "surcharges": [{"when": {"from": "18:00", "to": "08:00"}, "multiplier": 2}],
        }
    )
    pricing = package.pricing
    assert surcharge_multiplier(pricing, incident(1, minute_of_week=2 * 1440 + 19 * 60)) == 2.0  # Wed 19:00
    assert surcharge_multiplier(pricing, incident(1, minute_of_week=3 * 1440 + 7 * 60)) == 2.0  # Thu 07:00
    assert surcharge_multiplier(pricing, incident(1, minute_of_week=3 * 1440 + 9 * 60)) == 1.0  # Thu 09:00
    assert surcharge_multiplier(pricing, incident(1, minute_of_week=0)) == 2.0  # Mon 00:00


def test_a_flat_rate_surcharge_bills_the_hour_at_that_rate():
    package = make_package(
        pricing={"hourly_rate": 110, "surcharges": [{"when": "weekend", "rate": 275, "severities": ["P1"]}]}
    )
    weekend_p1 = bill_tasks(package, [incident(2, severity=Severity.P1, weekend=True)], months=1)
    assert weekend_p1.total == pytest.approx(2 * 275)
    weekend_p2 = bill_tasks(package, [incident(2, severity=Severity.P2, weekend=True)], months=1)
    assert weekend_p2.total == pytest.approx(2 * 110)


def test_a_flat_rate_surcharge_on_a_retainer_uses_included_hours_like_its_multiplier():
    # overflow at 100/h; a weekend hour at 150/h is x1.5: 4 h at the weekend use 6 of the 10 included hours
    package = make_package(
        model="retainer",
        pricing={
            "monthly_fee": 1000,
            "included_hours": 10,
            "overflow_rate": 100,
            "surcharges": [{"when": "weekend", "rate": 150}],
        },
    )
    result = bill_tasks(package, [incident(4, weekend=True), incident(6)], months=1)
    month = result.months[0]
    assert month.included_hours_used == pytest.approx(10.0)
    assert month.overflow_hours == pytest.approx(2.0)  # 6 + 6 = 12 charged hours
    assert month.overflow_cost == pytest.approx(200.0)


def test_a_surcharge_minimum_applies_only_when_the_surcharge_does():
    package = make_package(
        pricing={
            "hourly_rate": 100,
            "surcharges": [{"when": "weekend", "multiplier": 1.5, "minimum_charge": "2 hours"}],
        }
    )
    weekend = bill_tasks(package, [incident(0.5, weekend=True)], months=1)
    weekday = bill_tasks(package, [incident(0.5)], months=1)
    assert weekend.months[0].billed_hours == pytest.approx(2.0)
    assert weekend.total == pytest.approx(2 * 100 * 1.5)  # 300 for a half-hour fix on a Saturday
    assert weekday.total == pytest.approx(50.0)


def test_unlimited_tickets_bill_one_ticket_for_a_seven_hour_task():
    package = make_package(
        model="ticket_bundle",
        pricing={
            "monthly_fee": 500,
            "included_tickets": 1,
            "ticket_price": 90,
            "hours_per_ticket": "unlimited",
        },
    )
    one = bill_tasks(package, [incident(7)], months=1)
    assert one.months[0].tickets_used == pytest.approx(1.0)
    assert one.total == pytest.approx(500.0)
    two = bill_tasks(package, [incident(7), incident(7)], months=1)
    assert two.months[0].extra_tickets == pytest.approx(1.0)
    assert two.total == pytest.approx(590.0)
    capped = make_package(
        model="ticket_bundle",
        pricing={"monthly_fee": 500, "included_tickets": 1, "ticket_price": 90, "hours_per_ticket": 2},
    )
    assert bill_tasks(capped, [incident(7)], months=1).months[0].tickets_used == pytest.approx(4.0)


def test_unlimited_tickets_state_the_hours_a_ticket_is_assumed_to_hold():
    package = make_package(
        model="ticket_bundle",
        pricing={
            "monthly_fee": 500,
            "included_tickets": 10,
            "ticket_price": 90,
            "hours_per_ticket": "unlimited",
        },
    )
    hours, note = guaranteed_hours_per_month(package, hours_per_task=1.5)
    assert hours == pytest.approx(15.0)
    assert "no hour cap" in note and "1.5 h per ticket" in note


def test_included_hours_change_by_calendar_month():
    package = make_package(
        model="retainer",
        pricing={
            "monthly_fee": 4000,
            "included_hours": {"default": 40, "nov": 80, "dec": 80},
            "overflow_rate": 100,
        },
    )
    tasks = [incident(60, month=m) for m in range(12)]
    result = bill_tasks(package, tasks, months=12)
    # 60 h a month: 20 h over in Jan-Oct, nothing over in Nov and Dec
    assert [m.overflow_hours for m in result.months] == pytest.approx([20.0] * 10 + [0.0, 0.0])
    assert result.variable_cost == pytest.approx(10 * 20 * 100)
    # a ledger starting in November sees November's hours first
    later = bill_tasks(package, [incident(60, month=0), incident(60, month=2)], months=3, first_month=10)
    assert [m.included_hours for m in later.months] == [80.0, 80.0, 40.0]
    assert [m.overflow_hours for m in later.months] == pytest.approx([0.0, 0.0, 20.0])
    hours, note = guaranteed_hours_per_month(package)
    assert hours == pytest.approx((10 * 40 + 2 * 80) / 12)
    assert "40-80 h by month" in note


def test_burst_hours_at_their_rate_and_the_hours_beyond():
    package = make_package(
        model="retainer",
        pricing={
            "monthly_fee": 2000,
            "included_hours": 20,
            "overflow_rate": 120,
            "burst": {"extra_fraction": "50%", "rate": 100},
        },
    )
    month = bill_tasks(package, [incident(35)], months=1).months[0]
    # 15 h over: the first 10 (50% of 20) are burst at 100, the other 5 at the overflow rate 120
    assert month.burst_hours == pytest.approx(10.0)
    assert month.beyond_burst_hours == pytest.approx(5.0)
    assert month.overflow_cost == pytest.approx(10 * 100 + 5 * 120)
    plain = make_package(
        model="retainer",
        pricing={
            "monthly_fee": 2000,
            "included_hours": 20,
            "overflow_rate": 120,
            "burst": {"extra_fraction": 0.5},
        },
    )
    assert bill_tasks(plain, [incident(35)], months=1).months[0].overflow_cost == pytest.approx(15 * 120)


def test_prepaid_hours_without_a_block_size_are_bought_as_needed_at_the_tier_they_reach():
    package = make_package(
        model="prepaid_block",
        pricing={
            "hourly_rate": 120,
            "volume_tiers": [{"from_hours": 10, "rate": 100}, {"from_hours": 40, "rate": 90}],
        },
    )
    result = bill_tasks(
        package, [incident(3), incident(4), incident(15, month=1), incident(45, month=2)], months=3
    )
    assert [m.block_cost for m in result.months] == pytest.approx([7 * 120, 15 * 100, 45 * 90])
    assert all(m.carried_out == 0 for m in result.months)
