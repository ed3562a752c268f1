"""What the simulation needs to know about the store and each package, worked out once before the draws.

A `StorePlan` holds the year's tables, the merchant's hours, incident rates and effort; a `PackagePlan`
holds, per severity, the calendars the provider answers and works on, the targets, how much the
package's prevention lowers the rate, and the surcharge a task pays by when it is worked. Both the
vectorised engine and the plain-Python reference read the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from magesupport.billing.rules import Task, is_unlimited, surcharge_multiplier
from magesupport.calendars.coverage import coverage_spec, target_clock
from magesupport.calendars.tables import CoverageCalendar, build_calendar, holiday_dates
from magesupport.domain.base import SEVERITIES, Severity
from magesupport.domain.package import SupportPackage, TaskKind
from magesupport.domain.profile import StoreProfile
from magesupport.domain.units import CalendarSpec
from magesupport.estimates.workload import WorkloadEstimate
from magesupport.simulate.grid import GridCalendar
from magesupport.simulate.settings import SimSettings
from magesupport.simulate.timeline import HOUR, YearFrame, build_year_frame, local_day_starts

URGENT = (Severity.P1, Severity.P2)
OUTSIDE, WEEKEND, HOLIDAY = 1, 2, 4  # bits of a surcharge code


class Calendars:
    """Calendars built once per spec for the simulated span: the exact one and its fast table."""

    def __init__(self, frame: YearFrame):
        self.frame = frame
        self._exact: dict[CalendarSpec, CoverageCalendar] = {}
        self._grid: dict[CalendarSpec, GridCalendar] = {}

    def exact(self, spec: CalendarSpec) -> CoverageCalendar:
        if spec not in self._exact:
            self._exact[spec] = build_calendar(spec, self.frame.year - 1, self.frame.year + 4)
        return self._exact[spec]

    def grid(self, spec: CalendarSpec, extra_bounds: NDArray[np.float64] | None = None) -> GridCalendar:
        if spec not in self._grid or extra_bounds is not None:
            grid = GridCalendar(self.exact(spec), self.frame.y0, self.frame.span, extra_bounds)
            if extra_bounds is None:
                self._grid[spec] = grid
            return grid
        return self._grid[spec]


class SurchargeClock:
    """When work on a task starts, relative to the provider: outside business hours, weekend, holiday."""

    def __init__(self, spec: CalendarSpec, calendars: Calendars):
        frame = calendars.frame
        first = date(frame.year - 1, 12, 30)
        days = (date(frame.year + 5, 1, 1) - first).days
        self.day_starts, dates = local_day_starts(spec.timezone, first, days)
        closed = holiday_dates(spec, frame.year - 1, frame.year + 4)
        self.spec = spec
        self.exact = calendars.exact(spec)
        self.weekend = np.array([d.weekday() >= 5 for d in dates])
        self.holiday = np.array([d in closed for d in dates])
        self.closed = closed
        self.grid = calendars.grid(spec, extra_bounds=self.day_starts)
        self.codes: NDArray[np.uint8] | None = None
        if self.grid.grid:
            mids = self.grid.t0 + (np.arange(self.grid.n, dtype=np.float64) + 0.5) * self.grid.step
            self.codes = self._code(mids, ~self.grid.covered)

    def _code(self, t: NDArray[np.float64], outside: NDArray[np.bool_]) -> NDArray[np.uint8]:
        day = np.searchsorted(self.day_starts, t, side="right") - 1
        return (outside * OUTSIDE + self.weekend[day] * WEEKEND + self.holiday[day] * HOLIDAY).astype(
            np.uint8
        )

    def code(self, t: NDArray[np.float64]) -> NDArray[np.uint8]:
        """The surcharge code (bits OUTSIDE, WEEKEND, HOLIDAY) of each instant."""
        t = np.asarray(t, dtype=np.float64)
        if self.codes is not None:
            k = self.grid.cell_index(t)
            inside = (t >= self.grid.t0) & (t < self.grid.hi)
            if inside.all():
                return self.codes[k]
            out = self.codes[k]
            out[~inside] = self._code(t[~inside], ~self.exact.is_covered(t[~inside]))
            return out
        return self._code(t, ~self.exact.is_covered(t))


@dataclass
class SeverityPlan:
    severity: Severity
    target_spec: CalendarSpec  # the response clock's calendar
    target_seconds: float
    has_response_target: bool  # False: best effort, never breached
    median: float  # median response as a share of target_seconds (includes staffing)
    sigma: float
    work_spec: CalendarSpec  # work happens only in this calendar's covered time
    resolution_spec: CalendarSpec | None
    resolution_seconds: float
    alert_spec: CalendarSpec | None  # monitoring detects P1/P2 (None: the merchant has to notice)
    keep: float  # share of incidents the package does not prevent
    multipliers: NDArray[np.float64]  # surcharge by code (8 values)
    unlimited: bool  # the package never charges incidents of this severity
    flags_matter: bool  # the surcharge depends on when the work starts
    flags_always_zero: bool  # work always starts inside business hours on a weekday

    @property
    def needs_times(self) -> bool:
        """Whether the engine must work out the incident's timeline (outage, targets, surcharges)."""
        return (
            self.severity in URGENT
            or self.resolution_spec is not None
            or (self.flags_matter and not self.flags_always_zero)
        )


