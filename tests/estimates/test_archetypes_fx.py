"""A store in another currency is placed in the guide's dollar bands by its revenue converted with fx."""

from __future__ import annotations

import pytest
from tests.conftest import make_store

from magesupport.estimates.archetypes import classify, revenue_in_usd


def test_the_dollar_revenue_not_the_figure_places_the_store():
    # £4.5M is USD 5.73M at 0.785 GBP per USD: in the mid-market band; as dollars it would be in the open band
    pounds = make_store(currency="GBP", annual_revenue=4_500_000, fx={"USD": 0.785})
    dollars = make_store(currency="USD", annual_revenue=4_500_000)
    assert revenue_in_usd(pounds) == pytest.approx(4_500_000 / 0.785)
    assert classify(pounds).archetype == "midmarket" and not classify(pounds).in_gap
    assert classify(dollars).in_gap and classify(dollars).archetype == "startup"
    reason = classify(pounds).reasons[0]
    assert (
        reason
        == "annual revenue £4.5M ≈ USD 5.73M (fx: GBP 0.785 per USD) is in the guide's USD 5M-50M mid-market band"
    )
    assert "$" not in reason + classify(pounds).revenue_band


def test_a_store_without_a_usd_rate_is_placed_by_its_signals_and_says_so():
    store = make_store(currency="EUR", annual_revenue=40_000_000)
    result = classify(store)
    assert result.revenue_usd is None and result.revenue_band == "unknown (no USD rate)"
    assert "store.yaml has no USD rate" in result.reasons[0]
    assert result.archetype == "startup"  # no signals present in the bare store
    busy = make_store(
        currency="EUR",
        annual_revenue=40_000_000,
        stack={"integrations": ["erp", "crm"]},
        internal_team={"level": "senior", "hours_per_week": 10},
    )
    assert classify(busy).archetype == "midmarket"


def test_usd_stores_keep_their_wording():
    store = make_store(annual_revenue=18_000_000)
    assert classify(store).reasons == ("annual revenue $18M is in the guide's $5M-$50M mid-market band",)
