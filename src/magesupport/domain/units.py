"""Units of the workspace format: money, durations, weekdays, hours of the day, calendars' specs.

Every parser here raises ValueError with a message written for the merchant; the loader adds file,
line and field.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
)

# ---------------------------------------------------------------- money (domain/money.py, importable from here)
from magesupport.domain.money import (  # noqa: F401
    FirmMoney,
    Money,
    Percent,
    PriceRange,
    parse_firm_money,
    parse_money,
    parse_percent,
    price_high,
    price_low,
)

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def parse_currency(value: Any) -> str:
    if not isinstance(value, str) or not CURRENCY_RE.match(value.strip().upper()):
        raise ValueError(f"expected an ISO 4217 currency code like USD, EUR or GBP, got {value!r}")
    return value.strip().upper()


Currency = Annotated[str, BeforeValidator(parse_currency)]

# ---------------------------------------------------------------- durations


class DurationKind(StrEnum):
    CLOCK = "clock"  # counted on the clock of the calendar it is used with (covered time)
    BUSINESS_HOURS = "business_hours"  # counted on the package's business-hours calendar
    BUSINESS_DAYS = "business_days"  # N business days of the package's business-hours calendar


_BUSINESS_RE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*business\s*(?P<unit>hours?|days?)$")
# one amount and its unit: compact (`15m`, `1h`, `2d`, `90min`, `30s`) or in words (`15 minutes`, `2 hours`)
_PART_RE = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])"
)
_UNIT_HOURS = {"d": 24.0, "h": 1.0, "m": 1 / 60, "s": 1 / 3600}
_COMPACT_UNITS = {"d", "h", "m", "min", "s"}


_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        )
    )
}
_NUMBER_WORDS.update({"a": "1", "an": "1", "half an": "0.5", "half a": "0.5"})
_WORDS_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")\b"
)


def _digits(text: str) -> str:
    """Number words as providers write them ("five business days", "an hour", "half an hour") as digits."""
    return _WORDS_RE.sub(lambda m: _NUMBER_WORDS[m.group(1)], text)


def _unit_key(unit: str) -> str:
    return "m" if unit.startswith("min") else unit[0]


class Duration(BaseModel):
    """A duration from the format: `15m`, `1h30m`, `2d`, `N business hours`, `N business days`.

    For CLOCK durations, `hours` is the length; for business kinds `amount` is N and `hours` is
    N for business hours (business days are resolved against a calendar when used).
    """

    model_config = ConfigDict(frozen=True)

    kind: DurationKind
    amount: float
    text: str

    @property
    def hours(self) -> float:
        """Length in hours for clock and business-hour durations (business days: amount, in days)."""
        return self.amount

    @property
    def minutes(self) -> float:
        return self.amount * 60.0

    def __str__(self) -> str:
        return self.text


# documented ranges (docs/workspace-format.md "Ranges"): ten years of hours, of business days; dates
DURATION_MAX_HOURS = 87_660.0
BUSINESS_DAYS_MAX = 3_650.0
YEAR_MIN, YEAR_MAX = 1970, 2100


def _bounded(amount: float, most: float, unit: str, original: Any) -> None:
    if not 0 <= amount <= most:  # NaN fails this too
        raise ValueError(f"a duration must be at most {most:,.0f} {unit}s (ten years), got {original!r}")


def parse_duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(
            f"expected a duration like 15m, 2 hours, 1h30m, 2d or '4 business hours', got {value!r}"
            + (
                " (a bare number has no unit)"
                if isinstance(value, int | float) and not isinstance(value, bool)
                else ""
            )
        )
    text = _digits(" ".join(value.strip().lower().split()))
    for lead in ("within ", "up to ", "in "):  # "within 1 hour", "up to 4 hours": the target itself
        text = text.removeprefix(lead)
    match = _BUSINESS_RE.match(text)
    if match:
        amount = float(match["n"])
        kind = DurationKind.BUSINESS_HOURS if match["unit"].startswith("hour") else DurationKind.BUSINESS_DAYS
        unit = "business hour" if kind is DurationKind.BUSINESS_HOURS else "business day"
        _bounded(
            amount,
            DURATION_MAX_HOURS if kind is DurationKind.BUSINESS_HOURS else BUSINESS_DAYS_MAX,
            unit,
            value,
        )
        return Duration(kind=kind, amount=amount, text=f"{match['n']} {unit}{'' if amount == 1 else 's'}")
    parts = list(_PART_RE.finditer(text))
    rest = _PART_RE.sub(" ", text).replace(",", " ").replace(" and ", " ").strip()
    if parts and not rest:
        units = [_unit_key(p["unit"]) for p in parts]
        if len(set(units)) == len(units):  # each unit at most once ("1h 2h" is a typo)
            hours = sum(float(p["n"]) * _UNIT_HOURS[u] for p, u in zip(parts, units, strict=True))
            compact = all(p["unit"] in _COMPACT_UNITS for p in parts)
            shown = text.replace(" ", "") if compact else text
            _bounded(hours, DURATION_MAX_HOURS, "hour", value)
            return Duration(kind=DurationKind.CLOCK, amount=hours, text=shown)
    raise ValueError(f"expected a duration like 15m, 2 hours, 1h30m, 2d or '4 business hours', got {value!r}")


DurationField = Annotated[Duration, BeforeValidator(parse_duration), PlainSerializer(str, return_type=str)]


def clock_hours(value: Any) -> float:
    """A duration that must be wall-clock (billing increments, minimum charges): hours as float."""
    duration = parse_duration(value)
    if duration.kind is not DurationKind.CLOCK:
        raise ValueError(f"expected a clock duration like 15m or 1h here, got {value!r}")
    return duration.hours


ClockHours = Annotated[float, BeforeValidator(clock_hours)]

# ---------------------------------------------------------------- timezones and weekdays

_TIMEZONES: frozenset[str] | None = None


def known_timezones() -> frozenset[str]:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = frozenset(available_timezones())
    return _TIMEZONES


def parse_timezone(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected an IANA timezone like Europe/London, got {value!r}")
    name = value.strip()
    if name.upper() in {"UTC", "GMT"}:
        return "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        from difflib import get_close_matches

        close = get_close_matches(name, sorted(known_timezones()), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ValueError(f"unknown timezone {name!r}{hint}") from None
    return name


Timezone = Annotated[str, BeforeValidator(parse_timezone)]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_days(value: Any) -> tuple[int, ...]:
    """`mon-fri`, `mon,wed,fri`, `sat-sun`, `every day`/`daily`, or a list -> sorted weekday numbers (Mon=0)."""
    if isinstance(value, list | tuple):
        parts = [str(v) for v in value]
    elif isinstance(value, str):
        text = value.strip().lower()
        if text in {"daily", "every day", "everyday", "all", "mon-sun"}:
            return tuple(range(7))
        parts = [p for p in re.split(r"[,\s]+", text) if p]
    else:
        raise ValueError(f"expected days like mon-fri or [mon, tue], got {value!r}")
    days: set[int] = set()
    for part in parts:
        part = part.strip().lower()
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _weekday(first, value), _weekday(last, value)
            span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
            days.update(span)
        else:
            days.add(_weekday(part, value))
    if not days:
        raise ValueError(f"expected at least one day, got {value!r}")
    return tuple(sorted(days))


def _weekday(token: str, original: Any) -> int:
    key = token.strip()[:3]
    if key not in WEEKDAYS or not token.strip().startswith(key):
        raise ValueError(f"unknown day {token!r} in {original!r} (use mon, tue, wed, thu, fri, sat, sun)")
    return WEEKDAYS.index(key)


_HOURS_RE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


def parse_hours(value: Any) -> tuple[tuple[int, int], ...]:
    """`"09:00-17:30"` or a list of such ranges -> ((start_minute, end_minute), ...).

    End may be 24:00. A range whose end is before its start runs past midnight into the next day
    (e.g. "22:00-06:00") and is kept as (1320, 1800).
    """
    items = value if isinstance(value, list | tuple) else [value]
    ranges: list[tuple[int, int]] = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f'expected hours like "09:00-17:30" (quoted), got {item!r}')
        match = _HOURS_RE.match(item.strip())
        if not match:
            raise ValueError(f'expected hours like "09:00-17:30", got {item!r}')
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
            raise ValueError(f"not a time of day in {item!r}")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end == start:
            raise ValueError(f"empty range {item!r} (use 00:00-24:00 for the whole day)")
        if end < start:
            end += 24 * 60
        ranges.append((start, end))
    ranges.sort()
    for (_, e1), (s2, _) in itertools.pairwise(ranges):
        if s2 < e1:
            raise ValueError(f"overlapping hour ranges in {value!r}")
    return tuple(ranges)


def parse_date(value: Any) -> date:
    """An ISO date from 1970 to 2100."""
    parsed: date | None = None
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            parsed = date.fromisoformat(value.strip())
    if parsed is None:
        raise ValueError(f"expected a date like 2026-12-24, got {value!r}")
    if not YEAR_MIN <= parsed.year <= YEAR_MAX:
        raise ValueError(f"a date must be from {YEAR_MIN} to {YEAR_MAX}, got {value!s}")
    return parsed


DateField = Annotated[date, BeforeValidator(parse_date)]


def parse_holiday_country(value: Any) -> str | None:
    """`US`, `GB`, `US-CA`, `DE-BY` (country or country-subdivision as the holidays library knows them)."""
    if value is None or value is False:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a holiday country code like US, GB or DE-BY, got {value!r}")
    import holidays

    code = value.strip()
    country, _, subdiv = code.partition("-")
    country = country.upper()
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ValueError(f"unknown holiday country {code!r} ({_country_hint(code)})")
    if subdiv:
        subdivisions = supported[country]
        match = next((s for s in subdivisions if s.upper() == subdiv.upper()), None)
        if match is None:
            match = _subdivision_alias(country, subdiv)
        if match is None:
            shown = ", ".join(_subdivision_names(country, subdivisions[:12]))
            more = " ..." if len(subdivisions) > 12 else ""
            raise ValueError(f"unknown subdivision {subdiv!r} of {country} (known: {shown}{more})")
        return f"{country}-{match}"
    return country


# names merchants write for a country or a region, and the code the holidays library knows
_PLACE_CODES = {
    "UK": "GB",
    "ENGLAND": "GB-ENG",
    "WALES": "GB-WLS",
    "SCOTLAND": "GB-SCT",
    "NORTHERN IRELAND": "GB-NIR",
    "ENG": "GB-ENG",
    "SCT": "GB-SCT",
    "WLS": "GB-WLS",
    "NIR": "GB-NIR",
    "USA": "US",
    "EU": "a country, e.g. DE or FR (the EU has no common holidays)",
}


def _country_hint(code: str) -> str:
    known = _PLACE_CODES.get(code.strip().upper())
    if known:
        return f"did you mean {known}?" if "," not in known else f"use {known}"
    return "use an ISO code like US, GB or DE, or a subdivision like US-CA or GB-ENG (England)"


def _subdivision_alias(country: str, subdiv: str) -> str | None:
    """`GB-England` -> `ENG`: the library's own names of subdivisions."""
    import holidays

    try:
        aliases = getattr(holidays.country_holidays(country), "subdivisions_aliases", {}) or {}
    except NotImplementedError:  # pragma: no cover - every supported country builds
        return None
    wanted = subdiv.strip().upper()
    return next((code for name, code in aliases.items() if name.upper() == wanted), None)


