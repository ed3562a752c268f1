"""compare --horizon-years: the discounted multi-year cost against a hand computation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from magesupport.domain.errors import SimulationError, UsageError
from magesupport.services.compare import compare
from magesupport.simulate.horizon import horizon, horizon_rows
from magesupport.simulate.stats import Means

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def stub(id_: str, monthly: float, term: int, increase: float, onboarding: float = 0.0):
    pricing = SimpleNamespace(onboarding_fee=Decimal(str(onboarding)), annual_increase=increase)
    package = SimpleNamespace(pricing=pricing, contract=SimpleNamespace(minimum_term_months=term))
    return SimpleNamespace(id=id_, package=package, fx=1.0, monthly_fee=monthly, ranged=False)


def test_three_years_by_hand() -> None:
    # fees 12,000, billed 2,000, lost 10,000; prices +5% a year, revenue +10%, discount 10%; 48-month term
    new = stub("new", 1000.0, 48, 5.0)
    old = stub("old", 500.0, 1, 0.0)
    means = [
        Means(fees=12_000.0, variable=2_000.0, credits=0.0, lost_p1=10_000.0, lost_p2=0.0),
        Means(fees=6_000.0, variable=0.0, credits=0.0, lost_p1=0.0, lost_p2=0.0),
    ]
    rows = horizon_rows([new, old], means, 3, 10.0, 10.0, "old")
    row = rows[0]
    # years: 24,000; 14,000 x 1.05 + 10,000 x 1.1 = 25,700; 14,000 x 1.1025 + 10,000 x 1.21 = 27,535
    assert row.per_year == pytest.approx((24_000.0, 25_700.0, 27_535.0))
    # 12 months still owed after 36: 12,000 x 1.05^3 / 1.1^3
    assert row.lock_in == pytest.approx(12_000 * 1.05**3 / 1.1**3)
    pv = 24_000 + 25_700 / 1.1 + 27_535 / 1.21 + 500 + 12_000 * 1.05**3 / 1.1**3  # + a month of double running
    assert row.total == pytest.approx(pv)
    assert row.switching_cost == 500.0 and rows[1].switching_cost == 0.0


def test_onboarding_is_paid_once() -> None:
    pp = stub("a", 1000.0, 12, 0.0, onboarding=3_000.0)
    means = [Means(fees=15_000.0, variable=0.0, credits=0.0, lost_p1=0.0, lost_p2=0.0)]  # 12,000 + 3,000 spread
    (row,) = horizon_rows([pp], means, 3, 0.0, 0.0, None)
    assert row.per_year == pytest.approx((15_000.0, 12_000.0, 12_000.0))


def test_unknown_current_package_is_said() -> None:
    pp = stub("a", 1000.0, 12, 0.0)
    means = [Means(fees=12_000.0, variable=0.0, credits=0.0, lost_p1=0.0, lost_p2=0.0)]
    h = horizon([pp], means, 2, 0.0, 0.0, "gone", lambda f: f"x{f:g}")
    assert "is none of the quotes" in h.note and h.current_package is None and h.grows_into == "x1"


def test_compare_with_a_horizon_and_growth() -> None:
    result = compare(EXAMPLES / "startup", simulate=True, years=500, seed=1, horizon_years=3)
    sim = result.simulation
    assert sim is not None and sim.horizon is not None
    assert sim.horizon.years == 3 and len(sim.horizon.rows) == len(sim.packages)
    assert sim.horizon.best_id == min(sim.horizon.rows, key=lambda r: r.total).id
    with pytest.raises(UsageError):
        compare(EXAMPLES / "startup", simulate=False, horizon_years=3)
    with pytest.raises(SimulationError):
        compare(EXAMPLES / "startup", simulate=True, years=500, horizon_years=11)
