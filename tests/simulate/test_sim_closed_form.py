"""Results the simulation must reproduce by hand-computable formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sim_helpers as h

from magesupport.compare.deterministic import committed_annual

NO_ROUTINE = {"maintenance_hours_per_month": 0, "development_hours_per_month": 0, "questions_per_month": 0}


def hourly(rate: float, increment: str, minimum: str = "0m"):
    base = h.example("startup").package("studio-hourly")
    return h.package(
        base,
        id=f"hourly-{increment}",
        pricing={"hourly_rate": rate, "billing_increment": increment, "minimum_charge": minimum},
    )


@pytest.mark.parametrize(
    ("rate_per_year", "effort", "increment", "step"), [(30, 1.3, "15m", 0.25), (12, 0.4, "1h", 1.0)]
)
def test_hourly_p3_mean_variable_cost(rate_per_year, effort, increment, step):
    # P3 only at rate lambda, fixed effort e, increment i: E[cost] = lambda * ceil(e / i) * i * rate
    store = h.store(
        "startup",
        workload={
            "incidents_per_year": {"P1": 0, "P2": 0, "P3": rate_per_year, "P4": 0},
            "effort_hours": {"P3": effort},
            "effort_spread": 0,
            **NO_ROUTINE,
        },
    )
    plan = h.plan(store, [hourly(140, increment)])
    (outcome,) = h.run(plan, years=4000, seed=3)
    expected = rate_per_year * math.ceil(effort / step) * step * 140
    assert abs(outcome.variable.mean() - expected) <= 4 * h.standard_error(outcome.variable)
    # each year is exactly (incidents that year) x the billed cost of one
    per_incident = math.ceil(effort / step) * step * 140
    assert np.allclose(outcome.variable / per_incident, np.round(outcome.variable / per_incident))


@pytest.mark.parametrize("name", ["startup", "midmarket", "enterprise"])
def test_zero_incident_rates_give_exactly_the_committed_cost(name):
    workspace = h.example(name)
    store = h.store(
        name,
        workload={
            "incidents_per_year": {"P1": 0, "P2": 0, "P3": 0, "P4": 0},
            **NO_ROUTINE,
        },
    )
    plan = h.plan(store, list(workspace.packages))
    for pp, outcome in zip(plan.packages, h.run(plan, years=150), strict=True):
        committed = committed_annual(pp.package, pp.fx)[0]
        assert np.allclose(outcome.total, committed, rtol=1e-12), pp.id
        assert outcome.lost.max() == 0 and outcome.credits.max() == 0 and outcome.breaches.max() == 0
