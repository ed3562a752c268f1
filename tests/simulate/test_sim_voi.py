"""Value of information (EVPPI) against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from magesupport.simulate.stats import Means
from magesupport.simulate.voi import Uncertainty, evppi, linear_costs, log_quadratic, value_of_information

UNIFORM = Uncertainty("p2_revenue_loss", "test", "beta", 1.0, 1.0, "test")


def test_evppi_of_a_uniform_switch_point() -> None:
    # C_A = 100, C_B = 200 s, s ~ U(0, 1): E[min] = 25 + 50 = 75, min E = 100: EVPPI = 25
    costs = linear_costs([100.0, 100.0], [0.0, 200.0], 0.5)
    assert evppi(costs, UNIFORM.quantiles()) == pytest.approx(25.0, abs=0.5)


def test_no_value_when_one_package_always_wins() -> None:
    costs = linear_costs([100.0, 300.0], [10.0, 20.0], 0.5)
    assert evppi(costs, UNIFORM.quantiles()) == 0.0


def test_log_quadratic_passes_through_the_reruns() -> None:
    costs = log_quadratic([1.0, 5.0], [2.0, 4.0], [4.0, 2.0])
    table = costs(np.array([0.5, 1.0, 2.0, 4.0]))
    assert np.allclose(table[:, :3], [[1.0, 2.0, 4.0], [5.0, 4.0, 2.0]])
    assert table[:, 3].tolist() == pytest.approx([4.0, 2.0])  # clipped at x2


def test_lognormal_quantiles_have_the_stated_median_and_spread() -> None:
    x = Uncertainty("rates", "t", "lognormal", 1.0, 0.5, "t").quantiles()
    assert float(np.median(x)) == pytest.approx(1.0, abs=1e-3)
    assert float(np.log(x).std()) == pytest.approx(0.5, rel=0.01)


def test_p2_share_value_from_the_means() -> None:
    # A loses nothing to P2s, B only loses to P2s: at the prior share 0.3, A 100 and B 60 + ...
    a = Means(fees=100.0, variable=0.0, credits=0.0, lost_p1=0.0, lost_p2=0.0)
    b = Means(fees=0.0, variable=0.0, credits=0.0, lost_p1=0.0, lost_p2=60.0)  # 200 x 0.3
    u = {"p2_revenue_loss": UNIFORM}
    (voi,) = value_of_information([a, b], 0.3, False, {}, u)
    assert voi.input == "p2_revenue_loss" and voi.value == pytest.approx(25.0, abs=0.5)
    assert value_of_information([a, b], 0.3, True, {}, u) == ()  # stated in store.yaml: known
