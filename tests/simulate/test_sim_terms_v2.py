"""Format v2 terms in the simulation: the vectorised engine equals the plain-Python reference on them, and
their effects come out as computed by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import sim_helpers as h

from magesupport.domain.base import Severity
from magesupport.simulate.billing import Biller
from magesupport.simulate.incidents import draw_incidents
from magesupport.simulate.reference import simulate_reference
from magesupport.simulate.vectorised import (
    Chunk,
    Scenario,
    credit_pct,
    price_fractions,
    simulate_chunk,
    simulate_package,
    timeline,
    uptime_tier_pct,
)

WEEKEND = {"from": "fri 17:00", "to": "mon 08:00"}
TIERS = [
    {"below": "99.9%", "credit": "10%"},
    {"below": "99.5%", "credit": "15%"},
    {"below": "99%", "credit": "25%"},
]


def _variants():
    mid = h.example("midmarket")
    start = h.example("startup")
    acme = mid.package("acme-growth")
    tickets = start.package("task-tickets")
    blocks = start.package("timebank-blocks")
    hourly = h.example("enterprise").package("premium-hourly")
    return [
        # a Friday-17:00 weekend window at a flat rate with a 2-hour minimum; seasonal hours; burst; aims
        h.package(
            acme,
            id="window-rate",
            pricing={
                "included_hours": {"default": 40, "nov": 60, "dec": 60},
                "surcharges": [
                    {"when": WEEKEND, "rate": 180, "minimum_charge": "2 hours"},
                    {"when": "holiday", "multiplier": 2.0},
                ],
                "burst": {"extra_fraction": "25%", "rate": 95},
            },
            severities={
                "P1": {
                    "response": "30m",
                    "resolution": "4h",
                    "coverage": "24x7",
                    "commitment": {"resolution": "aim"},
                },
                "P2": {
                    "response": "2h",
                    "resolution": "1 business day",
                    "coverage": "24x5",
                    "commitment": "aim",
                },
            },
            service_credits={"per_breach_pct": 5, "cap_pct": 40, "uptime_tiers": TIERS},
            sla_clock_starts="detection",
        ),
        # the same terms billed in task order (surcharges not on included hours, two pools)
        h.package(
            acme,
            id="window-sequential",
            pricing={
                "included_hours": {"default": 30, "dec": 50},
                "surcharges_apply_to_included": False,
                "hour_pools": [{"hours": 6, "severities": ["P1"]}, {"hours": 4, "severities": ["P2"]}],
                "surcharges": [
                    {"when": {"from": "18:00", "to": "08:00"}, "multiplier": 1.5, "minimum_charge": "1h"}
                ],
                "burst": {"extra_fraction": 0.5, "rate": 90},
                "rollover": {"policy": "bank"},
            },
            sla_clock_starts="acknowledgement",
        ),
        # tickets of any length, a weekend window on the extra tickets
        h.package(
            tickets,
            id="unlimited-tickets",
            pricing={"hours_per_ticket": "unlimited", "surcharges": [{"when": WEEKEND, "multiplier": 1.5}]},
        ),
        # prepaid hours bought as needed at volume tiers, prices as ranges
        h.package(
            blocks,
            id="unsized-ranged",
            pricing={
                "block_hours": None,
                "hourly_rate": "110-130",
                "volume_tiers": [{"from_hours": 8, "rate": "95-105"}, {"from_hours": 20, "rate": 90}],
                "onboarding_fee": {"low": 0, "high": 900},
            },
        ),
        # hourly, in pounds with VAT, a flat night rate whose ratio moves with a ranged hourly rate
        h.package(
            hourly,
            id="nonlinear-range",
            currency="GBP",
            pricing={
                "hourly_rate": "150-200",
                "tax_rate": "20%",
                "surcharges": [{"when": "outside_business_hours", "rate": 250}],
            },
        ),
        # a ranged retainer fee with uptime tiers (credits move with the drawn fee)
        h.package(
            acme,
            id="ranged-fee",
            pricing={"monthly_fee": "3k-5k", "overflow_rate": {"low": 95, "high": 115}},
            service_credits={"per_breach_pct": 5, "cap_pct": 30, "uptime_tiers": TIERS},
        ),
    ]


def _plan():
    store = h.store(
        workload={"questions_per_month": 4, "development_hours_per_month": 6}, tax_recoverable=False
    )
    return h.plan(store, _variants())


def test_engine_equals_reference_on_the_v2_terms():
    plan = _plan()
    draws = draw_incidents(np.random.default_rng(7), 14, plan.rates, plan.frame)
    draws.price_seed = (7, 0)
    assert {pp.id: (pp.ranged, pp.ranged and pp.linear_in_price) for pp in plan.packages} == {
        "window-rate": (False, False),
        "window-sequential": (False, False),
        "unlimited-tickets": (False, False),
        "unsized-ranged": (True, True),
        "nonlinear-range": (True, False),
        "ranged-fee": (True, True),
    }
    assert Biller(plan.packages[1], plan.routine).sequential_needed()
    for pp, engine, reference in zip(
        plan.packages, simulate_chunk(plan, draws), simulate_reference(plan, draws), strict=True
    ):
        h.assert_same(engine, reference, pp.id)


def test_engine_equals_reference_on_the_v2_terms_under_a_scenario():
    plan = _plan()
    draws = draw_incidents(np.random.default_rng(8), 8, plan.rates, plan.frame, rate_scale=2.0)
    scenario = Scenario(rates=2.0, effort=1.5)
    for pp, engine, reference in zip(
        plan.packages,
        simulate_chunk(plan, draws, scenario),
        simulate_reference(plan, draws, scenario),
        strict=True,
    ):
        h.assert_same(engine, reference, f"{pp.id} {scenario}")


def test_sequential_billing_equals_the_aggregated_one_on_v2_terms():
    plan = _plan()
    draws = draw_incidents(np.random.default_rng(4), 120, plan.rates, plan.frame)
    chunk = Chunk(plan, draws, Scenario())
    for pp in plan.packages:
        h.assert_same(simulate_package(chunk, pp), simulate_package(chunk, pp, force_sequential=True), pp.id)


def test_tiered_credits_pay_fifteen_percent_at_99_4_uptime():
    plan = _plan()
    pp = next(p for p in plan.packages if p.id == "ranged-fee")
    assert pp.package.service_credits.uptime_tier_credit(99.4) == 15.0
    uptime = np.array([100.0, 99.95, 99.9, 99.89, 99.5, 99.4, 99.0, 98.99, 50.0])
    assert uptime_tier_pct(pp, uptime).tolist() == [0, 0, 0, 10, 10, 15, 15, 25, 25]
    # a 30-day month (720 h) down 4.32 h is at 99.4%: 15%, no breach; the cap is 30%
    hours = plan.frame.month_hours()
    down = np.zeros(12)
    down[3] = hours[3] * 0.006  # April has 30 days
    pct = credit_pct(pp, np.zeros(12), down, plan)
    assert pct[3] == pytest.approx(15.0) and pct.sum() == pytest.approx(15.0)
    two_breaches = credit_pct(pp, np.full(12, 2.0), down, plan)
    assert two_breaches[3] == pytest.approx(25.0) and two_breaches[0] == pytest.approx(10.0)
    assert credit_pct(pp, np.full(12, 6.0), down, plan)[3] == pytest.approx(30.0)  # capped


def test_soft_targets_earn_no_credits_but_are_counted_missed():
    plan = _plan()
    firm = h.package(
        h.example("midmarket").package("acme-growth"),
        id="firm",
        service_credits={"per_breach_pct": 5, "cap_pct": 100},
        severities={"P2": {"response": "2h", "resolution": "1h", "coverage": "24x5"}},
    )
    soft = h.package(
        h.example("midmarket").package("acme-growth"),
        id="soft",
        service_credits={"per_breach_pct": 5, "cap_pct": 100},
        severities={"P2": {"response": "2h", "resolution": "1h", "coverage": "24x5", "commitment": "aim"}},
    )
    plan = h.plan(h.store(), [firm, soft])
    firm_out, soft_out = h.run(plan, years=300)
    assert soft_out.breaches.sum() == firm_out.breaches.sum() > 0
    assert firm_out.credits.sum() > soft_out.credits.sum()
    # what is left is the P1 credits, the same for both
    p2 = plan.packages[0].severities[1]
    assert p2.credit_resolution and not plan.packages[1].severities[1].credit_resolution


def test_a_clock_that_starts_at_acknowledgement_answers_no_sooner_and_later_on_average():
    acme = h.example("midmarket").package("acme-growth")
    report = h.package(acme, id="report")
    ack = h.package(acme, id="ack", sla_clock_starts="acknowledgement")
    plan = h.plan(h.store(), [report, ack])
    draws = draw_incidents(np.random.default_rng(9), 400, plan.rates, plan.frame)
    chunk = Chunk(plan, draws, Scenario())
    for index in range(2):  # P1 and P2
        early = timeline(chunk, plan.packages[0], plan.packages[0].severities[index]).response_at
        late = timeline(chunk, plan.packages[1], plan.packages[1].severities[index]).response_at
        assert np.all(late >= early - 1e-6)
        # P1 is covered 24x7: the clock starts triage later, the response comes that much later
        if index == 0:
            assert np.allclose(late - early, plan.settings.triage_minutes * 60.0)


def test_a_friday_evening_p1_pays_the_weekend_rate_in_the_simulation():
    acme = h.example("midmarket").package("acme-growth")
    package = h.package(
        acme,
        id="w",
        business_hours={"days": "mon-fri", "hours": "09:00-17:30", "timezone": "Europe/London"},
        pricing={"surcharges": [{"when": WEEKEND, "multiplier": 3.0}]},
    )
    plan = h.plan(h.store(), [package])
    pp = plan.packages[0]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/London")
    friday_18 = datetime(plan.frame.year, 3, 5, 18, 0, tzinfo=zone).timestamp()  # 5 March 2027, a Friday
    friday_16 = datetime(plan.frame.year, 3, 5, 16, 0, tzinfo=zone).timestamp()
    monday_9 = datetime(plan.frame.year, 3, 8, 9, 0, tzinfo=zone).timestamp()
    codes = pp.business.code(np.array([friday_18, friday_16, monday_9]))
    p1 = pp.severities[0]
    assert p1.multipliers[codes].tolist() == [3.0, 1.0, 1.0]


def test_price_ranges_are_drawn_uniformly_per_year_and_fees_follow():
    plan = _plan()
    pp = next(p for p in plan.packages if p.id == "ranged-fee")
    draws = draw_incidents(np.random.default_rng(1), 4000, plan.rates, plan.frame)
    draws.price_seed = (1, 0)
    u = price_fractions(draws, pp)
    assert u.min() >= 0.0 and u.max() < 1.0 and abs(u.mean() - 0.5) < 0.02
    out = simulate_package(Chunk(plan, draws, Scenario()), pp)
    low, high = pp.at_price(0.0), pp.at_price(1.0)
    # fees a year: 12 x fee + onboarding 2000 over 12 months, in store currency (GBP at 1.27 USD, VAT on top)
    fx = pp.fx
    assert low.fees_annual == pytest.approx((12 * 3000 + 2000) * fx)
    assert high.fees_annual == pytest.approx((12 * 5000 + 2000) * fx)
    assert np.allclose(out.fees, low.fees_annual + u * (high.fees_annual - low.fees_annual))
    assert out.fees.min() >= low.fees_annual and out.fees.max() <= high.fees_annual
    assert np.mean(out.fees) == pytest.approx((12 * 4000 + 2000) * fx, rel=0.01)
    # another quote draws on its own stream; a quote's variants would share this one
    other = next(p for p in plan.packages if p.id == "unsized-ranged")
    assert not np.allclose(price_fractions(draws, other), u)


def test_the_tax_basis_scales_every_simulated_cost():
    acme = h.example("midmarket").package("acme-growth")
    taxed = h.package(acme, id="vat", pricing={"tax_rate": "20%"})
    plain_plan = h.plan(h.store(), [h.package(acme, id="vat")])
    recovered = h.plan(h.store(), [taxed])
    assert recovered.packages[0].fx == pytest.approx(plain_plan.packages[0].fx)  # recovered: net, as before
    not_recovered = h.plan(h.store(tax_recoverable=False), [taxed])
    a, b = h.run(plain_plan, years=60)[0], h.run(not_recovered, years=60)[0]
    assert b.fees == pytest.approx(1.2 * a.fees)
    assert np.allclose(b.variable, 1.2 * a.variable) and np.allclose(b.credits, 1.2 * a.credits)
    assert np.allclose(b.lost_p1, a.lost_p1)  # lost sales carry no VAT


def test_old_numbers_are_unchanged_without_the_new_terms():
    plan = h.plan(h.store(), [h.example("midmarket").package("acme-growth")])
    quiet = replace(plan.packages[0])
    assert quiet.severities[0].minimums is None and quiet.business.size == 8
    assert not quiet.ranged and all(sp.credit_response for sp in quiet.severities)
    assert Severity.P1 is quiet.severities[0].severity
