"""After-hours P1 work: a quote that prices every hour outside its P1 coverage keeps working a P1 past the
coverage once answered, the hours past it billed at the surcharge; a quote that does not waits, as before.

Closed form: an hourly provider (rate R = $100, 15-minute increments, business hours 09:00-18:00) answers a
P1 at 17:00 on a Wednesday; 4 hours of work: 1 h at R inside the coverage + 3 h at 1.5 R past it = $550,
and the store is back at 21:00. Without a surcharge for the evening the work stops at 18:00 and resumes at
09:00: 4 h at R = $400, back at 12:00 the next day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import sim_helpers as h

from magesupport.domain.base import Severity
from magesupport.domain.units import CalendarKind
from magesupport.simulate.incidents import Draws, draw_incidents
from magesupport.simulate.inputs import StorePlan
from magesupport.simulate.reference import simulate_reference
from magesupport.simulate.run import plan_workspace
from magesupport.simulate.timeline import HOUR
from magesupport.simulate.vectorised import Chunk, Scenario, YearOutcomes, simulate_chunk, timeline

CHICAGO = ZoneInfo("America/Chicago")
EVENING = [{"when": "outside_business_hours", "multiplier": 1.5}]


def _plan(surcharges: list[dict[str, object]], effort: float = 4.0) -> StorePlan:
    store = h.flat_p1_store(1, effort)
    hourly = h.package(
        h.example("midmarket").package("northwind-hourly"),
        id="hourly",
        business_hours={"days": "mon-fri", "hours": "09:00-18:00", "timezone": "America/Chicago"},
        pricing={
            "hourly_rate": 100,
            "billing_increment": "15m",
            "minimum_charge": "15m",
            "surcharges": surcharges,
        },
        severities={"P1": {"response": "1h", "coverage": "business_hours"}},
    )
    settings = h.quiet_settings(customer_report_minutes=0.0, response_median_fraction=1.0, response_sigma=0.0)
    return h.plan(store, [hourly], settings)


def _one_p1(plan: StorePlan, when: datetime) -> Draws:
    """One P1 at `when`, reported at once (a busy hour: customers report it), answered 1 covered hour later."""
    t = when.timestamp()
    hour = int((t - plan.frame.y0) // HOUR)
    zero = np.zeros(1, dtype=np.float32)
    return Draws(
        years=1,
        rate_scale=1.0,
        offsets=(0, 1, 1, 1, 1),
        year=np.zeros(1, dtype=np.int32),
        t=np.array([t]),
        hour=np.array([hour], dtype=np.int32),
        month=plan.frame.month_of_hour[[hour]],
        u_keep=zero,
        u_detect=zero,
        z_resp=zero,
        z_effort=zero,
    )


def _both(plan: StorePlan, draws: Draws) -> list[YearOutcomes]:
    (engine,) = simulate_chunk(plan, draws)
    (reference,) = simulate_reference(plan, draws)
    h.assert_same(engine, reference, "engine and reference")
    return [engine, reference]


WEDNESDAY_4PM = datetime(2027, 6, 9, 16, tzinfo=CHICAGO)


def test_a_p1_worked_past_the_coverage_is_billed_at_the_surcharge() -> None:
    assert WEDNESDAY_4PM.weekday() == 2
    plan = _plan(EVENING)
    (sp,) = [s for s in plan.packages[0].severities if s.severity is Severity.P1]
    assert sp.work_spec.kind is CalendarKind.ALWAYS and sp.covered_spec is not None
    for out in _both(plan, _one_p1(plan, WEDNESDAY_4PM)):
        assert out.variable[0] == pytest.approx(1 * 100 + 3 * 150)  # 1 h at R + 3 h at 1.5 R
        assert out.downtime[0] == pytest.approx(5.0)  # 16:00 to 21:00
        assert out.lost[0] == pytest.approx(5_000.0)
        assert out.after_hours is not None and out.after_hours[0] == 1


@pytest.mark.parametrize(
    "surcharges",
    [[], [{"when": "weekend", "multiplier": 2.0}], [{"when": "always", "multiplier": 1.2}]],
    ids=["no surcharge", "weekends only", "a P1 rate at all hours"],
)
def test_a_quote_that_does_not_price_the_evening_waits_for_the_morning(surcharges) -> None:
    plan = _plan(surcharges)
    assert plan.packages[0].severities[0].covered_spec is None
    rate = 120 if surcharges and surcharges[0]["when"] == "always" else 100
    for out in _both(plan, _one_p1(plan, WEDNESDAY_4PM)):
        assert out.variable[0] == pytest.approx(4 * rate)  # 17:00-18:00 and 09:00-12:00, as one task
        assert out.downtime[0] == pytest.approx(20.0)  # back at 12:00 the next day
        assert out.after_hours is not None and out.after_hours[0] == 0


def test_each_part_is_rounded_and_has_its_own_minimum() -> None:
    # 1.5 h of work: 1 h inside; 0.5 h past the coverage, billed at the surcharge's 2-hour minimum
    plan = _plan([{**EVENING[0], "minimum_charge": "2h"}], effort=1.5)
    for out in _both(plan, _one_p1(plan, WEDNESDAY_4PM)):
        assert out.variable[0] == pytest.approx(1 * 100 + 2 * 150)
        assert out.downtime[0] == pytest.approx(2.5)


def test_a_p1_answered_as_the_coverage_ends_is_all_after_hours() -> None:
    plan = _plan(EVENING)
    for out in _both(plan, _one_p1(plan, datetime(2027, 6, 9, 17, tzinfo=CHICAGO))):  # answered at 18:00
        assert out.variable[0] == pytest.approx(4 * 150)  # one part, no empty first task
        assert out.downtime[0] == pytest.approx(5.0)


def test_the_after_hours_part_pays_the_surcharge_of_when_the_coverage_ended() -> None:
    # answered Friday 17:00: 1 h at R, then 3 h from Friday 18:00 at the evening rate (the start-time rule
    # holds for the part too, though the weekend surcharge is higher)
    plan = _plan([*EVENING, {"when": "weekend", "multiplier": 2.0}], effort=8.0)
    for out in _both(plan, _one_p1(plan, datetime(2027, 6, 11, 16, tzinfo=CHICAGO))):
        assert out.variable[0] == pytest.approx(1 * 100 + 7 * 150)
        assert out.downtime[0] == pytest.approx(9.0)


def test_an_hourly_business_hours_provider_works_some_p1s_past_its_coverage() -> None:
    workspace = h.example("midmarket")
    plan = plan_workspace(workspace)
    waiting = h.package(workspace.package("northwind-hourly"), id="no-surcharge", pricing={"surcharges": []})
    both = h.plan(workspace.store, [workspace.package("northwind-hourly"), waiting])
    draws = draw_incidents(np.random.default_rng(4), 2000, plan.rates, plan.frame)
    p1s = draws.count(Severity.P1)
    shares = {}
    for pp, out in zip(plan.packages, simulate_chunk(plan, draws), strict=True):
        assert out.after_hours is not None
        shares[pp.id] = out.after_hours.sum() / p1s
    assert shares["northwind-hourly"] > 0.3 and shares["urgent-only-retainer"] > 0.3
    assert shares["acme-growth"] == shares["summit-managed"] == 0.0  # P1 covered 24x7: nothing past it
    surcharged, waits = simulate_chunk(both, draws)
    assert waits.after_hours is not None and waits.after_hours.sum() == 0
    assert surcharged.downtime.mean() < waits.downtime.mean()
    # the SLA clock's people on duty are still the coverage's: the response is unchanged
    chunk = Chunk(both, draws, Scenario())
    a, b = (timeline(chunk, pp, pp.severities[0]).response_at for pp in both.packages)
    assert a is not None and b is not None and np.array_equal(a, b)


def _variants():
    start, mid = h.example("startup"), h.example("midmarket")
    business_p1 = {"P1": {"response": "1h", "resolution": "8h", "coverage": "business_hours"}}
    return [
        # a ticket bundle: the after-hours part is a ticket of its own, priced with the surcharge
        h.package(
            start.package("task-tickets"),
            id="tickets-after-hours",
            pricing={"surcharges": [*EVENING, {"when": "weekend", "multiplier": 2}]},
            severities=business_p1,
        ),
        # prepaid blocks, a surcharge minimum on the evening
        h.package(
            start.package("timebank-blocks"),
            id="blocks-after-hours",
            pricing={"surcharges": [{**EVENING[0], "minimum_charge": "1h"}]},
            severities=business_p1,
            sla_clock_starts="acknowledgement",
        ),
        # windows price every hour outside the coverage; billed in task order with a P1 pool
        h.package(
            mid.package("acme-growth"),
            id="windows-sequential",
            pricing={
                "surcharges_apply_to_included": False,
                "hour_pools": [{"hours": 4, "severities": ["P1"]}, {"hours": 6, "severities": ["P2"]}],
                "surcharges": [
                    {"when": {"from": "17:30", "to": "09:00"}, "multiplier": 1.5},
                    {"when": {"from": "fri 17:30", "to": "mon 09:00"}, "multiplier": 2},
                    {"when": "holiday", "multiplier": 2},
                ],
            },
            severities=business_p1,
            sla_clock_starts="detection",
        ),
        # a flat night rate whose ratio moves with a ranged hourly rate (billed once per price drawn)
        h.package(
            mid.package("northwind-hourly"),
            id="ranged-night-rate",
            pricing={
                "hourly_rate": "150-200",
                "surcharges": [{"when": "outside_business_hours", "rate": 250}],
            },
        ),
    ]


def test_engine_equals_reference_on_after_hours_variants() -> None:
    plan = h.plan(h.store(workload={"incidents_per_year": {"P1": 12}}), _variants())
    assert all(pp.severities[0].covered_spec is not None for pp in plan.packages)
    draws = draw_incidents(np.random.default_rng(9), 12, plan.rates, plan.frame)
    draws.price_seed = (9, 0)
    for pp, engine, reference in zip(
        plan.packages, simulate_chunk(plan, draws), simulate_reference(plan, draws), strict=True
    ):
        h.assert_same(engine, reference, pp.id)
        assert engine.after_hours is not None and engine.after_hours.sum() > 0, pp.id
