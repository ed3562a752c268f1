"""The report's charts from a CompareResult. Each returns a Chart: inline SVG plus its text alternative.

Charts only place numbers that are already in the result (formatters never compute figures they show).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from magesupport.domain.results import RESPONSE_BAND_LABELS, CompareResult
from magesupport.formats.html.svg import COLOURS, HATCHES, MARKERS, new_figure, to_svg
from magesupport.formats.money import hours as fmt_hours
from magesupport.formats.money import money

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: str
    alt: str  # a sentence describing what the chart shows
    table: tuple[tuple[str, ...], ...]  # header row first: the chart's data as a text alternative


def cost_breakdown(result: CompareResult) -> Chart:
    """Committed cost, workload billing and expected P1 downtime per package, stacked and hatched."""
    cur = result.store.currency
    packages = result.packages
    ids = [p.id for p in packages]
    parts = [
        ("Committed", [p.committed_annual for p in packages]),
        ("Billed work", [p.workload_variable_annual for p in packages]),
        ("P1 downtime (expected)", [p.p1_downtime_cost_annual or 0.0 for p in packages]),
    ]
    fig = new_figure(7.5, 0.5 + 0.45 * len(ids))
    ax = fig.add_subplot(111)
    left = np.zeros(len(ids))  # where the next segment of each bar starts (drawing only)
    for index, (label, values) in enumerate(parts):
        ax.barh(
            ids,
            values,
            left=left,
            color=COLOURS[index],
            hatch=HATCHES[index],
            edgecolor="#222222",
            linewidth=0.5,
            label=label,
        )
        left += np.asarray(values)
    for row, p in enumerate(packages):
        ax.text(
            p.total_with_downtime_annual,
            row,
            " " + money(p.total_with_downtime_annual, cur),
            va="center",
            fontsize=8,
        )
    ax.invert_yaxis()
    ax.set_xlabel(f"{cur} a year")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_xlim(0, max(max(p.total_with_downtime_annual for p in packages) * 1.22, 1))
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, cur))
    rows = [("Package", "Committed", "Billed work", "P1 downtime (expected)", "Expected total cost")]
    for p in packages:
        rows.append(
            (
                p.id,
                money(p.committed_annual, cur),
                money(p.workload_variable_annual, cur),
                money(p.p1_downtime_cost_annual, cur) if p.p1_downtime_cost_annual is not None else "no SLA",
                money(p.total_with_downtime_annual, cur),
            )
        )
    alt = "Stacked bars per package: committed cost, billed work and expected P1 downtime cost a year."
    return Chart(
        "cost-breakdown",
        "What each package costs a year, downtime included",
        to_svg(fig, alt),
        alt,
        tuple(rows),
    )


def cost_vs_risk(result: CompareResult) -> Chart:
    """Expected yearly cost against P1 downtime exposure, one labelled point per package."""
    cur = result.store.currency
    fig = new_figure(6.5, 3.6)
    ax = fig.add_subplot(111)
    rows = [("Package", "Cost a year (fees + workload)", "P1 worst outage")]
    for index, p in enumerate(result.packages):
        worst = p.p1_outage_worst_hours
        y = worst if worst is not None else 0.0
        ax.scatter(
            [p.workload_total_annual],
            [y],
            s=60,
            color=COLOURS[index % 8],
            marker=MARKERS[index % 8],
            edgecolor="#222222",
            linewidth=0.6,
            zorder=3,
        )
        ax.annotate(
            p.id + ("" if worst is not None else " (no SLA)"),
            (p.workload_total_annual, y),
            textcoords="offset points",
            xytext=(6, 4),
            fontsize=8,
        )
        rows.append(
            (p.id, money(p.workload_total_annual, cur), fmt_hours(worst) if worst is not None else "no SLA")
        )
    ax.set_xlabel(f"Support cost a year ({cur}): fees and billed work")
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, cur))
    ax.set_ylabel("Worst P1 outage (hours)")
    ax.grid(alpha=0.3)
    alt = "Scatter of each package's yearly cost against its worst P1 outage; lower left is better."
    return Chart("cost-vs-risk", "Cost against risk", to_svg(fig, alt), alt, tuple(rows))


def response_heatmap(result: CompareResult) -> Chart:
    """The typical week: the median P1 response wait of each hour of the week over the year, one panel per
    package, in the store's timezone; the worst case of the year is named in each panel's title, apart."""
    profiles = [(p.id, p.p1_response) for p in result.packages if p.p1_response is not None]
    rows = [
        (
            "Package",
            "P1 target",
            "Worst wait of the year",
            "Reported",
            "Hours of the week answered within 1 h",
        )
    ]
    if not profiles:
        fig = new_figure(6, 1)
        fig.text(0.5, 0.5, "No package commits to a P1 response time.", ha="center")
        alt = "No package commits to a P1 response time."
        return Chart("p1-heatmap", "P1 response by hour of the week", to_svg(fig, alt), alt, tuple(rows))
    fig = new_figure(7.5, 0.35 + 1.25 * len(profiles))
    shades = ["#ffffff", "#fde0c5", "#f59e72", "#d1495b", "#6a040f"]  # one per RESPONSE_BAND_LABELS
    hatch = ["", "", "..", "//", "xx"]
    for index, (package_id, profile) in enumerate(profiles):
        typical = profile.median_band_by_hour_of_week or profile.band_by_hour_of_week
        band = np.asarray(typical).reshape(7, 24)
        ax = fig.add_subplot(len(profiles), 1, index + 1)
        for day in range(7):
            start = 0
            for hour in range(1, 25):  # one rectangle per run of equal band within the day
                if hour == 24 or band[day, hour] != band[day, start]:
                    b = int(band[day, start])
                    ax.add_patch(
                        Rectangle(
                            (start, day),
                            hour - start,
                            1,
                            facecolor=shades[b],
                            hatch=hatch[b],
                            edgecolor="#999999",
                            linewidth=0.3,
                        )
                    )
                    start = hour
        ax.set_xlim(0, 24)
        ax.set_ylim(7, 0)
        ax.set_yticks(np.arange(7) + 0.5, DAYS, fontsize=7)
        ax.set_xticks(range(0, 25, 3), [f"{h:02d}" for h in range(0, 25, 3)], fontsize=7)
        ax.set_title(
            f"{package_id}: target {profile.target}; worst case of the year {fmt_hours(profile.worst_hours)}"
            + (f" ({profile.worst_at})" if profile.worst_at != "any time" else ""),
            fontsize=8,
            loc="left",
        )
        ax.tick_params(length=0)
        rows.append(
            (
                package_id,
                profile.target,
                fmt_hours(profile.worst_hours),
                profile.worst_at,
                f"{profile.hours_answered_within_1h} of 168",
            )
        )
    handles = [
        Patch(facecolor=shades[i], hatch=hatch[i], edgecolor="#666666", label=label)
        for i, label in enumerate(RESPONSE_BAND_LABELS)
    ]
    fig.legend(
        handles=handles, loc="lower center", ncol=5, fontsize=7, frameon=False, bbox_to_anchor=(0.5, -0.02)
    )
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    alt = (
        f"Heat maps of the typical wait for a P1 response (the median over the year) for each hour of the week "
        f"({result.store.timezone}); darker and hatched cells wait longer. The worst case of the year, such as a "
        "bank holiday, is named in each title, not painted on every week."
    )
    return Chart(
        "p1-heatmap",
        f"P1 response in a typical week ({result.store.timezone})",
        to_svg(fig, alt),
        alt,
        tuple(rows),
    )


# the report's one name for each cost criterion (the ranking's own labels say "Expected cost / yr")
CRITERION_NAMES = {"cost": "Risk-adjusted cost", "risk": "Bad year (p95)"}


def score_breakdown(result: CompareResult) -> Chart | None:
    """Each package's ranking score as the sum of its weighted criteria (stacked, hatched per criterion)."""
    ranking = result.ranking
    if ranking is None:
        return None
    rows_sorted = list(ranking.rows)
    ids = [row.id for row in rows_sorted]
    fig = new_figure(9.0, max(1.6, 0.6 + 0.45 * len(ids)))
    ax = fig.add_subplot(111)
    left = np.zeros(len(ids))
    for index, criterion in enumerate(ranking.criteria):
        values = [row.contributions[index] for row in rows_sorted]
        ax.barh(
            ids,
            values,
            left=left,
            color=COLOURS[index % 8],
            hatch=HATCHES[index % 8],
            edgecolor="#222222",
            linewidth=0.5,
            label=f"{CRITERION_NAMES.get(criterion.key, criterion.label)} ({criterion.weight:.0%})",
        )
        left += np.asarray(values)
    for row_index, row in enumerate(rows_sorted):
        ax.text(
            left[row_index],
            row_index,
            f" {row.score:.1f}  (#{row.rank}, first in {row.first_share:.0%})",
            va="center",
            fontsize=8,
        )
    ax.invert_yaxis()
    ax.set_xlim(0, 130)
    ax.set_xlabel("Score out of 100 (weighted criteria)")
    # the legend beside the bars, in the order they are stacked (read left to right, top to bottom)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        ncol=1,
        fontsize=7.5,
        frameon=False,
        title="Criterion (weight)",
        title_fontsize=7.5,
    )
    header = (
        "Package",
        *[CRITERION_NAMES.get(c.key, c.label) for c in ranking.criteria],
        "Score",
        "Rank",
        "First in",
    )
    table = [header] + [
        (
            row.id,
            *[f"{v:.1f}" for v in row.contributions],
            f"{row.score:.1f}",
            str(row.rank),
            f"{row.first_share:.0%}",
        )
        for row in rows_sorted
    ]
    alt = "Stacked bars of each package's score, split into the weighted criteria of the ranking."
    return Chart("score-breakdown", "Score breakdown per package", to_svg(fig, alt), alt, tuple(table))


