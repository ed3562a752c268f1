"""Losses from overlapping outages are capped at the revenue at risk: the loss rate is min(1, D + s N)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import sim_helpers as h
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.domain.base import Severity
from magesupport.simulate.incidents import draw_incidents
from magesupport.simulate.outages import p2_lost_by_year
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


def arrays(*columns):
    return tuple(np.asarray(c, dtype=np.int32 if i == 0 else np.float64) for i, c in enumerate(columns))


def test_by_hand() -> None:
    # year 0: P1 down in [10, 20) and [30, 40); P2s A [0, 50) and B [15, 35) at 0.3, C [45, 60) at 0.8
    # [0,10) 0.3 x 10 = 3; [20,30) A+B 0.6 x 10 = 6; [40,45) 0.3 x 5 = 1.5; [45,50) A+C 1.1 -> 1 x 5 = 5;
    # [50,60) 0.8 x 10 = 8: 23.5. Year 1: P1 [0, 5), a P2 [2, 10) at 0.5: 0.5 x 5 = 2.5
    p2 = arrays([0, 0, 0, 1], [0, 15, 45, 2], [50, 35, 60, 10], [0.3, 0.3, 0.8, 0.5])
    p1 = arrays([0, 0, 1], [10, 30, 0], [20, 40, 5])
    lost = p2_lost_by_year(FlatFrame(), 3, p2, p1)  # type: ignore[arg-type]
    assert lost.tolist() == pytest.approx([23.5, 2.5, 0.0])


def brute_force(p2, p1, year: int, grid: np.ndarray) -> float:
    p2_year, start, stop, share = p2
    p1_year, begin, end = p1
    level = np.zeros(len(grid))
    for y, a, b, s in zip(p2_year, start, stop, share, strict=True):
        if y == year:
            level += s * ((grid >= a) & (grid < b))
    down = np.zeros(len(grid), dtype=bool)
    for y, a, b in zip(p1_year, begin, end, strict=True):
        if y == year:
            down |= (grid >= a) & (grid < b)
    return float(np.where(down, 0.0, np.minimum(level, 1.0)).mean() * (grid[-1] - grid[0]))


@given(
    st.lists(st.tuples(st.integers(0, 2), st.floats(0, 800), st.floats(0, 80)), max_size=12),
    st.lists(
        st.tuples(st.integers(0, 2), st.floats(0, 800), st.floats(0, 150), st.floats(0.05, 0.9)),
        min_size=1,
        max_size=12,
    ),
)
@settings(max_examples=60, deadline=None)
def test_equals_a_brute_force_sweep(p1s, p2s) -> None:
    year = np.array([y for y, _, _ in p1s], dtype=np.int32)
    start = np.array([s for _, s, _ in p1s], dtype=np.float64)
    end = start + np.array([d for _, _, d in p1s], dtype=np.float64)
    begin = overlap_starts(start, end, year, np.ones(len(year), dtype=bool))
    p1 = (year, begin, np.maximum(end, begin))
    p2 = arrays([y for y, *_ in p2s], [s for _, s, _, _ in p2s], [s + d for _, s, d, _ in p2s], [x for *_, x in p2s])
    lost = p2_lost_by_year(FlatFrame(), 3, p2, p1)  # type: ignore[arg-type]
    grid = (np.arange(200_000) + 0.5) * (1000.0 / 200_000)
    for y in range(3):
        assert lost[y] == pytest.approx(brute_force(p2, p1, y, grid) * 1000.0 / (grid[-1] - grid[0]), abs=0.05)
        assert 0.0 <= lost[y] <= 1000.0 + 1e-9  # never more than the revenue at risk


def test_engine_equals_reference_and_the_cap_bites() -> None:
    """30 P1s and 60 P2s a year on the mid-market store: engine = reference; with the P1s taken away the
    P2s lose at least as much, and the store as a whole never less."""
    ws = h.example("midmarket")
    rates = {"P1": 30, "P2": 60, "P3": 1, "P4": 1}
    store = ws.store.model_copy(
        update={"workload": ws.store.workload.model_copy(update={"incidents_per_year": rates})}
    )
    plan = plan_workspace(replace(ws, store=store))
    draws = draw_incidents(np.random.default_rng(3), 6, plan.rates, plan.frame)
    engine = simulate_chunk(plan, draws)
    for pp, a, b in zip(plan.packages, engine, simulate_reference(plan, draws), strict=True):
        h.assert_same(a, b, pp.id)
    no_p1 = np.ones(draws.size, dtype=bool)
    no_p1[draws.span(Severity.P1)] = False
    alone = simulate_chunk(plan, draws.select(no_p1))
    for pp, with_p1, without in zip(plan.packages, engine, alone, strict=True):
        assert np.all(with_p1.lost_p2 <= without.lost_p2 + 1e-6), pp.id
        assert np.all(with_p1.lost >= without.lost - 1e-6), pp.id
    slow = max(range(len(engine)), key=lambda i: float(engine[i].downtime.sum()))
    assert engine[slow].lost_p2.sum() < alone[slow].lost_p2.sum()  # the cap bit somewhere
