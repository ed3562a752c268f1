"""Work the engine shares or skips must not change a figure: chunks under other scenarios reusing the
scenario-free arrays, the sensitivity's thinned draws reused between scenarios, and the outage sweeps that
skip their sort when the draws' P1s and P2s come in order of occurrence."""

from __future__ import annotations

import numpy as np
import pytest
import sim_helpers as h

from magesupport.domain.base import Severity
from magesupport.simulate.incidents import Draws, draw_incidents
from magesupport.simulate.sensitivity import thinned
from magesupport.simulate.vectorised import Chunk, Scenario, simulate_package


def _mid_plan():
    ws = h.example("midmarket")
    return h.plan(ws.store, list(ws.packages))


def _shuffled(draws: Draws, seed: int) -> Draws:
    """The same incidents with each severity's rows in a random order (years mixed): what the engine must
    handle when draws do not come in order of occurrence."""
    order = np.concatenate(
        [draws.span(s).start + np.random.default_rng(seed).permutation(draws.count(s)) for s in Severity]
    )
    z_restore = None
    if draws.z_restore is not None:
        z_restore = draws.z_restore[order[: len(draws.z_restore)]]
    return Draws(
        years=draws.years,
        rate_scale=draws.rate_scale,
        offsets=draws.offsets,
        year=draws.year[order],
        t=draws.t[order],
        hour=draws.hour[order],
        month=draws.month[order],
        u_keep=draws.u_keep[order],
        u_detect=draws.u_detect[order],
        z_resp=draws.z_resp[order],
        z_effort=draws.z_effort[order],
        price_seed=draws.price_seed,
        z_restore=z_restore,
        inputs=draws.inputs,
    )


@pytest.mark.parametrize("field", ["effort", "prevention", "rates"])
def test_a_chunk_sharing_another_scenarios_arrays_gives_the_same_figures(field: str) -> None:
    plan = _mid_plan()
    draws = draw_incidents(np.random.default_rng(3), 300, plan.rates, plan.frame, rate_scale=2.0)
    first = Chunk(plan, draws, Scenario(effort=0.5))
    for pp in plan.packages:  # fills the shared arrays
        simulate_package(first, pp)
    scenario = Scenario(**{field: 2.0 if field != "rates" else 1.5})
    shared = Chunk(plan, draws, scenario, share_with=first)
    fresh = Chunk(plan, draws, scenario)
    for pp in plan.packages:
        h.assert_same(simulate_package(shared, pp), simulate_package(fresh, pp), f"{pp.id} {field}")
    assert shared._shared is first._shared and fresh._shared is not first._shared


def test_a_chunk_shares_only_with_the_same_draws() -> None:
    plan = _mid_plan()
    a = draw_incidents(np.random.default_rng(1), 20, plan.rates, plan.frame)
    b = draw_incidents(np.random.default_rng(1), 20, plan.rates, plan.frame)
    with pytest.raises(ValueError, match="same plan and draws"):
        Chunk(plan, b, Scenario(), share_with=Chunk(plan, a, Scenario()))


def test_thinned_draws_are_reused_between_scenarios_keeping_the_same_shares() -> None:
    plan = _mid_plan()
    draws = draw_incidents(np.random.default_rng(2), 100, plan.rates, plan.frame, rate_scale=2.0)
    cache: dict[tuple[float, ...], Draws] = {}
    effort = thinned(plan, draws, Scenario(effort=2.0), cache)
    assert thinned(plan, draws, Scenario(effort=0.5), cache) is effort
    rates = thinned(plan, draws, Scenario(rates=0.5), cache)
    assert rates is not effort and rates.size < effort.size
    # the cached draws are those thinning gives without the cache
    fresh = thinned(plan, draws, Scenario(effort=0.5))
    assert fresh.offsets == effort.offsets and np.array_equal(fresh.t, effort.t)


def test_draws_out_of_order_give_the_same_figures_as_in_order() -> None:
    """The outage sweeps sort only when they must: the draws' order and a shuffled order agree."""
    plan = _mid_plan()
    draws = draw_incidents(np.random.default_rng(8), 400, plan.rates, plan.frame)
    mixed = _shuffled(draws, 4)
    in_order = Chunk(plan, draws, Scenario())
    out_of_order = Chunk(plan, mixed, Scenario())
    for pp in plan.packages:
        ordered, shuffled = simulate_package(in_order, pp), simulate_package(out_of_order, pp)
        for name in ("downtime", "lost_p1", "lost_p2", "breaches", "credits", "variable"):
            assert np.allclose(getattr(ordered, name), getattr(shuffled, name), rtol=1e-9, atol=1e-6), (
                pp.id,
                name,
            )
    p2 = draws.span(Severity.P2)
    close = (np.diff(draws.t[p2]) < 6 * 3600.0) & (np.diff(draws.year[p2]) == 0)
    assert close.sum() > 10  # P2s starting within hours of each other: the sweep has overlaps to walk
