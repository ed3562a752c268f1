"""A support package (one quote): provider, pricing, SLA, coverage, services and contract terms."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from magesupport.domain.base import SEVERITIES, Cadence, CadenceField, Severity, SeverityField, Strict, Tags
from magesupport.domain.units import (
    CalendarSpec,
    ClockHours,
    Currency,
    DurationField,
    HoursBlock,
    Money,
    Timezone,
)


class PackageModel(StrEnum):
    HOURLY = "hourly"
    PREPAID_BLOCK = "prepaid_block"
    RETAINER = "retainer"
    TICKET_BUNDLE = "ticket_bundle"
    MANAGED = "managed"
    DEDICATED = "dedicated"


class Delivery(StrEnum):
    LOCAL = "local"
    OFFSHORE = "offshore"
    HYBRID = "hybrid"


class Staffing(StrEnum):
    SENIOR = "senior"
    MIXED = "mixed"
    JUNIOR = "junior"
    NONE = "none"


class Channel(StrEnum):
    PHONE = "phone"
    SLACK = "slack"
    TEAMS = "teams"
    PORTAL = "portal"
    EMAIL = "email"


class AccountManager(StrEnum):
    NONE = "none"
    SHARED = "shared"
    DEDICATED = "dedicated"


class TaskKind(StrEnum):
    """What a piece of work is, for billing: pools, unlimited categories and scope."""

    INCIDENT = "incident"
    MAINTENANCE = "maintenance"
    DEVELOPMENT = "development"
    QUESTION = "question"


# ------------------------------------------------------------------ provider


class Ticketing(Strict):
    system: str | None = None
    client_visibility: bool = False


class Provider(Strict):
    name: str
    country: Annotated[
        str | None, BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v)
    ] = None
    timezone: Timezone | None = None
    delivery: Delivery = Delivery.LOCAL
    team_size: int = Field(default=0, ge=0)
    certified_developers: int = Field(default=0, ge=0)
    certifications: Tags = ()
    skills: Tags = ()
    integration_experience: Tags = ()
    on_call_staffing: Staffing = Staffing.NONE
    emergency_channels: tuple[Channel, ...] = (Channel.EMAIL,)
    ticketing: Ticketing = Ticketing()
    account_manager: AccountManager = AccountManager.NONE
    reporting: CadenceField = Cadence.NONE
    tooling_access: bool = False  # instant access to monitoring, logs and deployment pipelines
    named_architects: bool = False  # guaranteed, named senior architects on the account

    @field_validator("emergency_channels", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


# ------------------------------------------------------------------ pricing


class HourPool(Strict):
    """Included hours usable only for some severities or kinds of work (e.g. urgent-only hours)."""

    hours: float = Field(gt=0)
    severities: tuple[SeverityField, ...] = SEVERITIES
    kinds: tuple[TaskKind, ...] = (TaskKind.INCIDENT,)
    name: str | None = None


class VolumeTier(Strict):
    from_hours: float = Field(ge=0)
    rate: Money


class SurchargeWhen(StrEnum):
    OUTSIDE_BUSINESS_HOURS = "outside_business_hours"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    ALWAYS = "always"


class Surcharge(Strict):
    when: SurchargeWhen
    multiplier: float = Field(gt=0)
    severities: tuple[SeverityField, ...] = SEVERITIES


class RolloverPolicy(StrEnum):
    EXPIRE = "expire"  # unused hours are lost at the end of the month
    CAPPED = "capped"  # a share of unused hours carries over, for a limited number of months
    BANK = "bank"  # unused hours carry over and never expire


class Rollover(Strict):
    policy: RolloverPolicy = RolloverPolicy.EXPIRE
    max_fraction: float = Field(default=1.0, ge=0, le=1)  # share of the month's unused hours carried
    max_hours: float | None = Field(default=None, ge=0)  # cap on the hours carried out of one month
    expires_after_months: int | None = Field(default=None, ge=1)  # carried hours expire after N months


class Pricing(Strict):
    monthly_fee: Money = Decimal(0)
    included_hours: float | None = Field(default=None, ge=0)
    hour_pools: tuple[HourPool, ...] = ()
    included_tickets: int | None = Field(default=None, ge=0)
    ticket_price: Money | None = None
    hours_per_ticket: float | None = Field(default=None, gt=0)
    unlimited: Tags = ()
    hourly_rate: Money | None = None
    overflow_rate: Money | None = None
    volume_tiers: tuple[VolumeTier, ...] = ()
    block_hours: float | None = Field(default=None, gt=0)
    billing_increment: ClockHours = 0.25
    minimum_charge: ClockHours = 0.0
    minimum_monthly_hours: float = Field(default=0.0, ge=0)
    surcharges: tuple[Surcharge, ...] = ()
    surcharges_apply_to_included: bool = True
    onboarding_fee: Money = Decimal(0)
    rollover: Rollover | None = None

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


# ------------------------------------------------------------------ SLA


class CoverageRef(Strict):
    """A severity's coverage: a calendar name (24x7, 24x5, business_hours, or one under `calendars`) or a block."""

    name: str | None = None
    block: HoursBlock | None = None

    def __str__(self) -> str:
        return self.name or "inline calendar"


def parse_coverage(value: Any) -> Any:
    if isinstance(value, CoverageRef):
        return value
    if isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        aliases = {
            "24/7": "24x7",
            "24/7/365": "24x7",
            "24x7x365": "24x7",
            "24/5": "24x5",
            "business": "business_hours",
        }
        return {"name": aliases.get(text, value.strip())}
    if isinstance(value, dict):
        return {"block": value}
    raise ValueError(
        f"expected a calendar name (24x7, 24x5, business_hours) or a {{days, hours}} block, got {value!r}"
    )


