"""The traffic baselines: which one is used, and the numpy seasonal decomposition by hand."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.services.watch import analyze_logs
from magesupport.watch.detectors import traffic
from magesupport.watch.detectors.traffic import (
    MEDIANS,
    NONE,
    PEERS,
    STL,
    baseline_method,
    median_decomposition,
    rolling_median,
)

MONDAY = 1_788_739_200  # 2026-09-07 00:00 UTC, a Monday


def test_rolling_median_by_hand():
    values = np.array([5.0, 1.0, 4.0, 2.0, 3.0, 9.0])
    # windows of 3 around each value; the first and last value use the first and last whole window
    assert rolling_median(values, 3).tolist() == [4.0, 4.0, 2.0, 3.0, 3.0, 3.0]
    assert rolling_median(values[:2], 3).tolist() == [3.0, 3.0]  # shorter than the window: one median
    assert rolling_median(np.zeros(0), 3).size == 0


@settings(max_examples=40, deadline=None)
@given(
    level=st.floats(0, 1000),
    pattern=st.lists(st.integers(-50, 50), min_size=168, max_size=168),
    weeks=st.integers(3, 6),
    offset=st.integers(0, 167),
)
def test_median_decomposition_recovers_level_and_weekly_pattern(level, pattern, weeks, offset):
    """A constant level plus a weekly pattern whose median is 0 comes back exactly, wherever it starts."""
    p = np.array(pattern, dtype=float)
    p -= np.median(p)
    start = MONDAY + offset * 3600
    how = (offset + np.arange(weeks * 168)) % 168
    series = level + p[how]
    assert np.allclose(median_decomposition(start, series), series, atol=1e-9)


def test_median_decomposition_resists_one_odd_week():
    """Medians over weeks: one week twice as busy leaves the weeks away from it as they were, the weeks
    next to it within 10%, and its own baseline below its counts."""
    rng = np.random.default_rng(3)
    weeks = np.tile(rng.integers(50, 400, 168).astype(float), 5)
    assert np.allclose(median_decomposition(MONDAY, weeks), weeks)
    odd = weeks.copy()
    odd[2 * 168 : 3 * 168] *= 2
    ratio = median_decomposition(MONDAY, odd) / weeks
    assert np.allclose(ratio[:168], 1.0) and np.allclose(ratio[4 * 168 :], 1.0)
    assert np.all(np.abs(ratio[168 : 2 * 168] - 1) <= 0.1) and np.all(
        np.abs(ratio[3 * 168 : 4 * 168] - 1) <= 0.1
    )
    assert np.median(ratio[2 * 168 : 3 * 168]) < 2


def test_which_baseline(monkeypatch):
    assert baseline_method(47) == NONE and baseline_method(48) == PEERS and baseline_method(503) == PEERS
    monkeypatch.setattr(traffic, "_stl", lambda: object())
    assert baseline_method(504) == STL
    monkeypatch.setattr(traffic, "_stl", lambda: None)
    assert baseline_method(504) == MEDIANS


def test_statsmodels_missing_means_medians(monkeypatch):
    monkeypatch.setitem(sys.modules, "statsmodels.tsa.seasonal", None)
    assert traffic._stl() is None and baseline_method(24 * 28) == MEDIANS


def test_statsmodels_present_means_stl():
    pytest.importorskip("statsmodels.tsa.seasonal")
    assert baseline_method(24 * 28) == STL


def test_report_says_which_baseline(planted, tmp_path):
    report = analyze_logs([planted["access"]], workers=1)  # two weeks: the same hour on comparable days
    assert dict(report.settings)["traffic_baseline"] == PEERS
    assert "traffic_baseline" not in dict(analyze_logs([planted["slow"]]).settings)  # no access log
