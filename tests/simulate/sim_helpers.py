"""Small builders for the simulation tests: stores, package variants, plans and engine runs."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from ruamel.yaml import YAML

from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.estimates.workload import estimate_workload
from magesupport.services.workspaces import example_path
from magesupport.simulate.incidents import draw_incidents
from magesupport.simulate.inputs import StorePlan, build_plan
from magesupport.simulate.settings import SimSettings, load_settings
from magesupport.simulate.vectorised import Scenario, YearOutcomes, simulate_chunk
from magesupport.workspace.loader import load_workspace

FIELDS = (
    "variable",
    "downtime",
    "lost_p1",
    "lost_p2",
    "credits",
    "breaches",
    "outage_over_4h",
    "after_hours",
)


def example(name: str):
    return load_workspace(example_path(name))


def raw(path: Path) -> dict[str, Any]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _merge(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def store(example_name: str = "midmarket", **changes: Any) -> StoreProfile:
    """An example store with fields replaced (one level of dicts merged), validated."""
    return StoreProfile.model_validate(_merge(raw(example_path(example_name) / "store.yaml"), changes))


def package(base: SupportPackage, **changes: Any) -> SupportPackage:
    """A validated copy of example quote `base` with changes: package(p, pricing={"hourly_rate": 200})."""
    for name in ("startup", "midmarket", "enterprise"):
        path = example_path(name) / "quotes" / f"{base.id}.yaml"
        if path.exists():
            return SupportPackage.model_validate(_merge(raw(path), changes))
    raise KeyError(base.id)


def plan(
    the_store: StoreProfile, packages: list[SupportPackage], settings: SimSettings | None = None
) -> StorePlan:
    pairs = [
        (
            p,
            float(the_store.rate_to_store_currency(p.currency) or Decimal(1))
            * p.pricing.tax_factor(the_store.tax_recoverable),
        )
        for p in packages
    ]
    return build_plan(the_store, pairs, estimate_workload(the_store), settings or load_settings())


def run(
    the_plan: StorePlan,
    years: int = 200,
    seed: int = 1,
    scenario: Scenario = Scenario(),
    rate_scale: float = 1.0,
) -> list[YearOutcomes]:
    draws = draw_incidents(np.random.default_rng(seed), years, the_plan.rates, the_plan.frame, rate_scale)
    return simulate_chunk(the_plan, draws, scenario)


def quiet_settings(**changes: Any) -> SimSettings:
    """The bundled settings with `changes`; no restore before the fix unless asked (the closed forms count
    an outage to the fix)."""
    return replace(load_settings(), **{"restore_median_hours": None, **changes})


def assert_same(a: YearOutcomes, b: YearOutcomes, label: str = "") -> None:
    assert np.shape(a.fees) == np.shape(b.fees), label
    assert np.allclose(a.fees, b.fees, rtol=1e-12, atol=0), label
    for name in FIELDS:
        x, y = getattr(a, name), getattr(b, name)
        ok = np.isclose(x, y, rtol=1e-9, atol=1e-6)
        assert ok.all(), f"{label} {name}: years {np.flatnonzero(~ok)[:5]}: {x[~ok][:3]} != {y[~ok][:3]}"


def standard_error(values: np.ndarray) -> float:
    """Monte Carlo standard error of the mean."""
    return float(np.std(values, ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0


def flat_p1_store(p1_per_year: float, effort: float, **changes: Any) -> StoreProfile:
    """The mid-market store at $1,000 an hour, flat all year, with only P1s of a fixed effort and no planned
    work: the closed-form tests' store."""
    workload = {
        "incidents_per_year": {"P1": p1_per_year, "P2": 0, "P3": 0, "P4": 0},
        "effort_hours": {"P1": effort},
        "effort_spread": 0,
        "maintenance_hours_per_month": 0,
        "development_hours_per_month": 0,
        "questions_per_month": 0,
    }
    return store(annual_revenue=8_760_000, traffic_profile="flat", peaks=[], workload=workload, **changes)


def hourly_24x7_p1() -> SupportPackage:
    """northwind-hourly with no surcharges and a 24x7 P1 answered within 1 h: the closed-form tests' package."""
    return package(
        example("midmarket").package("northwind-hourly"),
        id="hourly",
        pricing={"surcharges": []},
        severities={"P1": {"response": "1h", "coverage": "24x7"}},
    )
