"""The verdict: a comparison's answer in a few lines (CompareResult in, Verdict out; pure).

Every figure comes from the result: the pick and its contract price from the recommendation, one line per
package from the ranking and the quick view, what would change the answer from the runner-up, the
sensitivity and the decision statistics, and the confidence from the decision statistics when the
simulation computed them (`SimulationResult.decision`), else from the ranking's stability under perturbed
weights.
"""

from __future__ import annotations

from magesupport.domain.results import CompareResult, PackageQuickView
from magesupport.domain.results_review import Ranking, Recommendation, RunnerUp
from magesupport.domain.results_sim import DecisionStats
from magesupport.domain.results_verdict import GUIDE, NetSaving, Verdict, VerdictChange, VerdictLine

HIGH = 0.9  # confidence: the pick wins at least this share of the draws
MODERATE = 0.6
ROI_MIN_SHARE = 0.10  # ROI is shown only when the extra spend is at least this share of the baseline's spend
FAST_P1_HOURS = 4.0  # a worst P1 wait up to this is "answered within"; beyond, "can wait up to"
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "AUD": "A$", "CAD": "C$", "NZD": "NZ$", "JPY": "¥", "INR": "₹"}
CRITERIA = {
    "cost": "expected total cost",
    "risk": "the cost of a bad year",
    "sla": "SLA fit",
    "contract": "contract terms",
    "provider": "the provider's score",
}


def money(amount: float, currency: str) -> str:
    symbol = SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,.0f}"


def duration(hours: float) -> str:
    if hours < 1:
        return f"{hours * 60:.0f} min"
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


def _grade(share: float) -> str:
    if share >= HIGH:
        return "high"
    return "moderate" if share >= MODERATE else "low"


def _p1_text(view: PackageQuickView) -> str:
    p1 = view.p1_response
    if p1 is None:
        return "no P1 response commitment"
    if p1.worst_hours <= FAST_P1_HOURS + 1e-9:
        return f"P1 answered within {duration(p1.worst_hours)} at any hour"
    return f"a P1 can wait up to {duration(p1.worst_hours)}"


def _p1_short(view: PackageQuickView) -> str:
    p1 = view.p1_response
    if p1 is None:
        return "no commitment"
    prefix = "within" if p1.worst_hours <= FAST_P1_HOURS + 1e-9 else "up to"
    return f"{prefix} {duration(p1.worst_hours)}"


def _deal_breakers(count: int) -> str:
    return "no deal-breakers" if count == 0 else f"{count} deal-breaker{'s' if count > 1 else ''}"


def _line(
    row_rank: int,
    row_id: str,
    view: PackageQuickView,
    total: float,
    pick: VerdictLine | None,
    cur: str,
    critical: int,
) -> VerdictLine:
    parts: list[str] = []
    if pick is None:
        parts.append("the pick")
    else:
        if view.price_per_month <= 0:
            parts.append("no fixed price (billed as used)")
        elif pick.price_per_month > 0:
            diff = view.price_per_month - pick.price_per_month
            if abs(diff) < 0.5:
                parts.append("the same price a month")
            else:
                parts.append(f"costs {money(abs(diff), cur)} a month {'more' if diff > 0 else 'less'}")
        gap = total - pick.expected_total_cost
        if abs(gap) >= 0.5:
            parts.append(f"{money(abs(gap), cur)} a year {'more' if gap > 0 else 'less'} in total")
    parts.append(_p1_text(view))
    parts.append(_deal_breakers(critical))
    return VerdictLine(
        id=row_id,
        name=view.name,
        price_per_month=view.price_per_month,
        expected_total_cost=total,
        rank=row_rank,
        summary="; ".join(parts),
        p1=_p1_short(view),
        deal_breakers=critical,
    )


