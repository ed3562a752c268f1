"""Uncertain inputs drawn once per simulated year (issue 13, item 3): closed forms and the reference."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import sim_helpers as h
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.domain.base import Severity
from magesupport.domain.units import CalendarSpec
from magesupport.simulate.incidents import YearInputs, draw_incidents
from magesupport.simulate.reference import simulate_reference
from magesupport.simulate.run import plan_workspace, simulate_workspace, year_inputs
from magesupport.simulate.settings import load_settings
from magesupport.simulate.vectorised import Chunk, Scenario, restored_at, simulate_chunk
from magesupport.simulate.voi import Uncertainty, load_uncertainty
from magesupport.simulate.year_draws import draw_year_inputs, multipliers


def ones(years: int, **arrays: np.ndarray) -> YearInputs:
    base = {name: np.ones(years) for name in ("rates", "effort", "prevention", "restore")}
    return YearInputs(**{**base, **arrays})


@given(
    dist=st.sampled_from(["lognormal", "beta"]),
    a=st.floats(0.5, 4.0),
    b=st.floats(0.1, 4.0),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=25, deadline=None)
def test_every_multiplier_has_mean_one(dist, a, b, seed):
    spec = Uncertainty("x", "x", dist, a, b if dist == "beta" else min(b, 0.8), "test")
    draws = multipliers(np.random.default_rng(seed), spec, 40_000)
    assert draws.min() >= 0
    assert abs(draws.mean() - 1.0) < 5 * draws.std() / math.sqrt(len(draws)) + 1e-12


def test_the_priors_medians_make_the_lognormals_mean_one():
    for key, spec in load_uncertainty().items():
        if spec.dist == "lognormal":
            assert spec.mean == pytest.approx(1.0, abs=1e-3), key


def test_rate_multipliers_widen_the_yearly_counts_as_a_gamma_poisson_mixture():
    """N | f ~ Poisson(rate f), E f = 1, Var f = exp(s^2) - 1: E N = rate, Var N = rate + rate^2 (e^{s^2} - 1)."""
    plan = plan_workspace(h.example("midmarket"))
    years, rate, sigma = 200_000, plan.rates[Severity.P3], 0.5
    spec = Uncertainty("rates", "r", "lognormal", math.exp(-sigma * sigma / 2), sigma, "test")
    inputs = ones(years, rates=multipliers(np.random.default_rng(3), spec, years))
    draws = draw_incidents(np.random.default_rng(4), years, {Severity.P3: rate}, plan.frame, inputs=inputs)
    counts = np.bincount(draws.year, minlength=years)
    variance = rate + rate * rate * (math.exp(sigma * sigma) - 1)
    assert counts.mean() == pytest.approx(rate, abs=4 * math.sqrt(variance / years))
    # the variance of a sample variance is about 2 var^2 / n for a near-normal count; allow 6 of those
    assert counts.var() == pytest.approx(variance, rel=6 * math.sqrt(2 / years) + 0.03)
    assert counts.var() > 1.5 * rate  # far wider than Poisson


def test_effort_restore_and_p2_share_scale_by_the_years_multiplier():
    plan = plan_workspace(h.example("midmarket"))
    years = 30
    base = draw_incidents(np.random.default_rng(8), years, plan.rates, plan.frame)
    f = np.linspace(0.5, 1.5, years)
    scaled = replace(base, inputs=ones(years, effort=f))
    a, b = Chunk(plan, base, Scenario()), Chunk(plan, scaled, Scenario())
    capped = a.effort * f[base.year] >= plan.settings.effort_cap_hours
    assert np.allclose(b.effort[~capped], (a.effort * f[base.year])[~capped])
    # a P2's loss rate is min(1 - D, s N): x the year's multiplier g, except where the cap at the revenue
    # at risk bites, which only lowers it for g > 1 and raises it (relative to g x) for g < 1
    g = np.linspace(0.2, 2.0, years)
    with_share = replace(base, inputs=replace(ones(years), p2_loss=g))
    exact = 0
    for plain, drawn in zip(simulate_chunk(plan, base), simulate_chunk(plan, with_share), strict=True):
        linear = plain.lost_p2 * g
        assert np.all(np.where(g >= 1, drawn.lost_p2 <= linear + 1e-6, drawn.lost_p2 >= linear - 1e-6))
        exact += int(np.isclose(drawn.lost_p2, linear, rtol=1e-9).sum())
        assert np.array_equal(drawn.lost_p1, plain.lost_p1)
    assert exact >= 0.8 * years * len(plan.packages)
    # the restore: on a package working P1s round the clock, restore - response = the drawn hours x r
    r = np.linspace(0.5, 2.0, years)
    restored = replace(base, inputs=ones(years, restore=r))
    pp = next(p for p in plan.packages if p.severities[0].work_spec == CalendarSpec.always())
    sp = pp.severities[0]
    span = base.span(Severity.P1)
    response = base.t[span] + 3600.0
    never = np.full(len(response), np.inf)
    plain_h = restored_at(Chunk(plan, base, Scenario()), sp, response, never) - response
    drawn_h = restored_at(Chunk(plan, restored, Scenario()), sp, response, never) - response
    assert np.allclose(drawn_h, plain_h * r[base.year[span]])


def test_engine_equals_reference_with_inputs_drawn_per_year():
    plan = plan_workspace(h.example("midmarket"))
    years = 14
    inputs = draw_year_inputs((5, 0), years, p2_drawn=True)
    draws = draw_incidents(np.random.default_rng(5), years, plan.rates, plan.frame, inputs=inputs)
    for pp, engine, reference in zip(
        plan.packages, simulate_chunk(plan, draws), simulate_reference(plan, draws), strict=True
    ):
        h.assert_same(engine, reference, pp.id)


def test_prevention_multiplier_scales_the_share_prevented():
    """A package keeping share k of incidents faces 1 - (1 - k) f of them in a year with multiplier f."""
    plan = plan_workspace(h.example("midmarket"))
    pp = next(p for p in plan.packages if p.severities[0].keep < 1.0)
    keep = pp.severities[0].keep
    years = 40_000
    f = np.where(np.arange(years) % 2 == 0, 0.5, 1.5)
    draws = draw_incidents(
        np.random.default_rng(2), years, {Severity.P1: 3.0}, plan.frame, inputs=ones(years, prevention=f)
    )
    faced = Chunk(plan, draws, Scenario()).faced(keep, Severity.P1)
    assert faced is not None
    even = draws.year % 2 == 0
    for mask, factor in ((even, 0.5), (~even, 1.5)):
        expected = 1 - (1 - keep) * factor
        share = faced[mask].mean()
        assert share == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / mask.sum()))


def test_the_run_draws_them_unless_fixed_and_the_p2_share_only_when_not_stated():
    ws = h.example("midmarket")
    plan = plan_workspace(ws)
    assert plan.settings.year_inputs  # the bundled default
    drawn = year_inputs(plan, (1, 0), 50)
    assert drawn is not None and drawn.p2_loss is None  # midmarket states p2_revenue_loss
    stated = ws.store.workload
    unstated = type(stated).model_validate(
        {k: getattr(stated, k) for k in stated.model_fields_set - {"p2_revenue_loss"}}
    )
    store = ws.store.model_copy(update={"workload": unstated})
    plan2 = plan_workspace(replace(ws, store=store))
    drawn2 = year_inputs(plan2, (1, 0), 50)
    assert drawn2 is not None and drawn2.p2_loss is not None
    fixed = replace(plan, settings=replace(plan.settings, year_inputs=False))
    assert year_inputs(fixed, (1, 0), 50) is None


def test_inputs_widen_the_tails_and_keep_the_means():
    ws = h.example("midmarket")
    fixed = simulate_workspace(ws, years=8_000, settings=replace(load_settings(), year_inputs=False))
    drawn = simulate_workspace(ws, years=8_000)
    for a, b in zip(fixed.packages, drawn.packages, strict=True):
        se = math.hypot(fixed.decision.mean_se[a.id], drawn.decision.mean_se[b.id])
        # mean-1 multipliers: the means move only by how the inputs act non-linearly (a few %)
        assert abs(b.total_economic_cost.mean - a.total_economic_cost.mean) < 0.05 * a.total_economic_cost.mean + 4 * se
        assert drawn.decision.cvar95[b.id] > fixed.decision.cvar95[a.id]
