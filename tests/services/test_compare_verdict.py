"""Every comparison carries its verdict, in the result and in its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from magesupport.formats.interface import as_json
from magesupport.services.compare import compare

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("example", ["startup", "midmarket", "enterprise", "uk-fashion"])
def test_compare_carries_the_verdict_of_its_recommendation(example: str) -> None:
    result = compare(EXAMPLES / example, simulate=False)
    verdict = result.verdict
    assert verdict is not None and result.recommendation is not None
    assert verdict.pick_id == result.recommendation.recommended_id
    assert verdict.price_per_month == result.recommendation.price_per_month
    assert len(verdict.lines) == len(result.packages)
    data = json.loads(as_json(result))
    assert data["verdict"]["pick_id"] == verdict.pick_id
    assert data["verdict"]["lines"][0]["rank"] == 1
