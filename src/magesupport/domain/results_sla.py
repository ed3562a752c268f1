"""Frozen results of `magesupport sla ...` and `calibrate`: every number the SLA formats show is here."""

from __future__ import annotations

from magesupport.domain.base import Frozen
from magesupport.domain.results import SCHEMA_VERSION


class ImportResult(Frozen):
    schema_version: str = SCHEMA_VERSION
    file: str
    importer: str
    source: str
    store: str  # where the tickets went (password hidden)
    rows_read: int
    tickets: int
    inserted: int
    updated: int
    pauses: int
    skipped: tuple[str, ...]  # file:line: field: message of each skipped row
    period_from: str | None  # first and last creation dates imported (contract timezone)
    period_to: str | None
    layout: str = ""  # which layout of the desk's export was read (classic CSV, Explore CSV, API page, ...)
    timezone: str = ""  # the timezone times without an offset were read in
    encoding: str = "utf-8"
    deleted: int = 0  # deleted tickets dropped
    notes: tuple[str, ...] = ()  # what the export could not tell (unknown metrics, closed by status, ...)


class SeverityStats(Frozen):
    """One severity's tickets created in the month, measured on the contract's clocks."""

    severity: str
    tickets: int
    responded: int
    resolved: int
    open: int
    reopens: int
    response_target: str | None
    resolution_target: str | None
    response_median_h: float | None  # covered hours, pauses removed
    response_p90_h: float | None
    resolution_median_h: float | None
    resolution_p90_h: float | None
    response_breaches: int
    resolution_breaches: int
    response_breach_rate: float | None  # breaches / tickets measured against a target
    resolution_breach_rate: float | None
    response_unknown: int = 0  # tickets whose response time the export cannot tell: in no other figure
    resolution_unknown: int = 0


class Breach(Frozen):
    ticket: str
    severity: str
    target: str  # response | resolution
    target_text: str  # e.g. "2 business hours"
    created: str  # local time in the contract's timezone
    due: str  # when the target ran out (pauses added back)
    done: str  # when it was met, "-" while still open
    elapsed_h: float  # covered hours used, pauses removed
    over_h: float  # covered hours beyond the target


class Disagreement(Frozen):
    """A ticket where the desk's own SLA figure and ours (on the contract's calendar) disagree."""

    ticket: str
    severity: str
    target: str  # response | resolution
    ours_min: float | None  # covered minutes on the contract's clock, pauses removed
    desk_min: float | None  # the desk's own minutes (None when it only gave a verdict)
    ours_met: bool | None
    desk_met: bool | None
    reason: str  # calendar, pause, holiday, DST, clock start, or "not explained"
    detail: str


class UptimeMonth(Frozen):
    month: str
    period_hours: float
    maintenance_hours: float  # scheduled maintenance excluded from the measured period
    down_minutes: float  # downtime counted (outside maintenance)
    uptime_pct: float
    guarantee_pct: float | None
    met: bool | None
    shortfall_points: float  # guarantee minus uptime, in percentage points (0 when met)


class Credit(Frozen):
    """Service credits owed for one month under the contract's rules and cap."""

    month: str
    breaches_counted: int
    per_breach_pct: float
    uptime_steps: int  # started 0.1-point steps of uptime below the guarantee
    per_uptime_step_pct: float
    uncapped_pct: float
    cap_pct: float
    credit_pct: float
    monthly_fee: float
    amount: float
    currency: str
    capped: bool = False  # the cap cut the credit: uncapped_pct is over a cap_pct above 0
    unknown: int = 0  # targets of the counted kinds whose outcome is unknown: never counted as breaches
    claimed: bool = True  # False: no credit is claimed because the data cannot tell (see reason)
    reason: str | None = None  # why no credit is claimed, or why the amount is a lower bound
    uptime_tier_pct: float = 0.0  # the tiered uptime credit of the month (service_credits.uptime_tiers)


