"""Traffic is used once: incidents arrive uniformly in time, and an outage is priced by the revenue of the
hours it spans.

Closed form: for an outage of fixed length d placed uniformly in the year, the expected revenue lost is
(1 / Y) x the integral over t of R(t, t + d), which is d x annual revenue / Y (Y the hours of the year), up to
the outages that run past New Year into the next year's traffic (under d / Y of it). So an outage hour costs,
on average, the average hour: here $1,000, where incidents that followed traffic made it about $1,370.
"""

from __future__ import annotations

import numpy as np
import sim_helpers as h

from magesupport.compare.deterministic import quick_view
from magesupport.domain.base import Severity
from magesupport.estimates.traffic import store_weights
from magesupport.estimates.workload import estimate_workload
from magesupport.simulate.incidents import draw_incidents, in_order
from magesupport.simulate.timeline import build_year_frame

YEARS = 8000
P1_RATE = 5
OUTAGE_HOURS = 4.0  # answered in exactly 1 hour, 3 hours of work around the clock


def traffic_store(p1_rate: float = P1_RATE):
    """The mid-market store (ecommerce-default traffic, BFCM x3, spring x1.4) at $1,000 an average hour."""
    return h.store(
        annual_revenue=8_760_000,
        workload={
            "incidents_per_year": {"P1": p1_rate, "P2": 0, "P3": 0, "P4": 0},
            "effort_hours": {"P1": OUTAGE_HOURS - 1.0},
            "effort_spread": 0,
            "maintenance_hours_per_month": 0,
            "development_hours_per_month": 0,
            "questions_per_month": 0,
        },
    )


def fixed_outage_plan():
    """Every P1 is a 4-hour outage wherever it falls: reported at once at every hour (every hour 'busy',
    customers report in 0 minutes, so detection does not depend on the hour), answered in exactly 1 h on a
    24x7 clock, 3 h of work in 24x7 coverage, no restore before the fix, no prevention."""
    hourly = h.hourly_24x7_p1()
    settings = h.quiet_settings(
        busy_traffic=0.0,
        customer_report_minutes=0.0,
        response_median_fraction=1.0,
        response_sigma=0.0,
        prevention={"monitoring": {Severity.P1: 1.0}},
    )
    store = traffic_store()
    return store, hourly, h.plan(store, [hourly], settings)


def ratio_and_se(num: np.ndarray, den: np.ndarray) -> tuple[float, float]:
    """sum(num) / sum(den) over the years and its standard error (delta method on the yearly pairs)."""
    ratio = float(num.sum() / den.sum())
    residual = num - ratio * den
    return ratio, float(np.std(residual, ddof=1) / np.sqrt(len(num)) / den.mean())


def test_an_outage_hour_costs_the_average_hour() -> None:
    store, _, plan = fixed_outage_plan()
    (out,) = h.run(plan, years=YEARS)
    average_hour = float(store.annual_revenue) / plan.frame.year_hours
    assert average_hour == 1000.0
    outages = out.downtime / OUTAGE_HOURS
    # 4 hours each; about 1% of years have two of their ~5 P1s within 4 hours (their union counts)
    assert (abs(outages - outages.round()) < 1e-6).mean() > 0.98
    per_hour, se = ratio_and_se(out.lost_p1, out.downtime)
    assert se < 5.0  # 0.5% of the average hour: traffic-weighted arrivals (x1.37) would be far outside
    assert abs(per_hour - average_hour) < 4 * se + 0.001 * average_hour  # + the New Year spill
    # the closed form itself, on the frame: a 4-hour outage starting at every minute of the year
    starts = plan.frame.y0 + np.arange(plan.frame.year_hours * 60) * 60.0
    exact = plan.frame.revenue_between(starts, starts + OUTAGE_HOURS * 3600.0).mean()
    assert abs(exact / OUTAGE_HOURS - average_hour) < 0.001 * average_hour


def test_the_deterministic_view_prices_the_same_outage_alike() -> None:
    """The quick view scans a P1 at every hour of the year, each alike, and prices it by the hours it spans:
    on this setup its P1 downtime cost is the simulation's mean lost revenue, within 4 standard errors plus
    0.5% (the simulation counts overlapping outages once: about rate x 4 h / 8,760 h = 0.2% less)."""
    store, package, plan = fixed_outage_plan()
    (out,) = h.run(plan, years=YEARS)
    view = quick_view(package, store, estimate_workload(store), 1.0, {})
    assert view.p1_outage_mean_hours == OUTAGE_HOURS
    assert view.p1_downtime_cost_annual is not None
    assert abs(view.p1_downtime_cost_annual - P1_RATE * OUTAGE_HOURS * 1000.0) < 0.001 * 20_000.0
    simulated = float(out.lost_p1.mean())
    tolerance = 4 * h.standard_error(out.lost_p1) + 0.005 * view.p1_downtime_cost_annual
    assert abs(simulated - view.p1_downtime_cost_annual) < tolerance


