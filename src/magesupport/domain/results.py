"""Frozen result objects: what engines return and formatters show. Every number a formatter prints is here."""

from __future__ import annotations

from magesupport.domain.base import Assumption, Frozen
from magesupport.domain.results_review import PackageReview, Ranking, Recommendation
from magesupport.domain.results_sim import SimulationResult, TierChoice
from magesupport.domain.results_verdict import Verdict

SCHEMA_VERSION = "2.0"

# the bands of a P1 response wait (hours): band i holds waits from LIMITS[i-1] (included) up to LIMITS[i]
RESPONSE_BAND_LIMITS = (1.0, 4.0, 24.0, 72.0)
RESPONSE_BAND_LABELS = ("under 1 h", "1-4 h", "4-24 h", "1-3 days", "over 3 days")


class Signal(Frozen):
    name: str
    present: bool
    detail: str


class ArchetypeResult(Frozen):
    archetype: str  # startup | midmarket | enterprise
    label: str
    revenue_band: str  # the guide's band (US dollars), written without a `$` for a store in another currency
    in_gap: bool  # revenue in a band the guide leaves open (1M-5M, 50M-100M)
    leaned: str | None  # "up" or "down" when placed by signals
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...] = ()
    package_advice: str = ""
    revenue_usd: float | None = None  # the revenue in US dollars the bands are read with (None: unknown)


class NeedCheck(Frozen):
    need: str
    required: str
    actual: str
    passed: bool


class SeverityCoverage(Frozen):
    severity: str
    coverage: str
    covered_hours_per_week: float
    response: str | None
    resolution: str | None
    response_commitment: str = "guaranteed"  # guaranteed | aim (a soft target: no credits)
    resolution_commitment: str = "guaranteed"
    updates_every: str | None = None  # progress updates while open, as the quote writes it


class ResponseProfile(Frozen):
    """P1 response (waiting for coverage plus the target) for incidents starting through a whole year."""

    target: str
    worst_hours: float
    worst_at: str  # merchant's local time of the worst start, e.g. "Fri 17:15, 2027-12-24"
    median_hours: float
    by_hour_of_week: tuple[float, ...]  # 168 values, Monday 00:00 first, merchant's timezone: worst hours
    band_by_hour_of_week: tuple[int, ...] = ()  # the band (RESPONSE_BAND_LABELS index) of each of the 168
    hours_answered_within_1h: int = 0  # hours of the week whose worst wait is at most 1 hour
    clock_starts: str = "report"  # when the provider's SLA clock starts: report | detection | acknowledgement
    # the typical week: the median wait of each of the 168 hours over the year, and its bands (the heat maps
    # show these, so that one bank holiday does not paint every Monday; the worst case is `worst_hours`)
    median_by_hour_of_week: tuple[float, ...] = ()
    median_band_by_hour_of_week: tuple[int, ...] = ()


class MonthLine(Frozen):
    month: int
    fee: float
    billed_hours: float
    included_hours_used: float
    overflow_hours: float
    variable_cost: float
    carried_out: float
    expired: float
    total: float


class WorkloadLine(Frozen):
    label: str
    kind: str
    severity: str | None
    hours: float
    count_per_month: float
    when: str
    provider_minute: float | None = None  # a minute of the provider's week these tasks start at (windows)
    windows: str = ""  # the quote's surcharge windows these tasks start in, e.g. "fri 17:00-mon 08:00"


class MoneyRange(Frozen):
    """A figure that depends on a price the quote gives as a range: at the low and at the high end."""

    low: float
    high: float


class QuotedRanges(Frozen):
    """A quote's figures at both ends of its price ranges (the view's own figures are at the midpoints)."""

    fields: tuple[str, ...]  # the ranged prices as quoted, e.g. "pricing.monthly_fee 10000-30000 GBP"
    monthly_fee: MoneyRange
    committed_annual: MoneyRange
    workload_total_annual: MoneyRange
    total_with_downtime_annual: MoneyRange
    effective_hourly_rate: MoneyRange | None = None
    price_per_month: MoneyRange | None = None  # fees and minimum billing a month


