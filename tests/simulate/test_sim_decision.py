"""Decision statistics: CVaR, P(A < B), standard errors and the tie rule, against closed forms."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from magesupport.services.compare import compare
from magesupport.simulate.decision import cvar, cvar_se, decision_stats, mean_se, prob_less, years_to_separate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_cvar_of_one_to_a_hundred_is_the_mean_of_the_top_five() -> None:
    assert cvar(np.arange(1.0, 101.0)) == pytest.approx((96 + 97 + 98 + 99 + 100) / 5)


def test_cvar_of_an_exponential_is_its_mean_times_one_plus_ln_20() -> None:
    # X ~ Exp(mean m): VaR95 = m ln 20 and, memoryless, CVaR95 = VaR95 + m = m (1 + ln 20)
    rng = np.random.default_rng(3)
    values = rng.exponential(1000.0, 400_000)
    expected = 1000.0 * (1.0 + math.log(20.0))
    assert cvar(values) == pytest.approx(expected, abs=4 * cvar_se(values))
    # the asymptotic SE for Exp: Var(X | X > VaR) = m^2, so SE = m sqrt((1 + 0.95) / (0.05 n))
    assert cvar_se(values) == pytest.approx(1000.0 * math.sqrt(1.95 / (0.05 * 400_000)), rel=0.05)


def test_standard_error_of_a_normal_mean() -> None:
    rng = np.random.default_rng(5)
    values = rng.normal(0.0, 300.0, 10_000)
    assert mean_se(values) == pytest.approx(300.0 / 100.0, rel=0.03)


def test_prob_less_counts_ties_as_half() -> None:
    a = np.array([1.0, 2.0, 3.0, 4.0])
    assert prob_less(a, a) == 0.5
    assert prob_less(a, a + 1) == 1.0
    assert prob_less(np.array([1.0, 5.0]), np.array([2.0, 5.0])) == 0.75


def test_years_to_separate_scales_with_the_square_of_the_precision() -> None:
    # 2 SE = 500 at 10,000 years against a difference of 250: the SE must halve, 4x the years
    assert years_to_separate(10_000, 250.0, 250.0) == 40_000
    assert years_to_separate(10_000, 0.0, 0.0) is None


def test_tie_rule_on_hand_made_years() -> None:
    rng = np.random.default_rng(1)
    base = rng.normal(1000.0, 100.0, 1_000)
    noise = rng.normal(0.0, 50.0, 1_000)
    far = base + 100.0  # 100 apart in every year: SE of the difference 0
    near = base + noise + 1.0  # 1 apart on average, SE of the difference ~1.6
    totals = np.stack([base, far, near])
    stats = decision_stats(["a", "far", "near"], totals, [float(t.mean()) for t in totals])
    assert stats.lowest_id in {"a", "near"}
    assert stats.best_id == ""
    assert set(stats.tie_ids) == {"a", "near"}
    assert "far" not in stats.tie_ids
    assert "simulated years" in stats.separation
    clear = decision_stats(["a", "far"], totals[:2], [float(t.mean()) for t in totals[:2]])
    assert clear.best_id == "a" and clear.tie_ids == ()
    assert clear.pairwise[0].prob_cheaper == (0.5, 1.0)
    assert clear.regret["a"] == 0.0 and clear.regret["far"] == pytest.approx(100.0)


def identical_workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "startup", root)
    text = (root / "quotes" / "task-tickets.yaml").read_text(encoding="utf-8")
    twin = text.replace("id: task-tickets", "id: task-tickets-twin")
    assert twin != text
    (root / "quotes" / "task-tickets-twin.yaml").write_text(twin, encoding="utf-8")
    return root


def test_identical_quotes_tie(tmp_path: Path) -> None:
    result = compare(identical_workspace(tmp_path), simulate=True, years=1_000, seed=3)
    sim = result.simulation
    assert sim is not None and sim.decision is not None
    d = sim.decision
    ids = [p.id for p in sim.packages]
    i, j = ids.index("task-tickets"), ids.index("task-tickets-twin")
    assert d.pairwise[i].prob_cheaper[j] == 0.5
    assert d.pairwise[j].prob_cheaper[i] == 0.5
    assert d.mean_se["task-tickets"] == d.mean_se["task-tickets-twin"]
    assert d.cvar95["task-tickets"] == d.cvar95["task-tickets-twin"]
    assert {"task-tickets", "task-tickets-twin"} <= set(d.tie_ids) and d.best_id == ""
    assert "no number of simulated years" in d.separation
    assert d.prob_recommended["task-tickets"] == d.prob_recommended["task-tickets-twin"]
    assert sum(d.prob_recommended.values()) == pytest.approx(1.0)
    ranking = result.ranking
    assert ranking is not None
    rows = {r.id: r for r in ranking.rows}
    assert rows["task-tickets"].score == rows["task-tickets-twin"].score
    assert rows["task-tickets"].first_share == rows["task-tickets-twin"].first_share
    assert rows["task-tickets"].mean_rank == rows["task-tickets-twin"].mean_rank
    rec = result.recommendation
    assert rec is not None
    text = " ".join(rec.reasons)
    assert "lowest expected cost" not in text
    assert "a tie at this precision" in text


def test_examples_carry_decision_stats() -> None:
    result = compare(EXAMPLES / "midmarket", simulate=True, years=2_000, seed=1)
    sim = result.simulation
    assert sim is not None and sim.decision is not None
    d = sim.decision
    for p in sim.packages:
        assert d.cvar95[p.id] >= p.total_economic_cost.p95 - 1e-6  # the tail mean is beyond its start
        assert d.mean_se[p.id] > 0
        assert d.regret[p.id] >= 0
    n = len(sim.packages)
    for i, row in enumerate(d.pairwise):
        assert row.prob_cheaper[i] == 0.5
        for j in range(n):
            assert row.prob_cheaper[j] + d.pairwise[j].prob_cheaper[i] == pytest.approx(1.0)
    assert sum(d.prob_cheapest_year.values()) == pytest.approx(1.0)