def _reasons(
    result: CompareResult, rec: Recommendation, ranking: Ranking, view: PackageQuickView
) -> tuple[str, ...]:
    cur = result.store.currency
    rows = ranking.rows
    pick = next(r for r in rows if r.id == rec.recommended_id)
    others = [r for r in rows if r.id != pick.id]
    reasons: list[str] = []
    if others:
        cheapest_other = min(others, key=lambda r: r.expected_cost)
        if pick.expected_cost <= cheapest_other.expected_cost:
            reasons.append(
                f"lowest expected total cost: {money(pick.expected_cost, cur)} a year, "
                f"{money(cheapest_other.expected_cost - pick.expected_cost, cur)} less than {cheapest_other.id}"
            )
        else:
            reasons.append(
                f"expected total cost {money(pick.expected_cost, cur)} a year, "
                f"{money(pick.expected_cost - cheapest_other.expected_cost, cur)} more than the lowest "
                f"({cheapest_other.id}, {_deal_breakers(cheapest_other.critical_findings)}, "
                f"score {cheapest_other.score:.1f} against {pick.score:.1f})"
            )
    else:
        reasons.append(f"the only package: expected total cost {money(pick.expected_cost, cur)} a year")
    reasons.append(_p1_text(view))
    if pick.critical_findings == 0:
        third = "no deal-breakers in its quote"
        if rec.fits_guide:
            third += "; " + rec.guide_fit.replace("the guide", GUIDE)
    else:
        third = f"the fewest deal-breakers ({pick.critical_findings}): every package has at least one"
    reasons.append(third)
    return tuple(reasons)


def _runner_changes(runner: RunnerUp, ranking: Ranking, cur: str) -> list[VerdictChange]:
    changes: list[VerdictChange] = []
    cut = runner.price_cut_needed
    if cut is not None and cut > 0:
        share = f", {runner.price_cut_share:.0%} of its support cost" if runner.price_cut_share else ""
        changes.append(
            VerdictChange(
                kind="price",
                text=f"{runner.id} would win at {money(cut, cur)} a year less "
                f"({money(cut / 12, cur)} a month{share})",
            )
        )
    elif cut is None:
        changes.append(VerdictChange(kind="price", text=f"no price cut alone makes {runner.id} win"))
    shift = runner.weight_shift
    if shift is not None:
        label = CRITERIA.get(shift.criterion, shift.criterion)
        changes.append(
            VerdictChange(
                kind="weight",
                text=f"{runner.id} would win if {label} weighed {shift.weight_needed:.2f} of the score "
                f"instead of {shift.weight_now:.2f}",
            )
        )
    if runner.blockers:
        changes.append(
            VerdictChange(
                kind="findings",
                text=f"{runner.id} has {_deal_breakers(len(runner.blockers))} to clear first: "
                + "; ".join(runner.blockers),
            )
        )
    else:
        leader = ranking.rows[0].score if ranking.rows else 0.0
        if runner.score_if_findings_closed > leader:
            changes.append(
                VerdictChange(
                    kind="findings",
                    text=f"{runner.id} would win if its provider closed its findings "
                    f"({runner.score_if_findings_closed:.1f} points against {leader:.1f})",
                )
            )
    return changes


def _input_changes(result: CompareResult) -> list[VerdictChange]:
    sim = result.simulation
    if sim is None:
        return []
    changes = [
        VerdictChange(
            kind="input",
            text=f"if {row.assumption} were x{factor:g}, {best} would cost least",
        )
        for row in sim.sensitivity
        if row.changes_best
        for factor, best in ((row.factor_low, row.best_low), (row.factor_high, row.best_high))
        if best != row.best_base
    ]
    decision = sim.decision
    if decision is not None and decision.value_of_information:
        top = max(decision.value_of_information, key=lambda v: v.value)
        if top.value > 0:
            changes.append(
                VerdictChange(
                    kind="input",
                    text=f"knowing {top.label} exactly is worth about "
                    f"{money(top.value, result.store.currency)} a year: the input most worth measuring",
                )
            )
    return changes


def _confidence(rec: Recommendation, ranking: Ranking, decision: DecisionStats | None) -> tuple[str, str]:
    pick = rec.recommended_id
    if decision is not None and (pick in decision.prob_recommended or decision.tie_ids):
        share = decision.prob_recommended.get(pick)
        tied = [t for t in decision.tie_ids if t != pick]
        if pick in decision.tie_ids and tied and (share is None or share < HIGH):
            separation = f"; {decision.separation} would separate them" if decision.separation else ""
            return (
                "tie",
                f"a tie at this precision: {pick} and {', '.join(tied)} cost the same within the "
                f"simulation's margin of error{separation}",
            )
        if share is not None:
            return (
                _grade(share),
                f"{_grade(share)}: {pick} comes out on top in {share:.0%} of the simulated draws, with the "
                "uncertain inputs and the weights varied together",
            )
    share = next((r.first_share for r in ranking.rows if r.id == pick), 0.0)
    draws = ranking.stability.draws
    return (
        _grade(share),
        f"{_grade(share)}: {pick} stays first in {share:.0%} of {draws:,} tries with the weights of what "
        "matters shifted at random around yours",
    )


