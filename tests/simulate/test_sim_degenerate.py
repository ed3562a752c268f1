"""Degenerate inputs never crash the simulation or the ranking: zero prices, zero revenue, no incidents,
one quote."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from magesupport.domain.results_review import CostBasis
from magesupport.rank.criteria import Alternative
from magesupport.rank.recommend import cost_claims, price_cut_to_win, rank, weight_shift_to_win
from magesupport.simulate.run import simulate_workspace
from magesupport.workspace.loader import load_workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def workspace(tmp_path: Path, store_edit=None, quote_edit=None, keep: str | None = None):
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "startup", root)
    if store_edit:
        path = root / "store.yaml"
        path.write_text(store_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    for quote in (root / "quotes").glob("*.yaml"):
        if keep is not None and quote.stem != keep:
            quote.unlink()
        elif quote_edit:
            quote.write_text(quote_edit(quote.read_text(encoding="utf-8")), encoding="utf-8")
    return load_workspace(root)


def test_zero_revenue_says_downtime_is_not_priced(tmp_path: Path) -> None:
    ws = workspace(tmp_path, lambda t: t.replace("annual_revenue: 650000", "annual_revenue: 0"))
    result = simulate_workspace(ws, years=300, seed=1, sensitivity_years=200)
    assert all(p.lost_revenue.mean == 0 for p in result.packages)
    assert any(a.name == "downtime is not priced" for a in result.assumptions)


def test_no_incidents_give_exact_costs(tmp_path: Path) -> None:
    old = "incidents_per_year: {P1: 1, P2: 3, P3: 10, P4: 12}"
    new = "incidents_per_year: {P1: 0, P2: 0, P3: 0, P4: 0}"
    ws = workspace(tmp_path, lambda t: t.replace(old, new))
    result = simulate_workspace(ws, years=300, seed=1, sensitivity_years=200)
    d = result.decision
    assert d is not None
    assert any(a.name == "no incidents" for a in result.assumptions)
    firm = [p for p in result.packages if p.fees.p95 == p.fees.p5]
    for p in firm:
        assert p.downtime_hours.mean == 0 and d.mean_se[p.id] == pytest.approx(0.0, abs=1e-6)


def test_one_quote(tmp_path: Path) -> None:
    ws = workspace(tmp_path, keep="task-tickets")
    result = simulate_workspace(ws, years=300, seed=1, sensitivity_years=200)
    d = result.decision
    assert d is not None and d.best_id == "task-tickets" and d.tie_ids == ()
    assert d.pairwise[0].prob_cheaper == (0.5,)
    assert d.regret["task-tickets"] == 0.0


def test_zero_rate_hourly_quote_simulates(tmp_path: Path) -> None:
    ws = workspace(tmp_path, quote_edit=lambda t: t.replace("hourly_rate: 85", "hourly_rate: 0"))
    result = simulate_workspace(ws, years=300, seed=1, sensitivity_years=200)
    assert all(np.isfinite(p.total_economic_cost.mean) for p in result.packages)


BASIS = CostBasis(source="deterministic", note="test")


def alt(id_: str, cost: float, support: float | None = None) -> Alternative:
    return Alternative(
        id_, id_, "hourly", cost, cost, 50, 50, 50, 0, support_cost=cost if support is None else support
    )


def test_rank_with_free_and_equal_packages() -> None:
    w = {"cost": 0.5, "risk": 0.2, "sla": 0.1, "contract": 0.1, "provider": 0.1}
    free = [alt("a", 0.0), alt("b", 0.0)]
    ranking = rank(free, w, "test", BASIS)
    assert ranking.rows[0].score == ranking.rows[1].score
    assert ranking.rows[0].first_share == ranking.rows[1].first_share == 0.5
    assert price_cut_to_win(free, w, 1) == 0.0 or price_cut_to_win(free, w, 1) is None
    assert weight_shift_to_win(free, w, 1) is None
    assert cost_claims(free, "a", simulated=False) == [
        "expected cost: a tie in the deterministic view with b (the same expected cost)",
        "bad-year cost (p95): a tie in the deterministic view with b",
    ]
    one = rank([alt("a", 0.0)], w, "test", BASIS)
    assert one.rows[0].first_share == 1.0
    assert cost_claims([alt("a", 0.0)], "a", simulated=False) == [
        "the only package compared: nothing to rank it against"
    ]


def test_chunks_follow_the_incidents_not_the_years(tmp_path: Path) -> None:
    from magesupport.simulate import run

    old = "incidents_per_year: {P1: 1, P2: 3, P3: 10, P4: 12}"
    new = "incidents_per_year: {P1: 2000, P2: 3000, P3: 3000, P4: 2000}"
    ws = workspace(tmp_path, lambda t: t.replace(old, new), keep="task-tickets")
    plan = run.plan_workspace(ws)
    assert run.chunk_years(plan) == run.CHUNK_INCIDENTS // 10_000
    assert run.chunk_years(plan, 2.0) == run.CHUNK_INCIDENTS // 20_000
    summaries = run.run_years(plan, 150, seed=1)
    assert summaries[0].filled == 150
