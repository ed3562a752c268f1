"""A P2 open while a P1 has the store down loses nothing more in that time (losses capped at revenue at risk)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import sim_helpers as h
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.domain.base import Severity
from magesupport.simulate.incidents import draw_incidents
from magesupport.simulate.outages import Downtime
from magesupport.simulate.reference import simulate_reference
from magesupport.simulate.run import plan_workspace
from magesupport.simulate.vectorised import overlap_starts, simulate_chunk


class FlatFrame:
    """One unit of revenue a second from y0: revenue_between is the length of the span."""

    y0 = 0.0
    span = 1000.0

    @staticmethod
    def revenue_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.asarray(b, dtype=float) - np.asarray(a, dtype=float)


def test_by_hand() -> None:
    # year 0 down in [10, 20) and [30, 40); year 1 down in [0, 5)
    spans = Downtime(FlatFrame(), np.array([0, 0, 1]), np.array([10.0, 30.0, 0.0]), np.array([20.0, 40.0, 5.0]))  # type: ignore[arg-type]
    year = np.array([0, 0, 0, 1, 1, 0])
    start = np.array([0.0, 15.0, 12.0, 2.0, 6.0, 45.0])
    stop = np.array([50.0, 35.0, 18.0, 10.0, 9.0, 60.0])
    # [0, 50) covers both year-0 spans: 20; [15, 35): 5 + 5; inside one span: 6; year 1 [2, 10): 3;
    # after year 1's span: 0; after every year-0 span: 0
    assert spans.revenue_during(year, start, stop).tolist() == [20.0, 10.0, 6.0, 3.0, 0.0, 0.0]


@given(
    st.lists(st.tuples(st.integers(0, 3), st.floats(0, 900), st.floats(0, 80)), min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 3), st.floats(0, 900), st.floats(0, 200)), min_size=1, max_size=30),
)
@settings(max_examples=80, deadline=None)
def test_equals_a_sum_over_the_union(p1s, p2s) -> None:
    year = np.array([y for y, _, _ in p1s], dtype=np.int32)
    start = np.array([s for _, s, _ in p1s])
    end = start + np.array([d for _, _, d in p1s])
    begin = overlap_starts(start, end, year, np.ones(len(year), dtype=bool))
    stop = np.maximum(end, begin)
    spans = Downtime(FlatFrame(), year, begin, stop)  # type: ignore[arg-type]
    q_year = np.array([y for y, _, _ in p2s], dtype=np.int32)
    q_start = np.array([s for _, s, _ in p2s])
    q_stop = q_start + np.array([d for _, _, d in p2s])
    got = spans.revenue_during(q_year, q_start, q_stop)
    for i in range(len(p2s)):
        mine = year == q_year[i]
        # brute force: the union of this year's outages, intersected with the P2's span
        grid = np.linspace(q_start[i], q_stop[i], 4001)
        inside = np.zeros(len(grid), dtype=bool)
        for a, b in zip(start[mine], end[mine], strict=True):
            inside |= (grid >= a) & (grid < b)
        width = q_stop[i] - q_start[i]
        assert got[i] == pytest.approx(inside.mean() * width, abs=width / 1000 + 1e-6)
        assert 0.0 <= got[i] <= width + 1e-9


def test_engine_equals_reference_and_p2_losses_fall() -> None:
    """On the mid-market example with P1s long enough to overlap the P2s: engine = reference, and the P2
    loss is below what it was without the cap, by no more than the P2 share of the P1 downtime's revenue."""
    ws = h.example("midmarket")
    store = ws.store.model_copy(
        update={"workload": ws.store.workload.model_copy(update={"incidents_per_year": {"P1": 30, "P2": 60, "P3": 1, "P4": 1}})}
    )
    plan = plan_workspace(replace(ws, store=store))
    draws = draw_incidents(np.random.default_rng(3), 6, plan.rates, plan.frame)
    engine = simulate_chunk(plan, draws)
    for pp, a, b in zip(plan.packages, engine, simulate_reference(plan, draws), strict=True):
        h.assert_same(a, b, pp.id)
    # the same P2s with every P1 taken away: nothing caps them, so they cost at least as much
    no_p1 = np.ones(draws.size, dtype=bool)
    no_p1[draws.span(Severity.P1)] = False
    alone = simulate_chunk(plan, draws.select(no_p1))
    for pp, with_p1, without in zip(plan.packages, engine, alone, strict=True):
        assert np.all(with_p1.lost_p2 <= without.lost_p2 + 1e-6), pp.id
        # what the cap takes off is at most the P2 share of the revenue the P1 downtime lost
        assert np.all(without.lost_p2 - with_p1.lost_p2 <= plan.p2_loss * with_p1.lost_p1 + 1e-6), pp.id
    slow = max(range(len(engine)), key=lambda i: float(engine[i].downtime.sum()))
    assert engine[slow].lost_p2.sum() < alone[slow].lost_p2.sum()  # the cap bit somewhere
