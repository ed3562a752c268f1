"""The simulation as a plain loop over incidents: slow, readable, and the oracle for the vectorised engine.

It reads the same draws and the same plan, asks the calendars one instant at a time, works out the
surcharge flags and the provider's local minute of the week with datetime, and bills each year with
`billing.monthly.bill_tasks` on the quote priced at that year's draw (so the billing rules live in one
place). `tests/simulate` checks that the engine gives the same numbers.
"""

from __future__ import annotations

import itertools
import math
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.billing.monthly import bill_tasks
from magesupport.billing.rules import Task
from magesupport.calendars.tables import holiday_dates
from magesupport.domain.base import SEVERITIES, Severity
from magesupport.domain.package import ClockStart, TaskKind
from magesupport.simulate.incidents import Draws
from magesupport.simulate.inputs import PackagePlan, StorePlan
from magesupport.simulate.vectorised import Scenario, YearOutcomes, price_fractions

HOUR = 3600.0
MINUTE = 60.0


def _one(value) -> float:
    return float(np.asarray(value).reshape(-1)[0])


class _Clock:
    """Scalar calendar questions on the exact calendars of the plan."""

    def __init__(self, plan: StorePlan):
        self.plan = plan

    def deadline(self, spec, start: float, seconds: float) -> float:
        return _one(self.plan.calendars.exact(spec).deadline(np.array([start]), np.array([seconds])))

    def next_covered(self, spec, t: float) -> float:
        return _one(self.plan.calendars.exact(spec).next_covered(np.array([t])))

    def is_covered(self, spec, t: float) -> bool:
        return bool(self.plan.calendars.exact(spec).is_covered(np.array([t]))[0])

    def next_uncovered(self, spec, t: float) -> float:
        return _one(self.plan.calendars.exact(spec).next_uncovered(np.array([t])))

    def covered_seconds(self, spec, a: float, b: float) -> float:
        return _one(self.plan.calendars.exact(spec).covered_seconds(np.array([a]), np.array([b])))


def simulate_reference(
    plan: StorePlan, draws: Draws, scenario: Scenario = Scenario(), packages: list[PackagePlan] | None = None
) -> list[YearOutcomes]:
    return [reference_package(plan, draws, pp, scenario) for pp in (packages or list(plan.packages))]


