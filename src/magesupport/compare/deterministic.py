"""The quick view of every package: what it commits the merchant to, what the stated workload costs under
its billing rules, how fast a P1 is answered at worst, and how it meets the archetype's needs."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

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
    MoneyRange,
    MonthLine,
    PackageQuickView,
    QuotedRanges,
    StoreSummary,
    TierChoice,
    WorkloadLine,
)
from magesupport.domain.units import PriceRange
from magesupport.domain.workspace import Workspace
from magesupport.estimates.archetypes import archetype_data, classify
from magesupport.estimates.traffic import reference_traffic
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


def effective_hourly_rate(
    package: SupportPackage, fx: float = 1.0, hours_per_task: float | None = None
) -> tuple[float | None, str | None]:
    """Committed cost per guaranteed hour (the guide's yardstick); for ad hoc models the rate itself.

    Tickets without an hour cap hold `hours_per_task` (the stated workload's average task) each."""
    pricing = package.pricing
    if package.model is PackageModel.HOURLY:
        return (
            float(pricing.hourly_rate) * fx if pricing.hourly_rate is not None else None
        ), "the ad hoc rate"
    if package.model is PackageModel.PREPAID_BLOCK:
        size = pricing.block_hours
        if size is None:
            return block_rate(pricing, 0.0) * fx, "price per hour bought as needed, before volume tiers"
        return block_rate(pricing, size) * fx, f"price per hour of a {size:g}-hour block"
    hours, note = guaranteed_hours_per_month(package, hours_per_task)
    if hours <= 0:
        return None, "no guaranteed hours"
    annual, _, _ = committed_annual(package, fx)
    return annual / (hours * 12), note


def average_task_hours(lines: list[WorkloadLine]) -> float | None:
    """Hours of the stated workload's average task (None without work)."""
    count = sum(line.count_per_month for line in lines)
    return sum(line.hours * line.count_per_month for line in lines) / count if count > 0 else None


@dataclass(frozen=True)
class _Money:
    """The money figures of a quick view, in the store's currency."""

    monthly_fee: float
    committed_annual: float
    first_year: float
    over_term: float
    variable: float
    rate: float | None
    note: str | None
    months: tuple[MonthLine, ...]
    downtime: float | None
    per_month: float  # fees and minimum billing a month

    @property
    def total(self) -> float:
        return self.committed_annual + self.variable

    @property
    def total_with_downtime(self) -> float:
        return self.total + (self.downtime or 0.0)


def _money(
    package: SupportPackage, lines: list[WorkloadLine], factor: float, downtime: float | None
) -> _Money:
    billing = bill_tasks(package, tasks_for_year(lines), months=12)
    annual, first_year, over_term = committed_annual(package, factor)
    rate, note = effective_hourly_rate(package, factor, average_task_hours(lines))
    months = tuple(
        MonthLine(
            month=m.month + 1,
            fee=m.fee * factor,
            billed_hours=m.billed_hours,
            included_hours_used=m.included_hours_used + m.carried_hours_used + m.pool_hours_used,
            overflow_hours=m.overflow_hours,
            variable_cost=m.variable_cost * factor,
            carried_out=m.carried_out,
            expired=m.expired_units,
            total=m.total * factor,
        )
        for m in billing.months
    )
    variable = billing.variable_cost * factor
    if package.model is PackageModel.HOURLY and package.pricing.minimum_monthly_hours:
        # the minimum monthly billing is already in the commitment: only billing above it is variable
        variable = max(
            variable
            - package.pricing.minimum_monthly_hours * float(package.pricing.hourly_rate or 0) * 12 * factor,
            0.0,
        )
    return _Money(
        monthly_fee=float(package.pricing.monthly_fee) * factor,
        committed_annual=annual,
        first_year=first_year,
        over_term=over_term,
        variable=variable,
        rate=rate,
        note=note,
        months=months,
        downtime=downtime,
        per_month=(first_year - float(package.pricing.onboarding_fee) * factor) / 12,
    )


def _ranges(package: SupportPackage, low: _Money, high: _Money) -> QuotedRanges:
    def span(a: float, b: float) -> MoneyRange:
        return MoneyRange(low=min(a, b), high=max(a, b))

    fields = tuple(f"{path} {value!s} {package.currency}" for path, value in ranged_prices(package))
    return QuotedRanges(
        fields=fields,
        monthly_fee=span(low.monthly_fee, high.monthly_fee),
        committed_annual=span(low.committed_annual, high.committed_annual),
        workload_total_annual=span(low.total, high.total),
        total_with_downtime_annual=span(low.total_with_downtime, high.total_with_downtime),
        effective_hourly_rate=span(low.rate, high.rate)
        if low.rate is not None and high.rate is not None
        else None,
        price_per_month=span(low.per_month, high.per_month),
    )


def quick_view(
    package: SupportPackage,
    store: StoreProfile,
    estimate: WorkloadEstimate,
    fx: float,
    needs: dict,
    factor: float | None = None,
    tax_basis: str = "net",
) -> PackageQuickView:
    """The package's quick view; amounts are quoted prices x `factor` (fx and tax basis; fx by default)."""
    factor = fx if factor is None else factor
    lines = typical_month(store, package, estimate)
    p1 = response_profile(package, Severity.P1, store.timezone)
    hours, _ = guaranteed_hours_per_month(package, average_task_hours(lines))
    outage = p1_outage_hours(
        package, estimate.effort_hours[Severity.P1], store.timezone, reference_traffic(store)
    )
    # P1s arrive uniformly in time; each is priced by the revenue of the hours it spans (traffic used once)
    downtime = (
        outage_cost(outage.mean_revenue_hours, store.revenue_per_hour)
        * estimate.incidents_per_year[Severity.P1]
        if outage
        else None
    )
    money = _money(package, lines, factor, downtime)
    ranges = None
    if package.ranged():
        ranges = _ranges(
            package,
            _money(package.priced(0.0), lines, factor, downtime),
            _money(package.priced(1.0), lines, factor, downtime),
        )
    pricing = package.pricing
    term = package.term_option
    burst = pricing.burst.extra_fraction * pricing.included_per_year / 12 if pricing.burst else 0.0
    return PackageQuickView(
        id=package.id,
        name=package.name,
        model=package.model.value,
        provider=package.provider.name,
        currency=package.currency,
        fx_rate=fx,
        monthly_fee=money.monthly_fee,
        onboarding_fee=float(pricing.onboarding_fee) * factor,
        minimum_term_months=package.contract.minimum_term_months,
        committed_annual=money.committed_annual,
        first_year_committed=money.first_year,
        term_commitment=money.over_term,
        guaranteed_hours_per_month=hours,
        effective_hourly_rate=money.rate,
        effective_rate_note=money.note,
        workload_variable_annual=money.variable,
        workload_total_annual=money.total,
        months=money.months,
        p1_response=p1,
        p1_outage_worst_hours=outage.worst_hours if outage else None,
        p1_outage_mean_hours=outage.mean_hours if outage else None,
        p1_downtime_cost_annual=downtime,
        coverage=tuple(severity_coverage(package, store.timezone)),
        needs=tuple(check_needs(package, needs, p1, average_task_hours(lines))),
        total_with_downtime_annual=money.total_with_downtime,
        quote_id=package.quote_id,
        tier=package.tier,
        term_months=term.months if term else None,
        term_discount_pct=term.discount if term else 0.0,
        notes=package.notes,
        money_factor=factor,
        tax_rate_pct=pricing.tax_rate,
        prices_include_tax=pricing.prices_include_tax,
        ranges=ranges,
        surcharges=tuple(s.describe(package.currency) for s in pricing.surcharges),
        burst_hours_per_month=burst,
        sla_clock_starts=package.sla_clock_starts.value,
        price_per_month=money.per_month,
        tax_basis=tax_basis,
    )


def ranged_prices(package: SupportPackage) -> list[tuple[str, PriceRange]]:
    """The prices a quote gives as ranges, with their key paths (`pricing.monthly_fee`)."""
    found: list[tuple[str, PriceRange]] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, PriceRange):
            found.append((path, value))
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{path}.{name}" if path else name)
        elif isinstance(value, tuple | list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")

    walk(package, "")
    return found


def tier_choices(views: tuple[PackageQuickView, ...], names: dict[str, str]) -> tuple[TierChoice, ...]:
    """Per quote with several variants, the one with the lowest expected total a year (support for the stated
    workload plus P1 downtime), and its margin over the next best."""
    groups: dict[str, list[PackageQuickView]] = {}
    for view in views:
        groups.setdefault(view.quote_id or view.id, []).append(view)
    return tuple(
        choose_variant(
            quote,
            names.get(quote, quote),
            [(v.id, v.total_with_downtime_annual) for v in group],
            "deterministic",
        )
        for quote, group in groups.items()
        if len(group) > 1
    )


def choose_variant(quote: str, name: str, totals: list[tuple[str, float]], basis: str) -> TierChoice:
    """The variant with the lowest expected total; ties go to the one listed first."""
    ranked = sorted(enumerate(totals), key=lambda item: (round(item[1][1], 6), item[0]))
    best_id, best = ranked[0][1]
    runner = ranked[1][1] if len(ranked) > 1 else None
    what = (
        "support for the stated workload plus P1 downtime, at the quick view's figures"
        if basis == "deterministic"
        else "mean total economic cost over the simulated years"
    )
    if runner is None:
        why = f"the only variant ({what})"
        margin = 0.0
    else:
        margin = runner[1] - best
        why = f"lowest expected total a year on the same workload ({what}); " + (
            f"{margin:,.0f} a year less than {runner[0]}" if margin > 0.5 else f"level with {runner[0]}"
        )
    return TierChoice(
        quote_id=quote,
        quote_name=name,
        variant_ids=tuple(v for v, _ in totals),
        best_id=best_id,
        basis=basis,
        best_total=best,
        runner_up_id=runner[0] if runner else None,
        margin=margin,
        why=why,
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
    views = tuple(
        quick_view(
            p, store, estimate, float(workspace.fx(p)), needs, workspace.money_factor(p), workspace.tax_basis
        )
        for p in workspace.packages
    )
    names = {p.quote_id: p.quote_name for p in workspace.packages}
    return CompareResult(
        tool_version=__version__,
        store=store_summary(store),
        archetype=archetype,
        workload=tuple(workload_summary(store, estimate)),
        packages=views,
        assumptions=estimate.assumptions,
        tax_basis=workspace.tax_basis,
        tier_choices=tier_choices(views, names),
    )
