"""Billing rules against hand-computed answers."""

from __future__ import annotations

import pytest
from tests.conftest import make_package

from magesupport.billing.monthly import bill_tasks
from magesupport.billing.rules import Task, billed_hours, block_rate, surcharge_multiplier
from magesupport.compare.deterministic import committed_annual, effective_hourly_rate
from magesupport.domain.base import Severity
from magesupport.domain.package import TaskKind

INCIDENT = TaskKind.INCIDENT


def task(
    hours: float, month: int = 0, severity: Severity | None = Severity.P3, kind: TaskKind = INCIDENT, **kw
):
    return Task(kind=kind, hours=hours, severity=severity, month=month, **kw)


def test_five_minute_fix_in_one_hour_increments_costs_one_hour():
    package = make_package(pricing={"hourly_rate": 120, "billing_increment": "1h"})
    result = bill_tasks(package, [task(5 / 60)], months=1)
    assert result.total == pytest.approx(120.0)
    quarter = make_package(pricing={"hourly_rate": 120, "billing_increment": "15m"})
    assert bill_tasks(quarter, [task(5 / 60)], months=1).total == pytest.approx(30.0)


def test_three_five_minute_entries_are_three_billed_hours():
    package = make_package(pricing={"hourly_rate": 100, "billing_increment": "1h"})
    result = bill_tasks(package, [task(5 / 60) for _ in range(3)], months=1)
    assert result.months[0].billed_hours == pytest.approx(3.0)
    assert result.total == pytest.approx(300.0)


def test_billed_hours_rounding_and_minimum():
    assert billed_hours(0.26, 0.25, 0.0) == pytest.approx(0.5)
    assert billed_hours(0.25, 0.25, 0.0) == pytest.approx(0.25)  # exact multiples are not rounded up
    assert billed_hours(0.1, 0.25, 1.0) == pytest.approx(1.0)
    assert billed_hours(1.7, 0.0, 0.0) == pytest.approx(1.7)
    assert billed_hours(0.0, 1.0, 1.0) == 0.0


def test_effective_rate_of_a_5000_service_with_20_hours_is_250():
    package = make_package(
        model="managed", pricing={"monthly_fee": 5000, "included_hours": 20, "hourly_rate": 200}
    )
    rate, _ = effective_hourly_rate(package)
    assert rate == pytest.approx(250.0)


def test_ticket_bundle_effective_rate_states_its_assumption():
    package = make_package(
        model="ticket_bundle", pricing={"monthly_fee": 800, "included_tickets": 8, "ticket_price": 120}
    )
    rate, note = effective_hourly_rate(package)
    assert rate == pytest.approx(100.0)  # 800 / (8 tickets x 1 h)
    assert "assumed 1 h per ticket" in note
    stated = make_package(
        model="ticket_bundle",
        pricing={"monthly_fee": 800, "included_tickets": 8, "hours_per_ticket": 2, "ticket_price": 120},
    )
    assert effective_hourly_rate(stated) == (pytest.approx(50.0), None)


def test_capped_rollover_40_percent_for_one_month_only():
    package = make_package(
        model="retainer",
        pricing={
            "monthly_fee": 4000,
            "included_hours": 40,
            "overflow_rate": 100,
            "billing_increment": "15m",
            "rollover": {"policy": "capped", "max_fraction": 0.4, "expires_after_months": 1},
        },
    )
    # month 0: 20 h used -> 20 unused -> 8 carried into month 1 only
    tasks = [task(20, month=0), task(48, month=1)]
    result = bill_tasks(package, tasks, months=3)
    m0, m1, m2 = result.months
    assert m0.carried_out == pytest.approx(8.0)
    assert m0.expired_units == pytest.approx(12.0)
    assert m1.carried_hours_used == pytest.approx(8.0)
    assert m1.included_hours_used == pytest.approx(40.0)
    assert m1.overflow_hours == pytest.approx(0.0)  # 48 = 8 carried + 40 included
    assert m1.carried_out == pytest.approx(0.0)
    # month 2: nothing used, nothing carried in; 16 of 40 unused hours carried out
    assert m2.carried_hours_used == 0.0
    assert m2.carried_out == pytest.approx(16.0)


