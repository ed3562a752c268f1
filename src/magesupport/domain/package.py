"""A support package (one quote): provider, pricing, SLA, coverage, services and contract terms."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator, Field, PrivateAttr, field_validator, model_validator

from magesupport.domain.base import Cadence, CadenceField, Severity, SeverityField, Strict, Tags
from magesupport.domain.pricing import (  # noqa: F401  (the pricing terms, importable from here as before)
    Burst,
    HourPool,
    Pricing,
    Rollover,
    RolloverPolicy,
    Surcharge,
    SurchargeWhen,
    SurchargeWindow,
    TaskKind,
    VolumeTier,
    money_values,
)
from magesupport.domain.sla_terms import (  # noqa: F401  (the SLA terms, importable from here as before)
    ClockStart,
    Commitment,
    CoverageRef,
    ServiceCredits,
    SeverityTerms,
    TargetCommitments,
    UptimeTier,
    _clock_start,
    parse_coverage,
)
from magesupport.domain.units import (
    CalendarSpec,
    Currency,
    DurationField,
    HoursBlock,
    Money,
    Percent,
    PriceRange,
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
    runbooks: bool = False  # written step-by-step guides for the store's common P1 and P2 incidents
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


class TermOption(Strict):
    """A contract length the provider offers, with its discount on the monthly fee."""

    months: int = Field(ge=1)
    discount: Percent = 0.0
    name: str | None = None

    def label(self) -> str:
        months = f"{self.months} month{'s' if self.months != 1 else ''}"
        return self.name or months + (f", {self.discount:g}% off" if self.discount else "")


class Variant(NamedTuple):
    """What a variant of a quote is: the quote it comes from, and its tier and term option."""

    quote_id: str
    quote_name: str
    tier: str | None
    term: TermOption | None


# the names providers give their severity levels, and the level each means (a quote's severity_names adds more)
DEFAULT_SEVERITY_NAMES: dict[str, Severity] = {
    "critical": Severity.P1,
    "urgent": Severity.P1,
    "high": Severity.P2,
    "normal": Severity.P3,
    "low": Severity.P4,
}


def severity_key(name: Any, names: dict[str, Any]) -> Any:
    """A severity as a quote writes it (`P1`, `p1`, `Critical`, a name of its own) -> `P1`; other values as
    given (validation then says what is wrong)."""
    if not isinstance(name, str):
        return name
    text = name.strip()
    if text.upper() in Severity.__members__:
        return text.upper()
    mapped = names.get(text.lower())
    if mapped is None:
        return text
    return str(mapped.value if isinstance(mapped, Severity) else mapped).strip().upper()


def severity_names(data: Any) -> dict[str, Any]:
    """The default names merged with a quote's own `severity_names` (raw data)."""
    names: dict[str, Any] = dict(DEFAULT_SEVERITY_NAMES)
    own = data.get("severity_names") if isinstance(data, dict) else None
    if isinstance(own, dict):
        names.update({str(k).strip().lower(): v for k, v in own.items()})
    return names


def _notes(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    return value


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
    notes: Annotated[tuple[str, ...], BeforeValidator(_notes)] = ()  # terms the format cannot hold
    severity_names: dict[str, SeverityField] = {}  # {blocker: P1, minor: P4}: the provider's own level names
    sla_clock_starts: Annotated[ClockStart, BeforeValidator(_clock_start)] = ClockStart.REPORT
    term_options: tuple[TermOption, ...] = ()  # contract lengths offered (each becomes a variant)

    # set by the loader on the variants a quote's `tiers` and `term_options` make
    _variant: Variant | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _named_severities(cls, data: Any) -> Any:
        """Severity levels by the provider's names (`critical`, `High`, a `severity_names` entry) -> P1-P4."""
        if not isinstance(data, dict):
            return data
        names = severity_names(data)
        data = dict(data)
        severities = data.get("severities")
        if isinstance(severities, dict):
            renamed: dict[Any, Any] = {}
            written: dict[Any, Any] = {}
            for key, terms in severities.items():
                level = severity_key(key, names)
                if level in renamed:
                    raise ValueError(f"severities: {written[level]} and {key} both mean {level}; keep one")
                renamed[level] = terms
                written[level] = key
            data["severities"] = renamed
        pricing = data.get("pricing")
        if isinstance(pricing, dict):
            pricing = dict(pricing)
            for key in ("surcharges", "hour_pools"):
                entries = pricing.get(key)
                if isinstance(entries, list):
                    pricing[key] = [_rename_levels(e, names) for e in entries]
            data["pricing"] = pricing
        return data

    @field_validator("severity_names", mode="before")
    @classmethod
    def _lower_names(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k).strip().lower(): v for k, v in value.items()}
        return value

    @property
    def quote_id(self) -> str:
        """The quote this package comes from (itself, unless it is a tier or a term option of one)."""
        return self._variant.quote_id if self._variant else self.id

    @property
    def quote_name(self) -> str:
        return self._variant.quote_name if self._variant else self.name

    @property
    def tier(self) -> str | None:
        return self._variant.tier if self._variant else None

    @property
    def term_option(self) -> TermOption | None:
        return self._variant.term if self._variant else None

    @property
    def is_variant(self) -> bool:
        return self._variant is not None

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

    def ranged(self) -> bool:
        """Whether any price of the quote is a range rather than a firm figure."""
        return any(isinstance(v, PriceRange) for v in money_values(self))

    def priced(self, fraction: float) -> SupportPackage:
        """The same quote with every price range at `fraction` of the way from low (0) to high (1)."""
        if not self.ranged():
            return self
        fixed = _at(self, fraction)
        assert isinstance(fixed, SupportPackage)
        fixed._variant = self._variant
        return fixed


def _rename_levels(entry: Any, names: dict[str, Any]) -> Any:
    if isinstance(entry, dict) and isinstance(entry.get("severities"), list):
        entry = dict(entry)
        entry["severities"] = [severity_key(v, names) for v in entry["severities"]]
    return entry


def _at(value: Any, fraction: float) -> Any:
    """`value` with every PriceRange inside it replaced by its price at `fraction` (models rebuilt)."""
    if isinstance(value, PriceRange):
        return value.at(fraction)
    if isinstance(value, Strict):
        update = {}
        for name in type(value).model_fields:
            current = getattr(value, name)
            fixed = _at(current, fraction)
            if fixed is not current:
                update[name] = fixed
        return value.model_copy(update=update) if update else value
    if isinstance(value, tuple):
        items = tuple(_at(v, fraction) for v in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        fixed_dict = {k: _at(v, fraction) for k, v in value.items()}
        return fixed_dict if any(fixed_dict[k] is not value[k] for k in value) else value
    return value
