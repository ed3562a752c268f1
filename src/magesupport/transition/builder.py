"""Build the transition plan: discovery and access, stabilisation, parallel running and cut-over, then the
review 30 days after cut-over, with dates; plus the responsibility matrix when the store has its own team.

Phase lengths grow with the store (startup 1/2/1 weeks, mid-market 2/3/2, enterprise 3/4/4). The cut-over
is moved off Fridays, weekends and Mondays to the next Tuesday, off the merchant's holidays, and out of the
store's peaks (and the freeze before one: 28 days unless `plan --freeze-days` says otherwise) to the first
Tuesday after the peak ends. The review 30 days later is moved off weekends, holidays and peaks to the next
working day after them. Every move is a note that says why.
"""

from __future__ import annotations

from datetime import date, timedelta

from magesupport.calendars.tables import holiday_dates
from magesupport.domain.base import Cadence, Severity
from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import Peak, StoreProfile, TeamLevel
from magesupport.domain.results_review import PlanTask, TransitionPlan
from magesupport.transition.responsibilities import responsibilities

PHASE_DAYS = {"startup": (7, 14, 7), "midmarket": (14, 21, 14), "enterprise": (21, 28, 28)}
FREEZE_DAYS = (
    28  # no cut-over in the four weeks before a peak (a code freeze ahead of BFCM starts about then)
)
REVIEW_AFTER_DAYS = 30
PHASES = {
    1: "Discovery and access",
    2: "Stabilisation, monitoring and runbook",
    3: "Parallel running and cut-over",
    4: "Review after cut-over",
}


def blocked_by_peak(
    day: date, peaks: tuple[Peak, ...], freeze_days: int = FREEZE_DAYS
) -> tuple[Peak, date] | None:
    """The peak (with its last day) that forbids a cut-over on `day`: inside it or in the freeze before it."""
    for peak in peaks:
        for year in (day.year - 1, day.year, day.year + 1):
            window = peak.window(year)
            if window is not None and window[0] - timedelta(days=freeze_days) <= day <= window[1]:
                return peak, window[1]
    return None


def next_tuesday(day: date) -> date:
    """`day` when it is a Tuesday, Wednesday or Thursday; otherwise the next Tuesday."""
    if day.weekday() in (1, 2, 3):
        return day
    return day + timedelta(days=(1 - day.weekday()) % 7)


def choose_cutover(
    planned: date,
    peaks: tuple[Peak, ...],
    freeze_days: int = FREEZE_DAYS,
    holidays: frozenset[date] = frozenset(),
) -> tuple[date, list[str]]:
    """The cut-over day: a Tuesday to Thursday, not a holiday, outside every peak and the freeze before it."""
    notes = []
    day = next_tuesday(planned)
    if day != planned:
        notes.append(f"cut-over moved from {planned:%a %Y-%m-%d} to a Tuesday-Thursday ({day:%a %Y-%m-%d})")
    for _ in range(len(peaks) * 3 + 40):
        hit = blocked_by_peak(day, peaks, freeze_days)
        if hit is not None:
            peak, end = hit
            moved = next_tuesday(end + timedelta(days=1))
            notes.append(
                f"cut-over moved out of {peak.name} (and its {freeze_days}-day freeze) to {moved:%a %Y-%m-%d}"
            )
            day = moved
            continue
        if day in holidays:
            moved = next_tuesday(day + timedelta(days=1))
            notes.append(f"cut-over moved off the holiday on {day:%a %Y-%m-%d} to {moved:%a %Y-%m-%d}")
            day = moved
            continue
        break
    return day, notes


def choose_review(
    planned: date, peaks: tuple[Peak, ...], holidays: frozenset[date] = frozenset()
) -> tuple[date, list[str]]:
    """The review day: a working day (Monday to Friday, not a holiday) outside every peak."""
    notes = []
    day = planned
    for _ in range(len(peaks) * 3 + 40):
        inside = next((p for p in peaks if p.covers(day)), None)
        if inside is not None:
            end = next(
                w[1] for y in (day.year - 1, day.year) if (w := inside.window(y)) and w[0] <= day <= w[1]
            )
            moved = end + timedelta(days=1)
            notes.append(
                f"review moved out of {inside.name} (people are busy with the peak) to {moved:%a %Y-%m-%d}"
            )
            day = moved
            continue
        if day.weekday() >= 5 or day in holidays:
            moved = day + timedelta(days=1)
            while moved.weekday() >= 5 or moved in holidays:
                moved += timedelta(days=1)
            why = "the holiday" if day in holidays else "the weekend"
            notes.append(f"review moved off {why} on {day:%a %Y-%m-%d} to {moved:%a %Y-%m-%d}")
            day = moved
            continue
        break
    return day, notes


def _task(phase: int, task: str, detail: str, owner: str, start: date, due: date) -> PlanTask:
    return PlanTask(
        phase=phase, phase_name=PHASES[phase], task=task, detail=detail, owner=owner, start=start, due=due
    )


def merchant_holidays(store: StoreProfile, start: date) -> frozenset[date]:
    """The merchant's closed days (its calendar's public holidays and extra days) around the plan."""
    return frozenset(holiday_dates(store.merchant_calendar(), start.year, start.year + 2))