def cost_distribution(result: CompareResult) -> Chart | None:
    """Expected total cost per package over the simulated years: p5-p95 bar, median tick, mean and p99 marks."""
    sim = result.simulation
    if sim is None:
        return None
    cur = result.store.currency
    packages = list(sim.packages)
    fig = new_figure(7.5, 0.7 + 0.5 * len(packages))
    ax = fig.add_subplot(111)
    rows: list[tuple[str, ...]] = [("Package", "p5", "median", "mean", "p95", "p99")]
    for index, p in enumerate(packages):
        t = p.total_economic_cost
        ax.barh(
            index,
            t.p95 - t.p5,
            left=t.p5,
            height=0.5,
            color=COLOURS[index % 8],
            hatch=HATCHES[index % 8],
            edgecolor="#222222",
            linewidth=0.6,
        )
        ax.plot([t.p50, t.p50], [index - 0.3, index + 0.3], color="#000000", linewidth=2)
        ax.plot([t.p95, t.p99], [index, index], color="#222222", linewidth=0.8, linestyle=":")
        ax.plot([t.mean], [index], marker="D", color="#ffffff", markeredgecolor="#000000", markersize=6)
        ax.plot([t.p99], [index], marker="|", color="#000000", markersize=10)
        ax.annotate(
            f"expected {money(t.mean, cur)}",
            (t.mean, index),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            va="bottom",
            fontsize=7.5,
        )
        ax.text(t.p99, index, f"  p99 {money(t.p99, cur)}", va="center", fontsize=7.5)
        rows.append((p.id, *(money(v, cur) for v in (t.p5, t.p50, t.mean, t.p95, t.p99))))
    ax.set_yticks(range(len(packages)), [p.id for p in packages])
    ax.invert_yaxis()
    right = max(p.total_economic_cost.p99 for p in packages)
    ax.set_xlim(0, right * 1.55)
    ax.xaxis.set_major_locator(MaxNLocator(5))  # a few round amounts, never overlapping
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, cur))
    ax.set_xlabel(f"Total cost a year ({cur}): fees + billed work + lost revenue - credits back")
    alt = (
        f"For each package, the spread of the yearly total cost over {sim.years:,} simulated years: "
        "a bar from the 5th to the 95th percentile, a thick tick at the median, a diamond at the mean, "
        "and a dotted line to the 99th percentile."
    )
    return Chart(
        "cost-distribution",
        "Total cost over the simulated years (the diamond is the expected total cost)",
        to_svg(fig, alt),
        alt,
        tuple(rows),
    )


