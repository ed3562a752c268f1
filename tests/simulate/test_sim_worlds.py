"""Joint draws of the uncertain inputs, and P(recommended) under them."""

from __future__ import annotations

import numpy as np
import pytest

from magesupport.rank.probability import prob_recommended
from magesupport.simulate.stats import Means
from magesupport.simulate.voi import Uncertainty
from magesupport.simulate.worlds import world_costs

UNIFORM = Uncertainty("p2_revenue_loss", "t", "beta", 1.0, 1.0, "t")


def test_world_costs_follow_the_p2_share() -> None:
    a = Means(fees=100.0, variable=0.0, credits=0.0, lost_p1=0.0, lost_p2=0.0)
    b = Means(fees=0.0, variable=0.0, credits=0.0, lost_p1=0.0, lost_p2=60.0)  # 200 x share 0.3
    worlds = world_costs(
        [a, b], 0.3, False, {}, seed=1, worlds=20_000, uncertainty={"p2_revenue_loss": UNIFORM}
    )
    assert np.all(worlds[:, 0] == 100.0)
    # B = 200 s with s ~ U(0, 1): mean 100, P(B < A) = 0.5
    assert worlds[:, 1].mean() == pytest.approx(100.0, abs=1.5)
    assert (worlds[:, 1] < 100.0).mean() == pytest.approx(0.5, abs=0.02)
    stated = world_costs([a, b], 0.3, True, {}, seed=1, worlds=10, uncertainty={"p2_revenue_loss": UNIFORM})
    assert np.all(stated[:, 1] == 60.0)  # stated in store.yaml: not drawn


def test_prob_recommended_under_worlds() -> None:
    # cost-only weights; A costs 100, B 60 at the point prior but 200 s in a world: B wins in ~half of them
    raw = np.array([[100.0, 100.0, 50, 50, 50], [60.0, 60.0, 50, 50, 50]])
    w = np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    s = np.random.default_rng(3).random(4000)
    worlds = np.stack([np.full(4000, 100.0), 200.0 * s], axis=1)
    without = prob_recommended(raw, w, [0, 0], None)
    assert without.tolist() == [0.0, 1.0]
    shares = prob_recommended(raw, w, [0, 0], None, worlds)
    assert shares[1] == pytest.approx(0.5, abs=0.04)
    assert shares.sum() == pytest.approx(1.0)


def test_no_world_costs_less_than_the_fees_net_of_credits() -> None:
    """Added effects can overshoot: recapture near 1 takes away all 400 of lost revenue and halving the rates
    another 240 (the rerun at x0.5), 540 - 400 - 240 = -100; the world floors at fees - recovered credits."""
    m = Means(fees=100.0, variable=50.0, credits=20.0, lost_p1=400.0, lost_p2=0.0, recovery=0.5)
    u = {
        "revenue_recapture": Uncertainty("revenue_recapture", "t", "beta", 5000.0, 0.01, "t"),  # r ~ 1
        "rates": Uncertainty("rates", "t", "lognormal", 0.5, 1e-6, "t"),  # f = 0.5
    }
    worlds = world_costs([m], 0.3, True, {"rates": ([300.0], [1000.0])}, seed=2, worlds=200, uncertainty=u)
    assert m.total == pytest.approx(540.0)
    assert worlds == pytest.approx(np.full((200, 1), 90.0))


def test_a_covariance_a_rounding_error_short_of_psd_is_drawn_from() -> None:
    """Two identical packages: their sampling covariance is singular, and rounding can make it slightly
    indefinite; the draws must still work and split first place evenly."""
    raw = np.array([[100.0, 100.0, 50, 50, 50], [100.0, 100.0, 50, 50, 50]])
    w = np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    cov = np.array([[4.0, 4.0 + 1e-9], [4.0 + 1e-9, 4.0]])
    assert np.linalg.eigvalsh(cov).min() < 0
    shares = prob_recommended(raw, w, [0, 0], cov)
    assert shares.sum() == pytest.approx(1.0)
    assert shares[0] == pytest.approx(0.5, abs=0.05)