class PackageQuickView(Frozen):
    id: str
    name: str
    model: str
    provider: str
    currency: str  # the quote's own currency; all amounts below are in the store's currency
    fx_rate: float
    monthly_fee: float
    onboarding_fee: float
    minimum_term_months: int
    committed_annual: float  # fees x 12 + minimum billing + onboarding spread over the minimum term
    first_year_committed: float
    term_commitment: float  # what signing commits to over the minimum term
    guaranteed_hours_per_month: float
    effective_hourly_rate: float | None
    effective_rate_note: str | None
    workload_variable_annual: float  # billed beyond the fees for the stated workload, over 12 months
    workload_total_annual: float  # fees + variable + amortised onboarding
    months: tuple[MonthLine, ...]
    p1_response: ResponseProfile | None
    p1_outage_worst_hours: float | None  # response wait + median P1 effort in covered time, worst start
    p1_outage_mean_hours: float | None  # the same, averaged over the year's start hours, each alike
    p1_downtime_cost_annual: float | None  # P1 rate x the mean outage's revenue (its hours' traffic)
    coverage: tuple[SeverityCoverage, ...]
    needs: tuple[NeedCheck, ...]
    total_with_downtime_annual: float = 0.0  # workload_total_annual + p1_downtime_cost_annual (0 without SLA)
    quote_id: str = ""  # the quote this package comes from (itself, unless a tier or term option of one)
    tier: str | None = None
    term_months: int | None = None  # a term option's minimum term
    term_discount_pct: float = 0.0
    notes: tuple[str, ...] = ()  # the quote's terms the format cannot hold, as written
    money_factor: float = 1.0  # store currency per unit of the quote's price: fx x tax basis
    tax_rate_pct: float = 0.0
    prices_include_tax: bool = False
    ranges: QuotedRanges | None = None  # when some prices are ranges (figures above are at the midpoints)
    surcharges: tuple[str, ...] = ()  # as quoted, e.g. "fri 17:00-mon 08:00 x1.5, at least 120 min"
    burst_hours_per_month: float = 0.0  # guaranteed hours beyond the included ones (average month)
    sla_clock_starts: str = "report"
    price_per_month: float = 0.0  # what the contract costs a month: fees and minimum billing (no onboarding)
    tax_basis: str = "net"  # amounts net of tax (the merchant recovers it) or gross (tax is a cost)

    @property
    def needs_passed(self) -> int:
        return sum(1 for n in self.needs if n.passed)

    @property
    def needs_missed(self) -> int:
        return sum(1 for n in self.needs if not n.passed)


class StoreSummary(Frozen):
    name: str
    edition: str
    magento_version: str | None
    currency: str
    annual_revenue: float
    revenue_per_hour: float
    timezone: str
    extensions: int
    custom_modules: int
    integrations: tuple[str, ...]
    internal_team: str
    risk_tolerance: str


class CompareResult(Frozen):
    schema_version: str = SCHEMA_VERSION
    tool_version: str
    store: StoreSummary
    archetype: ArchetypeResult
    workload: tuple[WorkloadLine, ...]
    packages: tuple[PackageQuickView, ...]
    assumptions: tuple[Assumption, ...]
    inputs_sha256: str | None = None  # hash of store.yaml and every quote file, for reproducibility
    review: tuple[PackageReview, ...] | None = None
    ranking: Ranking | None = None
    recommendation: Recommendation | None = None
    simulation: SimulationResult | None = None  # compare --simulate
    tax_basis: str = "net"  # every amount is net of tax (recovered) or gross (tax is a cost)
    tier_choices: tuple[TierChoice, ...] = ()  # per quote with tiers or term options: the best variant
    verdict: Verdict | None = None  # the answer in a few lines, built by services (issue 17)


