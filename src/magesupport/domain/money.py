"""Amounts of money in the workspace format: firm figures, price ranges, percentages.

Every parser raises ValueError with a message written for the merchant; the loader adds file, line, field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator

# ---------------------------------------------------------------- money


MONEY_MAX = Decimal(10) ** 12  # a trillion in any currency: docs/workspace-format.md "Ranges"
_SUFFIX = {"k": Decimal(1000), "m": Decimal(1_000_000)}
_RANGE_SPLIT = re.compile(r"\s*(?:\u2013|\u2014|-|\bto\b|\band\b)\s*")


def _amount(value: Any, original: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"expected an amount of money, got {original!r}")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().lower().replace(",", "").replace("_", "")
        scale = Decimal(1)
        if text[-1:] in _SUFFIX:
            text, scale = text[:-1].strip(), _SUFFIX[text[-1]]
        try:
            amount = Decimal(text) * scale
        except InvalidOperation:
            symbol = next((c for c in text if c in "$£€¥₹"), None)
            hint = (
                f" (write it without {symbol}: the file's currency says which money it is)" if symbol else ""
            )
            raise ValueError(
                f"expected an amount of money like 5200 or 149.50, got {original!r}{hint}"
            ) from None
    else:
        raise ValueError(f"expected an amount of money, got {original!r}")
    if not amount.is_finite():
        raise ValueError(f"expected a finite amount of money, got {original!r}")
    if amount < 0:
        raise ValueError(f"an amount of money cannot be negative, got {original!r}")
    if amount > MONEY_MAX:
        raise ValueError(f"an amount of money must be at most {MONEY_MAX:,}, got {original!r}")
    return amount + 0  # -0 is 0


class PriceRange(Decimal):
    """A price quoted as a range ("10k-30k a month"): the value is the midpoint, `low` and `high` the ends.

    Arithmetic on it gives plain Decimals (the midpoint); whatever shows money must look for ranges
    (`isinstance(x, PriceRange)`) and show both ends, or say that it shows the midpoint.
    """

    low: Decimal
    high: Decimal

    def __new__(cls, low: Decimal, high: Decimal) -> PriceRange:
        obj = super().__new__(cls, (low + high) / 2)
        obj.low = low
        obj.high = high
        return obj

    def at(self, fraction: float) -> Decimal:
        """The price `fraction` of the way from low (0) to high (1)."""
        return self.low + (self.high - self.low) * Decimal(repr(float(fraction)))

    def scaled(self, factor: Decimal) -> PriceRange:
        return PriceRange(self.low * factor, self.high * factor)

    def __str__(self) -> str:
        return f"{_plain(self.low)}\u2013{_plain(self.high)}"

    def __repr__(self) -> str:
        return f"PriceRange({_plain(self.low)}, {_plain(self.high)})"

    def __format__(self, spec: str, context: Any = None, /) -> str:
        """`f"{x}"` shows both ends, `f"{x:.0f}"` the midpoint."""
        if not spec:
            return str(self)
        return super().__format__(spec) if context is None else super().__format__(spec, context)

    def __reduce__(self):  # copies and pickles keep both ends
        return (PriceRange, (self.low, self.high))


def _plain(amount: Decimal) -> str:
    return f"{amount.normalize():f}" if amount == amount.to_integral() else str(amount)


def parse_money(value: Any) -> Decimal:
    """A non-negative amount: 5200, 5200.50, "5,200", "10k" -> Decimal.

    A range - `{low: 10000, high: 30000}` or a string "10k-30k" (a dash, an en dash or "to") - gives a
    `PriceRange` (a Decimal at the midpoint that keeps both ends); equal ends give a firm price.
    """
    if isinstance(value, PriceRange):
        return value
    if isinstance(value, dict):
        keys = set(value)
        if keys != {"low", "high"}:
            raise ValueError(f"a price range is {{low: ..., high: ...}}, got keys {sorted(map(str, keys))}")
        low, high = _amount(value["low"], value), _amount(value["high"], value)
        return _range(low, high, value)
    if isinstance(value, str):
        parts = _RANGE_SPLIT.split(value.strip().removeprefix("between ").strip())
        if len(parts) == 2 and all(parts):
            return _range(_amount(parts[0], value), _amount(parts[1], value), value)
    return _amount(value, value)


def _range(low: Decimal, high: Decimal, original: Any) -> Decimal:
    if high < low:
        raise ValueError(f"a price range must go from low to high, got {original!r}")
    return low if high == low else PriceRange(low, high)


def price_low(value: Decimal) -> Decimal:
    return value.low if isinstance(value, PriceRange) else value


def price_high(value: Decimal) -> Decimal:
    return value.high if isinstance(value, PriceRange) else value


def _serialize_money(amount: Decimal) -> float | dict[str, float]:
    if isinstance(amount, PriceRange):
        return {"low": float(amount.low), "high": float(amount.high)}
    return float(amount)


Money = Annotated[
    Decimal,
    PlainValidator(parse_money),
    PlainSerializer(_serialize_money, return_type=Any),
]


def parse_firm_money(value: Any) -> Decimal:
    """An amount that must be one figure (a store's revenue, an exchange rate): no range."""
    amount = parse_money(value)
    if isinstance(amount, PriceRange):
        raise ValueError(f"expected one figure here, not a range, got {value!r}")
    return amount


FirmMoney = Annotated[Decimal, PlainValidator(parse_firm_money), PlainSerializer(float, return_type=float)]

# ---------------------------------------------------------------- percentages


def parse_percent(value: Any) -> float:
    """A percentage: `20%`, `"12.5 %"` or a number of percent (`20`) -> 20.0."""
    if isinstance(value, bool):
        raise ValueError(f"expected a percentage like 20%, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        text = value.strip().removesuffix("%").strip()
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"expected a percentage like 20%, got {value!r}") from None
    else:
        raise ValueError(f"expected a percentage like 20%, got {value!r}")
    if not 0 <= number <= 100:
        raise ValueError(f"a percentage must be between 0% and 100%, got {value!r}")
    return number


Percent = Annotated[float, PlainValidator(parse_percent)]