def _caveats(result: CompareResult, rec: Recommendation, ranking: Ranking) -> tuple[str, ...]:
    caveats: list[str] = []
    if result.store.revenue_per_hour <= 0:
        caveats.append("downtime is not priced: the store's revenue is 0")
    if rec.price_per_month_low is not None and rec.price_per_month_high is not None:
        caveats.append(
            f"the price is quoted as a range ({money(rec.price_per_month_low, result.store.currency)} to "
            f"{money(rec.price_per_month_high, result.store.currency)} a month): figures use its midpoint"
        )
    if rec.rank > 1:
        caveats.append(f"ranked {rec.rank} on the numbers: the packages above it carry deal-breakers")
    if not rec.fits_guide:
        caveats.append(rec.guide_fit.replace("the guide", GUIDE))
    if ranking.cost_basis.source != "simulation":
        caveats.append("costs from one typical month (run with --simulate for the simulated years)")
    return tuple(caveats)


def savings(result: CompareResult) -> tuple[NetSaving, ...]:
    """Each simulated package against the baseline: net saving in money, ROI only over a real extra spend.

    A ratio over a tiny extra spend (a package that costs a few percent more than the baseline and saves a
    lot) reads as +1,500%; the money figure says the same thing without misleading."""
    sim = result.simulation
    if sim is None:
        return ()
    base = next((p for p in sim.packages if p.id == sim.baseline_id), None)
    if base is None:
        return ()
    base_total = base.total_economic_cost.mean
    base_spend = base.fees.mean + base.variable_cost.mean
    out = []
    for p in sim.packages:
        saving = base_total - p.total_economic_cost.mean
        extra = p.fees.mean + p.variable_cost.mean - base_spend
        roi: float | None = None
        if p.id == sim.baseline_id:
            note = "the baseline"
        elif extra <= 0:
            note = "spends less than the baseline: no ROI to compute"
        elif extra < ROI_MIN_SHARE * max(base_spend, 1.0):
            note = f"extra spend under {ROI_MIN_SHARE:.0%} of the baseline's: ROI would mislead"
        else:
            roi = saving / extra
            note = "net saving over the extra spend"
        out.append(NetSaving(id=p.id, net_saving=saving, extra_spend=extra, roi=roi, roi_note=note))
    return tuple(out)


def build_verdict(result: CompareResult) -> Verdict | None:
    """The verdict of a comparison; None when it has no ranking and recommendation."""
    rec, ranking = result.recommendation, result.ranking
    if rec is None or ranking is None or not ranking.rows:
        return None
    cur = result.store.currency
    views = {v.id: v for v in result.packages}
    view = views[rec.recommended_id]
    pick_row = next(r for r in ranking.rows if r.id == rec.recommended_id)
    pick_line = _line(
        pick_row.rank, pick_row.id, view, pick_row.expected_cost, None, cur, pick_row.critical_findings
    )
    lines = [
        pick_line
        if row.id == pick_row.id
        else _line(row.rank, row.id, views[row.id], row.expected_cost, pick_line, cur, row.critical_findings)
        for row in ranking.rows
    ]
    runner = rec.runner_up
    changes = (_runner_changes(runner, ranking, cur) if runner else []) + _input_changes(result)
    decision = result.simulation.decision if result.simulation is not None else None
    confidence, confidence_text = _confidence(rec, ranking, decision)
    return Verdict(
        pick_id=rec.recommended_id,
        pick_name=rec.recommended_name,
        provider=view.provider,
        price_per_month=rec.price_per_month,
        price_per_year=rec.price_per_year,
        price_basis=rec.price_basis,
        currency=cur,
        reasons=_reasons(result, rec, ranking, view),
        lines=tuple(lines),
        runner_up_id=runner.id if runner else None,
        changes=tuple(changes),
        confidence=confidence,
        confidence_text=confidence_text,
        caveats=_caveats(result, rec, ranking),
        basis=ranking.cost_basis.source,
        runner_up_name=runner.name if runner else None,
        price_per_month_low=rec.price_per_month_low,
        price_per_month_high=rec.price_per_month_high,
        price_per_year_low=rec.price_per_year_low,
        price_per_year_high=rec.price_per_year_high,
        savings_baseline_id=result.simulation.baseline_id if result.simulation is not None else None,
        savings=savings(result),
    )