def build_plan(
    store: StoreProfile,
    package: SupportPackage,
    archetype: str,
    start: date,
    freeze_days: int = FREEZE_DAYS,
) -> TransitionPlan:
    discovery, stabilise, parallel = PHASE_DAYS[archetype]
    holidays = merchant_holidays(store, start)
    services = package.services
    stack = store.stack
    p2_start = start + timedelta(days=discovery)
    p3_start = p2_start + timedelta(days=stabilise)
    cutover, notes = choose_cutover(p3_start + timedelta(days=parallel), store.peaks, freeze_days, holidays)
    review, review_notes = choose_review(cutover + timedelta(days=REVIEW_AFTER_DAYS), store.peaks, holidays)
    notes += review_notes
    access_due = start + timedelta(days=min(3, discovery - 1))
    integrations = ", ".join(stack.integrations) or "none listed"
    hosting = (
        "the Adobe Commerce Cloud project"
        if stack.hosting.value == "adobe_cloud"
        else "hosting (SSH, cloud console)"
    )
    tasks = [
        _task(
            1,
            "Grant access",
            f"{hosting}, Magento admin, Git repositories, and the third-party services ({integrations}); "
            "personal accounts with 2FA, never shared passwords",
            "merchant",
            start,
            access_due,
        ),
        _task(
            1,
            "Hand over documentation",
            "architecture diagrams, deployment procedure, custom module notes, known issues and open tickets",
            "merchant",
            start,
            start + timedelta(days=discovery // 2),
        ),
        _task(
            1,
            "Technical audit and baseline",
            f"code ({stack.custom_modules} custom modules, {stack.extensions} extensions), server configuration, "
            "database health; record a performance baseline and list immediate risks",
            "provider",
            access_due,
            p2_start,
        ),
        _task(
            1,
            "Agree severities and escalation",
            "confirm the P1-P4 definitions against the store's business impact, the emergency channels ("
            + ", ".join(c.value for c in package.provider.emergency_channels)
            + ") and the merchant's escalation contacts",
            "both",
            start,
            p2_start,
        ),
    ]
    patching = services.security_patching.included
    tasks.append(
        _task(
            2,
            "Security hardening",
            "apply missed security patches, secure the admin (custom path, 2FA"
            + ("" if services.two_factor_enforcement else ": the merchant enforces it, the package does not")
            + "), remove stale accounts and keys",
            "provider" if patching else "merchant",
            p2_start,
            p2_start + timedelta(days=stabilise // 2),
        )
    )
    monitored = services.monitoring.uptime
    tasks.append(
        _task(
            2,
            "Monitoring and alerting",
            (
                f"install the provider's monitoring (uptime{', APM' if services.monitoring.apm else ''}); route "
                f"alerts ({services.monitoring.alerting.replace('_', ' ')}) to the on-call rota and the merchant"
            )
            if monitored
            else "the package includes no monitoring: keep or set up the store's own uptime checks and alerts",
            "provider" if monitored else "merchant",
            p2_start,
            p2_start + timedelta(days=stabilise // 2),
        )
    )
    tasks.append(
        _task(
            2,
            "Runbook for P1 and P2",
            "step-by-step handling of this store's likely P1/P2 issues: checkout or payment failure, "
            f"integration outages ({integrations}), cache and search failures, deployment rollback",
            "provider",
            p2_start + timedelta(days=stabilise // 3),
            p3_start,
        )
    )
    dr = services.disaster_recovery
    if dr.backups is not Cadence.NONE or dr.rto is not None:
        tasks.append(
            _task(
                2,
                "Backups and a first restore test",
                f"check backups ({dr.backups.value}) and restore one to staging"
                + (f"; confirm RTO {dr.rto} and RPO {dr.rpo}" if dr.rto and dr.rpo else ""),
                "provider",
                p2_start + timedelta(days=stabilise // 3),
                p3_start,
            )
        )
    tasks.append(
        _task(
            2,
            "Fix the audit's urgent findings",
            "agree which audit findings are fixed before cut-over and which go on the backlog",
            "both",
            p2_start,
            p3_start,
        )
    )
    p1 = package.terms(Severity.P1)
    coverage = str(p1.coverage) if p1 else "no P1 coverage"
    tasks += [
        _task(
            3,
            "Shadow minor tickets",
            "the new team handles a few minor tickets while the current support stays on call for emergencies",
            "both",
            p3_start,
            cutover,
        ),
        _task(
            3,
            "Test the deployment pipeline end to end",
            "ship a small change through staging to production, and a rollback",
            "provider",
            p3_start,
            cutover - timedelta(days=2),
        ),
        _task(
            3,
            "Serve notice to the current support",
            "time it so the current contract ends after the cut-over, never before",
            "merchant",
            p3_start,
            p3_start + timedelta(days=2),
        ),
        _task(
            3,
            "Cut-over",
            f"from this date the new provider answers P1 ({coverage}) and all support; publish the new contacts",
            "both",
            cutover,
            cutover,
        ),
        _task(
            4,
            "Review 30 days after cut-over",
            "compare the month's response and resolution times with the SLA, close documentation gaps, check "
            "hours used against the plan",
            "both",
            review,
            review,
        ),
    ]
    if store.internal_team.level is TeamLevel.JUNIOR:
        notes.append("the internal team is junior: ask for training sessions during stabilisation")
    return TransitionPlan(
        store=store.name,
        package_id=package.id,
        package_name=package.name,
        provider=package.provider.name,
        start=start,
        cutover=cutover,
        review=review,
        notes=tuple(notes),
        tasks=tuple(tasks),
        responsibilities=responsibilities(store, package),
    )
