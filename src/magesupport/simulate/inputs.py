"""What the simulation needs to know about the store and each package, worked out once before the draws.

A `StorePlan` holds the year's tables, the merchant's hours, incident rates and effort; a `PackagePlan`
holds, per severity, the calendars the provider answers and works on (a P1 whose quote prices every hour
outside its coverage is worked round the clock: `after_hours`), the targets, how much the package's
prevention lowers the rate, and the surcharge a task pays by when it is worked. Both the
vectorised engine and the plain-Python reference read the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from magesupport.billing.rules import Task, is_unlimited
from magesupport.calendars.coverage import coverage_spec, target_clock
from magesupport.domain.base import SEVERITIES, Severity
from magesupport.domain.package import ClockStart, SupportPackage, TaskKind
from magesupport.domain.profile import StoreProfile
from magesupport.domain.units import CalendarKind, CalendarSpec
from magesupport.estimates.workload import WorkloadEstimate, saturate
from magesupport.simulate.clocks import (  # noqa: F401  (importable from here as before)
    HOLIDAY,
    OUTSIDE,
    WEEKEND,
    WINDOW_BIT,
    Calendars,
    SurchargeClock,
    _minimums,
    _multipliers,
    priced_codes,
    priced_outside,
)
from magesupport.simulate.settings import SimSettings
from magesupport.simulate.timeline import HOUR, YearFrame, build_year_frame

URGENT = (Severity.P1, Severity.P2)


@dataclass
class SeverityPlan:
    severity: Severity
    target_spec: CalendarSpec  # the response clock's calendar
    target_seconds: float
    has_response_target: bool  # False: best effort, never breached
    median: float  # median response as a share of target_seconds (includes staffing)
    sigma: float
    work_spec: CalendarSpec  # work happens only in this calendar's covered time (24x7 for after-hours work)
    resolution_spec: CalendarSpec | None
    resolution_seconds: float
    alert_spec: CalendarSpec | None  # monitoring detects P1/P2 (None: the merchant has to notice)
    keep: float  # share of incidents the package does not prevent
    multipliers: NDArray[np.float64]  # surcharge by code (8 values, twice as many per surcharge window)
    unlimited: bool  # the package never charges incidents of this severity
    flags_matter: bool  # the surcharge depends on when the work starts
    flags_always_zero: bool  # work always starts inside business hours on a weekday
    minimums: NDArray[np.float64] | None = None  # a surcharge's own minimum charge by code (None: none)
    clock: ClockStart = ClockStart.REPORT  # when the provider's SLA clock starts
    credit_response: bool = True  # a missed response target earns credits (False: a soft target)
    credit_resolution: bool = True
    # median hours (covered time from the response) to restore service before the fix: a P1 only, the prior
    # x the factors of what the package includes (`restore_factors`); None: the outage lasts to the fix
    restore_median_hours: float | None = None
    covered_spec: CalendarSpec | None = None  # set: the coverage; work past it is after-hours, surcharged

    @property
    def duty_spec(self) -> CalendarSpec:
        """When the provider's people on duty for this severity see an incident: its coverage."""
        return self.covered_spec or self.work_spec

    @property
    def needs_times(self) -> bool:
        """Whether the engine must work out the incident's timeline (outage, targets, surcharges)."""
        return (
            self.severity in URGENT
            or self.resolution_spec is not None
            or (self.flags_matter and not self.flags_always_zero)
        )

    def surcharge_at(
        self, codes: NDArray[np.integer]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
        """Multiplier and minimum charge of work starting at instants with these codes."""
        return self.multipliers[codes], (self.minimums[codes] if self.minimums is not None else None)


@dataclass
class RoutineTask:
    kind: TaskKind
    hours: float  # size of one task
    count: float  # tasks a month


@dataclass
class PackagePlan:
    package: SupportPackage
    fx: float  # store currency per unit of the quote's prices: the exchange rate x the tax basis
    fees_annual: float  # store currency
    monthly_fee: float  # store currency
    severities: tuple[SeverityPlan, ...]
    business: SurchargeClock
    prevention: dict[str, dict[Severity, float]] = field(default_factory=dict)
    triage_seconds: float = 0.0  # a clock started at detection or acknowledgement: after this triage

    @property
    def id(self) -> str:
        return self.package.id

    @cached_property
    def ranged(self) -> bool:
        """Whether some prices are ranges (the simulation then draws them per year)."""
        return self.package.ranged()

    def at_price(self, fraction: float) -> PackagePlan:
        """This plan with every price range at `fraction` from its low (0) to its high (1) end."""
        package = self.package.priced(fraction)
        severities = tuple(
            replace(
                sp,
                multipliers=_multipliers(package, sp.severity, self.business.size),
                minimums=_minimums(package, sp.severity, self.business.size),
            )
            for sp in self.severities
        )
        fees, monthly = _fees(package, self.fx)
        return replace(self, package=package, fees_annual=fees, monthly_fee=monthly, severities=severities)

    @cached_property
    def linear_in_price(self) -> bool:
        """Whether the bill is linear in the drawn price (then two bills, at the ends, give every year's): it is
        unless a flat-rate surcharge's multiplier moves with the drawn price."""
        low, high = self.at_price(0.0), self.at_price(1.0)
        return all(
            np.array_equal(a.multipliers, b.multipliers)
            for a, b in zip(low.severities, high.severities, strict=True)
        )


@dataclass
class StorePlan:
    store: StoreProfile
    settings: SimSettings
    frame: YearFrame
    calendars: Calendars
    merchant_spec: CalendarSpec
    rates: dict[Severity, float]
    effort_median: dict[Severity, float]
    effort_sigma: float
    p2_loss: float
    routine: tuple[RoutineTask, ...]
    busy: NDArray[np.bool_]  # per reference-year hour: customers would report a P1 themselves
    packages: tuple[PackagePlan, ...]


def complexity(store: StoreProfile, settings: SimSettings) -> float:
    stack = store.stack
    raw = (
        1.0
        + settings.complexity_per_extension * stack.extensions
        + settings.complexity_per_custom_module * stack.custom_modules
        + settings.complexity_per_integration * len(stack.integrations)
    )
    return saturate(raw, settings.complexity_cap)  # about raw for a usual stack, never above the cap


def routine_tasks(estimate: WorkloadEstimate) -> tuple[RoutineTask, ...]:
    """Planned work each month, as tasks of the estimate's typical size (as the deterministic view)."""
    tasks = []
    for kind, total in (
        (TaskKind.MAINTENANCE, estimate.maintenance_hours_per_month),
        (TaskKind.DEVELOPMENT, estimate.development_hours_per_month),
        (TaskKind.QUESTION, estimate.questions_per_month * estimate.task_hours["question"]),
    ):
        if total > 0:
            size = min(estimate.task_hours[kind.value], total)
            tasks.append(RoutineTask(kind=kind, hours=size, count=total / size))
    return tuple(tasks)


def prevention_factors(package: SupportPackage, settings: SimSettings) -> dict[str, dict[Severity, float]]:
    """The prevention services this package includes, with their rate multipliers."""
    services = package.services
    applied: dict[str, dict[Severity, float]] = {}
    mon = services.monitoring
    if (mon.apm or mon.anomaly_detection) and mon.alerting != "none" and "monitoring" in settings.prevention:
        applied["monitoring"] = settings.prevention["monitoring"]
    if services.security_patching.included and "patching" in settings.prevention:
        applied["patching"] = settings.prevention["patching"]
    audits = max(services.performance_audits.per_year, services.code_audits.per_year)
    if audits >= 4 and "audits" in settings.prevention:
        applied["audits"] = settings.prevention["audits"]
    return applied


def alert_spec(package: SupportPackage, store_timezone: str) -> CalendarSpec | None:
    mon = package.services.monitoring
    if not (mon.uptime or mon.apm or mon.anomaly_detection) or mon.alerting == "none":
        return None
    if mon.alerting == "24x7":
        return CalendarSpec.always()
    if mon.alerting == "24x5":
        return CalendarSpec.weekdays_24(package.default_timezone(store_timezone))
    return package.business_calendar(store_timezone)


def restore_factors(package: SupportPackage, settings: SimSettings, alerted: bool) -> dict[str, float]:
    """What in the package speeds up restoring a P1 (a rollback, a failover), with its factor on the median:
    monitoring that alerts on P1, the provider's runbooks, failover or restores tested at least yearly."""
    services = package.services
    applied: dict[str, float] = {}
    if alerted:
        applied["monitoring"] = settings.restore_monitoring_factor
    if services.runbooks:
        applied["runbooks"] = settings.restore_runbooks_factor
    if services.disaster_recovery.failover_tests.per_year >= 1:
        applied["tested failover"] = settings.restore_dr_factor
    return applied


def restore_median(
    package: SupportPackage, severity: Severity, settings: SimSettings, alerted: bool
) -> float | None:
    """The package's median restore time in hours: a P1's only (a P2 is not restored before its fix, see
    docs/simulation.md), the prior x the factors that apply; None without a restore prior."""
    if severity is not Severity.P1 or settings.restore_median_hours is None:
        return None
    median = settings.restore_median_hours
    for factor in restore_factors(package, settings, alerted).values():
        median *= factor
    return median


def _fees(package: SupportPackage, fx: float) -> tuple[float, float]:
    """(fees a year: monthly fees + onboarding spread over the minimum term, the monthly fee), store currency."""
    pricing = package.pricing
    term = package.contract.minimum_term_months
    fees = (float(pricing.monthly_fee) * 12 + float(pricing.onboarding_fee) * 12 / max(term, 12)) * fx
    return fees, float(pricing.monthly_fee) * fx


def severity_plan(
    package: SupportPackage,
    severity: Severity,
    store: StoreProfile,
    settings: SimSettings,
    staff: float,
    keep: float,
    codes: int = 8,
) -> SeverityPlan:
    tz = store.timezone
    business = package.business_calendar(tz)
    terms = package.terms(severity)
    response = target_clock(package, severity, "response", tz)
    resolution = target_clock(package, severity, "resolution", tz)
    work = coverage_spec(package, severity, tz) if terms is not None else business
    if response is not None:
        target_spec, seconds, median, sigma = (
            response.spec,
            response.seconds,
            settings.response_median_fraction * staff,
            settings.response_sigma,
        )
    else:
        target_spec, seconds, median, sigma = (
            business,
            settings.best_effort_hours[severity] * HOUR,
            staff,
            settings.best_effort_sigma,
        )
    multipliers = _multipliers(package, severity, codes)
    minimums = _minimums(package, severity, codes)
    weekdays_only = set(business.days) <= {0, 1, 2, 3, 4}
    alerts = alert_spec(package, tz) if severity in URGENT else None
    return SeverityPlan(
        severity=severity,
        target_spec=target_spec,
        target_seconds=seconds,
        has_response_target=response is not None and seconds > 0,
        median=median,
        sigma=sigma,
        work_spec=work or business,
        resolution_spec=resolution.spec if resolution is not None else None,
        resolution_seconds=resolution.seconds if resolution is not None else 0.0,
        alert_spec=alerts,
        keep=keep,
        multipliers=multipliers,
        unlimited=is_unlimited(package.pricing, Task(kind=TaskKind.INCIDENT, hours=1.0, severity=severity)),
        flags_matter=bool(np.ptp(multipliers) > 0) or (minimums is not None and bool(np.ptp(minimums) > 0)),
        flags_always_zero=target_spec == business
        and weekdays_only
        and seconds > 0
        and codes == 8
        and package.sla_clock_starts is ClockStart.REPORT,
        minimums=minimums,
        clock=package.sla_clock_starts,
        credit_response=terms is None or terms.guaranteed("response"),
        credit_resolution=terms is None or terms.guaranteed("resolution"),
        restore_median_hours=restore_median(package, severity, settings, alerts is not None),
    )


def after_hours(
    sp: SeverityPlan, package: SupportPackage, business: SurchargeClock, calendars: Calendars
) -> SeverityPlan:
    """A P1 whose quote prices every hour outside its coverage (a surcharge applies there) is worked round
    the clock once its response comes; the hours past the coverage are billed at the surcharge. Any other
    severity, or a quote that leaves some hour outside the coverage unpriced, waits for the coverage."""
    if sp.severity is not Severity.P1 or sp.work_spec.kind is CalendarKind.ALWAYS:
        return sp
    priced = priced_codes(package, sp.severity, business.size)
    frame = calendars.frame
    coverage = calendars.exact(sp.work_spec)
    if not priced.any() or not priced_outside(coverage, business, priced, frame.y0, frame.y0 + frame.span):
        return sp
    return replace(sp, work_spec=CalendarSpec.always(), covered_spec=sp.work_spec)


def package_plan(
    package: SupportPackage, fx: float, store: StoreProfile, settings: SimSettings, calendars: Calendars
) -> PackagePlan:
    """`fx`: store currency per unit of the quote's prices (the exchange rate x the tax basis)."""
    staff = settings.staffing.get(package.provider.on_call_staffing.value, 1.0)
    applied = prevention_factors(package, settings)
    keep = {s: 1.0 for s in SEVERITIES}
    for factors in applied.values():
        for severity, factor in factors.items():
            keep[severity] *= factor
    windows = tuple(s.window for s in package.pricing.surcharges if s.window is not None)
    business = SurchargeClock(package.business_calendar(store.timezone), calendars, windows)
    severities = tuple(
        after_hours(
            severity_plan(package, s, store, settings, staff, keep[s], business.size),
            package,
            business,
            calendars,
        )
        for s in SEVERITIES
    )
    fees, monthly = _fees(package, fx)
    return PackagePlan(
        package=package,
        fx=fx,
        fees_annual=fees,
        monthly_fee=monthly,
        severities=severities,
        business=business,
        prevention=applied,
        triage_seconds=settings.triage_minutes * 60.0,
    )


def build_plan(
    store: StoreProfile,
    packages: list[tuple[SupportPackage, float]],
    estimate: WorkloadEstimate,
    settings: SimSettings,
) -> StorePlan:
    """Compile the store and its packages (with each package's rate to the store's currency)."""
    frame = build_year_frame(store)
    calendars = Calendars(frame)
    scale = complexity(store, settings)
    effort = {
        s: estimate.effort_hours[s] * (1.0 if s in store.workload.effort_hours else scale) for s in SEVERITIES
    }
    busy = frame.weight[: frame.year_hours] >= settings.busy_traffic
    plans = tuple(package_plan(p, fx, store, settings, calendars) for p, fx in packages)
    return StorePlan(
        store=store,
        settings=settings,
        frame=frame,
        calendars=calendars,
        merchant_spec=store.merchant_calendar(),
        rates=dict(estimate.incidents_per_year),
        effort_median=effort,
        effort_sigma=estimate.effort_spread,
        p2_loss=estimate.p2_revenue_loss,
        routine=routine_tasks(estimate),
        busy=busy,
        packages=plans,
    )
