"""A quote's pricing: fees, rates, included hours and tickets, pools, surcharges, rollover, burst and tax.

The billing rules that apply these terms live in `billing/`; here are only the terms and their reading.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainValidator, field_validator, model_validator

from magesupport.domain.base import SEVERITIES, SeverityField, Strict, Tags
from magesupport.domain.units import (
    WEEKDAYS,
    ClockHours,
    Money,
    Percent,
    PriceRange,
    parse_duration,
    parse_percent,
)

UNLIMITED = math.inf  # hours_per_ticket: unlimited (a ticket is one task of any length)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MINUTES_PER_WEEK = 7 * 1440


HOURS_MAX = (
    10_000  # hours in one month's terms (included, pools, blocks, caps): docs/workspace-format.md "Ranges"
)


class TaskKind(StrEnum):
    """What a piece of work is, for billing: pools, unlimited categories and scope."""

    INCIDENT = "incident"
    MAINTENANCE = "maintenance"
    DEVELOPMENT = "development"
    QUESTION = "question"


class HourPool(Strict):
    """Included hours usable only for some severities or kinds of work (e.g. urgent-only hours)."""

    hours: float = Field(gt=0, le=HOURS_MAX)
    severities: tuple[SeverityField, ...] = SEVERITIES
    kinds: tuple[TaskKind, ...] = (TaskKind.INCIDENT,)
    name: str | None = None


class VolumeTier(Strict):
    from_hours: float = Field(ge=0, le=HOURS_MAX)
    rate: Money


# ------------------------------------------------------------------ surcharges


class SurchargeWhen(StrEnum):
    OUTSIDE_BUSINESS_HOURS = "outside_business_hours"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    ALWAYS = "always"


_WHEN_RE = re.compile(r"^(?:(?P<day>[a-z]{3})[a-z]*\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})$")


def _moment(value: Any, field: str) -> tuple[int | None, int]:
    """`"fri 17:00"` -> (4, 1020); `"18:00"` -> (None, 1080); `24:00` is the end of the day."""
    match = _WHEN_RE.match(value.strip().lower()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(
            f'{field}: expected a weekday and a time like "fri 17:00" (or a time "18:00"), got {value!r}'
        )
    day = match["day"]
    if day is not None and day not in WEEKDAYS:
        raise ValueError(f"{field}: unknown day {day!r} (use mon, tue, wed, thu, fri, sat, sun)")
    hours, minutes = int(match["h"]), int(match["m"])
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ValueError(f"{field}: not a time of day in {value!r}")
    return (WEEKDAYS.index(day) if day is not None else None), hours * 60 + minutes


class SurchargeWindow(Strict):
    """A weekly window in the provider's timezone: `{from: "fri 17:00", to: "mon 08:00"}`, or a daily one
    `{from: "18:00", to: "08:00"}` (every day; an end before the start runs past midnight)."""

    from_: str = Field(alias="from")
    to: str

    @model_validator(mode="after")
    def _valid(self) -> SurchargeWindow:
        start, end = _moment(self.from_, "from"), _moment(self.to, "to")
        if (start[0] is None) != (end[0] is None):
            raise ValueError('give a weekday at both ends ("fri 17:00" to "mon 08:00") or at neither')
        if self.spans() == ():
            raise ValueError("the window is empty (from equals to); use when: always for all the time")
        return self

    def spans(self) -> tuple[tuple[int, int], ...]:
        """The window as [start, end) minutes of the week (Monday 00:00 = 0), each within 0..2 weeks."""
        (d1, m1), (d2, m2) = _moment(self.from_, "from"), _moment(self.to, "to")
        if d1 is None or d2 is None:
            if m1 == m2:
                return ()
            length = (m2 - m1) % 1440 or 1440
            return tuple((day * 1440 + m1, day * 1440 + m1 + length) for day in range(7))
        start, end = d1 * 1440 + m1, d2 * 1440 + m2
        if end == start:
            return ()
        if end < start:
            end += MINUTES_PER_WEEK
        return ((start, end),)

    def contains(self, minute_of_week: float) -> bool:
        """Whether an instant (minutes after Monday 00:00, provider's local time) falls in the window."""
        m = minute_of_week % MINUTES_PER_WEEK
        return any(s <= m < e or s <= m + MINUTES_PER_WEEK < e for s, e in self.spans())

    def describe(self) -> str:
        return f"{self.from_}\u2013{self.to}"


def _when(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower().replace(" ", "_").replace("-", "_")
    return value


class Surcharge(Strict):
    """A price rise for some work: a multiplier of the rate, or a flat hourly rate; optionally a minimum."""

    when: Annotated[SurchargeWhen | SurchargeWindow, BeforeValidator(_when)]
    multiplier: float | None = Field(default=None, gt=0, le=100)
    rate: Money | None = None  # a flat hourly rate instead of a multiplier
    severities: tuple[SeverityField, ...] = SEVERITIES
    minimum_charge: ClockHours = 0.0  # a task this surcharge applies to is billed at least this long

    @model_validator(mode="after")
    def _one_price(self) -> Surcharge:
        if (self.multiplier is None) == (self.rate is None):
            raise ValueError(
                "give either multiplier (x the rate) or rate (a flat hourly price), not both or neither"
            )
        return self

    @property
    def window(self) -> SurchargeWindow | None:
        return self.when if isinstance(self.when, SurchargeWindow) else None

    def label(self) -> str:
        return self.when.describe() if isinstance(self.when, SurchargeWindow) else self.when.value

    def factor(self, base_rate: float) -> float:
        """The multiplier this surcharge puts on work whose normal hourly price is `base_rate`."""
        if self.multiplier is not None:
            return self.multiplier
        assert self.rate is not None
        return float(self.rate) / base_rate if base_rate > 0 else 1.0

    def describe(self, currency: str = "") -> str:
        price = (
            f"x{self.multiplier:g}"
            if self.multiplier is not None
            else f"at {self.rate} {currency}/h".replace(" /h", "/h")
        )
        levels = (
            ""
            if set(self.severities) == set(SEVERITIES)
            else f" ({', '.join(s.value for s in self.severities)})"
        )
        minimum = f", at least {self.minimum_charge * 60:g} min" if self.minimum_charge else ""
        return f"{self.label()}{levels} {price}{minimum}"


# ------------------------------------------------------------------ rollover, burst, included hours


class RolloverPolicy(StrEnum):
    EXPIRE = "expire"  # unused hours are lost at the end of the month
    CAPPED = "capped"  # a share of unused hours carries over, for a limited number of months
    BANK = "bank"  # unused hours carry over and never expire


class Rollover(Strict):
    policy: RolloverPolicy = RolloverPolicy.EXPIRE
    max_fraction: float = Field(default=1.0, ge=0, le=1)  # share of the month's unused hours carried
    max_hours: float | None = Field(
        default=None, ge=0, le=HOURS_MAX
    )  # cap on the hours carried out of one month
    expires_after_months: int | None = Field(
        default=None, ge=1, le=120
    )  # carried hours expire after N months


def _fraction(value: Any) -> Any:
    """`50%` -> 0.5; a number is a fraction (0.5)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_percent(value) / 100.0
    return value


class Burst(Strict):
    """Hours the provider guarantees beyond the month's included ones: `extra_fraction` of them, billed at
    `rate` (default: the overflow rate). Hours beyond the burst are billed at the overflow rate too, but the
    provider does not promise to have them."""

    extra_fraction: Annotated[float, BeforeValidator(_fraction)] = Field(gt=0, le=10)
    rate: Money | None = None


class MonthlyHours(float):
    """Included hours that change by month: the value is the default month's, `by_month` the 12 months."""

    by_month: tuple[float, ...]

    def __new__(cls, default: float, by_month: tuple[float, ...]) -> MonthlyHours:
        obj = super().__new__(cls, default)
        obj.by_month = by_month
        return obj

    def __reduce__(self):
        return (MonthlyHours, (float(self), self.by_month))


def parse_included_hours(value: Any) -> float | None:
    """`40`, or `{default: 40, nov: 80, dec: 80}` (months by their first three letters)."""
    if value is None:
        return None
    if isinstance(value, MonthlyHours):
        return value
    if isinstance(value, dict):
        months: dict[int, float] = {}
        default: float | None = None
        for key, hours in value.items():
            number = _hours_number(hours, key)
            name = str(key).strip().lower()
            if name == "default":
                default = number
            elif name in MONTHS or name in MONTH_NAMES or (name == "sept"):
                months[MONTHS.index(name[:3])] = number
            else:
                raise ValueError(f"unknown month {key!r} (use default, jan, feb, ... dec)")
        if default is None and len(months) < 12:
            raise ValueError("say how many hours the other months include: {default: 40, nov: 80, dec: 80}")
        by_month = tuple(months.get(m, default if default is not None else 0.0) for m in range(12))
        base = default if default is not None else by_month[0]
        return MonthlyHours(base, by_month) if len(set(by_month)) > 1 else float(base)
    return _hours_number(value, None)


def _hours_number(value: Any, key: Any) -> float:
    where = f"{key}: " if key is not None else ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}expected a number of hours, got {value!r}")
    if not 0 <= value <= HOURS_MAX:  # NaN and infinity fail this too
        raise ValueError(f"{where}hours must be a number from 0 to {HOURS_MAX:,}, got {value!r}")
    return float(value)


IncludedHours = Annotated[float | None, PlainValidator(parse_included_hours)]


def parse_hours_per_ticket(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in {"unlimited", "no cap", "none"}:
        return UNLIMITED
    if isinstance(value, str):
        try:
            return _positive(parse_duration(value).hours, value)
        except ValueError:
            raise ValueError(
                f"expected hours (e.g. 2), a duration (2h) or unlimited, got {value!r}"
            ) from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected hours (e.g. 2) or unlimited, got {value!r}")
    return _positive(float(value), value)


def _positive(hours: float, value: Any) -> float:
    if not hours > 0:
        raise ValueError(f"must be above 0 hours (or unlimited), got {value!r}")
    return hours


HoursPerTicket = Annotated[float | None, PlainValidator(parse_hours_per_ticket)]


def _tax_rate(value: Any) -> float:
    rate = parse_percent(value)
    if 0 < rate < 1 and not (isinstance(value, str) and "%" in value):
        raise ValueError(f"a tax rate is a percentage: write 20% for twenty percent, got {value!r}")
    return rate


# ------------------------------------------------------------------ pricing


class Pricing(Strict):
    monthly_fee: Money = Decimal(0)
    included_hours: IncludedHours = None
    hour_pools: tuple[HourPool, ...] = ()
    included_tickets: int | None = Field(default=None, ge=0, le=1_000_000)
    ticket_price: Money | None = None
    hours_per_ticket: HoursPerTicket = None
    unlimited: Tags = ()
    hourly_rate: Money | None = None
    overflow_rate: Money | None = None
    volume_tiers: tuple[VolumeTier, ...] = ()
    block_hours: float | None = Field(default=None, gt=0, le=HOURS_MAX)
    billing_increment: ClockHours = 0.25
    minimum_charge: ClockHours = 0.0
    minimum_monthly_hours: float = Field(default=0.0, ge=0, le=HOURS_MAX)
    surcharges: tuple[Surcharge, ...] = ()
    surcharges_apply_to_included: bool = True
    onboarding_fee: Money = Decimal(0)
    rollover: Rollover | None = None
    burst: Burst | None = None
    tax_rate: Annotated[float, PlainValidator(_tax_rate)] = 0.0  # percent
    prices_include_tax: bool = False
    annual_increase: Percent = 0.0  # percent a year (for multi-year horizons; year-one figures ignore it)

    @field_validator("unlimited")
    @classmethod
    def _known_unlimited(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = {"questions", "question", "incidents", "maintenance", "development", "p1", "p2", "p3", "p4"}
        for item in value:
            if item not in known:
                raise ValueError(
                    f"unknown work category {item!r} (use questions, incidents, maintenance, development, P1-P4)"
                )
        return value

    # -------------------------------------------------------------- derived (pure)

    def included_in(self, month: int) -> float:
        """Included hours of calendar month `month` (0 = January)."""
        hours = self.included_hours
        if isinstance(hours, MonthlyHours):
            return hours.by_month[month % 12]
        return float(hours or 0.0)

    @property
    def seasonal(self) -> bool:
        return isinstance(self.included_hours, MonthlyHours)

    @property
    def included_per_year(self) -> float:
        return sum(self.included_in(m) for m in range(12))

    @property
    def unlimited_ticket_hours(self) -> bool:
        return self.hours_per_ticket is not None and math.isinf(self.hours_per_ticket)

    def tax_factor(self, recoverable: bool) -> float:
        """What one unit of a quoted price costs the merchant, on the basis the comparison uses: net of tax when
        the merchant recovers it, gross (tax included) when not."""
        rate = self.tax_rate / 100.0
        if recoverable:
            return 1.0 / (1.0 + rate) if self.prices_include_tax else 1.0
        return 1.0 if self.prices_include_tax else 1.0 + rate

    def ranged(self) -> bool:
        """Whether any price of these terms is a range."""
        return any(isinstance(v, PriceRange) for v in money_values(self))


def money_values(model: Strict) -> list[Decimal]:
    """Every amount of money in a model and the models it holds (in field order)."""
    found: list[Decimal] = []
    for name in type(model).model_fields:
        _collect(getattr(model, name), found)
    return found


def _collect(value: Any, found: list[Decimal]) -> None:
    if isinstance(value, Decimal):
        found.append(value)
    elif isinstance(value, Strict):
        found.extend(money_values(value))
    elif isinstance(value, tuple | list):
        for item in value:
            _collect(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, found)
