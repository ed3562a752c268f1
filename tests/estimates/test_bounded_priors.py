"""Bounded priors: the stack multiplies incident rates through a saturating function with a cap."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from magesupport import data
from magesupport.domain.base import Severity
from magesupport.domain.profile import StoreProfile
from magesupport.estimates.workload import estimate_workload, saturate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CAP = float(data.load("priors.yaml")["incidents_per_year"]["stack_cap"]["value"])


def huge_store() -> StoreProfile:
    raw = YAML(typ="safe").load((EXAMPLES / "enterprise" / "store.yaml").read_text(encoding="utf-8"))
    raw["stack"] = {**raw["stack"], "extensions": 400, "custom_modules": 150}
    raw.pop("workload", None)
    return StoreProfile.model_validate(raw)


@given(st.floats(min_value=1.0, max_value=1e12), st.floats(min_value=1.5, max_value=100.0))
def test_saturate_is_bounded_monotone_and_near_identity_when_small(m, cap) -> None:
    out = saturate(m, cap)
    assert 1.0 <= out <= cap + 1e-9
    assert out <= m + 1e-9
    assert saturate(m * 1.5, cap) >= out - 1e-12


def test_saturate_by_hand() -> None:
    # cap ** tanh(ln m / ln cap): m = 2, cap 25: 25 ** tanh(0.2153) = 25 ** 0.2121 = 1.979
    assert saturate(2.0, 25.0) == 25.0 ** math.tanh(math.log(2.0) / math.log(25.0))
    assert abs(saturate(2.0, 25.0) - 1.979) < 1e-3
    assert saturate(1.0, 25.0) == 1.0


def test_a_huge_stack_stays_under_the_cap() -> None:
    estimate = estimate_workload(huge_store())
    base = data.load("priors.yaml")["incidents_per_year"]["base"]
    # the other factors (version, edition, vulnerable extensions) still apply on top: at most x1.5 here
    for severity in (Severity.P1, Severity.P2):
        assert estimate.incidents_per_year[severity] <= float(base[severity.value]) * CAP * 1.5
    assert estimate.incidents_per_year[Severity.P1] < 40  # was ~8,000 a year before the cap
    assert any(a.name == "stack complexity saturates" for a in estimate.assumptions)
