"""Change points by binary segmentation, in numpy (the method and conventions of ruptures' `Binseg`).

A cost says how badly one model fits a segment [start, end) of the signal:

- "l2": the sum of squared deviations from the segment's mean (a change of level);
- "clinear": continuous piecewise-linear. A segment is fitted by the straight line from the point just
  before it to its last point, so consecutive segments join; the first segment starts from point 0.

Binary segmentation splits the whole signal where the split lowers the cost most (the gain: cost of
the segment minus the costs of its two parts), then repeatedly splits whichever current segment has
the best gain, a segment that cannot be split counting as a gain of 0; it stops after `n_bkps` splits
or when that best is a segment that cannot be split. Splits are tried at start + k * jump and leave
at least `min_size` points on each side. Gains that tie (within rounding: 1e-12 of the sum of
squares) go to the later split within a segment and to the first segment among segments. Costs come
from prefix sums, so finding the best split of a segment is O(its length).
"""

from __future__ import annotations

import itertools

import numpy as np

MIN_SIZE = {"l2": 1, "clinear": 3}  # the fewest points each cost is defined on
TIE = 1e-12


class Costs:
    """Costs of segments of one signal, from prefix sums of y, y**2 and i*y (vectorised over segments)."""

    def __init__(self, signal: np.ndarray, model: str) -> None:
        if model not in MIN_SIZE:
            raise ValueError(f"unknown cost {model!r}: expected one of {', '.join(MIN_SIZE)}")
        y = np.asarray(signal, dtype=np.float64).reshape(-1)
        self.model = model
        self.y = y
        zero = np.zeros(1)
        self.s1 = np.concatenate([zero, np.cumsum(y)])
        self.s2 = np.concatenate([zero, np.cumsum(y * y)])
        self.si = np.concatenate([zero, np.cumsum(np.arange(y.size) * y)])

    def __len__(self) -> int:
        return int(self.y.size)

    def squares(self, start: int, end: int) -> float:
        """Sum of y**2 over [start, end): the scale rounding errors are measured against."""
        return float(self.s2[end] - self.s2[start])

    def cost(self, start: np.ndarray | int, end: np.ndarray | int) -> np.ndarray:
        """Cost of each segment [start, end) (arrays broadcast)."""
        start, end = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)
        if self.model == "l2":
            s1 = self.s1[end] - self.s1[start]
            return self.s2[end] - self.s2[start] - s1 * s1 / (end - start)
        first = np.maximum(start, 1)  # the first segment is anchored at point 0 and fits points 1..
        m = (end - first).astype(np.float64)
        a = self.y[first - 1]  # the line runs from y[first - 1] ...
        b = (self.y[end - 1] - a) / m  # ... to y[end - 1], rising b per point
        s1 = self.s1[end] - self.s1[first]
        s2 = self.s2[end] - self.s2[first]
        sk = self.si[end] - self.si[first] - (first - 1) * s1  # sum of k * y with k = 1..m
        # sum over k = 1..m of (y - a - b k)**2, expanded
        return (
            s2
            - 2 * a * s1
            + m * a * a
            - 2 * b * (sk - a * m * (m + 1) / 2)
            + b * b * m * (m + 1) * (2 * m + 1) / 6
        )


def best_split(costs: Costs, start: int, end: int, min_size: int, jump: int) -> tuple[int, float] | None:
    """The split of [start, end) with the best gain, and that gain; None when no split is allowed."""
    splits = np.arange(start, end, jump, dtype=np.int64)
    splits = splits[(splits - start >= min_size) & (end - splits >= min_size)]
    if not splits.size:
        return None
    gains = costs.cost(start, end) - costs.cost(start, splits) - costs.cost(splits, end)
    best = float(gains.max())
    k = int(np.flatnonzero(gains >= best - TIE * (costs.squares(start, end) + 1.0))[-1])
    return int(splits[k]), float(gains[k])


def binseg(signal: np.ndarray, n_bkps: int, model: str = "l2", min_size: int = 2, jump: int = 5) -> list[int]:
    """Up to `n_bkps` change points of `signal`, sorted: each is the index where a new segment starts."""
    costs = Costs(signal, model)
    min_size = max(min_size, MIN_SIZE[model])
    found: dict[tuple[int, int], tuple[int, float] | None] = {}
    bounds = [0, len(costs)]
    tie = TIE * (costs.squares(0, len(costs)) + 1.0)
    while len(bounds) - 2 < n_bkps:
        best: tuple[int, float] | None = None
        for start, end in itertools.pairwise(bounds):
            if (start, end) not in found:
                found[start, end] = best_split(costs, start, end, min_size, jump)
            split = found[start, end]
            gain = split[1] if split else 0.0  # a segment that cannot split counts as gaining nothing
            if best is None or gain > best[1] + tie:
                best = split or (-1, 0.0)
        if best is None or best[0] < 0:
            break
        bounds = sorted([*bounds, best[0]])
    return bounds[1:-1]