def cost_vs_risk_simulated(result: CompareResult) -> Chart:
    sim = result.simulation
    assert sim is not None
    cur = result.store.currency
    fig = new_figure(6.5, 3.8)
    ax = fig.add_subplot(111)
    rows = [("Package", "Expected total cost", "Bad year (p95)", "Expected downtime")]
    for index, p in enumerate(sim.packages):
        t = p.total_economic_cost
        ax.scatter(
            [t.mean],
            [t.p95],
            s=60,
            color=COLOURS[index % 8],
            marker=MARKERS[index % 8],
            edgecolor="#222222",
            linewidth=0.6,
            zorder=3,
        )
        ax.annotate(p.id, (t.mean, t.p95), textcoords="offset points", xytext=(6, 4), fontsize=8)
        rows.append((p.id, money(t.mean, cur), money(t.p95, cur), fmt_hours(p.downtime_hours.mean)))
    ax.set_xlabel(f"Expected total cost a year ({cur})")
    ax.set_ylabel(f"Bad year: 95th percentile ({cur})")
    ax.grid(alpha=0.3)
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, cur))
    ax.yaxis.set_major_formatter(lambda v, _pos: money(v, cur))
    fig.autofmt_xdate(rotation=20)
    alt = "Scatter of each package's expected yearly cost against its bad-year (95th percentile) cost; lower left is better."
    return Chart("cost-vs-risk", "Cost against risk", to_svg(fig, alt), alt, tuple(rows))