def _subdivision_names(country: str, codes: list[str]) -> list[str]:
    """Subdivision codes with their names where the library has them: `ENG (England)`."""
    import holidays

    aliases = getattr(holidays.country_holidays(country), "subdivisions_aliases", {}) or {}
    names: dict[str, str] = {}
    for name, code in aliases.items():
        names.setdefault(code, name)
    return [f"{code} ({names[code]})" if code in names else code for code in codes]


# ---------------------------------------------------------------- calendars


class CalendarKind(StrEnum):
    ALWAYS = "24x7"
    WEEKDAYS_24 = "24x5"
    WEEKLY = "weekly"  # given days and hours, with holidays


class CalendarSpec(BaseModel):
    """A coverage calendar, fully resolved: what `calendars.build_calendar` turns into UTC intervals.

    `days` are weekday numbers (Mon=0); `hours` are (start, end) minutes after local midnight, an end
    above 1440 running into the next day. 24x5 is Mon 00:00 to Fri 24:00 in `timezone`.
    """

    model_config = ConfigDict(frozen=True)

    kind: CalendarKind
    timezone: str = "UTC"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    hours: tuple[tuple[int, int], ...] = ((540, 1020),)
    holidays: str | None = None
    extra_holidays: tuple[date, ...] = ()
    removed_holidays: tuple[date, ...] = ()

    @staticmethod
    def always() -> CalendarSpec:
        return CalendarSpec(kind=CalendarKind.ALWAYS, days=tuple(range(7)), hours=((0, 1440),))

    @staticmethod
    def weekdays_24(timezone: str) -> CalendarSpec:
        return CalendarSpec(
            kind=CalendarKind.WEEKDAYS_24, timezone=timezone, days=(0, 1, 2, 3, 4), hours=((0, 1440),)
        )

    def describe(self) -> str:
        if self.kind is CalendarKind.ALWAYS:
            return "24x7"
        if self.kind is CalendarKind.WEEKDAYS_24:
            return f"24x5 ({self.timezone})"
        days = ",".join(WEEKDAYS[d] for d in self.days)
        hours = ",".join(
            f"{s // 60:02d}:{s % 60:02d}-{(e // 60) % 24 if e > 1440 else e // 60:02d}:{e % 60:02d}"
            for s, e in self.hours
        )
        hol = f", holidays {self.holidays}" if self.holidays else ""
        return f"{days} {hours} ({self.timezone}{hol})"


class HoursBlock(BaseModel):
    """The workspace's calendar block: `{days: mon-fri, hours: "09:00-17:30", timezone: ..., holidays: GB}`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    days: Annotated[tuple[int, ...], BeforeValidator(parse_days)] = (0, 1, 2, 3, 4)
    hours: Annotated[tuple[tuple[int, int], ...], BeforeValidator(parse_hours)] = ((540, 1020),)
    timezone: Timezone | None = None
    holidays: Annotated[str | None, BeforeValidator(parse_holiday_country)] = None
    extra_holidays: tuple[DateField, ...] = Field(default=(), description="extra closed days")
    removed_holidays: tuple[DateField, ...] = Field(default=(), description="holidays worked as usual")

    @field_validator("extra_holidays", "removed_holidays", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str | date) else value

    def spec(self, default_timezone: str) -> CalendarSpec:
        return CalendarSpec(
            kind=CalendarKind.WEEKLY,
            timezone=self.timezone or default_timezone,
            days=self.days,
            hours=self.hours,
            holidays=self.holidays,
            extra_holidays=tuple(self.extra_holidays),
            removed_holidays=tuple(self.removed_holidays),
        )
