"""The quick view of format v2 quotes against hand-computed figures: tax basis, ranges, variants, windows,
the SLA clock start, soft targets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from tests.conftest import make_package

from magesupport.calendars.coverage import triage_seconds
from magesupport.compare.deterministic import compare_workspace
from magesupport.compare.response import response_profile, severity_coverage
from magesupport.domain.base import Severity
from magesupport.workspace.loader import load_workspace

STORE = """\
name: Test
annual_revenue: 9500000
currency: GBP
timezone: Europe/London
traffic_profile: flat
workload:
  incidents_per_year: {P1: 2, P2: 6, P3: 24, P4: 24}
  maintenance_hours_per_month: 30
"""

RETAINER = """\
id: {id}
name: {id}
model: retainer
currency: GBP
provider: {{name: P, timezone: Europe/London}}
pricing:
  monthly_fee: 3000
  included_hours: 20
  overflow_rate: 100
  onboarding_fee: 1200
severities:
  P1: {{response: 1h, coverage: 24x7}}
"""


def build(tmp_path: Path, quotes: dict[str, str], store: str = STORE) -> Path:
    (tmp_path / "quotes").mkdir(parents=True)
    (tmp_path / "store.yaml").write_text(store)
    for name, text in quotes.items():
        (tmp_path / "quotes" / f"{name}.yaml").write_text(textwrap.dedent(text))
    return tmp_path


MONEY = (
    "monthly_fee",
    "onboarding_fee",
    "committed_annual",
    "first_year_committed",
    "term_commitment",
    "effective_hourly_rate",
    "workload_variable_annual",
    "workload_total_annual",
)


def test_twenty_percent_vat_not_recoverable_raises_every_cost_by_exactly_twenty_percent(tmp_path):
    heavy = RETAINER.format(id="q").replace("monthly_fee: 3000", "monthly_fee: 3000\n  tax_rate: 20%")
    taxed = compare_workspace(
        load_workspace(build(tmp_path / "a", {"q": heavy}, STORE + "tax_recoverable: false\n"))
    ).packages[0]
    plain = compare_workspace(load_workspace(build(tmp_path / "b", {"q": RETAINER.format(id="q")}))).packages[
        0
    ]
    assert plain.workload_variable_annual > 0  # the workload overflows: variable costs are tested too
    for name in MONEY:
        assert getattr(taxed, name) == pytest.approx(1.2 * getattr(plain, name), rel=1e-12), name
    for mine, theirs in zip(taxed.months, plain.months, strict=True):
        assert mine.total == pytest.approx(1.2 * theirs.total) and mine.fee == pytest.approx(1.2 * theirs.fee)
    assert taxed.p1_downtime_cost_annual == pytest.approx(plain.p1_downtime_cost_annual)  # lost sales: no VAT
    assert taxed.total_with_downtime_annual - taxed.p1_downtime_cost_annual == pytest.approx(
        1.2 * (plain.total_with_downtime_annual - plain.p1_downtime_cost_annual)
    )
    assert taxed.money_factor == pytest.approx(1.2) and taxed.fx_rate == 1.0


def test_recovered_vat_costs_nothing_and_prices_with_vat_are_taken_net(tmp_path):
    recovered = RETAINER.format(id="q").replace("monthly_fee: 3000", "monthly_fee: 3000\n  tax_rate: 20%")
    gross_quote = RETAINER.format(id="q").replace(
        "monthly_fee: 3000", "monthly_fee: 3600\n  tax_rate: 20%\n  prices_include_tax: true"
    )
    gross_quote = gross_quote.replace("overflow_rate: 100", "overflow_rate: 120").replace(
        "onboarding_fee: 1200", "onboarding_fee: 1440"
    )
    plain = compare_workspace(load_workspace(build(tmp_path / "p", {"q": RETAINER.format(id="q")})))
    net = compare_workspace(load_workspace(build(tmp_path / "n", {"q": recovered})))
    incl = compare_workspace(load_workspace(build(tmp_path / "g", {"q": gross_quote})))
    assert net.tax_basis == "net"
    for name in MONEY:
        assert getattr(net.packages[0], name) == pytest.approx(getattr(plain.packages[0], name)), name
        assert getattr(incl.packages[0], name) == pytest.approx(getattr(plain.packages[0], name)), name


def test_a_range_shows_both_ends_and_the_midpoint_is_the_figure(tmp_path):
    ranged = RETAINER.format(id="q").replace("monthly_fee: 3000", "monthly_fee: 2k-4k")
    view = compare_workspace(load_workspace(build(tmp_path, {"q": ranged}))).packages[0]
    firm = compare_workspace(load_workspace(build(tmp_path / "f", {"q": RETAINER.format(id="q")}))).packages[
        0
    ]
    assert view.ranges is not None
    assert view.ranges.fields == ("pricing.monthly_fee 2000\u20134000 GBP",)
    assert (view.ranges.monthly_fee.low, view.ranges.monthly_fee.high) == (2000.0, 4000.0)
    # committed: 12 x fee + the onboarding fee over 12 months
    assert view.ranges.committed_annual.low == pytest.approx(12 * 2000 + 1200)
    assert view.ranges.committed_annual.high == pytest.approx(12 * 4000 + 1200)
    assert view.committed_annual == pytest.approx(firm.committed_annual)  # the midpoint, 3000
    spread = view.ranges.workload_total_annual.high - view.ranges.workload_total_annual.low
    assert spread == pytest.approx(12 * 2000)  # the overflow bill does not depend on the fee


def test_the_best_tier_is_the_cheapest_on_the_same_workload_with_its_margin(tmp_path):
    quote = RETAINER.format(id="q").replace(
        "  monthly_fee: 3000\n  included_hours: 20\n", ""
    ) + textwrap.dedent(
        """\
        tiers:
          - {name: 10 h, pricing: {monthly_fee: 1000, included_hours: 10}}
          - {name: 20 h, pricing: {monthly_fee: 1900, included_hours: 20}}
          - {name: 40 h, pricing: {monthly_fee: 3600, included_hours: 40}}
        """
    )
    result = compare_workspace(load_workspace(build(tmp_path, {"q": quote})))
    views = {v.id: v for v in result.packages}
    assert sorted(views) == ["q.10-h", "q.20-h", "q.40-h"]
    (choice,) = result.tier_choices
    totals = {k: v.total_with_downtime_annual for k, v in views.items()}
    ordered = sorted(totals, key=totals.__getitem__)
    assert choice.best_id == ordered[0] and choice.runner_up_id == ordered[1]
    assert choice.margin == pytest.approx(totals[ordered[1]] - totals[ordered[0]])
    assert choice.variant_ids == ("q.10-h", "q.20-h", "q.40-h") and choice.quote_name == "q"
    # by hand: the monthly work is the same under each tier; what differs is fee and overflow at 100/h
    hours = views["q.40-h"].months[0].billed_hours
    for tier, (fee, included) in {"q.10-h": (1000, 10), "q.20-h": (1900, 20), "q.40-h": (3600, 40)}.items():
        expected = 12 * fee + 1200 + 12 * max(hours - included, 0.0) * 100
        assert views[tier].workload_total_annual == pytest.approx(expected, rel=1e-9), tier


def test_term_options_are_variants_with_the_discount_on_the_fee(tmp_path):
    quote = RETAINER.format(id="q") + "term_options: [{months: 12, discount: 10%}, {months: 3}]\n"
    result = compare_workspace(load_workspace(build(tmp_path, {"q": quote})))
    views = {v.id: v for v in result.packages}
    long, short = views["q.12m"], views["q.3m"]
    assert long.monthly_fee == pytest.approx(2700.0) and short.monthly_fee == pytest.approx(3000.0)
    assert (long.term_months, long.term_discount_pct, short.minimum_term_months) == (12, 10.0, 3)
    assert short.committed_annual - long.committed_annual == pytest.approx(12 * 300)
    (choice,) = result.tier_choices
    assert choice.best_id == "q.12m" and choice.margin == pytest.approx(3600.0)


def test_a_weekend_window_from_friday_17_00_surcharges_friday_evening_incidents():
    window = {"when": {"from": "fri 17:00", "to": "mon 08:00"}, "multiplier": 2.0}
    store_tz = "Europe/London"
    from tests.conftest import make_store

    from magesupport.compare.typical_month import typical_month, when_split
    from magesupport.estimates.workload import estimate_workload

    store = make_store(timezone=store_tz, traffic_profile="flat", workload={"incidents_per_year": {"P1": 12}})
    package = make_package(
        provider={"name": "X", "timezone": store_tz},
        business_hours={"days": "mon-fri", "hours": "09:00-17:00"},
        pricing={"hourly_rate": 100, "surcharges": [window]},
    )
    split = when_split(store, package)
    in_window = sum(share for _, inside, share, _ in split if inside)
    # flat traffic: Fri 17:00 to Mon 08:00 is 7 + 48 + 8 = 63 of the week's 168 hours
    assert in_window == pytest.approx(63 / 168)
    lines = typical_month(store, package, estimate_workload(store))
    surcharged = [line for line in lines if line.windows and line.severity == "P1"]
    assert sum(line.count_per_month for line in surcharged) == pytest.approx(1.0 * 63 / 168)
    assert {line.when for line in surcharged} == {"outside_business_hours", "weekend"}


def test_a_clock_that_starts_at_the_providers_detection_answers_later():
    terms = {"P1": {"response": "1h", "coverage": "business_hours"}}
    hours = {"days": "mon-fri", "hours": "09:00-17:00", "timezone": "UTC"}
    report = make_package(business_hours=hours, severities=terms)
    detection = make_package(business_hours=hours, severities=terms, sla_clock_starts="detection")
    at_report = response_profile(report, Severity.P1, "UTC")
    at_detection = response_profile(detection, Severity.P1, "UTC")
    triage = triage_seconds() / 3600
    # Wed 10:00 (covered): the clock starts after triage, and the hour counts from there
    wednesday = 2 * 24 + 10
    assert at_report.by_hour_of_week[wednesday] == pytest.approx(1.0)
    assert at_detection.by_hour_of_week[wednesday] == pytest.approx(1.0 + triage)
    assert at_detection.worst_hours > at_report.worst_hours
    assert at_detection.clock_starts == "detection"


def test_soft_targets_and_updates_are_shown_on_the_coverage_rows():
    package = make_package(
        severities={
            "P1": {
                "response": "30m",
                "resolution": "4h",
                "commitment": {"resolution": "aim"},
                "updates_every": "1 hour",
            }
        }
    )
    row = severity_coverage(package, "UTC")[0]
    assert (row.response_commitment, row.resolution_commitment, row.updates_every) == (
        "guaranteed",
        "aim",
        "1 hour",
    )
