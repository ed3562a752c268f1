"""Rank the packages, measure the ranking's stability, and turn it into a recommendation.

The recommended package is the best-ranked one without a critical finding (a deal-breaker); when every
package has one, the best-ranked with the fewest. The runner-up is the best-ranked of the others, with what
would make it win: a price cut, a shift of weight, or clearing its deal-breakers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from magesupport.domain.results import ArchetypeResult, PackageQuickView
from magesupport.domain.results_review import (
    CostBasis,
    Criterion,
    DealBreaker,
    PackageReview,
    ProviderQuestions,
    Ranking,
    RankRow,
    Recommendation,
    RunnerUp,
    Stability,
    WeightShift,
)
from magesupport.domain.severity import FindingSeverity
from magesupport.rank.criteria import LABELS, Alternative
from magesupport.rank.guide import guide_fit
from magesupport.rank.mcda import (
    CRITERIA,
    criteria_weights,
    normalise,
    ranks,
    risk_lambda,
    scores,
    weight_vector,
)
from magesupport.rank.stability import CONCENTRATION, DRAWS, SEED, stability

MARGIN_SE = 2.0  # a difference is called one only beyond twice its standard error


def method(weights: dict[str, float]) -> str:
    lam = float(risk_lambda(weight_vector(weights)))
    return (
        f"weighted sum of normalised criteria (risk-adjusted cost = expected + {lam:.2f} x (bad year - "
        "expected), min-max; scores: value / 100)"
    )


def _raw(alternatives: Sequence[Alternative]) -> np.ndarray:
    return np.array([a.values() for a in alternatives], dtype=float)


def rank(
    alternatives: Sequence[Alternative], weights: dict[str, float], weights_source: str, basis: CostBasis
) -> Ranking:
    raw = _raw(alternatives)
    w5 = weight_vector(weights)
    norm = normalise(raw, w5)
    w = criteria_weights(w5)
    score = scores(norm, w)
    order = ranks(score, [a.expected_cost for a in alternatives])
    figures = stability(raw, w5)
    rows = [
        RankRow(
            id=a.id,
            name=a.name,
            expected_cost=a.expected_cost,
            p95_cost=a.p95_cost,
            sla_fit=a.sla_fit,
            contract_score=a.contract_score,
            provider_score=a.provider_score,
            normalised=tuple(round(float(v), 4) for v in norm[i]),
            contributions=tuple(round(float(100 * w[j] * norm[i, j]), 2) for j in range(len(CRITERIA))),
            score=round(float(score[i]), 2),
            rank=int(order[i]),
            first_share=float(figures.first_share[i]),
            mean_rank=round(float(figures.mean_rank[i]), 2),
            critical_findings=a.critical,
        )
        for i, a in enumerate(alternatives)
    ]
    rows.sort(key=lambda r: r.rank)
    winner = rows[0].id
    shares = {r.id: r.first_share for r in rows}
    return Ranking(
        method=method(weights),
        criteria=tuple(
            Criterion(
                key=k,
                label=LABELS[k],
                better="lower" if k == "cost" else "higher",
                weight=float(w[j]),
            )
            for j, k in enumerate(CRITERIA)
        ),
        weights_source=weights_source,
        cost_basis=basis,
        rows=tuple(rows),
        stability=Stability(
            draws=DRAWS,
            concentration=CONCENTRATION,
            seed=SEED,
            first_share=shares,
            winner_share=shares[winner],
        ),
    )


def _first(raw: np.ndarray, w5: np.ndarray, costs: Sequence[float]) -> int:
    """Index of the package ranked first."""
    order = ranks(scores(normalise(raw, w5), criteria_weights(w5)), costs)
    return int(np.argmin(order))


def price_cut_to_win(
    alternatives: Sequence[Alternative], weights: dict[str, float], challenger: int
) -> float | None:
    """Smallest yearly price cut (taken off the challenger's expected and bad-year cost) that ranks it first;
    None when even giving its support away free would not."""
    matrix = _raw(alternatives)
    costs = [a.expected_cost for a in alternatives]
    w5 = weight_vector(weights)

    def wins(cut: float) -> bool:
        m = matrix.copy()
        m[challenger, 0] -= cut
        m[challenger, 1] -= cut
        c = list(costs)
        c[challenger] -= cut
        return _first(m, w5, c) == challenger

    most = alternatives[challenger].support_cost
    if wins(0.0):
        return 0.0
    if most <= 0 or not wins(most):
        return None
    low, high = 0.0, most
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (low, mid) if wins(mid) else (mid, high)
    return high


def weight_shift_to_win(
    alternatives: Sequence[Alternative], weights: dict[str, float], challenger: int
) -> WeightShift | None:
    """The smallest move of weight onto a single criterion, w' = (1 - t) w + t e_k, that ranks the challenger
    first (searched on a 0.005 grid of t; lambda kept); None when no single criterion can."""
    w5 = weight_vector(weights)
    norm = normalise(_raw(alternatives), w5)
    w = criteria_weights(w5)
    steps = np.linspace(0.0, 1.0, 201)
    best: WeightShift | None = None
    for k, key in enumerate(CRITERIA):
        target = np.zeros(len(CRITERIA))
        target[k] = 1.0
        candidates = (1 - steps)[:, None] * w[None, :] + steps[:, None] * target[None, :]
        table = scores(norm, candidates)  # packages x steps
        others = np.delete(table, challenger, axis=0)
        wins = table[challenger] > others.max(axis=0) + 1e-9
        if not wins.any():
            continue
        needed = float(candidates[int(np.argmax(wins)), k])
        if best is None or needed - w[k] < best.weight_needed - best.weight_now:
            best = WeightShift(
                criterion=key, weight_now=round(float(w[k]), 4), weight_needed=round(needed, 4)
            )
    return best


def score_with_findings_closed(
    alternatives: Sequence[Alternative], weights: dict[str, float], index: int
) -> float:
    """The challenger's score if its SLA, contract and provider scores were all 100 (every finding closed)."""
    matrix = _raw(alternatives)
    matrix[index, 2:] = 100.0
    w5 = weight_vector(weights)
    return round(float(scores(normalise(matrix, w5), criteria_weights(w5))[index]), 2)


def cost_claims(alternatives: Sequence[Alternative], chosen_id: str, simulated: bool) -> list[str]:
    """ "lowest" only beyond twice the standard error of the difference; otherwise the tie, said as one.

    Expected cost: the standard error of each package's lead over the lowest, on the same years; bad year
    (CVaR95): sqrt(se_a^2 + se_b^2), larger than the paired one when the years correlate (conservative).
    The deterministic view has no sampling error: a strictly lower figure is lowest, an equal one a tie."""
    out: list[str] = []
    chosen = next(a for a in alternatives if a.id == chosen_id)
    others = [a for a in alternatives if a.id != chosen_id]
    if not others:
        return ["the only package compared: nothing to rank it against"]
    precision = "at this precision" if simulated else "in the deterministic view"
    if all(a.expected_cost >= chosen.expected_cost for a in others):
        tied = [
            a
            for a in others
            if a.expected_cost - chosen.expected_cost <= MARGIN_SE * max(a.cost_se, chosen.cost_se) + 1e-9
        ]
        if not tied:
            out.append("lowest expected cost of all packages (by more than twice the standard error)")
        else:
            names = ", ".join(a.id for a in tied)
            closest = min(tied, key=lambda a: a.expected_cost)
            gap = closest.expected_cost - chosen.expected_cost
            se = max(closest.cost_se, chosen.cost_se)
            if gap <= 1e-9 and se <= 1e-9:
                why = (
                    "the same expected cost in every simulated year"
                    if simulated
                    else "the same expected cost"
                )
            elif simulated:
                why = (
                    f"{gap:,.0f} a year apart, within twice its standard error ({MARGIN_SE * se:,.0f}); "
                    "more simulated years or firmer inputs would separate them"
                )
            else:
                why = f"{gap:,.0f} a year apart"
            out.append(f"expected cost: a tie {precision} with {names} ({why})")
    if all(a.bad_year >= chosen.bad_year for a in others):
        label = (
            "bad-year cost (CVaR95, the mean of the worst 5% of years)"
            if simulated
            else "bad-year cost (p95)"
        )
        tied = [
            a
            for a in others
            if a.bad_year - chosen.bad_year <= MARGIN_SE * float(np.hypot(a.tail_se, chosen.tail_se)) + 1e-9
        ]
        if not tied:
            out.append(f"lowest {label} (by more than twice the standard error)")
        else:
            out.append(f"{label}: a tie {precision} with {', '.join(a.id for a in tied)}")
    return out


def _runner_up(
    alternatives: Sequence[Alternative],
    weights: dict[str, float],
    ranking: Ranking,
    recommended: str,
    reviews: dict[str, PackageReview],
) -> RunnerUp | None:
    others = [r for r in ranking.rows if r.id != recommended]
    if not others:
        return None
    row = others[0]
    index = next(i for i, a in enumerate(alternatives) if a.id == row.id)
    leader = next(r for r in ranking.rows if r.id == recommended)
    cut = price_cut_to_win(alternatives, weights, index)
    shift = weight_shift_to_win(alternatives, weights, index)
    blockers = tuple(
        f"{f.rule_id} {f.title}" for f in reviews[row.id].findings if f.severity is FindingSeverity.CRITICAL
    )
    would: list[str] = []
    if blockers:
        would.append(f"clearing its {len(blockers)} deal-breaker(s): " + "; ".join(blockers))
    if cut is not None and cut > 0:
        would.append(f"a price cut of {cut / alternatives[index].support_cost:.0%} of its support cost")
    elif cut == 0 and not blockers:
        would.append("nothing: it already ranks first on the numbers")
    if shift is not None:
        would.append(
            f"the weight on {LABELS[shift.criterion].lower()} rising from {shift.weight_now:.2f} to {shift.weight_needed:.2f}"
        )
    closed = score_with_findings_closed(alternatives, weights, index)
    if closed > leader.score:
        would.append(
            f"closing its findings (scores of 100 would give it {closed:.1f} points against {leader.score:.1f})"
        )
    if not would:
        gaps = [
            (lead - mine, k)
            for k, lead, mine in zip(CRITERIA, leader.contributions, row.contributions, strict=True)
        ]
        worst_gap, worst_key = max(gaps)
        would.append(
            f"nothing simple: no price cut, single weight shift or closing its findings makes it win (at best {closed:.1f} points "
            f"against {leader.score:.1f}); it loses most on {LABELS[worst_key].lower()} ({worst_gap:.1f} points)"
        )
    return RunnerUp(
        id=row.id,
        name=row.name,
        score=row.score,
        gap=round(leader.score - row.score, 2),
        price_cut_needed=cut,
        price_cut_share=(cut / alternatives[index].support_cost) if cut is not None and cut > 0 else None,
        weight_shift=shift,
        score_if_findings_closed=closed,
        blockers=blockers,
        would_win_if=tuple(would),
    )


def questions(reviews: Sequence[PackageReview]) -> tuple[ProviderQuestions, ...]:
    out = []
    for review in reviews:
        seen: list[str] = []
        for finding in review.findings:
            line = f"[{finding.rule_id}] {finding.question}"
            if line not in seen:
                seen.append(line)
        out.append(ProviderQuestions(package_id=review.id, provider=review.provider, questions=tuple(seen)))
    return tuple(out)


def recommend(
    archetype: ArchetypeResult,
    alternatives: Sequence[Alternative],
    weights: dict[str, float],
    ranking: Ranking,
    reviews: dict[str, PackageReview],
    views: dict[str, PackageQuickView],
) -> Recommendation:
    fewest = min(r.critical_findings for r in ranking.rows)
    chosen = next(r for r in ranking.rows if r.critical_findings == fewest)
    view = views[chosen.id]
    fits, fit_text = guide_fit(archetype.archetype, view)
    reasons = [
        f"ranked {chosen.rank} of {len(ranking.rows)} with {chosen.score:.1f} points at the weights used "
        f"({ranking.weights_source})",
        f"ranked first in {chosen.first_share:.0%} of {ranking.stability.draws:,} draws of perturbed weights",
    ]
    if chosen.rank > 1:
        ahead = [r for r in ranking.rows if r.rank < chosen.rank]
        reasons.append(
            "chosen over "
            + ", ".join(f"{r.id} ({r.critical_findings} deal-breakers)" for r in ahead)
            + ", which "
            "rank higher on the numbers but carry deal-breakers"
        )
    if fewest > 0:
        reasons.append(f"every package has at least {fewest} deal-breaker(s): this one has the fewest")
    level = [r.id for r in ranking.rows if r.id != chosen.id and abs(r.score - chosen.score) < 0.005]
    if level:
        reasons.append(
            f"level on points with {', '.join(level)}: the ranking cannot separate them (shown in the quotes' order)"
        )
    reasons += cost_claims(alternatives, chosen.id, ranking.cost_basis.source == "simulation")
    reasons.append(fit_text)
    deal_breakers = tuple(
        DealBreaker(
            package_id=review.id,
            rule_id=f.rule_id,
            title=f.title,
            evidence=f"{f.evidence_path} = {f.evidence_value}",
            detail=f.detail,
        )
        for review in reviews.values()
        for f in review.findings
        if f.severity is FindingSeverity.CRITICAL
    )
    p1 = view.p1_response
    ranges = view.ranges
    return Recommendation(
        archetype=archetype.archetype,
        archetype_label=archetype.label,
        archetype_reasons=archetype.reasons,
        guide_advice=archetype.package_advice,
        recommended_id=chosen.id,
        recommended_name=chosen.name,
        recommended_model=view.model,
        fits_guide=fits,
        guide_fit=fit_text,
        expected_cost=chosen.expected_cost,
        p95_cost=chosen.p95_cost,
        sla_fit=chosen.sla_fit,
        contract_score=chosen.contract_score,
        provider_score=chosen.provider_score,
        score=chosen.score,
        rank=chosen.rank,
        first_share=chosen.first_share,
        p1_target=p1.target if p1 else None,
        p1_worst_hours=p1.worst_hours if p1 else None,
        reasons=tuple(reasons),
        runner_up=_runner_up(alternatives, weights, ranking, chosen.id, reviews),
        deal_breakers=deal_breakers,
        questions=questions(list(reviews.values())),
        price_per_month=view.price_per_month,
        price_per_year=view.committed_annual,
        price_per_month_low=ranges.price_per_month.low if ranges and ranges.price_per_month else None,
        price_per_month_high=ranges.price_per_month.high if ranges and ranges.price_per_month else None,
        price_per_year_low=ranges.committed_annual.low if ranges else None,
        price_per_year_high=ranges.committed_annual.high if ranges else None,
        price_basis=price_basis(view),
    )


def price_basis(view: PackageQuickView) -> str:
    """On which tax basis the package's prices are shown (empty when the quote states no tax)."""
    if view.tax_rate_pct <= 0:
        return ""
    if view.tax_basis == "gross":
        return f"tax included ({view.tax_rate_pct:g}%, not recoverable)"
    return f"net of tax ({view.tax_rate_pct:g}%, recovered)"