def chi_square(observed: np.ndarray, expected: np.ndarray) -> float:
    return float(((observed - expected) ** 2 / expected).sum())


def test_incidents_fall_evenly_over_the_hours_of_the_week_and_the_peaks() -> None:
    store = traffic_store()
    frame = build_year_frame(store)
    draws = draw_incidents(np.random.default_rng(3), 1000, {Severity.P1: 200.0}, frame)
    n = draws.size
    assert n > 190_000
    year_how = frame.hour_of_week[: frame.year_hours]
    observed = np.bincount(frame.hour_of_week[draws.hour], minlength=168).astype(float)
    # expected: the share of the year's hours at each hour of the week (52 or 53 of each, DST aside)
    uniform = n * np.bincount(year_how, minlength=168) / frame.year_hours
    # 167 degrees of freedom: mean 167, sd 18.3; P(chi2 > 260) is about 1e-5
    assert chi_square(observed, uniform) < 260
    # the same statistic rejects arrivals that follow traffic by far: the test can tell the two apart
    weight = np.bincount(year_how, weights=frame.weight[: frame.year_hours], minlength=168)
    assert chi_square(observed, n * weight / weight.sum()) > 10_000
    # peaks raise an outage's price, not its chance: BFCM (13 days at x3) gets its 13 / 365 of incidents
    multiplier = frame.weight[: frame.year_hours] / store_weights(store)[year_how]
    peak = np.isclose(multiplier, 3.0)
    share = float(peak[draws.hour].mean())
    expected = float(peak.mean())
    assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / n)
    assert abs(expected - 13 / 365) < 0.002


def test_the_hour_is_the_first_uniform_of_each_incident_scaled_to_the_year() -> None:
    """The random-stream layout is that of the traffic-weighted draws: a Poisson count per year, then two
    uniforms per incident (the hour, the instant within it); only the hour's mapping changed. The P1s and
    P2s of a year are then put in order of occurrence (the P3s and P4s keep the stream's order)."""
    frame = build_year_frame(traffic_store())
    rates = {Severity.P1: 4.0, Severity.P3: 3.0}
    draws = draw_incidents(np.random.default_rng(11), 50, rates, frame)
    rng = np.random.default_rng(11)
    counts = rng.poisson(4.0, 50)
    n = int(counts.sum())
    u_hour, u_within = rng.random(n), rng.random(n, dtype=np.float32)
    hour = np.floor(u_hour * frame.year_hours)
    t = frame.y0 + (hour + u_within.astype(np.float64)) * 3600.0
    year = np.repeat(np.arange(50), counts)
    order = np.lexsort((t, year))
    assert draws.count(Severity.P1) == n
    assert (draws.hour[:n] == hour[order]).all()
    assert np.allclose(draws.t[:n], t[order])
    assert (draws.year[:n] == year).all()
    m = draws.count(Severity.P3)
    p3 = draws.span(Severity.P3)
    later_year = np.diff(draws.year[p3]) > 0
    assert m > 20 and not (later_year | (np.diff(draws.t[p3]) >= 0)).all()  # P3s: the stream's order


def test_the_p1s_and_p2s_of_a_year_come_in_order_of_occurrence() -> None:
    frame = build_year_frame(traffic_store())
    rates = {Severity.P1: 6.0, Severity.P2: 9.0, Severity.P4: 5.0}
    draws = draw_incidents(np.random.default_rng(5), 400, rates, frame)
    for severity in (Severity.P1, Severity.P2):
        span = draws.span(severity)
        assert draws.count(severity) > 1_000
        assert in_order(draws.year[span], draws.t[span])
        assert np.array_equal(draws.month[span], frame.month_of_hour[draws.hour[span]])
        assert np.allclose(draws.t[span], frame.y0 + (draws.hour[span] + 0.5) * 3600.0, atol=1800.0)
    span = draws.span(Severity.P4)
    assert not in_order(draws.year[span], draws.t[span])
    assert not in_order(np.zeros(3, dtype=np.int32), np.array([1.0, 3.0, 2.0]))
    assert in_order(np.array([0, 1, 1]), np.array([5.0, 1.0, 2.0]))
