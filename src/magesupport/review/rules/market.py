"""Is a quoted hourly rate inside the market? The guide puts Magento support at USD 75-250 an hour.

A rate outside that range is not wrong by itself (a junior offshore team, a certified agency in a dear city),
but it is worth a look: far below, what is left out or who does the work; far above, what the premium buys.
Rates in another currency are converted to US dollars with store.yaml's `fx` (the quote's currency to the
store's, then the store's USD rate); a rate that cannot be converted is not judged.
"""

from __future__ import annotations

from decimal import Decimal

from magesupport.domain.money import price_high, price_low
from magesupport.review.rule import INFO, Check, Context, always, fail, ok, rule

MARKET_LOW_USD, MARKET_HIGH_USD = 75.0, 250.0  # the guide's range of Magento support rates, an hour


def usd_per_unit(ctx: Context) -> float | None:
    """US dollars per unit of the quote's currency (None when store.yaml gives no way to convert)."""
    store = ctx.store
    to_store = store.rate_to_store_currency(ctx.package.currency)
    if to_store is None:
        return None
    if store.currency == "USD":
        return float(to_store)
    usd = store.fx.get("USD")  # store currency per USD
    if usd is None or usd <= 0:
        return None
    return float(to_store) / float(usd)


@rule(
    "COST-014",
    "Hourly rates inside the market range",
    "cost",
    """The guide puts Magento support at USD 75-250 an hour. A rate far below it asks what is left out or who
    does the work; far above, what the premium buys. Neither is wrong by itself.""",
    "What explains a rate outside the market's USD 75-250 an hour (team, seniority, what the hour includes)?",
    always(INFO),
    "info for every store, when a stated hourly, overflow or out-of-scope rate (either end of a range) lies "
    "outside USD 75-250 an hour after conversion to US dollars",
)
def market_rate(ctx: Context) -> Check:
    pricing, contract = ctx.package.pricing, ctx.package.contract
    stated: list[tuple[str, Decimal]] = [
        (path, value)
        for path, value in (
            ("pricing.hourly_rate", pricing.hourly_rate),
            ("pricing.overflow_rate", pricing.overflow_rate),
            ("contract.out_of_scope_rate", contract.out_of_scope_rate),
        )
        if value is not None
    ]
    if not stated:
        return ok("pricing.hourly_rate", None)
    factor = usd_per_unit(ctx)
    if factor is None:
        return ok(stated[0][0], stated[0][1])
    for path, value in stated:
        low, high = float(price_low(value)) * factor, float(price_high(value)) * factor
        if low < MARKET_LOW_USD - 1e-9:
            return fail(path, value, f"{low:,.0f} USD an hour is below the market's USD 75-250 an hour")
        if high > MARKET_HIGH_USD + 1e-9:
            return fail(path, value, f"{high:,.0f} USD an hour is above the market's USD 75-250 an hour")
    return ok(stated[0][0], stated[0][1])
