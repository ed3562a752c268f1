"""Display of amounts in the store's currency (formatting only)."""

from __future__ import annotations

SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "AUD": "A$",
    "CAD": "C$",
    "NZD": "NZ$",
    "JPY": "¥",
    "INR": "₹",
    "CHF": "CHF ",
    "SEK": "SEK ",
    "NOK": "NOK ",
    "DKK": "DKK ",
    "PLN": "PLN ",
}


def money(amount: float | None, currency: str, cents: bool = False) -> str:
    if amount is None:
        return "-"
    symbol = SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.2f}" if cents else f"{abs(amount):,.0f}"
    return f"{sign}{symbol}{text}"


def hours(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value * 60:.0f} min"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} days"


def money_range(low: float | None, high: float | None, currency: str) -> str:
    """Both ends of a figure that depends on a quoted price range: `£25,200–£49,200`."""
    if low is None or high is None:
        return "-"
    if abs(high - low) < 0.5:
        return money(low, currency)
    return f"{money(low, currency)}\u2013{money(high, currency)}"