@dataclass
class RoutineTask:
    kind: TaskKind
    hours: float  # size of one task
    count: float  # tasks a month


@dataclass
class PackagePlan:
    package: SupportPackage
    fx: float
    fees_annual: float  # store currency
    monthly_fee: float  # store currency
    severities: tuple[SeverityPlan, ...]
    business: SurchargeClock
    prevention: dict[str, dict[Severity, float]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.package.id


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
    return (
        1.0
        + settings.complexity_per_extension * stack.extensions
        + settings.complexity_per_custom_module * stack.custom_modules
        + settings.complexity_per_integration * len(stack.integrations)
    )


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


def _multipliers(package: SupportPackage, severity: Severity) -> NDArray[np.float64]:
    out = np.ones(8)
    for code in range(8):
        task = Task(
            kind=TaskKind.INCIDENT,
            hours=1.0,
            severity=severity,
            outside_business_hours=bool(code & OUTSIDE),
            weekend=bool(code & WEEKEND),
            holiday=bool(code & HOLIDAY),
        )
        out[code] = surcharge_multiplier(package.pricing, task)
    return out


def severity_plan(
    package: SupportPackage,
    severity: Severity,
    store: StoreProfile,
    settings: SimSettings,
    staff: float,
    keep: float,
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
    multipliers = _multipliers(package, severity)
    weekdays_only = set(business.days) <= {0, 1, 2, 3, 4}
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
        alert_spec=alert_spec(package, tz) if severity in URGENT else None,
        keep=keep,
        multipliers=multipliers,
        unlimited=is_unlimited(package.pricing, Task(kind=TaskKind.INCIDENT, hours=1.0, severity=severity)),
        flags_matter=bool(np.ptp(multipliers) > 0),
        flags_always_zero=target_spec == business and weekdays_only and seconds > 0,
    )


def package_plan(
    package: SupportPackage, fx: float, store: StoreProfile, settings: SimSettings, calendars: Calendars
) -> PackagePlan:
    staff = settings.staffing.get(package.provider.on_call_staffing.value, 1.0)
    applied = prevention_factors(package, settings)
    keep = {s: 1.0 for s in SEVERITIES}
    for factors in applied.values():
        for severity, factor in factors.items():
            keep[severity] *= factor
    pricing = package.pricing
    term = package.contract.minimum_term_months
    fees = (float(pricing.monthly_fee) * 12 + float(pricing.onboarding_fee) * 12 / max(term, 12)) * fx
    severities = tuple(severity_plan(package, s, store, settings, staff, keep[s]) for s in SEVERITIES)
    return PackagePlan(
        package=package,
        fx=fx,
        fees_annual=fees,
        monthly_fee=float(pricing.monthly_fee) * fx,
        severities=severities,
        business=SurchargeClock(package.business_calendar(store.timezone), calendars),
        prevention=applied,
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
