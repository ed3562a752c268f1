"""The whole run (summaries, ROI, heat map, progress counts), the service and the compare command."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sim_helpers as h

from magesupport.cli.main import main
from magesupport.domain.errors import SimulationError, UsageError
from magesupport.domain.workspace import Workspace
from magesupport.services.compare import compare
from magesupport.services.workspaces import example_path
from magesupport.simulate.run import default_baseline, simulate_workspace
from magesupport.simulate.stats import Means, Summary, roi, stats


@pytest.fixture(scope="module")
def midmarket_result():
    return simulate_workspace(h.example("midmarket"), years=400, seed=5)


def test_summaries_are_consistent(midmarket_result):
    result = midmarket_result
    assert [p.id for p in result.packages] == [p.id for p in h.example("midmarket").packages]
    assert result.baseline_id == "northwind-hourly"  # no fee: the lowest committed cost
    for p in result.packages:
        for s in (p.variable_cost, p.lost_revenue, p.total_economic_cost, p.downtime_hours):
            assert s.p5 <= s.p50 <= s.p90 <= s.p95 <= s.p99
        assert p.fees.p5 == p.fees.p99 == p.fees.mean
        assert p.credits_recovered is not None
        assert p.credits_recovered.mean == pytest.approx(0.7 * p.credits.mean)
        assert p.total_economic_cost.mean == pytest.approx(
            p.fees.mean + p.variable_cost.mean + p.lost_revenue.mean - p.credits_recovered.mean
        )
        assert 0 <= p.prob_outage_over_4h <= 1
        assert len(p.p1_response_hours_by_hour_of_week) == 168
        assert min(p.p1_response_hours_by_hour_of_week) > 0
    best = min(result.packages, key=lambda p: p.total_economic_cost.mean)
    assert result.best_id == best.id
    assert next(p for p in result.packages if p.id == result.baseline_id).roi_vs_baseline is None
    assert len(result.sensitivity) == 5
    names = {a.name for a in result.assumptions}
    assert "provider reliability spread (lognormal sigma)" in names
    assert "prevention in summit-managed" in names


def test_p1_response_heat_map_shows_coverage(midmarket_result):
    by_id = {p.id: p.p1_response_hours_by_hour_of_week for p in midmarket_result.packages}
    # 24x7 with 30 minute target and monitoring: well under an hour at any hour of the week
    assert max(by_id["summit-managed"]) < 1.0
    # business hours only, no monitoring: Saturday 03:00 waits far longer than Tuesday 11:00
    hourly = by_id["northwind-hourly"]
    assert hourly[5 * 24 + 3] > 10 * hourly[1 * 24 + 11]


def test_same_seed_same_numbers_other_seed_other_numbers():
    ws = h.example("startup")
    a = simulate_workspace(ws, years=200, seed=9, sensitivity_years=0)
    b = simulate_workspace(ws, years=200, seed=9, sensitivity_years=0)
    c = simulate_workspace(ws, years=200, seed=10, sensitivity_years=0)
    assert a.packages == b.packages
    assert a.packages != c.packages


def test_chunks_join_up(monkeypatch):
    import magesupport.simulate.run as run

    ws = h.example("startup")
    monkeypatch.setattr(run, "CHUNK_YEARS", 150)
    steps = []
    result = simulate_workspace(
        ws, years=400, progress=lambda d, t: steps.append((d, t)), sensitivity_years=100
    )
    assert result.years == 400
    total = steps[-1][1]
    assert [d for d, _ in steps] == list(range(1, total + 1))
    assert total == 3 * len(ws.packages) + 6


def test_bad_requests_are_usage_errors():
    ws = h.example("midmarket")
    with pytest.raises(SimulationError, match="unknown baseline package 'nope' \\(known: acme-growth"):
        simulate_workspace(ws, years=200, baseline="nope")
    with pytest.raises(SimulationError, match="--years must be between 100"):
        simulate_workspace(ws, years=10)
    with pytest.raises(UsageError, match="needs --simulate"):
        compare(example_path("midmarket"), simulate=False, baseline="acme-growth")


def test_chosen_baseline_and_roi():
    ws = h.example("midmarket")
    assert default_baseline(ws) == "northwind-hourly"
    result = simulate_workspace(ws, years=200, baseline="acme-growth", sensitivity_years=0)
    assert result.baseline_id == "acme-growth"
    summit = next(p for p in result.packages if p.id == "summit-managed")
    assert summit.roi_vs_baseline is not None
    assert roi(150.0, 10.0, 100.0, 100.0) == pytest.approx((90 - 50) / 50)
    assert roi(90.0, 10.0, 100.0, 100.0) is None


def test_stats_of_a_known_sample():
    s = stats(np.arange(101, dtype=float))
    assert (s.mean, s.p5, s.p50, s.p90, s.p95, s.p99) == (50.0, 5.0, 50.0, 90.0, 95.0, 99.0)


def test_compare_json_carries_the_simulation(capsys):
    code = main(
        ["compare", str(example_path("startup")), "--years", "300", "--seed", "3", "--format", "json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    sim = data["simulation"]
    assert sim["years"] == 300 and sim["seed"] == 3
    assert {p["id"] for p in sim["packages"]} == {p["id"] for p in data["packages"]}
    assert set(sim["packages"][0]["total_economic_cost"]) == {"mean", "p5", "p50", "p90", "p95", "p99"}


def test_compare_no_simulate_and_outputs(capsys, tmp_path):
    assert main(["compare", str(example_path("startup")), "--no-simulate", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["simulation"] is None
    assert main(["compare", str(example_path("startup")), "--years", "200", "--detail"]) == 0
    table = capsys.readouterr().out
    assert "Simulated cost: 200 store-years" in table and "Sensitivity" in table
    out = tmp_path / "c.md"
    assert (
        main(["compare", str(example_path("startup")), "--years", "200", "-f", "markdown", "-o", str(out)])
        == 0
    )
    text = out.read_text()
    assert "## Simulated cost and risk" in text and "### Sensitivity" in text


def test_compare_bad_baseline_exits_2(capsys):
    assert main(["compare", str(example_path("startup")), "--years", "200", "--baseline", "nope"]) == 2
    assert "unknown baseline package 'nope'" in capsys.readouterr().err


def test_out_of_scope_work_without_a_rate_is_flagged():
    mid = h.example("midmarket")
    quote = h.package(
        mid.package("urgent-only-retainer"),
        pricing={"hourly_rate": None, "overflow_rate": 150},
        contract={"out_of_scope_rate": None},
    )
    quote = quote.model_copy(update={"pricing": quote.pricing.model_copy(update={"overflow_rate": None})})
    ws = Workspace(root=mid.root, store=mid.store, packages=(quote,))
    result = simulate_workspace(ws, years=100, sensitivity_years=0)
    flagged = [a for a in result.assumptions if a.name == "out-of-scope work in urgent-only-retainer"]
    assert flagged and "development billed at 0" in flagged[0].value


def test_summary_of_chunks_equals_stats_of_all_years():
    plan = h.plan(h.store("startup"), list(h.example("startup").packages))
    first, second = h.run(plan, years=150, seed=1), h.run(plan, years=100, seed=2)
    for a, b in zip(first, second, strict=True):
        summary = Summary(250, a.fees)
        summary.add(a)
        summary.add(b)
        total = np.concatenate([a.total, b.total])
        got = summary.stats("total")
        want = stats(total)
        assert got.mean == pytest.approx(want.mean, rel=1e-12)
        for q in ("p5", "p50", "p90", "p95", "p99"):
            assert getattr(got, q) == pytest.approx(getattr(want, q), rel=1e-6)
        assert summary.mean("breaches") == pytest.approx(np.concatenate([a.breaches, b.breaches]).mean())
        assert summary.means().spend == pytest.approx(Means.of(a).spend * 0.6 + Means.of(b).spend * 0.4)
