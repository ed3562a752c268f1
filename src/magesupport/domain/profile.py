"""The store profile (store.yaml): the store, its stack, its team, its workload and the merchant's weights."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator, model_validator

from magesupport.domain.base import Severity, SeverityField, Strict, Tags
from magesupport.domain.sla_settings import SlaSettings
from magesupport.domain.units import Currency, DateField, FirmMoney, HoursBlock, Timezone

# documented ranges (docs/workspace-format.md "Ranges"): engines may assume inputs inside them
PER_SEVERITY_MAX = 10_000  # incidents a year, or hours of effort, per severity
FX_MIN, FX_MAX = Decimal("0.000001"), Decimal(1_000_000)  # store currency per unit of the quote's


class Edition(StrEnum):
    OPEN_SOURCE = "open_source"
    ADOBE_COMMERCE = "adobe_commerce"
    ADOBE_COMMERCE_CLOUD = "adobe_commerce_cloud"


class Theme(StrEnum):
    LUMA = "luma"
    HYVA = "hyva"
    PWA = "pwa"
    CUSTOM = "custom"


class Hosting(StrEnum):
    SELF = "self"
    AWS = "aws"
    GCP = "gcp"
    AZURE = "azure"
    ADOBE_CLOUD = "adobe_cloud"
    MANAGED_HOST = "managed_host"


class TeamLevel(StrEnum):
    NONE = "none"
    JUNIOR = "junior"
    SENIOR = "senior"


class RiskTolerance(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Compliance(StrEnum):
    PCI = "pci"
    GDPR = "gdpr"
    CCPA = "ccpa"
    SOX = "sox"
    HIPAA = "hipaa"
    SOC2 = "soc2"
    ISO27001 = "iso27001"


def _text(value: Any) -> Any:
    """Versions may be written unquoted (8.2): keep them as text."""
    if isinstance(value, bool):
        return value
    return str(value) if isinstance(value, int | float) else value


_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def _month_day(value: Any) -> Any:
    if isinstance(value, str):
        match = _MONTH_DAY.match(value.strip())
        if match:
            month, day = int(match[1]), int(match[2])
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{month:02d}-{day:02d}"
    raise ValueError(f'expected a month-day like "11-20" (quoted), got {value!r}')


def _first_day_from(year: int, month_day: str) -> date:
    """The first day of `year` on or after `month_day` ("04-31" -> 1 May, "02-29" of 2027 -> 1 March)."""
    month, day = int(month_day[:2]), int(month_day[3:])
    last = calendar.monthrange(year, month)[1]
    return date(year, month, day) if day <= last else date(year, month, last) + timedelta(days=1)


def _last_day_to(year: int, month_day: str) -> date:
    """The last day of `year` on or before `month_day` ("04-31" -> 30 April, "02-29" of 2027 -> 28 February)."""
    month, day = int(month_day[:2]), int(month_day[3:])
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


class Peak(Strict):
    """A period of higher traffic every year: the days whose month-day lies from `from` to `to`, both included.

    This is the one peak rule (traffic multipliers, the simulated year, cut-over dates). `to` before `from`
    wraps past New Year ("12-20" to "01-05"); `from` equal to `to` is a one-day peak. A month-day that a year
    lacks ("02-29" in a common year, or "04-31") is placed by its order: a peak from it starts on the next
    day that exists, a peak to it ends on the last day before.
    """

    name: str
    from_: Annotated[str, BeforeValidator(_month_day)] = Field(alias="from")
    to: Annotated[str, BeforeValidator(_month_day)]
    multiplier: float = Field(gt=0, le=100)  # docs/workspace-format.md "Ranges"

    @property
    def wraps(self) -> bool:
        """True when the peak runs past New Year (it ends in the year after it starts)."""
        return self.to < self.from_

    def covers(self, day: date) -> bool:
        """Whether `day` is one of the peak's days."""
        key = f"{day.month:02d}-{day.day:02d}"
        if self.wraps:
            return key >= self.from_ or key <= self.to
        return self.from_ <= key <= self.to

    def window(self, year: int) -> tuple[date, date] | None:
        """First and last day of the occurrence that starts in `year` (the last is in the next year when the
        peak wraps); None when the occurrence has no day (a peak on "02-29" alone, in a common year)."""
        start = _first_day_from(year, self.from_)
        end = _last_day_to(year + 1 if self.wraps else year, self.to)
        return (start, end) if start <= end else None


class Stack(Strict):
    extensions: int = Field(default=0, ge=0, le=100_000)
    custom_modules: int = Field(default=0, ge=0, le=100_000)
    integrations: Tags = ()
    theme: Theme = Theme.LUMA
    hosting: Hosting = Hosting.SELF


class InternalTeam(Strict):
    level: TeamLevel = TeamLevel.NONE
    hours_per_week: float = Field(default=0, ge=0, le=168)


def _per_severity(value: Any) -> Any:
    if isinstance(value, dict):
        return {k.strip().upper() if isinstance(k, str) else k: v for k, v in value.items()}
    return value


class TaskSpec(Strict):
    """One line of a stated monthly workload for the deterministic comparison."""

    kind: str = "incident"
    severity: SeverityField | None = None
    hours: float = Field(gt=0, le=10_000)
    count: float = Field(default=1, gt=0, le=100_000)
    when: str = "business_hours"

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in {"incident", "maintenance", "development", "question"}:
            raise ValueError(f"expected incident, maintenance, development or question, got {value!r}")
        return value

    @field_validator("when")
    @classmethod
    def _when(cls, value: str) -> str:
        if value not in {"business_hours", "outside_business_hours", "weekend", "holiday"}:
            raise ValueError(
                f"expected business_hours, outside_business_hours, weekend or holiday, got {value!r}"
            )
        return value