class SlaReport(Frozen):
    schema_version: str = SCHEMA_VERSION
    tool_version: str
    store_name: str
    quote_id: str
    quote_name: str
    provider: str
    month: str  # YYYY-MM
    timezone: str  # the contract's: months and local times
    as_of: str  # open tickets measured up to this instant
    tickets: int
    severities: tuple[SeverityStats, ...]
    breaches: tuple[Breach, ...]
    uptime: UptimeMonth | None
    credit: Credit
    notes: tuple[str, ...]
    disagreements: tuple[Disagreement, ...] = ()  # where the desk's own SLA figures differ from ours


class LedgerMonth(Frozen):
    """One month of the hours ledger, recomputed from time entries under the contract's billing rules."""

    month: str
    entries: int  # billable entries
    raw_hours: float  # billable time as logged
    billed_hours: float  # after per-entry rounding to the increment and the minimum charge
    non_billable_hours: float
    surcharged_entries: int
    included_hours: float
    carried_in: float
    pool_hours_used: float
    carried_hours_used: float
    included_hours_used: float
    overflow_hours: float
    out_of_scope_hours: float
    expired_hours: float
    carried_out: float
    tickets_used: float
    extra_tickets: float
    blocks_bought: int
    fee: float
    overflow_cost: float
    hourly_cost: float
    out_of_scope_cost: float
    ticket_cost: float
    block_cost: float
    minimum_topup_cost: float
    total: float
    tickets_blocks_cost: float = 0.0  # ticket_cost + block_cost


class Ledger(Frozen):
    schema_version: str = SCHEMA_VERSION
    store_name: str
    quote_id: str
    quote_name: str
    model: str
    currency: str
    timezone: str
    increment_h: float
    minimum_h: float
    rollover: str
    months: tuple[LedgerMonth, ...]
    total_billed_hours: float
    total_cost: float
    notes: tuple[str, ...]


class InvoiceCheckLine(Frozen):
    month: str
    item: str
    invoiced_hours: float | None
    invoiced_amount: float | None
    recomputed_hours: float | None
    recomputed_amount: float | None
    difference: float  # invoiced minus recomputed amount
    status: str  # ok | differs | missing | unexpected
    explanation: tuple[str, ...]


class InvoiceCheck(Frozen):
    schema_version: str = SCHEMA_VERSION
    quote_id: str
    currency: str
    invoice: str
    lines: tuple[InvoiceCheckLine, ...]
    invoiced_total: float
    recomputed_total: float
    difference: float
    differences: int  # lines not ok


class ReviewCheck(Frozen):
    name: str
    passed: bool | None  # None: nothing to judge (no such tickets, no file given)
    detail: str


class Review30(Frozen):
    """The post-transition review 30 days after cut-over: is the SLA being met?"""

    schema_version: str = SCHEMA_VERSION
    tool_version: str
    store_name: str
    quote_id: str
    quote_name: str
    provider: str
    cutover: str
    window_from: str
    window_to: str
    timezone: str
    as_of: str
    tickets: int
    severities: tuple[SeverityStats, ...]
    breaches: tuple[Breach, ...]
    uptime: UptimeMonth | None  # the window, labelled by its dates
    hours_used: float | None  # billed hours of time entries started in the window
    hours_included: float | None  # included hours for the same 30 days (monthly hours x 30 / days in month)
    checks: tuple[ReviewCheck, ...]
    passed: bool


class SeverityRate(Frozen):
    severity: str
    tickets: int
    per_year: float
    previous: float | None
    with_time: int  # tickets with time entries
    effort_median_h: float | None
    previous_effort_h: float | None


class Calibration(Frozen):
    schema_version: str = SCHEMA_VERSION
    file: str
    written: bool
    source: str
    period_from: str
    period_to: str
    days: int
    tickets: int
    severities: tuple[SeverityRate, ...]
    effort_spread: float | None
    previous_spread: float | None
    notes: tuple[str, ...]