def test_carried_hours_expire_after_their_month():
    package = make_package(
        model="retainer",
        pricing={
            "monthly_fee": 1000,
            "included_hours": 10,
            "overflow_rate": 100,
            "rollover": {"policy": "capped", "max_fraction": 1.0, "expires_after_months": 1},
        },
    )
    # month 0 unused 10 -> carried; month 1 unused too: month 0's 10 expire, month 1's 10 carried
    result = bill_tasks(package, [task(25, month=2)], months=3)
    assert result.months[1].expired_units == pytest.approx(10.0)
    assert result.months[2].carried_hours_used == pytest.approx(10.0)
    assert result.months[2].overflow_hours == pytest.approx(5.0)
    assert result.variable_cost == pytest.approx(500.0)


def test_bank_never_expires_and_expire_policy_loses_everything():
    bank = make_package(
        model="retainer",
        pricing={
            "monthly_fee": 1000,
            "included_hours": 10,
            "overflow_rate": 100,
            "rollover": {"policy": "bank"},
        },
    )
    result = bill_tasks(bank, [task(40, month=3)], months=4)
    assert result.months[3].carried_hours_used == pytest.approx(30.0)
    assert result.variable_cost == 0.0
    expire = make_package(
        model="retainer", pricing={"monthly_fee": 1000, "included_hours": 10, "overflow_rate": 100}
    )
    assert bill_tasks(expire, [task(40, month=3)], months=4).variable_cost == pytest.approx(3000.0)


def test_surcharges_take_the_highest_not_the_product():
    package = make_package(
        pricing={
            "hourly_rate": 100,
            "surcharges": [
                {"when": "outside_business_hours", "multiplier": 1.5},
                {"when": "weekend", "multiplier": 2.0},
                {"when": "always", "severities": ["P1"], "multiplier": 1.25},
            ],
        }
    )
    assert surcharge_multiplier(package.pricing, task(1, weekend=True)) == 2.0
    assert surcharge_multiplier(package.pricing, task(1, outside_business_hours=True)) == 1.5
    assert surcharge_multiplier(package.pricing, task(1, severity=Severity.P1)) == 1.25
    assert surcharge_multiplier(package.pricing, task(1, kind=TaskKind.MAINTENANCE, severity=None)) == 1.0
    result = bill_tasks(package, [task(2, weekend=True), task(1, outside_business_hours=True)], months=1)
    assert result.total == pytest.approx(2 * 100 * 2.0 + 1 * 100 * 1.5)


def test_surcharged_work_uses_included_hours_at_the_multiplier_unless_told_otherwise():
    terms = {
        "monthly_fee": 1000,
        "included_hours": 10,
        "overflow_rate": 100,
        "surcharges": [{"when": "weekend", "multiplier": 2.0}],
    }
    package = make_package(model="retainer", pricing=terms)
    result = bill_tasks(package, [task(6, weekend=True)], months=1)  # 12 h charged against 10 included
    assert result.months[0].overflow_hours == pytest.approx(2.0)
    assert result.variable_cost == pytest.approx(200.0)
    flat = make_package(model="retainer", pricing={**terms, "surcharges_apply_to_included": False})
    result = bill_tasks(flat, [task(12, weekend=True)], months=1)  # 2 h beyond, billed at 2x
    assert result.variable_cost == pytest.approx(2 * 100 * 2.0)