class SeverityTerms(Strict):
    definition: str | None = None
    response: DurationField | None = None
    resolution: DurationField | None = None
    coverage: Annotated[CoverageRef, BeforeValidator(parse_coverage)] = CoverageRef(name="business_hours")


class ServiceCredits(Strict):
    per_breach_pct: float = Field(default=0, ge=0, le=100)  # % of the monthly fee per missed target
    cap_pct: float = Field(default=0, ge=0, le=100)  # most credited in one month, % of the monthly fee
    per_uptime_shortfall_pct: float = Field(
        default=0, ge=0, le=100
    )  # % per 0.1 point of uptime below guarantee
    applies_to: tuple[str, ...] = ("response", "resolution")


# ------------------------------------------------------------------ services


class Monitoring(Strict):
    uptime: bool = False
    apm: bool = False
    anomaly_detection: bool = False
    alerting: Annotated[
        str, BeforeValidator(lambda v: "none" if v in (None, False) else str(v).strip().lower())
    ] = "none"

    @field_validator("alerting")
    @classmethod
    def _alerting(cls, value: str) -> str:
        value = {"24/7": "24x7", "business": "business_hours"}.get(value, value)
        if value not in {"none", "24x7", "24x5", "business_hours"}:
            raise ValueError(f"expected 24x7, 24x5, business_hours or none, got {value!r}")
        return value


class SecurityPatching(Strict):
    included: bool = False
    days_to_production: int | None = Field(default=None, ge=0)


class UpgradeTerms(StrEnum):
    INCLUDED = "included"
    DISCOUNTED = "discounted"
    SEPARATE_PROJECT = "separate_project"
    NONE = "none"


class Upgrades(Strict):
    minor: UpgradeTerms = UpgradeTerms.NONE
    major: UpgradeTerms = UpgradeTerms.NONE


class DisasterRecovery(Strict):
    rto: DurationField | None = None
    rpo: DurationField | None = None
    failover_tests: CadenceField = Cadence.NONE
    backups: CadenceField = Cadence.NONE


class Services(Strict):
    monitoring: Monitoring = Monitoring()
    security_patching: SecurityPatching = SecurityPatching()
    vulnerability_scanning: CadenceField = Cadence.NONE
    penetration_testing: CadenceField = Cadence.NONE
    waf_ddos: bool = False
    pci_assistance: bool = False
    code_integrity_monitoring: bool = False
    two_factor_enforcement: bool = False
    access_reviews: CadenceField = Cadence.NONE
    zero_day_protocol: bool = False
    performance_audits: CadenceField = Cadence.NONE
    code_audits: CadenceField = Cadence.NONE
    upgrades: Upgrades = Upgrades()
    disaster_recovery: DisasterRecovery = DisasterRecovery()
    ci_quality_gates: bool = False
    extension_management: bool = False
    infrastructure_management: bool = False
    knowledge_transfer: bool = False
    development_allowed: bool = True
    proactive_share: float = Field(default=0.0, ge=0, le=1)
    maintenance_window: HoursBlock | None = None


# ------------------------------------------------------------------ contract


class Offboarding(Strict):
    included: bool = False
    days: int | None = Field(default=None, ge=0)


class IpOwnership(StrEnum):
    CLIENT = "client"
    PROVIDER = "provider"
    UNSPECIFIED = "unspecified"


class Contract(Strict):
    minimum_term_months: int = Field(default=1, ge=0)
    notice_days: int = Field(default=30, ge=0)
    termination_for_cause: Tags = ()
    offboarding: Offboarding = Offboarding()
    ip_ownership: IpOwnership = IpOwnership.UNSPECIFIED
    change_management: bool = False
    out_of_scope_rate: Money | None = None
    scope_exclusions: Tags = ()
    existing_relationship: bool = False  # renewing with a provider the merchant already works with
    uptime_excludes_maintenance: bool = True


# ------------------------------------------------------------------ the package


class SupportPackage(Strict):
    id: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    name: str = Field(min_length=1)
    model: PackageModel
    currency: Currency = "USD"
    provider: Provider
    business_hours: HoursBlock = HoursBlock()
    calendars: dict[str, HoursBlock] = {}
    pricing: Pricing = Pricing()
    severities: dict[SeverityField, SeverityTerms] = {}
    uptime_guarantee: float | None = Field(default=None, ge=0, le=100)
    service_credits: ServiceCredits = ServiceCredits()
    services: Services = Services()
    contract: Contract = Contract()
    notes: str | None = None

    # -------------------------------------------------------------- derived views (pure)

    def default_timezone(self, store_timezone: str) -> str:
        return self.business_hours.timezone or self.provider.timezone or store_timezone

    def business_calendar(self, store_timezone: str) -> CalendarSpec:
        return self.business_hours.spec(self.default_timezone(store_timezone))

    def calendar_names(self) -> list[str]:
        return ["24x7", "24x5", "business_hours", *self.calendars]

    def resolve_calendar(self, ref: CoverageRef | str, store_timezone: str) -> CalendarSpec:
        """The CalendarSpec a coverage reference names (KeyError when the name is unknown)."""
        tz = self.default_timezone(store_timezone)
        if isinstance(ref, str):
            ref = CoverageRef(name=ref)
        if ref.block is not None:
            return ref.block.spec(tz)
        name = (ref.name or "").strip()
        if name.lower() == "24x7":
            return CalendarSpec.always()
        if name.lower() == "24x5":
            return CalendarSpec.weekdays_24(tz)
        if name.lower() in {"business_hours", "business hours"}:
            return self.business_calendar(store_timezone)
        if name in self.calendars:
            return self.calendars[name].spec(tz)
        raise KeyError(name)

    def terms(self, severity: Severity) -> SeverityTerms | None:
        return self.severities.get(severity)
