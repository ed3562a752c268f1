"""Vectorised billing against `billing.monthly.bill_tasks` on random terms and random months of tasks."""

from __future__ import annotations

import numpy as np
import sim_helpers as h
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magesupport.billing.monthly import bill_tasks
from magesupport.billing.rules import Task, surcharge_multiplier
from magesupport.domain.base import SEVERITIES
from magesupport.domain.package import SupportPackage, TaskKind
from magesupport.simulate.billing import Biller, IncidentTasks
from magesupport.simulate.inputs import Calendars, RoutineTask, package_plan
from magesupport.simulate.settings import load_settings
from magesupport.simulate.timeline import build_year_frame

STORE = h.store()
CALENDARS = Calendars(build_year_frame(STORE))
BASE = h.raw(h.example_path("midmarket") / "quotes" / "acme-growth.yaml")

rollovers = st.one_of(
    st.none(),
    st.just({"policy": "expire"}),
    st.builds(
        lambda frac, cap, months: {
            "policy": "capped",
            "max_fraction": frac,
            "max_hours": cap,
            "expires_after_months": months,
        },
        st.sampled_from([0.25, 0.5, 1.0]),
        st.sampled_from([None, 5, 20]),
        st.integers(1, 3),
    ),
    st.builds(
        lambda months: {"policy": "bank", "expires_after_months": months}, st.sampled_from([None, 1, 2])
    ),
)
pools = st.lists(
    st.builds(
        lambda hours, sevs, kinds: {"hours": hours, "severities": sevs, "kinds": kinds},
        st.sampled_from([2, 5, 10]),
        st.sets(st.sampled_from(["P1", "P2", "P3", "P4"]), min_size=1).map(sorted),
        st.sets(st.sampled_from(["incident", "maintenance", "question"]), min_size=1).map(sorted),
    ),
    max_size=2,
)
surcharges = st.lists(
    st.builds(
        lambda when, mult, sevs: {"when": when, "multiplier": mult, "severities": sevs},
        st.sampled_from(["outside_business_hours", "weekend", "holiday", "always"]),
        st.sampled_from([1.25, 1.5, 2.0]),
        st.sampled_from([["P1", "P2", "P3", "P4"], ["P1"], ["P1", "P2"]]),
    ),
    max_size=3,
)


@st.composite
def packages(draw) -> SupportPackage:
    model = draw(
        st.sampled_from(["hourly", "prepaid_block", "retainer", "ticket_bundle", "managed", "dedicated"])
    )
    pricing = {
        "monthly_fee": draw(st.sampled_from([0, 900, 4000])),
        "hourly_rate": draw(st.sampled_from([80, 150])),
        "overflow_rate": draw(st.sampled_from([None, 110])),
        "billing_increment": draw(st.sampled_from(["15m", "30m", "1h"])),
        "minimum_charge": draw(st.sampled_from(["0m", "30m", "1h"])),
        "surcharges": draw(surcharges),
        "surcharges_apply_to_included": draw(st.booleans()),
        "rollover": draw(rollovers),
        "unlimited": draw(st.sampled_from([[], ["questions"], ["p4"]])),
    }
    if model == "hourly":
        pricing["minimum_monthly_hours"] = draw(st.sampled_from([0, 5]))
    elif model == "prepaid_block":
        pricing["block_hours"] = draw(st.sampled_from([5, 10]))
        pricing["volume_tiers"] = [{"from_hours": 10, "rate": 70}]
    elif model == "ticket_bundle":
        pricing["included_tickets"] = draw(st.integers(0, 6))
        pricing["ticket_price"] = draw(st.sampled_from([None, 120]))
        pricing["hours_per_ticket"] = draw(st.sampled_from([None, 1, 2]))
    else:
        pricing["included_hours"] = draw(st.sampled_from([0, 8, 30]))
        pricing["hour_pools"] = draw(pools)
    data = {
        **BASE,
        "id": "random",
        "model": model,
        "currency": "USD",
        "pricing": pricing,
        "services": {**BASE["services"], "development_allowed": draw(st.booleans())},
        "contract": {**BASE["contract"], "scope_exclusions": draw(st.sampled_from([[], ["maintenance"]]))},
    }
    return SupportPackage.model_validate(data)


tasks_strategy = st.lists(
    st.tuples(
        st.integers(0, 2),  # year
        st.integers(0, 11),  # month
        st.floats(0.05, 14.0),  # hours
        st.integers(0, 3),  # severity
        st.integers(0, 7),  # surcharge code
        st.booleans(),  # prevented
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages(), tasks_strategy, st.sampled_from([0.0, 3.0]), st.sampled_from([0.0, 2.0]))
def test_vectorised_billing_equals_the_ledger(package, rows, maintenance, questions):
    plan = package_plan(package, 1.0, STORE, load_settings(), CALENDARS)
    routine = tuple(
        r
        for r in (
            RoutineTask(TaskKind.MAINTENANCE, 2.0, maintenance / 2.0),
            RoutineTask(TaskKind.DEVELOPMENT, 4.0, 1.5),
            RoutineTask(TaskKind.QUESTION, 0.25, questions),
        )
        if r.count > 0
    )
    years = 3
    rows = sorted(rows, key=lambda r: (r[0], r[1]))
    ledger_tasks: list[list[Task]] = [[] for _ in range(years)]
    mult, active = [], []
    for year, month, hours, sev, code, prevented in rows:
        task = Task(
            kind=TaskKind.INCIDENT,
            hours=hours,
            severity=SEVERITIES[sev],
            month=month,
            outside_business_hours=bool(code & 1),
            weekend=bool(code & 2),
            holiday=bool(code & 4),
        )
        mult.append(surcharge_multiplier(package.pricing, task))
        active.append(not prevented and not plan.severities[sev].unlimited)
        if not prevented:
            ledger_tasks[year].append(task)
    n = len(rows)
    tasks = IncidentTasks(
        hours=np.array([r[2] for r in rows], dtype=float),
        mult=np.array(mult, dtype=float),
        active=np.array(active, dtype=bool),
        severity=np.array([r[3] for r in rows], dtype=np.int8),
        group=np.array([r[0] * 12 + r[1] for r in rows], dtype=np.int64),
        year=np.array([r[0] for r in rows], dtype=np.int32),
        month=np.array([r[1] for r in rows], dtype=np.int8),
        t=np.arange(n, dtype=float),  # the order given is the order of work
    )
    expected = []
    for year in range(years):
        listed = []
        for month in range(12):
            listed += [Task(kind=r.kind, hours=r.hours, count=r.count, month=month) for r in routine]
            listed += [t for t in ledger_tasks[year] if t.month == month]
        expected.append(bill_tasks(package, listed, 12).variable_cost)
    biller = Biller(plan, routine)
    for force in (False, True):
        got = biller.variable_cost(tasks, years, force_sequential=force)
        assert np.allclose(got, expected, rtol=1e-9, atol=1e-6), (package.model, force, got, expected)