def test_restricted_pool_serves_only_its_severities():
    package = make_package(
        model="retainer",
        pricing={
            "monthly_fee": 1500,
            "included_hours": 10,
            "hourly_rate": 150,
            "hour_pools": [{"hours": 10, "severities": ["P1"]}],
        },
    )
    result = bill_tasks(package, [task(4, severity=Severity.P1), task(3, severity=Severity.P3)], months=1)
    bill = result.months[0]
    assert bill.pool_hours_used == pytest.approx(4.0)
    assert bill.overflow_hours == pytest.approx(3.0)  # P3 cannot use the P1-only hours
    assert result.variable_cost == pytest.approx(450.0)


def test_ticket_bundle_extra_tickets_and_unlimited_questions():
    package = make_package(
        model="ticket_bundle",
        pricing={
            "monthly_fee": 790,
            "included_tickets": 8,
            "ticket_price": 120,
            "hours_per_ticket": 2,
            "unlimited": ["questions"],
        },
    )
    tasks = (
        [task(1.5) for _ in range(7)] + [task(3.5)] + [task(0.25, kind=TaskKind.QUESTION, severity=None)] * 5
    )
    result = bill_tasks(package, tasks, months=1)
    bill = result.months[0]
    assert bill.tickets_used == 9  # 7 x 1 + one 3.5 h task = 2 tickets
    assert bill.extra_tickets == 1
    assert result.total == pytest.approx(790 + 120)


def test_prepaid_blocks_buy_at_the_tier_rate_and_bank_the_rest():
    package = make_package(
        model="prepaid_block",
        pricing={
            "hourly_rate": 95,
            "volume_tiers": [{"from_hours": 20, "rate": 85}],
            "block_hours": 20,
            "billing_increment": "15m",
            "rollover": {"policy": "bank"},
        },
    )
    assert block_rate(package.pricing, 20) == 85.0
    assert block_rate(package.pricing, 8) == 95.0
    result = bill_tasks(package, [task(15, month=0), task(10, month=1), task(30, month=2)], months=3)
    assert [m.blocks_bought for m in result.months] == [
        1,
        1,
        1,
    ]  # 15 | 5 left then 5 -> new block | 15 + 20 -> 30
    assert result.variable_cost == pytest.approx(3 * 20 * 85)
    assert result.months[2].carried_out == pytest.approx(5.0)


def test_out_of_scope_and_minimum_monthly_hours():
    package = make_package(
        model="retainer",
        services={"development_allowed": False},
        contract={"out_of_scope_rate": 180},
        pricing={"monthly_fee": 1000, "included_hours": 10, "hourly_rate": 150},
    )
    result = bill_tasks(package, [task(4, kind=TaskKind.DEVELOPMENT, severity=None)], months=1)
    assert result.months[0].out_of_scope_cost == pytest.approx(720.0)
    assert result.months[0].included_hours_used == 0.0
    hourly = make_package(pricing={"hourly_rate": 200, "minimum_monthly_hours": 10})
    result = bill_tasks(hourly, [task(3)], months=2)
    assert [m.total for m in result.months] == [pytest.approx(2000.0), pytest.approx(2000.0)]
    annual, first_year, over_term = committed_annual(hourly)
    assert (annual, first_year, over_term) == (
        pytest.approx(24000.0),
        pytest.approx(24000.0),
        pytest.approx(2000.0),
    )


def test_committed_cost_spreads_onboarding_over_the_term():
    package = make_package(
        model="managed",
        pricing={"monthly_fee": 5000, "onboarding_fee": 6000},
        contract={"minimum_term_months": 24},
    )
    annual, first_year, over_term = committed_annual(package, fx=1.0)
    assert annual == pytest.approx(60000 + 3000)
    assert first_year == pytest.approx(66000)
    assert over_term == pytest.approx(126000)
    short = make_package(
        model="managed",
        pricing={"monthly_fee": 5000, "onboarding_fee": 6000},
        contract={"minimum_term_months": 6},
    )
    assert committed_annual(short, fx=2.0)[0] == pytest.approx(2 * 66000)
