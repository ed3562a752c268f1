"""With the Monte Carlo costs (what the CLI uses by default), each example still gets the guide's choice."""

from __future__ import annotations

import pytest

from magesupport.services.compare import compare
from magesupport.services.workspaces import example_path

GUIDE = {
    "startup": {"hourly", "prepaid_block", "retainer", "ticket_bundle"},
    "midmarket": {"retainer", "managed"},
    "enterprise": {"managed", "dedicated"},
}
EXPECTED = {"startup": "task-tickets", "midmarket": "summit-managed", "enterprise": "apex-dedicated"}


@pytest.mark.parametrize("name", sorted(GUIDE))
def test_simulated_recommendation_follows_the_guide(name):
    result = compare(example_path(name), simulate=True, years=3000, seed=7)
    assert result.ranking is not None and result.ranking.cost_basis.source == "simulation"
    rec = result.recommendation
    assert rec is not None
    assert rec.recommended_model in GUIDE[name]
    assert rec.recommended_id == EXPECTED[name]
    assert rec.fits_guide
    if name != "startup":
        assert rec.p1_target in {"30m", "15m"}
