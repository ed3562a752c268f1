"""COST-014: hourly rates against the guide's $75-$250 market range, converted to US dollars."""

from __future__ import annotations

from review_helpers import context, example_store, package

from magesupport.review.rules.market import market_rate, usd_per_unit


def check(store_changes: dict, *patches: dict):
    store = example_store("midmarket", **store_changes)
    return market_rate(context(store, package(*patches)))


def test_inside_outside_and_at_the_edges() -> None:
    assert check({}, {"pricing": {"overflow_rate": 250}}).passed
    assert check({}, {"pricing": {"overflow_rate": 75}}).passed
    low = check({}, {"pricing": {"overflow_rate": 40}})
    assert not low.passed and "below" in low.detail and low.path == "pricing.overflow_rate"
    high = check({}, {"pricing": {"overflow_rate": 251}})
    assert not high.passed and "above" in high.detail


def test_a_free_rate_is_outside_the_market() -> None:
    zero = check({}, {"pricing": {"overflow_rate": 0}})
    assert not zero.passed and zero.detail.startswith("0 USD")


def test_either_end_of_a_range_counts() -> None:
    assert not check({}, {"pricing": {"overflow_rate": "200-300"}}).passed


def test_converted_with_the_store_fx() -> None:
    # a GBP store, 0.8 GBP per USD; a GBP quote at 220 GBP an hour = 275 USD: above the market
    store = {"currency": "GBP", "fx": {"USD": 0.8}}
    gbp = {"currency": "GBP", "pricing": {"overflow_rate": 220}}
    ctx = context(example_store("midmarket", **store), package(gbp))
    assert usd_per_unit(ctx) == 1.25
    result = market_rate(ctx)
    assert not result.passed and "275 USD" in result.detail
    # without a USD rate nothing can be said
    no_usd = context(example_store("midmarket", currency="GBP", fx={}), package(gbp))
    assert usd_per_unit(no_usd) is None and market_rate(no_usd).passed