class Observed(Strict):
    """Where measured workload figures came from (written by `calibrate`)."""

    source: str
    period_from: DateField | None = None
    period_to: DateField | None = None
    tickets: int | None = Field(default=None, ge=0, le=10_000_000)


class Workload(Strict):
    incidents_per_year: Annotated[dict[SeverityField, float], BeforeValidator(_per_severity)] = {}
    effort_hours: Annotated[dict[SeverityField, float], BeforeValidator(_per_severity)] = {}
    effort_spread: float = Field(default=0.8, ge=0, le=3)
    maintenance_hours_per_month: float | None = Field(default=None, ge=0, le=10_000)
    development_hours_per_month: float = Field(default=0, ge=0, le=10_000)
    questions_per_month: float = Field(default=0, ge=0, le=100_000)
    p2_revenue_loss: float = Field(default=0.3, ge=0, le=1)
    monthly_tasks: tuple[TaskSpec, ...] = ()
    observed: Observed | None = None

    @field_validator("incidents_per_year", "effort_hours")
    @classmethod
    def _non_negative(cls, value: dict[Severity, float]) -> dict[Severity, float]:
        for severity, number in value.items():
            if not 0 <= number <= PER_SEVERITY_MAX:  # NaN fails this too
                raise ValueError(f"{severity}: must be between 0 and {PER_SEVERITY_MAX:,}, got {number}")
        return value


class Weights(Strict):
    cost: float = Field(default=0.35, ge=0)
    risk: float = Field(default=0.25, ge=0)
    sla: float = Field(default=0.15, ge=0)
    contract: float = Field(default=0.15, ge=0)
    provider: float = Field(default=0.10, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> Weights:
        if self.cost + self.risk + self.sla + self.contract + self.provider <= 0:
            raise ValueError("at least one weight must be above zero")
        return self


class AuditSettings(Strict):
    """Where `audit` finds the store and the user's own vulnerability lists (never bundled)."""

    root: str | None = None
    vulndb: str | None = None
    osv: str | None = None
    facts: str | None = None


def _traffic_profile(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        if len(value) != 7 or not all(isinstance(row, list) and len(row) == 24 for row in value):
            raise ValueError("a traffic profile list must be 7 rows (Monday first) of 24 hourly weights")
        flat = [w for row in value for w in row]
        if any(isinstance(w, bool) or not isinstance(w, int | float) or w < 0 for w in flat):
            raise ValueError("traffic weights must be non-negative numbers")
        if sum(flat) <= 0:
            raise ValueError("traffic weights must not all be zero")
        return tuple(tuple(float(w) for w in row) for row in value)
    raise ValueError(f"expected a named profile (ecommerce-default, flat, b2b) or a 7x24 list, got {value!r}")


TRAFFIC_PROFILES = ("ecommerce-default", "flat", "b2b")


class StoreProfile(Strict):
    name: str = Field(min_length=1)
    edition: Edition = Edition.OPEN_SOURCE
    magento_version: Annotated[str | None, BeforeValidator(_text)] = None
    php_version: Annotated[str | None, BeforeValidator(_text)] = None
    currency: Currency = "USD"
    annual_revenue: FirmMoney
    timezone: Timezone
    merchant_hours: HoursBlock = HoursBlock()
    traffic_profile: Annotated[str | tuple[tuple[float, ...], ...], BeforeValidator(_traffic_profile)] = (
        "ecommerce-default"
    )
    peaks: tuple[Peak, ...] = ()
    stack: Stack = Stack()
    internal_team: InternalTeam = InternalTeam()
    risk_tolerance: RiskTolerance = RiskTolerance.MEDIUM
    compliance: tuple[Compliance, ...] = ()
    b2b: bool = False
    global_operations: bool = False
    workload: Workload = Workload()
    fx: dict[Currency, FirmMoney] = {}
    tax_recoverable: bool = True  # the merchant recovers the tax (VAT) its providers charge: costs are net
    weights: Weights | None = None
    # multi-year horizons (compare --horizon-years): percent a year, and the package the store has now
    discount_rate: float = Field(default=0.0, ge=0, le=100)
    revenue_growth: float = Field(default=0.0, ge=-100, le=1000)
    current_package: str | None = None
    audit: AuditSettings = AuditSettings()
    sla: SlaSettings = SlaSettings()

    @field_validator("traffic_profile")
    @classmethod
    def _known_profile(cls, value: Any) -> Any:
        if isinstance(value, str) and value not in TRAFFIC_PROFILES:
            from difflib import get_close_matches

            close = get_close_matches(value, TRAFFIC_PROFILES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(f"unknown traffic profile {value!r}{hint}; known: {', '.join(TRAFFIC_PROFILES)}")
        return value

    @field_validator("fx")
    @classmethod
    def _positive_rates(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for code, rate in value.items():
            if not FX_MIN <= rate <= FX_MAX:
                raise ValueError(
                    f"{code}: an exchange rate must be between {FX_MIN} and {FX_MAX:,}, got {rate}"
                )
        return value

    @field_validator("compliance", mode="before")
    @classmethod
    def _compliance(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        return [
            v.strip().lower().replace("-", "").replace(" ", "") if isinstance(v, str) else v
            for v in value or []
        ]

    def merchant_calendar(self):
        return self.merchant_hours.spec(self.timezone)

    @property
    def revenue_per_hour(self) -> float:
        """Average revenue per hour of the year (the traffic profile redistributes it by hour of week)."""
        return float(self.annual_revenue) / 8760.0

    def rate_to_store_currency(self, currency: str) -> Decimal | None:
        """How many units of the store's currency one unit of `currency` is worth (None when unknown)."""
        if currency == self.currency:
            return Decimal(1)
        return self.fx.get(currency)
