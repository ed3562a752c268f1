"""Invariants on the same draws: prices, coverage and included hours move costs and outages one way only."""

from __future__ import annotations

import numpy as np
import sim_helpers as h
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magesupport.domain.units import WEEKDAYS

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEARS = 60
TOL = 1e-6


def all_quotes():
    return [p for name in ("startup", "midmarket", "enterprise") for p in h.example(name).packages]


QUOTES = {p.id: p for p in all_quotes()}
STORE = h.store(workload={"questions_per_month": 4, "development_hours_per_month": 12})

PRICE_FIELDS = (
    "monthly_fee",
    "hourly_rate",
    "overflow_rate",
    "ticket_price",
    "onboarding_fee",
    "out_of_scope_rate",
)


def raised(quote, field: str, factor: float):
    pricing = quote.pricing
    if field == "out_of_scope_rate":
        rate = quote.contract.out_of_scope_rate
        return h.package(quote, id="raised", contract={"out_of_scope_rate": float(rate or 100) * factor})
    if field == "surcharges":
        surcharges = [
            {
                "when": s.when.value,
                "multiplier": s.multiplier * factor,
                "severities": [v.value for v in s.severities],
            }
            for s in pricing.surcharges
        ] or [{"when": "weekend", "multiplier": factor}]
        return h.package(quote, id="raised", pricing={"surcharges": surcharges})
    value = getattr(pricing, field)
    if value is None:
        return None
    return h.package(quote, id="raised", pricing={field: float(value) * factor})


@SETTINGS
@given(
    st.sampled_from(sorted(QUOTES)),
    st.sampled_from((*PRICE_FIELDS, "surcharges")),
    st.floats(1.0, 3.0),
    st.integers(0, 1000),
)
def test_raising_a_price_never_lowers_the_cost(quote_id, field, factor, seed):
    quote = QUOTES[quote_id]
    dearer = raised(quote, field, factor)
    if dearer is None:
        return
    base, more = h.run(h.plan(STORE, [quote, dearer]), years=YEARS, seed=seed)
    assert (more.fees + more.variable >= base.fees + base.variable - TOL).all()
    assert (more.total >= base.total - TOL).all()  # credits grow at most as fast as the fee


def block(days: tuple[int, ...], start: int, end: int) -> dict:
    return {
        "days": [WEEKDAYS[d] for d in days],
        "hours": f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}",
        "timezone": "America/Chicago",
    }


@SETTINGS
@given(
    st.sets(st.integers(0, 6), min_size=1),
    st.sets(st.integers(0, 6)),
    st.integers(0, 20).map(lambda h_: h_ * 30),
    st.integers(1, 20).map(lambda h_: h_ * 30),
    st.integers(0, 6).map(lambda h_: h_ * 30),
    st.integers(0, 6).map(lambda h_: h_ * 30),
    st.booleans(),
    st.integers(0, 1000),
)
def test_widening_coverage_never_lengthens_an_outage(
    days, more_days, start, length, earlier, later, full, seed
):
    end = min(start + length + 480, 1440)
    narrow = block(tuple(sorted(days)), start, end)
    wide = (
        "24x7"
        if full
        else block(tuple(sorted(days | more_days)), max(start - earlier, 0), min(end + later, 1440))
    )
    base = h.example("midmarket").package("northwind-hourly")
    terms = {"response": "2h", "resolution": "12h"}
    a = h.package(
        base,
        id="narrow",
        severities={"P1": {**terms, "coverage": narrow}, "P2": {**terms, "coverage": narrow}},
    )
    b = h.package(
        base, id="wide", severities={"P1": {**terms, "coverage": wide}, "P2": {**terms, "coverage": wide}}
    )
    slow, fast = h.run(h.plan(STORE, [a, b]), years=YEARS, seed=seed)
    assert (fast.downtime <= slow.downtime + TOL).all()
    assert (fast.lost_p1 <= slow.lost_p1 + TOL).all()
    # a P2 loses nothing while a P1 has the store down, so a shorter P1 can leave a P2 more to lose; the
    # store's loss rate min(1, D + s N) only falls, so the whole loss never grows (simulate/outages.py)
    assert (fast.lost <= slow.lost + TOL).all()
    assert fast.outage_over_4h.sum() <= slow.outage_over_4h.sum()


INCLUDED = [p for p in QUOTES.values() if p.pricing.included_hours is not None or p.pricing.included_tickets]


@SETTINGS
@given(st.sampled_from([p.id for p in INCLUDED]), st.integers(1, 60), st.integers(0, 1000))
def test_more_included_hours_never_raise_the_variable_cost(quote_id, more, seed):
    quote = QUOTES[quote_id]
    pricing = quote.pricing
    if pricing.included_tickets is not None:
        bigger = h.package(
            quote, id="bigger", pricing={"included_tickets": pricing.included_tickets + more // 5}
        )
    else:
        bigger = h.package(quote, id="bigger", pricing={"included_hours": pricing.included_hours + more})
    base, roomier = h.run(h.plan(STORE, [quote, bigger]), years=YEARS, seed=seed)
    assert (roomier.variable <= base.variable + TOL).all()


def test_the_properties_see_differences():
    # guard against properties that hold because nothing changes: a raised rate does cost more
    quote = QUOTES["northwind-hourly"]
    base, more = h.run(h.plan(STORE, [quote, raised(quote, "hourly_rate", 2.0)]), years=YEARS)
    assert np.allclose(more.variable, 2 * base.variable) and base.variable.min() > 0
