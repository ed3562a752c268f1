"""The vectorised engine: every incident of every simulated year through one package at a time.

For each incident (same draws for every package):

1. detection: the merchant notices when their team next looks (merchant hours, then a delay); at busy
   hours customers report a P1 themselves; a package with monitoring and alerting detects P1/P2 within
   minutes when its alerting calendar is covered;
2. response: on the target's calendar, the target time x the provider's median share x staffing, spread
   lognormally (`z_resp`); a response later than the target is a breach;
3. resolution: hands-on effort (lognormal, `z_effort`) worked only in the severity's coverage, from the
   response on (a P1 whose quote prices every hour outside its coverage is worked round the clock once
   answered, the hours past the coverage billed at the surcharge); a resolution after its target is a
   breach;
4. outage: a P1 takes the store down from occurrence to restore or resolution (overlapping P1s count
   once), a P2 costs a share of the revenue earned while it is open, the loss of overlapping outages
   capped at the revenue at risk (simulate/outages.py); revenue per hour follows traffic and peaks;
5. billing (simulate/billing.py) with the surcharge of the instant work started (a P1's after-hours part:
   of the instant the coverage ended, as a task of its own); credits per month.

The provider's SLA clock starts at the report (the default), or at its own detection or acknowledgement
(`sla_clock_starts`): when its people on duty for the severity first see the incident, plus a triage delay
(detection also by its monitoring's alert). Targets are measured from that start, so the merchant waits
longer than the target says. Soft targets (`commitment: aim`) are counted when missed but earn no credits.
A quote whose prices are ranges has its price drawn once per simulated year, uniform between low and high
(`price_fractions`: one of PRICE_POINTS equally likely prices spread evenly across the range): all the ranges
of a quote at the same point, every quote on its own stream.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import NDArray

from magesupport.domain.base import SEVERITIES, Severity
from magesupport.domain.package import ClockStart
from magesupport.domain.units import CalendarSpec
from magesupport.simulate.billing import AfterHours, Biller, IncidentTasks
from magesupport.simulate.grid import GridCalendar
from magesupport.simulate.incidents import Draws, in_order
from magesupport.simulate.inputs import URGENT, PackagePlan, SeverityPlan, StorePlan
from magesupport.simulate.outages import p2_lost_by_year
from magesupport.simulate.timeline import HOUR

FloatArray = NDArray[np.float64]
A = TypeVar("A", bound=NDArray[Any])
MINUTE = 60.0
PRICE_POINTS = 256  # a range is drawn as one of this many evenly spread, equally likely prices


@dataclass(frozen=True)
class Scenario:
    """Factors on the main assumptions (1 = as assumed); the sensitivity analysis varies them."""

    rates: float = 1.0
    effort: float = 1.0
    revenue: float = 1.0
    p2_loss: float = 1.0
    prevention: float = 1.0  # scales how much a package's prevention lowers the rates

    def keep(self, base_keep: float, rate_scale: float, factor: float | FloatArray = 1.0) -> float | FloatArray:
        """Share of drawn incidents a package faces: prevention (x `factor`, a year's multiplier of its effect)
        and the rate factor, over the draw scale."""
        reduction = np.clip((1.0 - base_keep) * self.prevention * factor, 0.0, 1.0)
        return self.rates * (1.0 - reduction) / rate_scale


@dataclass
class YearOutcomes:
    """One package's figures for every simulated year."""

    fees: float | FloatArray  # an array when the quote's prices are ranges (drawn per year)
    variable: FloatArray
    downtime: FloatArray  # P1 outage hours
    lost_p1: FloatArray
    lost_p2: FloatArray
    credits: FloatArray
    breaches: FloatArray
    outage_over_4h: NDArray[np.bool_]
    recovery: float = 1.0  # share of the credits owed (`credits`) counted as recovered
    after_hours: FloatArray | None = None  # P1s a year worked past the coverage (billed at the surcharge)

    @property
    def lost(self) -> FloatArray:
        return self.lost_p1 + self.lost_p2

    @property
    def recovered(self) -> FloatArray:
        """The credits expected to be recovered (owed x the recovery share)."""
        return self.credits * self.recovery

    @property
    def total(self) -> FloatArray:
        return self.fees + self.variable + self.lost - self.recovered


SHARED_KEYS = frozenset({"z_resp", "alert", "detect", "clock", "response", "due", "response breaches"})
# memo keys whose arrays depend only on the draws and the plan, not on the scenario (effort, prevention, ...)


class Chunk:
    """Package-independent quantities of one set of draws, computed once and shared by all packages.

    `share_with`: a chunk of the same plan and draws under another scenario, whose scenario-independent
    arrays (detection, clock start, response, due instants: SHARED_KEYS) this one reuses."""

    plan: StorePlan
    draws: Draws

    def __init__(self, plan: StorePlan, draws: Draws, scenario: Scenario, share_with: Chunk | None = None):
        if share_with is not None and (share_with.draws is not draws or share_with.plan is not plan):
            raise ValueError("a chunk shares arrays only with a chunk of the same plan and draws")
        if scenario.rates > draws.rate_scale + 1e-12:
            raise ValueError(f"incident rates x{scenario.rates:g} need draws at rate_scale >= that")
        self.plan = plan
        self.draws = draws
        self.scenario = scenario
        self.years = draws.years
        self.group = draws.group
        self.severity = np.concatenate(
            [np.full(draws.count(s), i, dtype=np.int8) for i, s in enumerate(SEVERITIES)]
        )
        s = plan.settings
        self.delay = -np.log1p(-draws.u_detect.astype(np.float64))  # exponential, mean 1
        effort = np.empty(draws.size)
        for sev in SEVERITIES:
            sl = draws.span(sev)
            median = plan.effort_median[sev] * scenario.effort
            effort[sl] = median * np.exp(plan.effort_sigma * draws.z_effort[sl].astype(np.float64))
            year_factor = draws.per_year("effort", sl)
            if year_factor is not None:
                effort[sl] *= year_factor
        self.effort = np.minimum(effort, s.effort_cap_hours)
        self.merchant = plan.calendars.grid(plan.merchant_spec)
        self._self_detect: dict[Severity, FloatArray] = {} if share_with is None else share_with._self_detect
        self._kept: dict[tuple[object, ...], NDArray[np.bool_]] = {}
        self._memo: dict[tuple[object, ...], NDArray[Any]] = {}
        self._shared: dict[tuple[object, ...], NDArray[Any]] = {} if share_with is None else share_with._shared

    def memo(self, key: tuple[object, ...], compute: Callable[[], A]) -> A:
        """A package-independent array computed once per chunk: packages with the same calendars and targets
        share their detection, clock start, response, fix and restore instants (read only)."""
        memo = self._shared if key[0] in SHARED_KEYS else self._memo
        if key not in memo:
            memo[key] = compute()
        return cast(A, memo[key])

    def z_resp(self, severity: Severity) -> FloatArray:
        return self.memo(
            ("z_resp", severity), lambda: self.draws.z_resp[self.draws.span(severity)].astype(np.float64)
        )

    def grid(self, spec: CalendarSpec) -> GridCalendar:
        return self.plan.calendars.grid(spec)

    def self_detect(self, severity: Severity) -> FloatArray:
        """When the incident is reported without the provider's monitoring."""
        if severity not in self._self_detect:
            sl = self.draws.span(severity)
            t = self.draws.t[sl]
            s = self.plan.settings
            delay = self.delay[sl]
            look = self.merchant.next_covered(t) + s.merchant_look_minutes * MINUTE * delay
            if severity is Severity.P1:
                busy = self.plan.busy[self.draws.hour[sl]]
                look = np.where(busy, np.minimum(look, t + s.customer_report_minutes * MINUTE * delay), look)
            self._self_detect[severity] = look
        return self._self_detect[severity]

    def kept(self, share: float, severity: Severity) -> NDArray[np.bool_] | None:
        """Incidents a package faces (None: all of them)."""
        if share >= 1.0:
            return None
        key = (share, severity)
        if key not in self._kept:
            self._kept[key] = self.draws.u_keep[self.draws.span(severity)] < share
        return self._kept[key]

    def faced(self, base_keep: float, severity: Severity) -> NDArray[np.bool_] | None:
        """Incidents a package with this prevention (`base_keep`) faces under the scenario, with each year's
        prevention multiplier when the inputs are drawn per year (None: all of them)."""
        sl = self.draws.span(severity)
        factor = self.draws.per_year("prevention", sl) if base_keep < 1.0 else None
        if factor is None:
            return self.kept(float(self.scenario.keep(base_keep, self.draws.rate_scale)), severity)
        key = (base_keep, severity, "per year")
        if key not in self._kept:
            self._kept[key] = self.draws.u_keep[sl] < self.scenario.keep(base_keep, self.draws.rate_scale, factor)
        return self._kept[key]


@dataclass
class Timeline:
    """One severity's incidents through one package."""

    response_breach: NDArray[np.bool_] | None = None
    resolution_breach: NDArray[np.bool_] | None = None
    response_at: FloatArray | None = None
    resolved_at: FloatArray | None = None
    mult: FloatArray | float = 1.0
    minimum: FloatArray | float | None = None  # a surcharge's own minimum charge (None: no such minimum)
    code: NDArray[np.integer] | int = 0  # the surcharge code of the instant work started
    key: tuple[object, ...] = ()  # Chunk.memo key of resolved_at (or response_at)
    after_hours: FloatArray | None = None  # hours worked past the coverage (None: work waits for it)
    late_code: NDArray[np.integer] | None = None  # the surcharge code of the instant the coverage ended
    late_mult: FloatArray | None = None
    late_minimum: FloatArray | None = None
    breach_key: tuple[object, ...] = ()  # Chunk.memo key of response_breach


def past_coverage(
    chunk: Chunk, spec: CalendarSpec, response: FloatArray, resolved: FloatArray, effort: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """(hours worked outside the coverage `spec`, when the coverage ends) for fixes worked round the clock
    from `response` to `resolved`: no hours when the fix ends before the coverage does."""
    late = chunk.plan.calendars.exact(spec).next_uncovered(response)
    grid = chunk.grid(spec)
    inside = (grid.cumulative(resolved) - grid.cumulative(response)) / HOUR
    return np.where(resolved <= late, 0.0, np.maximum(effort - inside, 0.0)), late


def alert_at(chunk: Chunk, sp: SeverityPlan) -> FloatArray | None:
    """When the package's monitoring alerts (None without monitoring for this severity)."""
    if sp.alert_spec is None:
        return None
    spec = sp.alert_spec

    def compute() -> FloatArray:
        sl = chunk.draws.span(sp.severity)
        alert = chunk.draws.t[sl] + chunk.plan.settings.monitoring_minutes * MINUTE * chunk.delay[sl]
        return chunk.grid(spec).next_covered(alert)

    return chunk.memo(("alert", sp.severity, spec), compute)


def detection(chunk: Chunk, sp: SeverityPlan) -> FloatArray:
    def compute() -> FloatArray:
        detect = chunk.self_detect(sp.severity)
        alert = alert_at(chunk, sp)
        return detect if alert is None else np.minimum(detect, alert)

    return chunk.memo(("detect", sp.severity, sp.alert_spec), compute)


def clock_key(pp: PackagePlan, sp: SeverityPlan) -> tuple[object, ...]:
    """What a package's clock start depends on (packages with the same key share it)."""
    if sp.clock is ClockStart.REPORT:
        return ("detect", sp.severity, sp.alert_spec)
    return ("clock", sp.severity, sp.clock, sp.duty_spec, pp.triage_seconds, sp.alert_spec)


def clock_start(chunk: Chunk, pp: PackagePlan, sp: SeverityPlan, detect: FloatArray) -> FloatArray:
    """When the provider's SLA clock starts (see the module docstring)."""
    if sp.clock is ClockStart.REPORT:
        return detect

    def compute() -> FloatArray:
        on_duty = chunk.grid(sp.duty_spec)
        if sp.clock is ClockStart.ACKNOWLEDGEMENT:
            return on_duty.next_covered(detect) + pp.triage_seconds
        noticed = on_duty.next_covered(chunk.self_detect(sp.severity)) + pp.triage_seconds
        alert = alert_at(chunk, sp)
        return noticed if alert is None else np.minimum(noticed, alert)

    return chunk.memo(clock_key(pp, sp), compute)


def response_multiple(chunk: Chunk, sp: SeverityPlan) -> FloatArray:
    return sp.median * np.exp(sp.sigma * chunk.z_resp(sp.severity))


def timeline(chunk: Chunk, pp: PackagePlan, sp: SeverityPlan) -> Timeline:
    sl = chunk.draws.span(sp.severity)
    out = Timeline()
    if sp.has_response_target:
        out.breach_key = ("response breaches", sp.severity, sp.median, sp.sigma)

        def breached() -> NDArray[np.bool_]:
            if sp.sigma > 0:
                return chunk.z_resp(sp.severity) > -np.log(sp.median) / sp.sigma
            return np.full(sl.stop - sl.start, sp.median > 1.0)

        out.response_breach = chunk.memo(out.breach_key, breached)
    if not sp.needs_times:
        out.mult = float(sp.multipliers[0])
        out.minimum = float(sp.minimums[0]) if sp.minimums is not None else None
        return out
    start_key = clock_key(pp, sp)
    start = clock_start(chunk, pp, sp, detection(chunk, sp))
    response_key = ("response", start_key, sp.target_spec, sp.target_seconds, sp.median, sp.sigma)
    response = chunk.memo(
        response_key,
        lambda: chunk.grid(sp.target_spec).deadline(start, sp.target_seconds * response_multiple(chunk, sp)),
    )
    out.response_at = response
    out.key = response_key
    if sp.flags_matter and not sp.flags_always_zero:
        out.code = pp.business.code(response)
        out.mult, out.minimum = sp.surcharge_at(out.code)
    else:
        out.mult = float(sp.multipliers[0])
        out.minimum = float(sp.minimums[0]) if sp.minimums is not None else None
    if sp.severity in URGENT or sp.resolution_spec is not None:
        out.key = ("resolved", response_key, sp.work_spec)
        out.resolved_at = chunk.memo(
            out.key, lambda: chunk.grid(sp.work_spec).deadline(response, chunk.effort[sl] * HOUR)
        )
    if sp.covered_spec is not None:
        covered, resolved = sp.covered_spec, out.resolved_at
        assert resolved is not None
        hours, late = chunk.memo(
            ("past coverage", out.key, covered),
            lambda: np.stack(past_coverage(chunk, covered, response, resolved, chunk.effort[sl])),
        )
        out.after_hours = hours
        out.late_code = pp.business.code(late)
        out.late_mult, out.late_minimum = sp.surcharge_at(out.late_code)
    if sp.resolution_spec is not None:
        spec = sp.resolution_spec
        due = chunk.memo(
            ("due", start_key, spec, sp.resolution_seconds),
            lambda: chunk.grid(spec).deadline(start, np.full(len(start), sp.resolution_seconds)),
        )
        assert out.resolved_at is not None
        out.resolution_breach = out.resolved_at > due
    return out


def simulate_package(chunk: Chunk, pp: PackagePlan, force_sequential: bool = False) -> YearOutcomes:
    draws, plan, scenario, years = chunk.draws, chunk.plan, chunk.scenario, chunk.years
    n = draws.size
    mult = np.ones(n)
    minimum = np.zeros(n) if any(sp.minimums is not None for sp in pp.severities) else None
    code = np.zeros(n, dtype=np.int64)
    active = np.ones(n, dtype=bool)
    hours_worked = chunk.effort
    late: Timeline | None = None  # the P1s, when their after-hours parts are billed as tasks of their own
    after_hours = np.zeros(years)
    downtime = np.zeros(years)
    lost_p1 = np.zeros(years)
    lost_p2 = np.zeros(years)
    over_4h = np.zeros(years)
    breaches = np.zeros(years)
    groups = years * 12
    breach_by_month = np.zeros(groups)
    down_by_month = np.zeros(groups)
    credits_terms = pp.package.service_credits
    none = np.zeros(0)
    p1_spans = (np.zeros(0, dtype=np.int32), none, none)  # the P1 downtime (disjoint spans), once worked out
    p1_key: tuple[object, ...] = ("no P1",)
    for sp in pp.severities:
        sl = draws.span(sp.severity)
        if sl.stop == sl.start:
            continue
        kept = chunk.faced(sp.keep, sp.severity)
        tl = timeline(chunk, pp, sp)
        mult[sl] = tl.mult
        code[sl] = tl.code
        if minimum is not None and tl.minimum is not None:
            minimum[sl] = tl.minimum
        if kept is not None:
            active[sl] = kept
        if sp.unlimited:
            active[sl] = False
        weight = np.ones(sl.stop - sl.start) if kept is None else kept.astype(np.float64)
        year = draws.year[sl]
        if tl.after_hours is not None:
            late = tl
            if hours_worked is chunk.effort:
                hours_worked = chunk.effort.copy()
            hours_worked[sl] -= tl.after_hours
            after_hours += np.bincount(year, weights=(tl.after_hours > 0) * weight, minlength=years)
        group = chunk.group[sl]
        per_breach = credits_terms.per_breach_pct > 0
        for breach, key, target, earns in (
            (tl.response_breach, tl.breach_key, "response", sp.credit_response),
            (tl.resolution_breach, (), "resolution", sp.credit_resolution),
        ):
            if breach is None:
                continue
            credited = per_breach and target in credits_terms.applies_to and earns
            by_year, by_month = breach_counts(chunk, breach, key, kept, sl, credited)
            breaches += by_year
            if by_month is not None:
                breach_by_month += by_month
        if sp.severity in URGENT:
            t = draws.t[sl]
            assert tl.resolved_at is not None
            if sp.severity is Severity.P1:
                restored = chunk.memo(
                    ("restored", tl.key, sp.restore_median_hours),
                    partial(restored_at, chunk, sp, tl.response_at, tl.resolved_at),
                )
                hours = (restored - t) / HOUR * weight
                down_by_month += np.bincount(group, weights=hours, minlength=groups)
                over_4h += np.bincount(year, weights=(hours > 4.0), minlength=years)
                # the store is down once: overlapping outages count the union of their spans
                p1_key = ("restored", tl.key, sp.restore_median_hours, sp.keep)  # what the spans depend on
                begin = chunk.memo(("p1 begin", *p1_key), partial(overlap_starts, t, restored, year, weight > 0))
                end = np.maximum(restored, begin)
                down = (end - begin) / HOUR * weight
                downtime += np.bincount(year, weights=down, minlength=years)
                lost = plan.frame.revenue_between(begin, end) * scenario.revenue * weight
                lost_p1 += np.bincount(year, weights=lost, minlength=years)
                live = weight > 0
                p1_spans = (year[live], begin[live], end[live])
            else:
                resolved = tl.resolved_at
                live = weight > 0
                share = np.broadcast_to(np.asarray(p2_share(chunk, sl), dtype=np.float64), t.shape)
                p2 = (year[live], t[live], resolved[live], share[live])
                own = chunk.memo(("p2 revenue", tl.key), partial(plan.frame.revenue_between, t, resolved))[live]
                key = ("p2 lost", p1_key, tl.key, sp.keep, plan.p2_loss * scenario.p2_loss)
                lost_p2 += chunk.memo(key, partial(p2_lost_by_year, plan.frame, years, p2, p1_spans, own)) * scenario.revenue
    tasks = IncidentTasks(
        hours=hours_worked,
        mult=mult,
        active=active,
        severity=chunk.severity,
        group=chunk.group,
        year=draws.year,
        month=draws.month,
        t=draws.t,
        minimum=minimum,
        code=code,
    )
    if late is not None:
        tasks = tasks.with_after_hours(late_tasks(chunk, late, active))
    pct = credit_pct(pp, breach_by_month, down_by_month, plan).reshape(years, 12).sum(axis=1) / 100.0
    if not pp.ranged:
        fees: FloatArray | float = pp.fees_annual
        variable = Biller(pp, plan.routine).variable_cost(tasks, years, force_sequential) * pp.fx
        credits = pct * pp.monthly_fee
    else:
        u = price_fractions(draws, pp)
        low, high = pp.at_price(0.0), pp.at_price(1.0)
        fees = low.fees_annual + u * (high.fees_annual - low.fees_annual)
        credits = pct * (low.monthly_fee + u * (high.monthly_fee - low.monthly_fee))
        if pp.linear_in_price:
            at_low = Biller(low, plan.routine).variable_cost(tasks, years, force_sequential)
            at_high = Biller(high, plan.routine).variable_cost(tasks, years, force_sequential)
            variable = (at_low + u * (at_high - at_low)) * pp.fx
        else:
            from magesupport.simulate.billing import bill_by_price

            variable = bill_by_price(pp, plan.routine, tasks, years, u, force_sequential) * pp.fx
    return YearOutcomes(
        fees=fees,
        variable=variable,
        downtime=downtime,
        lost_p1=lost_p1,
        lost_p2=lost_p2,
        credits=credits,
        breaches=breaches,
        outage_over_4h=over_4h > 0,
        recovery=plan.settings.credit_recovery,
        after_hours=after_hours,
    )


def breach_counts(
    chunk: Chunk,
    breach: NDArray[np.bool_],
    key: tuple[object, ...],
    kept: NDArray[np.bool_] | None,
    span: slice,
    by_month: bool,
) -> tuple[FloatArray, FloatArray | None]:
    """Breaches of the incidents a package faces (`kept`; None: all) per year, and per (year, month) when
    `by_month`. Counted over all incidents, they depend only on the breaches (`key`: shared when set)."""
    year = chunk.draws.year[span]
    if kept is not None:
        breach = breach & kept
    years, groups = chunk.years, chunk.years * 12

    def per_year() -> FloatArray:
        return np.bincount(year, weights=breach, minlength=years).astype(np.float64, copy=False)

    def per_month() -> FloatArray:
        return np.bincount(chunk.group[span], weights=breach, minlength=groups).astype(np.float64, copy=False)

    if kept is not None or not key:
        return per_year(), per_month() if by_month else None
    return chunk.memo((*key, "by year"), per_year), chunk.memo((*key, "by month"), per_month) if by_month else None


def late_tasks(chunk: Chunk, tl: Timeline, active: NDArray[np.bool_]) -> AfterHours:
    """The after-hours parts of the P1s (timeline `tl`): their hours, at the surcharge of the instant the
    coverage ended, charged when the incident is (`active`) and there are hours to bill."""
    sl = chunk.draws.span(Severity.P1)
    assert tl.after_hours is not None and tl.late_code is not None and tl.late_mult is not None
    rows = np.arange(sl.start, sl.stop)
    return AfterHours(
        rows=rows,
        hours=tl.after_hours,
        mult=tl.late_mult,
        minimum=tl.late_minimum,
        code=tl.late_code.astype(np.int64),
        active=active[rows] & (tl.after_hours > 0),
    )


def restored_at(
    chunk: Chunk, sp: SeverityPlan, response: FloatArray | None, resolved: FloatArray
) -> FloatArray:
    """When a P1 outage ends: service restored (worked in covered time from the response) or the fix done,
    whichever comes first; the fix itself (and its billing) is unchanged."""
    settings, draws = chunk.plan.settings, chunk.draws
    if sp.restore_median_hours is None or draws.z_restore is None or response is None:
        return resolved
    span = draws.span(sp.severity)
    z = draws.z_restore[span].astype(np.float64)
    hours = sp.restore_median_hours * np.exp(settings.restore_sigma * z)
    year_factor = draws.per_year("restore", span)
    if year_factor is not None:
        hours *= year_factor
    return np.minimum(resolved, chunk.grid(sp.work_spec).deadline(response, hours * HOUR))


def p2_share(chunk: Chunk, span: slice) -> FloatArray | float:
    """The share of revenue a P2 costs while open: the store's, x the scenario's factor, x the year's
    multiplier when it is drawn per year; at most 1."""
    share = chunk.plan.p2_loss * chunk.scenario.p2_loss
    factor = chunk.draws.per_year("p2_loss", span)
    if factor is None:
        return min(share, 1.0)
    return np.minimum(share * factor, 1.0)


def overlap_starts(
    start: FloatArray, end: FloatArray, year: NDArray[np.int32], active: NDArray[np.bool_]
) -> FloatArray:
    """Where each outage starts adding downtime: its start, or the latest end of the earlier outages of the
    same year that are still running (in order of start; inactive ones are skipped and keep their start)."""
    out = start.copy()
    index = np.flatnonzero(active)
    if len(index) < 2:
        return out
    # the draws' order (simulate/incidents.py) needs no sort
    ordered = in_order(year[index], start[index])
    order = index if ordered else index[np.lexsort((start[index], year[index]))]
    s, e, y = start[order], end[order], year[order].astype(np.float64)
    origin = float(min(s.min(), e.min()))
    span = float(max(s.max(), e.max()) - origin) + 1.0
    key = y * span + (e - origin)  # sorts by year, then end: only picks which end is the running maximum
    running = np.maximum.accumulate(key)
    at = np.maximum.accumulate(np.where(key >= running, np.arange(len(key)), 0))
    previous = np.empty(len(order), dtype=np.int64)
    previous[0] = -1
    previous[1:] = at[:-1]
    same_year = previous >= 0
    same_year[same_year] = y[previous[same_year]] == y[same_year]
    begin = s.copy()
    begin[same_year] = np.maximum(s[same_year], e[previous[same_year]])
    out[order] = begin
    return out


def price_fractions(draws: Draws, pp: PackagePlan) -> FloatArray:
    """Where each simulated year's price falls in the quote's ranges (0 = low, 1 = high), uniform: one stream
    per quote (its tiers and term options share it), from the run's seed and chunk."""
    stream = zlib.crc32(pp.package.quote_id.encode("utf-8"))
    raw = np.random.default_rng([*draws.price_seed, 5150, stream]).random(draws.years)
    return (np.floor(raw * PRICE_POINTS) + 0.5) / PRICE_POINTS


def uptime_tier_pct(pp: PackagePlan, uptime: FloatArray) -> FloatArray:
    """`ServiceCredits.uptime_tier_credit` for an array of uptimes: the credit of the lowest tier reached."""
    tiers = sorted(pp.package.service_credits.uptime_tiers, key=lambda t: t.below)
    below = np.array([t.below for t in tiers])
    credit = np.append(np.array([t.credit for t in tiers]), 0.0)
    return credit[np.searchsorted(below, uptime + 1e-12, side="right")]


def credit_pct(pp: PackagePlan, breaches: FloatArray, downtime: FloatArray, plan: StorePlan) -> FloatArray:
    """Service credits per (year, month) as % of the monthly fee: per breach, uptime shortfall, uptime
    tiers, capped."""
    terms = pp.package.service_credits
    pct = breaches * terms.per_breach_pct
    guarantee = pp.package.uptime_guarantee
    shortfall = guarantee is not None and terms.per_uptime_shortfall_pct > 0
    if shortfall or terms.uptime_tiers:
        month_hours = np.tile(plan.frame.month_hours(), len(downtime) // 12)
        uptime = 100.0 * (1.0 - downtime / month_hours)
        if shortfall:
            assert guarantee is not None
            steps = np.floor(np.maximum(guarantee - uptime, 0.0) / 0.1 + 1e-9)
            pct = pct + steps * terms.per_uptime_shortfall_pct
        if terms.uptime_tiers:
            pct = pct + uptime_tier_pct(pp, uptime)
    cap = terms.cap_pct if terms.cap_pct > 0 else plan.settings.credit_default_cap_pct
    return np.minimum(pct, cap)


def simulate_chunk(
    plan: StorePlan, draws: Draws, scenario: Scenario = Scenario(), packages: list[PackagePlan] | None = None
) -> list[YearOutcomes]:
    chunk = Chunk(plan, draws, scenario)
    return [simulate_package(chunk, pp) for pp in (packages or list(plan.packages))]
