"""The quick view of every package: what it commits the merchant to, what the stated workload costs under
its billing rules, how fast a P1 is answered at worst, and how it meets the archetype's needs."""

from __future__ import annotations

from magesupport import __version__
from magesupport.billing.monthly import bill_tasks
from magesupport.billing.rules import block_rate, guaranteed_hours_per_month
from magesupport.compare.needs import check_needs
from magesupport.compare.response import outage_cost, p1_outage_hours, response_profile, severity_coverage
from magesupport.compare.typical_month import tasks_for_year, typical_month, workload_summary
from magesupport.domain.base import Severity
from magesupport.domain.facts import AuditFacts
from magesupport.domain.package import PackageModel, SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results import (
    ArchetypeResult,
    CompareResult,
    MonthLine,
    PackageQuickView,
    StoreSummary,
)
from magesupport.domain.workspace import Workspace
from magesupport.estimates.archetypes import archetype_data, classify
from magesupport.estimates.traffic import store_weights
from magesupport.estimates.workload import WorkloadEstimate, estimate_workload


def committed_annual(package: SupportPackage, fx: float = 1.0) -> tuple[float, float, float]:
    """(annual committed cost, first-year committed cost, total over the minimum term), in the store's currency.

    Annual: monthly fee x 12, plus any minimum monthly billing, plus the onboarding fee spread over the
    minimum term (or over the first year when the term is shorter than a year).
    """
    pricing = package.pricing
    monthly = float(pricing.monthly_fee)
    if package.model is PackageModel.HOURLY and pricing.minimum_monthly_hours:
        monthly += pricing.minimum_monthly_hours * float(pricing.hourly_rate or 0)
    onboarding = float(pricing.onboarding_fee)
    term = package.contract.minimum_term_months
    annual = monthly * 12 + onboarding * 12 / max(term, 12)
    first_year = monthly * 12 + onboarding
    over_term = monthly * max(term, 1) + onboarding
    return annual * fx, first_year * fx, over_term * fx


def effective_hourly_rate(package: SupportPackage, fx: float = 1.0) -> tuple[float | None, str | None]:
    """Committed cost per guaranteed hour (the guide's yardstick); for ad hoc models the rate itself."""
    pricing = package.pricing
    if package.model is PackageModel.HOURLY:
        return (
            float(pricing.hourly_rate) * fx if pricing.hourly_rate is not None else None
        ), "the ad hoc rate"
    if package.model is PackageModel.PREPAID_BLOCK:
        size = pricing.block_hours or 0.0
        return block_rate(pricing, size) * fx, f"price per hour of a {size:g}-hour block"
    hours, note = guaranteed_hours_per_month(package)
    if hours <= 0:
        return None, "no guaranteed hours"
    annual, _, _ = committed_annual(package, fx)
    return annual / (hours * 12), note


def quick_view(
    package: SupportPackage, store: StoreProfile, estimate: WorkloadEstimate, fx: float, needs: dict
) -> PackageQuickView:
    lines = typical_month(store, package, estimate)
    billing = bill_tasks(package, tasks_for_year(lines), months=12)
    annual, first_year, over_term = committed_annual(package, fx)
    rate, note = effective_hourly_rate(package, fx)
    p1 = response_profile(package, Severity.P1, store.timezone)
    hours, _ = guaranteed_hours_per_month(package)
    outage = p1_outage_hours(
        package, estimate.effort_hours[Severity.P1], store.timezone, store_weights(store)
    )
    downtime = (
        outage_cost(outage[1], store.revenue_per_hour) * estimate.incidents_per_year[Severity.P1]
        if outage
        else None
    )
    months = tuple(
        MonthLine(
            month=m.month + 1,
            fee=m.fee * fx,
            billed_hours=m.billed_hours,
            included_hours_used=m.included_hours_used + m.carried_hours_used + m.pool_hours_used,
            overflow_hours=m.overflow_hours,
            variable_cost=m.variable_cost * fx,
            carried_out=m.carried_out,
            expired=m.expired_units,
            total=m.total * fx,
        )
        for m in billing.months
    )
    variable = billing.variable_cost * fx
    if package.model is PackageModel.HOURLY and package.pricing.minimum_monthly_hours:
        # the minimum monthly billing is already in the commitment: only billing above it is variable
        variable = max(
            variable
            - package.pricing.minimum_monthly_hours * float(package.pricing.hourly_rate or 0) * 12 * fx,
            0.0,
        )
    return PackageQuickView(
        id=package.id,
        name=package.name,
        model=package.model.value,
        provider=package.provider.name,
        currency=package.currency,
        fx_rate=fx,
        monthly_fee=float(package.pricing.monthly_fee) * fx,
        onboarding_fee=float(package.pricing.onboarding_fee) * fx,
        minimum_term_months=package.contract.minimum_term_months,
        committed_annual=annual,
        first_year_committed=first_year,
        term_commitment=over_term,
        guaranteed_hours_per_month=hours,
        effective_hourly_rate=rate,
        effective_rate_note=note,
        workload_variable_annual=variable,
        workload_total_annual=annual + variable,
        months=months,
        p1_response=p1,
        p1_outage_worst_hours=outage[0] if outage else None,
        p1_outage_mean_hours=outage[1] if outage else None,
        p1_downtime_cost_annual=downtime,
        coverage=tuple(severity_coverage(package, store.timezone)),
        needs=tuple(check_needs(package, needs, p1)),
        total_with_downtime_annual=annual + variable + (downtime or 0.0),
    )


def store_summary(store: StoreProfile) -> StoreSummary:
    return StoreSummary(
        name=store.name,
        edition=store.edition.value,
        magento_version=store.magento_version,
        currency=store.currency,
        annual_revenue=float(store.annual_revenue),
        revenue_per_hour=store.revenue_per_hour,
        timezone=store.timezone,
        extensions=store.stack.extensions,
        custom_modules=store.stack.custom_modules,
        integrations=tuple(store.stack.integrations),
        internal_team=f"{store.internal_team.level.value}"
        + (f", {store.internal_team.hours_per_week:g} h/week" if store.internal_team.hours_per_week else ""),
        risk_tolerance=store.risk_tolerance.value,
    )


def compare_workspace(
    workspace: Workspace, facts: AuditFacts | None = None, archetype: ArchetypeResult | None = None
) -> CompareResult:
    store = workspace.store
    estimate = estimate_workload(store, facts)
    archetype = archetype or classify(store)
    needs = archetype_data()[archetype.archetype]["needs"]
    views = tuple(quick_view(p, store, estimate, float(workspace.fx(p)), needs) for p in workspace.packages)
    return CompareResult(
        tool_version=__version__,
        store=store_summary(store),
        archetype=archetype,
        workload=tuple(workload_summary(store, estimate)),
        packages=views,
        assumptions=estimate.assumptions,
    )
