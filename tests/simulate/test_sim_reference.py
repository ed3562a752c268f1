"""The vectorised engine gives the plain-Python reference's numbers (to 1e-9 relative) on the same draws."""

from __future__ import annotations

import numpy as np
import pytest
import sim_helpers as h

from magesupport.domain.package import PackageModel
from magesupport.simulate.billing import Biller
from magesupport.simulate.incidents import draw_incidents
from magesupport.simulate.reference import simulate_reference
from magesupport.simulate.run import plan_workspace
from magesupport.simulate.vectorised import Chunk, Scenario, simulate_chunk, simulate_package


@pytest.mark.parametrize(("name", "years"), [("startup", 40), ("midmarket", 20), ("enterprise", 8)])
def test_engine_equals_reference_on_the_examples(name, years):
    plan = plan_workspace(h.example(name))
    draws = draw_incidents(np.random.default_rng(11), years, plan.rates, plan.frame)
    for pp, engine, reference in zip(
        plan.packages, simulate_chunk(plan, draws), simulate_reference(plan, draws), strict=True
    ):
        h.assert_same(engine, reference, pp.id)


def test_all_six_models_are_covered():
    models = {p.model for name in ("startup", "midmarket", "enterprise") for p in h.example(name).packages}
    assert models == set(PackageModel)


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(rates=2.0),
        Scenario(rates=0.5, effort=2.0),
        Scenario(prevention=2.0, revenue=1.5, p2_loss=1.5),
        Scenario(prevention=0.5, effort=0.5),
    ],
)
def test_engine_equals_reference_under_scenarios(scenario):
    plan = plan_workspace(h.example("midmarket"))
    draws = draw_incidents(np.random.default_rng(5), 12, plan.rates, plan.frame, rate_scale=2.0)
    for pp, engine, reference in zip(
        plan.packages,
        simulate_chunk(plan, draws, scenario),
        simulate_reference(plan, draws, scenario),
        strict=True,
    ):
        h.assert_same(engine, reference, f"{pp.id} {scenario}")


def _variants():
    mid = h.example("midmarket")
    start = h.example("startup")
    acme = mid.package("acme-growth")
    tickets = start.package("task-tickets")
    blocks = start.package("timebank-blocks")
    hourly = h.example("enterprise").package("premium-hourly")
    return [
        # surcharges priced on overflow, two overlapping pools, hours banked for ever
        h.package(
            acme,
            id="seq-pools",
            pricing={
                "surcharges_apply_to_included": False,
                "hour_pools": [
                    {"hours": 6, "severities": ["P1", "P2"]},
                    {"hours": 8, "severities": ["P2", "P3"], "kinds": ["incident", "maintenance"]},
                ],
                "rollover": {"policy": "bank"},
            },
        ),
        # one pool, surcharges on overflow but the same for every task, capped rollover of 2 months
        h.package(
            acme,
            id="flat-surcharge",
            currency="USD",
            pricing={
                "surcharges_apply_to_included": False,
                "surcharges": [{"when": "always", "multiplier": 1.25}],
                "rollover": {
                    "policy": "capped",
                    "max_fraction": 0.5,
                    "max_hours": 6,
                    "expires_after_months": 2,
                },
            },
        ),
        # tickets priced by the hour (no ticket price), surcharges, tickets roll over for a month
        h.package(
            tickets,
            id="tickets-by-hour",
            pricing={
                "ticket_price": None,
                "included_tickets": 3,
                "overflow_rate": 90,
                "surcharges": [{"when": "outside_business_hours", "multiplier": 1.5}],
                "rollover": {"policy": "capped", "max_fraction": 1.0, "expires_after_months": 1},
            },
        ),
        # prepaid blocks that expire after two months; maintenance out of scope
        h.package(
            blocks,
            id="blocks-expire",
            pricing={"rollover": {"policy": "bank", "expires_after_months": 2}},
            contract={"scope_exclusions": ["maintenance"], "out_of_scope_rate": 160},
        ),
        # hourly with a monthly minimum, development not allowed, P4 free, Saturday business hours
        h.package(
            hourly,
            id="hourly-min",
            pricing={"unlimited": ["p4"], "minimum_monthly_hours": 30},
            services={"development_allowed": False},
            contract={"out_of_scope_rate": 300},
            business_hours={"days": "mon-sat", "hours": "08:00-16:00", "timezone": "America/Denver"},
            severities={
                "P1": {"response": "1h", "resolution": "6h", "coverage": "24x7"},
                "P3": {"response": "4h", "resolution": "2 business days", "coverage": "24x5"},
            },
        ),
    ]


def test_engine_equals_reference_on_rule_heavy_variants():
    store = h.store(workload={"questions_per_month": 6, "development_hours_per_month": 10})
    plan = h.plan(store, _variants())
    draws = draw_incidents(np.random.default_rng(3), 15, plan.rates, plan.frame)
    assert {pp.id: Biller(pp, plan.routine).sequential_needed() for pp in plan.packages} == {
        "seq-pools": True,
        "flat-surcharge": False,
        "tickets-by-hour": True,
        "blocks-expire": False,
        "hourly-min": False,
    }
    for pp, engine, reference in zip(
        plan.packages, simulate_chunk(plan, draws), simulate_reference(plan, draws), strict=True
    ):
        h.assert_same(engine, reference, pp.id)


@pytest.mark.parametrize("name", ["startup", "midmarket", "enterprise"])
def test_sequential_billing_equals_the_aggregated_one(name):
    plan = plan_workspace(h.example(name))
    draws = draw_incidents(np.random.default_rng(2), 300, plan.rates, plan.frame)
    chunk = Chunk(plan, draws, Scenario())
    for pp in plan.packages:
        if pp.package.model in (PackageModel.HOURLY, PackageModel.PREPAID_BLOCK):
            continue
        fast = simulate_package(chunk, pp)
        slow = simulate_package(chunk, pp, force_sequential=True)
        h.assert_same(fast, slow, pp.id)


def test_more_incidents_than_drawn_is_refused():
    plan = plan_workspace(h.example("startup"))
    draws = draw_incidents(np.random.default_rng(1), 10, plan.rates, plan.frame)
    with pytest.raises(ValueError, match="rate_scale"):
        Chunk(plan, draws, Scenario(rates=2.0))
