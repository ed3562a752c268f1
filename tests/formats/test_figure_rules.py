"""Figures that cannot mislead (issue 17): one test per rule, on the examples and on hand-computed cases."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from magesupport.compare.response import response_profile
from magesupport.domain.base import Severity
from magesupport.domain.results_verdict import GUIDE
from magesupport.formats import compare_markdown, compare_table
from magesupport.formats.glossary import GLOSSARY
from magesupport.formats.html import report
from magesupport.formats.simulation_table import roi_text
from magesupport.rank.verdict import ROI_MIN_SHARE
from magesupport.services.compare import compare

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def midmarket():
    return compare(EXAMPLES / "midmarket", simulate=True, years=2000)


@pytest.fixture(scope="module")
def outputs(midmarket):
    return {
        "table": compare_table.render(midmarket, width=150, detail=True),
        "markdown": compare_markdown.render(midmarket),
        "html": report.render(midmarket),
    }


# ---------------------------------------------------------------- ROI only where it means something


def test_net_saving_is_the_baselines_total_minus_the_packages(midmarket) -> None:
    sim = midmarket.simulation
    base = next(p for p in sim.packages if p.id == sim.baseline_id)
    for line in midmarket.verdict.savings:
        p = next(p for p in sim.packages if p.id == line.id)
        assert line.net_saving == pytest.approx(base.total_economic_cost.mean - p.total_economic_cost.mean)
        extra = p.fees.mean + p.variable_cost.mean - base.fees.mean - base.variable_cost.mean
        assert line.extra_spend == pytest.approx(extra)


def test_no_roi_over_a_tiny_extra_spend(midmarket) -> None:
    sim = midmarket.simulation
    base = next(p for p in sim.packages if p.id == sim.baseline_id)
    base_spend = base.fees.mean + base.variable_cost.mean
    urgent = next(s for s in midmarket.verdict.savings if s.id == "urgent-only-retainer")
    # the engine's own ratio is several hundred percent (+924% since traffic is used once and the P2s are
    # capped): over an extra spend of about 5% of the baseline's
    assert next(p for p in sim.packages if p.id == urgent.id).roi_vs_baseline > 5
    assert 0 < urgent.extra_spend < ROI_MIN_SHARE * base_spend
    assert urgent.roi is None
    cell = roi_text(midmarket, next(p for p in sim.packages if p.id == urgent.id))
    assert "%" not in cell and cell == f"${urgent.net_saving:,.0f}"
    for line in midmarket.verdict.savings:
        if line.roi is not None:
            assert line.extra_spend >= ROI_MIN_SHARE * base_spend


def test_every_roi_shown_sits_beside_its_money_figure(outputs) -> None:
    for text in outputs.values():
        for match in re.finditer(r"ROI [+-][\d,]+%", text):
            before = text[max(0, match.start() - 30) : match.start()]
            assert re.search(r"\$[\d,]+", before), before


# ---------------------------------------------------------------- one total name per concept


@pytest.mark.parametrize("name", ["table", "markdown", "html"])
def test_one_name_for_the_total(outputs, name) -> None:
    text = outputs[name]
    assert "Expected total cost" in text
    assert "total economic cost" not in text.lower()
    headers = re.findall(r"<th scope=\"col\">([^<]*)</th>", text) if name == "html" else []
    headers += re.findall(r"[┃|]\s*(Total[^┃|]*?)\s*(?=[┃|])", text)
    assert all(h.strip() not in {"Total", "Total / yr", "Total p95", "Total (mean)"} for h in headers), (
        headers
    )


# ---------------------------------------------------------------- contract price a month in every summary


def test_contract_price_a_month_in_every_summary(midmarket, outputs) -> None:
    # summit-managed.yaml: monthly_fee 7500
    short = compare_table.render(midmarket, width=100, detail=False)
    for text in (short, outputs["markdown"], outputs["html"]):
        assert "$7,500 a month" in text
    assert outputs["html"].count("Contract price a month") == len(midmarket.packages)  # one per card


# ---------------------------------------------------------------- heat map: the typical week


def test_typical_week_is_the_median_and_the_worst_case_is_apart(package_factory) -> None:
    package = package_factory(
        business_hours={"days": "mon-fri", "hours": "09:00-18:00", "timezone": "UTC", "holidays": "US"},
        severities={
            "P1": {"definition": "down", "response": "4 business hours", "coverage": "business_hours"}
        },
    )
    profile = response_profile(package, Severity.P1, "UTC")
    assert profile is not None
    # a P1 reported on an ordinary Monday at 00:00, 00:15, 00:30 or 00:45 waits until 09:00, then 4 business
    # hours: 13, 12.75, 12.5, 12.25 h; with the few holiday Mondays above them, the median of the hour is 12.75
    assert profile.median_by_hour_of_week[0] == pytest.approx(12.75)
    # ... on a Monday bank holiday (US has several) it waits until Tuesday 13:00: 37 h at least
    assert profile.by_hour_of_week[0] >= 37.0
    # Wednesday 03:00-03:45: 6 h to 5.25 h to opening, then 4 h: 10, 9.75, 9.5, 9.25, median 9.75 (or 9.625)
    assert profile.median_by_hour_of_week[2 * 24 + 3] == pytest.approx(9.75, abs=0.125)
    assert all(
        m <= w + 1e-9 for m, w in zip(profile.median_by_hour_of_week, profile.by_hour_of_week, strict=True)
    )


def test_heat_map_shows_the_typical_week_and_names_the_worst(outputs) -> None:
    html = outputs["html"]
    assert "P1 response in a typical week" in html
    assert "the median over the year" in html
    assert "worst case of the year" in html


# ---------------------------------------------------------------- a glossary line for every statistic


STATISTICS = (
    "Expected total cost",
    "Bad year (p95)",
    "Net saving",
    "ROI",
    "First in",
    "Confidence",
    "Prevention factor",
    "SLA fit",
    "Deal-breaker",
    "Typical week",
    "Sensitivity",
    "Store-years",
    "The guide",
)


def test_every_statistic_has_one_plain_line(outputs) -> None:
    terms = dict(GLOSSARY)
    for name in STATISTICS:
        assert name in terms, name
    for term, text in GLOSSARY:
        assert "\n" not in text and len(text) <= 200, term
    html = outputs["html"]
    assert '<section id="glossary">' in html
    for term, _ in GLOSSARY:
        assert f"<dt>{escape(term)}</dt>" in html


@pytest.mark.parametrize("name", ["table", "markdown", "html"])
def test_the_guide_is_named_once(outputs, name) -> None:
    text = outputs[name].replace("&#39;", "'").replace("&#x27;", "'")
    assert text.count(GUIDE) == 1


# ---------------------------------------------------------------- the tornado only when something changes


def test_tornado_replaced_by_a_sentence_when_nothing_changes(midmarket, outputs) -> None:
    assert not any(r.changes_best for r in midmarket.simulation.sensitivity)
    html = outputs["html"]
    assert 'id="chart-tornado"' not in html
    assert 'id="sensitivity-sentence"' in html and "never changes the package" in html


# ---------------------------------------------------------------- charts labelled where the eye reads them


def test_charts_label_the_mean_at_the_mean_and_the_legend_beside_the_bars(midmarket) -> None:
    from magesupport.formats.html.charts import cost_distribution, score_breakdown

    dist = cost_distribution(midmarket)
    assert dist is not None
    summit = next(p for p in midmarket.simulation.packages if p.id == "summit-managed")
    assert f"expected ${summit.total_economic_cost.mean:,.0f}" in dist.svg  # the label sits on the diamond
    assert f"p99 ${summit.total_economic_cost.p99:,.0f}" in dist.svg  # and the p99 label on the p99 mark
    score = score_breakdown(midmarket)
    assert score is not None
    assert "Criterion (weight)" in score.svg and "Risk-adjusted cost (" in score.svg
