"""Overlapping P1 outages: the store is down once, so losses count the union of the outages."""

from __future__ import annotations

import numpy as np

from magesupport.simulate.vectorised import overlap_starts


def test_overlap_by_hand() -> None:
    start = np.array([0.0, 5.0, 2.0, 20.0, 0.0, 3.0])
    end = np.array([10.0, 12.0, 5.0, 25.0, 4.0, 9.0])
    year = np.array([0, 0, 0, 0, 1, 1], dtype=np.int32)
    active = np.array([True, True, True, True, True, False])
    begin = overlap_starts(start, end, year, active)
    # year 0 in order of start: [0, 10]; [2, 5] inside it adds nothing (begins at 10, ends at max(5, 10));
    # [5, 12] adds 10-12; [20, 25] is apart. Year 1: [0, 4] alone; the inactive one keeps its start.
    assert begin.tolist() == [0.0, 10.0, 10.0, 20.0, 0.0, 3.0]
    union = np.maximum(end, begin) - begin
    assert union[:4].sum() == 12.0 + 5.0  # [0, 12] and [20, 25]


def test_no_overlap_changes_nothing() -> None:
    rng = np.random.default_rng(1)
    start = np.sort(rng.random(50)) * 1000
    start = start[::2]
    end = start + 0.1
    year = np.zeros(len(start), dtype=np.int32)
    assert np.array_equal(overlap_starts(start, end, year, np.ones(len(start), dtype=bool)), start)


def test_overlap_cap_is_at_most_the_time_at_risk() -> None:
    rng = np.random.default_rng(2)
    start = rng.random(400) * 100
    end = start + rng.random(400) * 30
    year = rng.integers(0, 4, 400).astype(np.int32)
    begin = overlap_starts(start, end, year, np.ones(400, dtype=bool))
    down = np.maximum(end, begin) - begin
    for y in range(4):
        s, e = start[year == y], end[year == y]
        assert down[year == y].sum() <= e.max() - s.min() + 1e-9  # never more than the span at risk
        assert down[year == y].sum() <= (e - s).sum() + 1e-9
