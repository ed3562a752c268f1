"""Ranking: criteria, weighted sum, stability, what-would-make-it-win, and the examples' recommendations."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from magesupport.compare.deterministic import compare_workspace
from magesupport.domain.base import Severity
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results_review import CostBasis
from magesupport.estimates.traffic import reference_traffic
from magesupport.estimates.workload import estimate_workload
from magesupport.rank.criteria import (
    Alternative,
    build_alternatives,
    chosen_weights,
    default_weights,
    deterministic_costs,
    poisson_quantile,
)
from magesupport.rank.downtime import outage_hours
from magesupport.rank.mcda import (
    criteria_weights,
    normalise,
    risk_adjusted,
    risk_lambda,
    scores,
    weight_vector,
)
from magesupport.rank.recommend import price_cut_to_win, rank, weight_shift_to_win
from magesupport.rank.stability import draw_weights, stability
from magesupport.services.review import decide
from magesupport.workspace.loader import load_workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def workspace(name: str, weights: dict | None = None):
    ws = load_workspace(EXAMPLES / name)
    if weights is not None:
        raw = YAML(typ="safe").load((EXAMPLES / name / "store.yaml").read_text(encoding="utf-8"))
        store = StoreProfile.model_validate({**raw, "weights": weights})
        ws = type(ws)(root=ws.root, store=store, packages=ws.packages, files=ws.files)
    return ws


def decision(name: str, weights: dict | None = None):
    ws = workspace(name, weights)
    return decide(ws, compare_workspace(ws))


def alt(id_: str, cost: float, p95: float, sla: float, contract: float, provider: float, critical: int = 0):
    return Alternative(id_, id_, "retainer", cost, p95, sla, contract, provider, critical, support_cost=cost)


# ------------------------------------------------------------------ criteria


@pytest.mark.parametrize(("rate", "expected"), [(0, 0), (1, 3), (2, 5), (4, 8), (0.1, 1)])
def test_poisson_quantile(rate, expected) -> None:
    assert poisson_quantile(rate) == expected


def test_default_weights_follow_archetype_and_risk() -> None:
    medium = default_weights("enterprise", "medium")
    low = default_weights("enterprise", "low")
    assert sum(medium.values()) == pytest.approx(1.0)
    assert low["risk"] == pytest.approx(medium["risk"] + 0.05)
    assert low["cost"] == pytest.approx(medium["cost"] - 0.05)
    assert default_weights("startup", "medium")["cost"] > default_weights("enterprise", "medium")["cost"]


def test_store_weights_override_only_what_they_name() -> None:
    ws = workspace("midmarket", {"cost": 1.0, "risk": 0, "sla": 0, "contract": 0, "provider": 0})
    weights, source = chosen_weights(ws.store, "midmarket")
    assert weights == {"cost": 1.0, "risk": 0.0, "sla": 0.0, "contract": 0.0, "provider": 0.0}
    assert source == "store.yaml"
    partial = workspace("midmarket", {"sla": 0.5})
    weights, source = chosen_weights(partial.store, "midmarket")
    defaults = default_weights("midmarket", "low")
    total = 0.5 + sum(v for k, v in defaults.items() if k != "sla")
    assert weights["sla"] == pytest.approx(0.5 / total)
    assert weights["cost"] == pytest.approx(defaults["cost"] / total)
    assert "sla" in source


def costliest_window(weights: np.ndarray, hours: float, starts: int) -> float:
    """The most revenue (in the year's average hours) a `hours`-long outage starting at the top of one of the
    first `starts` hours can span: a plain loop over piecewise-constant hourly weights."""
    relative = weights / weights[:starts].mean()
    best = 0.0
    for k in range(starts):
        whole = int(hours)
        total = float(relative[k : k + whole].sum()) + (hours - whole) * float(relative[k + whole])
        best = max(best, total)
    return best


def test_deterministic_costs_by_hand() -> None:
    """A package answering P1 in 15 min and P2 in 30 min around the clock: outages are response + effort.

    Incidents arrive uniformly in time and each outage is priced by the revenue of the hours it spans, so a
    fixed d-hour outage costs d average hours on average (to within the outages that run past New Year into
    the next year's traffic: under d / 8,760 of it), whatever the traffic profile and peaks."""
    ws = workspace("enterprise")
    store, pkg = ws.store, ws.package("apex-dedicated")
    est = estimate_workload(store)
    per_hour = 240e6 / 8760
    p1_outage = 0.25 + est.effort_hours[Severity.P1]
    p2_outage = 0.5 + est.effort_hours[Severity.P2]
    expected, p95, assumed = deterministic_costs(pkg, 1000.0, store, est)
    p1_rate, p2_rate = est.incidents_per_year[Severity.P1], est.incidents_per_year[Severity.P2]
    p2_loss = p2_rate * p2_outage * per_hour * est.p2_revenue_loss
    assert not assumed
    assert expected == pytest.approx(1000 + p1_rate * p1_outage * per_hour + p2_loss, rel=1e-3)
    bad = poisson_quantile(p1_rate)  # 8 P1 incidents at a rate of 4
    # one of them at the costliest hour: an 8.25-hour outage on a BFCM weekend evening (x2.5)
    worst = costliest_window(reference_traffic(store).weight, p1_outage, 8760)
    assert worst > 2.5 * p1_outage
    assert p95 == pytest.approx(1000 + (worst + (bad - 1) * p1_outage) * per_hour + p2_loss, rel=1e-3)


def test_p1_outage_agrees_with_quick_view() -> None:
    ws = workspace("midmarket")
    result = compare_workspace(ws)
    est = estimate_workload(ws.store)
    for view in result.packages:
        if view.p1_downtime_cost_annual is None:
            continue
        out = outage_hours(
            ws.package(view.id),
            Severity.P1,
            est.effort_hours[Severity.P1],
            ws.store.timezone,
            reference_traffic(ws.store),
        )
        rate = est.incidents_per_year[Severity.P1]
        assert rate * out.mean_revenue_hours * ws.store.revenue_per_hour == pytest.approx(
            view.p1_downtime_cost_annual
        )


def test_no_commitment_is_assumed_next_business_day() -> None:
    ws = workspace("startup")
    est = estimate_workload(ws.store)
    out = outage_hours(
        ws.package("freelancer-hourly"), Severity.P1, 4.0, ws.store.timezone, reference_traffic(ws.store)
    )
    assert out.assumed
    assert out.worst_hours > 24  # a Friday-evening P1 waits for Monday
    committed = outage_hours(
        ws.package("task-tickets"), Severity.P1, 4.0, ws.store.timezone, reference_traffic(ws.store)
    )
    assert not committed.assumed and committed.worst_hours == pytest.approx(6.0)  # 2h response + 4h, 24x7
    assert est.incidents_per_year[Severity.P1] == 1


def test_simulation_costs_are_used_when_present() -> None:
    ws = workspace("midmarket")
    result = compare_workspace(ws)
    sim = SimpleNamespace(
        packages=[
            SimpleNamespace(id=v.id, total_economic_cost=SimpleNamespace(mean=1000.0 + i, p95=2000.0 + i))
            for i, v in enumerate(result.packages)
        ]
    )
    fake = SimpleNamespace(packages=result.packages, simulation=sim)
    d = decide(ws, result)
    reviews = {r.id: r for r in d.reviews}
    alternatives, basis = build_alternatives(
        fake, {p.id: p for p in ws.packages}, ws.store, reviews, estimate_workload(ws.store)
    )
    assert basis.source == "simulation"
    assert [a.expected_cost for a in alternatives] == [1000.0 + i for i in range(len(alternatives))]
    assert [a.p95_cost for a in alternatives] == [2000.0 + i for i in range(len(alternatives))]
    _, deterministic = build_alternatives(
        result, {p.id: p for p in ws.packages}, ws.store, reviews, estimate_workload(ws.store)
    )
    assert deterministic.source == "deterministic"


# ------------------------------------------------------------------ weighted sum


def test_weighted_sum_by_hand() -> None:
    # a: expected 100, bad year 200; b: 200 and 200. lambda = 0.2 / 0.6 = 1/3: R_a = 133.3, R_b = 200
    values = np.array([[100.0, 200.0, 80.0, 50.0, 100.0], [200.0, 200.0, 100.0, 100.0, 0.0]])
    w5 = weight_vector({"cost": 0.4, "risk": 0.2, "sla": 0.2, "contract": 0.1, "provider": 0.1})
    assert float(risk_lambda(w5)) == pytest.approx(1 / 3)
    assert risk_adjusted(values, 1 / 3).tolist() == pytest.approx([400 / 3, 200.0])
    norm = normalise(values, w5)
    assert norm.tolist() == [[1.0, 0.8, 0.5, 1.0], [0.0, 1.0, 1.0, 0.0]]
    w = criteria_weights(w5)
    assert w.tolist() == pytest.approx([0.6, 0.2, 0.1, 0.1])
    assert scores(norm, w).tolist() == pytest.approx([100 * (0.6 + 0.16 + 0.05 + 0.1), 100 * (0.2 + 0.1)])


def test_price_cut_to_win_by_hand() -> None:
    alternatives = [alt("a", 100, 100, 100, 100, 100), alt("b", 120, 120, 100, 100, 100)]
    cut = price_cut_to_win(alternatives, {"cost": 1, "risk": 0, "sla": 0, "contract": 0, "provider": 0}, 1)
    assert cut == pytest.approx(20.0, abs=1e-6)


def test_weight_shift_to_win_by_hand() -> None:
    alternatives = [alt("a", 100, 100, 50, 100, 100), alt("b", 200, 200, 100, 100, 100)]
    shift = weight_shift_to_win(
        alternatives, {"cost": 0.5, "risk": 0.5, "sla": 0, "contract": 0, "provider": 0}, 1
    )
    assert shift is not None and shift.criterion == "sla"
    # money scores (min-max) a 1, b 0; SLA a 0.5, b 1: b wins when t > 1 - t / 2, t > 2/3 (grid 0.005)
    assert shift.weight_needed == pytest.approx(0.67)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=5, max_size=5),
    st.integers(min_value=0, max_value=2**31),
)
def test_dirichlet_draws_are_weights_around_the_choice(raw, seed) -> None:
    w = np.array(raw) / sum(raw)
    draws = draw_weights(w, 2000, 40.0, seed)
    assert np.allclose(draws.sum(axis=1), 1.0)
    assert (draws >= 0).all()
    assert np.allclose(draws.mean(axis=0), w, atol=0.02)