def tornado(result: CompareResult) -> Chart | None:
    """How the best package's expected cost moves when each assumption is halved and doubled."""
    sim = result.simulation
    if sim is None or not sim.sensitivity:
        return None
    cur = result.store.currency
    best = sim.best_id or sim.sensitivity[0].best_base
    base = next((p.total_economic_cost.mean for p in sim.packages if p.id == best), None)
    rows_sorted = sorted(
        sim.sensitivity, key=lambda r: abs(r.total_cost_high - r.total_cost_low), reverse=True
    )
    fig = new_figure(7.5, 0.8 + 0.45 * len(rows_sorted))
    ax = fig.add_subplot(111)
    table = [
        (
            "Assumption",
            "Low factor",
            "Cost at low",
            "Best at low",
            "High factor",
            "Cost at high",
            "Best at high",
        )
    ]
    for index, row in enumerate(rows_sorted):
        low, high = row.total_cost_low, row.total_cost_high
        centre = base if base is not None else (low + high) / 2
        ax.barh(
            index, low - centre, left=centre, color=COLOURS[0], hatch="//", edgecolor="#222222", linewidth=0.5
        )
        ax.barh(
            index,
            high - centre,
            left=centre,
            color=COLOURS[1],
            hatch="..",
            edgecolor="#222222",
            linewidth=0.5,
        )
        flip = " (best changes)" if row.changes_best else ""
        ax.text(
            max(low, high, centre),
            index,
            f"  x{row.factor_low:g}: {row.best_low} / x{row.factor_high:g}: {row.best_high}{flip}",
            va="center",
            fontsize=7,
        )
        table.append(
            (
                row.assumption,
                f"x{row.factor_low:g}",
                money(low, cur),
                row.best_low,
                f"x{row.factor_high:g}",
                money(high, cur),
                row.best_high,
            )
        )
    if base is not None:
        ax.axvline(base, color="#000000", linewidth=1)
    ax.set_yticks(range(len(rows_sorted)), [r.assumption for r in rows_sorted], fontsize=8)
    ax.invert_yaxis()
    lo = min(min(r.total_cost_low, r.total_cost_high) for r in rows_sorted)
    hi = max(max(r.total_cost_low, r.total_cost_high) for r in rows_sorted)
    ax.set_xlim(min(lo, base or lo) * 0.9, hi + (hi - lo) * 1.3 + 1)
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, cur))
    ax.set_xlabel(
        f"Expected total cost of {best} a year ({cur}); hatched // = assumption halved, .. = doubled"
    )
    alt = (
        f"Tornado chart: how the expected cost of {best} moves when each assumption is halved or doubled, "
        "and which package is best at each end."
    )
    return Chart("tornado", f"Sensitivity of {best}", to_svg(fig, alt), alt, tuple(table))


def sensitivity_sentence(result: CompareResult) -> str | None:
    """One sentence in place of the tornado chart when no assumption changes the cheapest package."""
    sim = result.simulation
    if sim is None or not sim.sensitivity or any(row.changes_best for row in sim.sensitivity):
        return None
    first = sim.sensitivity[0]
    names = ", ".join(row.assumption for row in sim.sensitivity)
    return (
        f"Halving or doubling each assumption ({names}) never changes the package with the lowest expected "
        f"total cost: {first.best_base} stays the cheapest (x{first.factor_low:g} and x{first.factor_high:g}, "
        f"{sim.sensitivity_years:,} store-years each)."
    )


def all_charts(result: CompareResult) -> list[Chart]:
    if result.simulation is not None:
        charts = [
            cost_distribution(result),
            cost_vs_risk_simulated(result),
            response_heatmap(result),
            tornado(result) if sensitivity_sentence(result) is None else None,
            score_breakdown(result),
        ]
    else:
        charts = [
            cost_breakdown(result),
            cost_vs_risk(result),
            response_heatmap(result),
            score_breakdown(result),
        ]
    return [chart for chart in charts if chart is not None]
