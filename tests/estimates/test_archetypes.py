from __future__ import annotations

import pytest
from tests.conftest import make_store

from magesupport.estimates.archetypes import archetype_data, classify


@pytest.mark.parametrize(
    ("revenue", "archetype"),
    [
        (400_000, "startup"),
        (999_999, "startup"),
        (5_000_000, "midmarket"),
        (18_000_000, "midmarket"),
        (50_000_000, "midmarket"),
        (100_000_001, "enterprise"),
        (2e9, "enterprise"),
    ],
)
def test_guide_bands(revenue, archetype):
    result = classify(make_store(annual_revenue=revenue))
    assert result.archetype == archetype
    assert not result.in_gap


def test_lower_gap_goes_up_with_two_signals_and_says_why():
    lean = make_store(annual_revenue=3_000_000)
    assert classify(lean).archetype == "startup"
    assert classify(lean).leaned == "down"
    busy = make_store(annual_revenue=3_000_000, stack={"integrations": ["erp", "crm"]}, risk_tolerance="low")
    result = classify(busy)
    assert (result.archetype, result.in_gap, result.leaned) == ("midmarket", True, "up")
    assert "2 integrations" in result.reasons[1] and "risk tolerance: low" in result.reasons[1]


def test_upper_gap_needs_three_enterprise_signals():
    two = make_store(annual_revenue=75_000_000, edition="adobe_commerce", b2b=True)
    assert classify(two).archetype == "midmarket"
    three = make_store(annual_revenue=75_000_000, edition="adobe_commerce", b2b=True, global_operations=True)
    result = classify(three)
    assert (result.archetype, result.leaned) == ("enterprise", "up")
    assert len([s for s in result.signals if s.present]) == 3


def test_needs_are_data_from_the_guide():
    table = archetype_data()
    assert table["midmarket"]["needs"]["p1_response_max"] == "1h"
    assert table["midmarket"]["needs"]["hours_per_month"] == [40, 80]
    assert table["midmarket"]["needs"]["proactive_share_min"] == 0.6
    assert table["enterprise"]["needs"]["p1_response_max"] == "30m"
    assert table["startup"]["needs"]["hours_per_month"] == [10, 20]
