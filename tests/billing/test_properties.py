"""Invariants of the billing rules, on random tasks (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import make_package

from magesupport.billing.monthly import bill_tasks
from magesupport.billing.rules import Task, billed_hours, surcharge_multiplier
from magesupport.domain.base import SEVERITIES
from magesupport.domain.package import TaskKind

tasks_strategy = st.lists(
    st.builds(
        Task,
        kind=st.sampled_from(list(TaskKind)),
        hours=st.floats(0.01, 12),
        severity=st.sampled_from(SEVERITIES),
        month=st.integers(0, 5),
        outside_business_hours=st.booleans(),
        weekend=st.booleans(),
    ),
    max_size=25,
)
increments = st.sampled_from(["15m", "30m", "1h", "6m"])


@given(
    hours=st.floats(0.001, 100),
    inc=st.sampled_from([0.1, 0.25, 0.5, 1.0]),
    minimum=st.sampled_from([0, 0.5, 1]),
)
def test_billed_hours_cover_the_work_in_whole_increments(hours, inc, minimum):
    billed = billed_hours(hours, inc, minimum)
    assert billed >= hours - 1e-9
    assert billed >= minimum
    assert billed - hours < max(inc, minimum) + 1e-9
    assert abs(billed / inc - round(billed / inc)) < 1e-6 or billed == minimum


def retainer(included: float, rate: float, inc: str = "15m"):
    return make_package(
        model="retainer",
        pricing={
            "monthly_fee": 1000,
            "included_hours": included,
            "overflow_rate": rate,
            "billing_increment": inc,
            "hour_pools": [{"hours": min(3, included) or 1, "severities": ["P1"]}] if included >= 3 else [],
            "surcharges": [
                {"when": "outside_business_hours", "multiplier": 1.5},
                {"when": "weekend", "multiplier": 2},
            ],
            "rollover": {"policy": "capped", "max_fraction": 0.5, "expires_after_months": 2},
        },
    )


@settings(max_examples=150, deadline=None)
@given(tasks=tasks_strategy, included=st.floats(3, 60), extra=st.floats(0, 40), inc=increments)
def test_more_included_hours_never_raise_the_variable_cost(tasks, included, extra, inc):
    small = bill_tasks(retainer(included, 120, inc), tasks, months=6).variable_cost
    large = bill_tasks(retainer(included + extra, 120, inc), tasks, months=6).variable_cost
    assert large <= small + 1e-6


@settings(max_examples=150, deadline=None)
@given(tasks=tasks_strategy, rate=st.floats(50, 250), raise_by=st.floats(0, 100), inc=increments)
def test_raising_a_price_never_lowers_the_cost(tasks, rate, raise_by, inc):
    low = bill_tasks(retainer(20, rate, inc), tasks, months=6).total
    high = bill_tasks(retainer(20, rate + raise_by, inc), tasks, months=6).total
    assert high >= low - 1e-6
    hourly_low = make_package(pricing={"hourly_rate": rate, "billing_increment": inc})
    hourly_high = make_package(pricing={"hourly_rate": rate + raise_by, "billing_increment": inc})
    assert (
        bill_tasks(hourly_high, tasks, months=6).total >= bill_tasks(hourly_low, tasks, months=6).total - 1e-6
    )


@settings(max_examples=100, deadline=None)
@given(tasks=tasks_strategy, inc=increments)
def test_hours_are_conserved(tasks, inc):
    """Every billed hour (after surcharges) lands in exactly one place: pool, carry, included or overflow."""
    package = retainer(20, 100, inc)
    result = bill_tasks(package, tasks, months=6)
    increment = package.pricing.billing_increment
    charged = sum(
        billed_hours(t.hours, increment, 0) * surcharge_multiplier(package.pricing, t) for t in tasks
    )
    placed = sum(
        m.pool_hours_used + m.carried_hours_used + m.included_hours_used + m.overflow_hours
        for m in result.months
    )
    assert placed == pytest.approx(charged, rel=1e-9, abs=1e-9)
