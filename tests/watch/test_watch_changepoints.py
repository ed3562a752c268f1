"""Binary segmentation against exhaustive search in exact arithmetic, the segmentation property, planted steps."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.watch.changepoints import Costs, binseg


def exact_cost(y: list[Fraction], start: int, end: int, model: str) -> Fraction:
    """The cost of [start, end) from its definition, in exact arithmetic."""
    if model == "l2":
        mean = sum(y[start:end], Fraction(0)) / (end - start)
        return sum(((v - mean) ** 2 for v in y[start:end]), Fraction(0))
    first = max(start, 1)  # the line from (first - 1, y[first - 1]) to (end - 1, y[end - 1])
    slope = (y[end - 1] - y[first - 1]) / (end - first)
    return sum(((y[i] - y[first - 1] - slope * (i - first + 1)) ** 2 for i in range(first, end)), Fraction(0))


def brute_best(y: list[Fraction], start: int, end: int, model: str, min_size: int, jump: int):
    """Every allowed split of [start, end) tried: (best gain, latest split with that gain) or None."""
    whole = exact_cost(y, start, end, model)
    gains = [
        (whole - exact_cost(y, start, b, model) - exact_cost(y, b, end, model), b)
        for b in range(start, end, jump)
        if b - start >= min_size and end - b >= min_size
    ]
    return max(gains) if gains else None


def brute_binseg(y: list[Fraction], n_bkps: int, model: str, min_size: int, jump: int) -> list[int]:
    """Binary segmentation replayed with exhaustive single splits: the best segment first, in order."""
    bounds = [0, len(y)]
    while len(bounds) - 2 < n_bkps:
        options = [brute_best(y, a, b, model, min_size, jump) for a, b in itertools.pairwise(bounds)]
        gains = [o[0] if o else Fraction(0) for o in options]
        pick = options[gains.index(max(gains))]
        if pick is None:
            break
        bounds = sorted([*bounds, pick[1]])
    return bounds[1:-1]


MIN_SIZE = {"l2": 1, "clinear": 3}
models = st.sampled_from(["l2", "clinear"])
ints = st.lists(st.integers(0, 20), min_size=2, max_size=36)


@settings(max_examples=300, deadline=None)
@given(values=ints, model=models, min_size=st.integers(1, 6), jump=st.integers(1, 5))
def test_single_split_is_the_exhaustive_optimum(values, model, min_size, jump):
    y = [Fraction(v) for v in values]
    size = max(min_size, MIN_SIZE[model])
    best = brute_best(y, 0, len(y), model, size, jump)
    assert binseg(np.array(values, dtype=float), 1, model, min_size, jump) == ([best[1]] if best else [])


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=8, max_size=30),
    model=models,
    jump=st.integers(1, 3),
)
def test_single_split_on_real_values_is_optimal(values, model, jump):
    """Real-valued signals: the split found has the exhaustive best gain (exactly the same split unless
    another one gains the same to within rounding)."""
    y = [Fraction(v) for v in values]
    (split,) = binseg(np.array(values), 1, model, 3, jump)
    whole = exact_cost(y, 0, len(y), model)
    gains = {
        b: whole - exact_cost(y, 0, b, model) - exact_cost(y, b, len(y), model)
        for b in range(0, len(y), jump)
        if b >= 3 and len(y) - b >= 3
    }
    best = max(gains.values())
    scale = sum(v * v for v in y) + 1
    assert best - gains[split] <= Fraction(1, 10**11) * scale
    runners_up = [g for b, g in gains.items() if b != split]
    if not runners_up or best - max(runners_up) > Fraction(1, 10**10) * scale:
        assert gains[split] == best


@settings(max_examples=150, deadline=None)
@given(
    values=ints, model=models, min_size=st.integers(1, 4), jump=st.integers(1, 3), n_bkps=st.integers(1, 5)
)
def test_several_splits_follow_binary_segmentation(values, model, min_size, jump, n_bkps):
    """Each new split is the best single split of the segment that gains most; results nest."""
    y = [Fraction(v) for v in values]
    signal = np.array(values, dtype=float)
    found = binseg(signal, n_bkps, model, min_size, jump)
    assert found == brute_binseg(y, n_bkps, model, max(min_size, MIN_SIZE[model]), jump)
    assert found == sorted(set(found)) and len(found) <= n_bkps
    fewer = binseg(signal, n_bkps - 1, model, min_size, jump) if n_bkps > 1 else []
    assert set(fewer) <= set(found) and len(found) - len(fewer) <= 1


def test_planted_level_steps():
    rng = np.random.default_rng(4)
    step = np.concatenate([np.zeros(30), np.full(30, 5.0)])
    assert binseg(step, 1, "l2", min_size=2, jump=1) == [30]
    assert binseg(step, 1, "l2", min_size=2, jump=7) == [28]  # splits only every 7 points: the nearest
    noisy = np.concatenate([rng.normal(0, 0.3, 50), rng.normal(3, 0.3, 70)])
    assert binseg(noisy, 1, "l2", min_size=10, jump=1) == [50]
    three = np.concatenate([np.zeros(20), np.full(25, 4.0), np.full(15, -2.0), np.full(20, 1.0)])
    assert binseg(three, 3, "l2", min_size=3, jump=1) == [20, 45, 60]
    # more splits asked than there are steps: the steps first, then zero-gain splits of flat parts
    more = binseg(three, 9, "l2", min_size=3, jump=1)
    assert {20, 45, 60} <= set(more) and len(more) <= 9


def test_planted_knot_of_a_ramp():
    # 48 points at 2, then rising by 2 a point from y[48] = 2: the knot is point 48, so the segment
    # anchored at it (the one starting at 49) fits exactly
    ramp = np.array([2.0] * 48 + [2.0 + 2 * k for k in range(24)])
    assert binseg(ramp, 1, "clinear", min_size=6, jump=1) == [49]
    costs = Costs(ramp, "clinear")
    assert float(costs.cost(0, 49)) == pytest.approx(0.0, abs=1e-9)
    assert float(costs.cost(49, ramp.size)) == pytest.approx(0.0, abs=1e-9)
    assert binseg(ramp, 1, "clinear", min_size=6, jump=5) == [50]  # the candidate nearest the knot


def test_costs_by_hand_and_limits():
    costs = Costs(np.array([1.0, 2.0, 3.0, 10.0]), "l2")
    assert float(costs.cost(0, 3)) == pytest.approx(2.0)  # mean 2: 1 + 0 + 1
    line = Costs(np.array([0.0, 5.0, 2.0, 3.0]), "clinear")
    # [1, 4): the line from y[0] = 0 to y[3] = 3 is 1, 2, 3 at points 1, 2, 3: (5-1)^2 + 0 + 0
    assert float(line.cost(1, 4)) == pytest.approx(16.0)
    assert binseg(np.zeros(5), 1, "l2", min_size=3) == []  # 3 + 3 points needed
    with pytest.raises(ValueError, match="unknown cost"):
        binseg(np.zeros(10), 1, "l1")