def reference_package(plan: StorePlan, draws: Draws, pp: PackagePlan, scenario: Scenario) -> YearOutcomes:
    clock = _Clock(plan)
    settings = plan.settings
    frame = plan.frame
    knots = frame.y0 + np.arange(len(frame.revenue_cum)) * HOUR
    business = pp.package.business_calendar(plan.store.timezone)
    business_zone = ZoneInfo(business.timezone)
    closed = holiday_dates(business, frame.year - 1, frame.year + 4)
    month_hours = frame.month_hours()
    terms = pp.package.service_credits
    package = pp.package
    fractions = price_fractions(draws, pp) if package.ranged() else None
    sev_of = {}
    for severity in SEVERITIES:
        span = draws.span(severity)
        for i in range(span.start, span.stop):
            sev_of[i] = severity
    by_year: list[list[int]] = [[] for _ in range(draws.years)]
    for i in range(draws.size):
        by_year[int(draws.year[i])].append(i)

    out = {
        name: np.zeros(draws.years)
        for name in ("fees", "variable", "downtime", "lost_p1", "lost_p2", "credits", "breaches")
    }
    over_4h = np.zeros(draws.years, dtype=bool)
    after_hours = np.zeros(draws.years)
    for year, indices in enumerate(by_year):
        tasks_by_month: list[list[Task]] = [[] for _ in range(12)]
        breaches_by_month = [0.0] * 12
        down_by_month = [0.0] * 12
        running_end = -math.inf  # the latest end of this year's P1 outages so far
        p1_spans: list[tuple[float, float]] = []  # this year's P1 downtime, disjoint spans
        p2_open: list[tuple[float, float, float]] = []  # (start, resolved, share) of this year's P2s
        for i in sorted(indices, key=lambda i: (float(draws.t[i]), i)):
            severity = sev_of[i]
            sp = pp.severities[SEVERITIES.index(severity)]
            years_in = draws.inputs  # the uncertain inputs drawn per year (None: the priors' figures)
            factor = float(years_in.prevention[year]) if years_in is not None else 1.0
            share = float(scenario.keep(sp.keep, draws.rate_scale, factor))
            if share < 1.0 and not float(draws.u_keep[i]) < share:
                continue  # prevented (or thinned away)
            t = float(draws.t[i])
            month = int(draws.month[i])
            delay = -math.log1p(-float(draws.u_detect[i]))
            median = plan.effort_median[severity] * scenario.effort
            if years_in is not None:
                median *= float(years_in.effort[year])
            effort = min(
                median * math.exp(plan.effort_sigma * float(draws.z_effort[i])), settings.effort_cap_hours
            )

            # detection: the merchant's next look; customers at busy hours for a P1; monitoring alerts
            merchant = (
                clock.next_covered(plan.merchant_spec, t) + settings.merchant_look_minutes * MINUTE * delay
            )
            if severity is Severity.P1 and plan.busy[int(draws.hour[i])]:
                merchant = min(merchant, t + settings.customer_report_minutes * MINUTE * delay)
            alert = None
            if sp.alert_spec is not None:
                alert = clock.next_covered(sp.alert_spec, t + settings.monitoring_minutes * MINUTE * delay)
            reported = merchant if alert is None else min(merchant, alert)

            # the provider's clock: at the report, or when its people on duty see it (plus triage)
            triage = settings.triage_minutes * MINUTE
            if package.sla_clock_starts is ClockStart.ACKNOWLEDGEMENT:
                start = clock.next_covered(sp.duty_spec, reported) + triage
            elif package.sla_clock_starts is ClockStart.DETECTION:
                start = clock.next_covered(sp.duty_spec, merchant) + triage
                start = start if alert is None else min(start, alert)
            else:
                start = reported

            # response around the target; work in covered time; the targets (soft ones earn no credits)
            sla = package.terms(severity)
            multiple = sp.median * math.exp(sp.sigma * float(draws.z_resp[i]))
            response = clock.deadline(sp.target_spec, start, sp.target_seconds * multiple)
            resolved = clock.deadline(sp.work_spec, response, effort * HOUR)
            missed = 0
            counted = 0
            if sp.has_response_target and multiple > 1.0:
                missed += 1
                counted += "response" in terms.applies_to and (sla is None or sla.guaranteed("response"))
            if sp.resolution_spec is not None:
                due = clock.deadline(sp.resolution_spec, start, sp.resolution_seconds)
                if resolved > due:
                    missed += 1
                    counted += "resolution" in terms.applies_to and (
                        sla is None or sla.guaranteed("resolution")
                    )
            out["breaches"][year] += missed
            breaches_by_month[month] += counted

            # outage and lost revenue
            if severity in (Severity.P1, Severity.P2):
                lost = float(
                    np.interp(resolved, knots, frame.revenue_cum) - np.interp(t, knots, frame.revenue_cum)
                )
                lost *= scenario.revenue
                if severity is Severity.P1:
                    restored = resolved
                    if sp.restore_median_hours is not None and draws.z_restore is not None:
                        hours = sp.restore_median_hours * math.exp(
                            settings.restore_sigma * float(draws.z_restore[i])
                        )
                        if years_in is not None:
                            hours *= float(years_in.restore[year])
                        restored = min(resolved, clock.deadline(sp.work_spec, response, hours * HOUR))
                    hours = (restored - t) / HOUR
                    down_by_month[month] += hours
                    over_4h[year] |= hours > 4.0
                    # the store is down once: an outage overlapping an earlier one adds only what lies beyond
                    begin = max(t, running_end)
                    end = max(restored, begin)
                    running_end = max(running_end, restored)
                    if end > begin:
                        p1_spans.append((begin, end))
                    out["downtime"][year] += (end - begin) / HOUR
                    out["lost_p1"][year] += scenario.revenue * float(
                        np.interp(end, knots, frame.revenue_cum) - np.interp(begin, knots, frame.revenue_cum)
                    )
                else:
                    p2 = plan.p2_loss * scenario.p2_loss
                    if years_in is not None and years_in.p2_loss is not None:
                        p2 *= float(years_in.p2_loss[year])
                    p2_open.append((t, resolved, min(p2, 1.0)))

            # the task as billed: flags of the instant work started, relative to the provider; a P1 worked
            # past its coverage is two tasks, the hours past it flagged by the instant the coverage ended
            parts = [(effort, response)]
            if sp.covered_spec is not None:
                late = clock.next_uncovered(sp.covered_spec, response)
                if resolved > late:
                    inside = clock.covered_seconds(sp.covered_spec, response, resolved) / HOUR
                    after = max(effort - inside, 0.0)
                    parts = [(effort - after, response), (after, late)]
                    after_hours[year] += after > 0
                    parts = [(h, at) for h, at in parts if h > 0]
            for hours, at in parts:
                local = datetime.fromtimestamp(at, business_zone)
                tasks_by_month[month].append(
                    Task(
                        kind=TaskKind.INCIDENT,
                        hours=hours,
                        severity=severity,
                        month=month,
                        outside_business_hours=not clock.is_covered(business, at),
                        weekend=local.weekday() >= 5,
                        holiday=local.date() in closed,
                        minute_of_week=local.weekday() * 1440
                        + local.hour * 60
                        + local.minute
                        + (local.second + local.microsecond / 1e6) / 60,
                    )
                )

        # the loss rate at an instant is min(1, D + the open P2s' shares), D = 1 while a P1 has the store
        # down: the P2s lose min(their shares, 1 - D), walked from one start or end to the next
        def revenue(a: float, b: float) -> float:
            return float(np.interp(b, knots, frame.revenue_cum) - np.interp(a, knots, frame.revenue_cum))

        edges = sorted({x for a, b, _ in p2_open for x in (a, max(a, b))} | {x for ab in p1_spans for x in ab})
        for a, b in itertools.pairwise(edges):
            mid = (a + b) / 2
            if any(lo <= mid < hi for lo, hi in p1_spans):
                continue
            level = sum(share for lo, hi, share in p2_open if lo <= mid < hi)
            out["lost_p2"][year] += min(level, 1.0) * revenue(a, b) * scenario.revenue

        tasks: list[Task] = []
        for month in range(12):
            for r in plan.routine:
                tasks.append(Task(kind=r.kind, hours=r.hours, count=r.count, month=month))
            tasks.extend(tasks_by_month[month])
        priced = package if fractions is None else package.priced(float(fractions[year]))
        out["variable"][year] = bill_tasks(priced, tasks, 12).variable_cost * pp.fx
        fee = float(priced.pricing.monthly_fee) * pp.fx
        term = priced.contract.minimum_term_months
        out["fees"][year] = (
            float(priced.pricing.monthly_fee) * 12 + float(priced.pricing.onboarding_fee) * 12 / max(term, 12)
        ) * pp.fx

        for month in range(12):
            pct = breaches_by_month[month] * terms.per_breach_pct
            uptime = 100.0 * (1.0 - down_by_month[month] / month_hours[month])
            if package.uptime_guarantee is not None and terms.per_uptime_shortfall_pct > 0:
                steps = math.floor(max(package.uptime_guarantee - uptime, 0.0) / 0.1 + 1e-9)
                pct += steps * terms.per_uptime_shortfall_pct
            pct += terms.uptime_tier_credit(uptime)
            cap = terms.cap_pct if terms.cap_pct > 0 else settings.credit_default_cap_pct
            out["credits"][year] += min(pct, cap) / 100.0 * fee

    return YearOutcomes(
        fees=pp.fees_annual if fractions is None else out["fees"],
        variable=out["variable"],
        downtime=out["downtime"],
        lost_p1=out["lost_p1"],
        lost_p2=out["lost_p2"],
        credits=out["credits"],
        breaches=out["breaches"],
        outage_over_4h=over_4h,
        recovery=settings.credit_recovery,
        after_hours=after_hours,
    )