def test_zero_weights_stay_zero_and_dominance_is_stable() -> None:
    w = weight_vector({"cost": 0.7, "risk": 0.0, "sla": 0.3, "contract": 0.0, "provider": 0.0})
    draws = draw_weights(w, 100, 40.0, 1)
    assert (draws[:, [1, 3, 4]] == 0).all()
    figures = stability(np.array([[100.0, 100, 90, 90, 90], [150.0, 150, 80, 80, 80]]), w)
    assert figures.first_share.tolist() == [1.0, 0.0]
    assert figures.mean_rank.tolist() == [1.0, 2.0]


# ------------------------------------------------------------------ the ranking responds to its weights


def test_cost_only_weight_picks_the_cheapest() -> None:
    cost_only = {"cost": 1.0, "risk": 0, "sla": 0, "contract": 0, "provider": 0}
    for name in ("startup", "midmarket", "enterprise"):
        ranking = decision(name, cost_only).ranking
        cheapest = min(ranking.rows, key=lambda r: r.expected_cost)
        assert ranking.rows[0].id == cheapest.id
        assert ranking.stability.first_share[cheapest.id] == 1.0  # one criterion: every draw is the same


def test_changing_one_weight_changes_stability() -> None:
    default = decision("startup").ranking
    assert default.rows[0].id == "task-tickets"
    leaning = decision("startup", {"sla": 0.6}).ranking
    assert leaning.stability.first_share != default.stability.first_share
    assert leaning.stability.first_share["task-tickets"] < default.stability.first_share["task-tickets"]
    assert leaning.stability.first_share["starter-retainer-15"] > 0.0
    sla_only = decision("startup", {"cost": 0, "risk": 0, "sla": 1, "contract": 0, "provider": 0}).ranking
    assert sla_only.rows[0].id == max(sla_only.rows, key=lambda r: r.sla_fit).id


def test_ranking_rows_are_consistent() -> None:
    ranking = decision("enterprise").ranking
    assert [r.rank for r in ranking.rows] == list(range(1, len(ranking.rows) + 1))
    assert sum(ranking.stability.first_share.values()) == pytest.approx(1.0)
    for row in ranking.rows:
        assert sum(row.contributions) == pytest.approx(row.score, abs=0.05)
    assert [r.score for r in ranking.rows] == sorted((r.score for r in ranking.rows), reverse=True)


def test_rank_orders_by_score() -> None:
    alternatives = [alt("a", 100, 100, 50, 50, 50), alt("b", 100, 100, 90, 90, 90)]
    weights = {"cost": 0.2, "risk": 0.2, "sla": 0.2, "contract": 0.2, "provider": 0.2}
    ranking = rank(alternatives, weights, "test", CostBasis(source="deterministic", note="test"))
    assert [r.id for r in ranking.rows] == ["b", "a"]
    assert ranking.rows[0].score == pytest.approx(100 * (0.4 + 0.18 + 0.18 + 0.18))  # equal costs: 1 each
