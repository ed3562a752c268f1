"""The figures formatters used to compute, now fields of the results, pinned to hand-computed values.

- the cost breakdown's total (committed + workload billing + expected P1 downtime): compare/deterministic.py
- the band of each heat-map cell and the hours answered within 1 h: compare/response.py
- the ledger's tickets-and-blocks cost: sla/hours.py
- whether the cap cut a month's service credit: sla/report.py
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from tests.conftest import make_package

from magesupport.compare.response import response_bands, response_profile
from magesupport.domain.base import Severity
from magesupport.domain.results import RESPONSE_BAND_LABELS
from magesupport.domain.results_sla import SeverityStats
from magesupport.formats.html.charts import cost_breakdown, response_heatmap
from magesupport.formats.money import money
from magesupport.formats.sla_reports import credit_line, ledger_doc
from magesupport.services.workspaces import EXAMPLES, example_path
from magesupport.sla.hours import bill_months
from magesupport.sla.report import month_credit
from magesupport.sla.sources.records import TimeEntries

MON, WED, FRI, SAT, SUN = 0, 2, 4, 5, 6


def at(day: int, hour: int) -> int:
    return day * 24 + hour


def business_package():
    return make_package(
        business_hours={"days": "mon-fri", "hours": "09:00-17:00", "timezone": "UTC"},
        severities={"P1": {"response": "2 business hours", "coverage": "business_hours"}},
    )


def test_bands_are_the_limits_one_to_four_to_twenty_four_to_seventy_two_hours():
    waits = np.array([0.0, 0.99, 1.0, 3.99, 4.0, 23.9, 24.0, 71.9, 72.0, 500.0])
    assert response_bands(waits).tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert RESPONSE_BAND_LABELS[1] == "1-4 h" and len(RESPONSE_BAND_LABELS) == 5


def test_business_hours_bands_by_hand():
    """2 business hours, Mon-Fri 09:00-17:00 UTC, the worst start in each hour of the week:
    - 08:00-14:59 on a weekday: answered 2 h (3 h from 08:00) -> 1-4 h: 7 hours x 5 days = 35
    - Friday 15:00 to Sunday 11:59: Monday 09:00 + what is left, 36-66 h (Sunday 11:00: 24 h) -> 1-3 days:
      9 + 24 + 12 = 45
    - every other hour (nights, Mon-Thu 15:00-16:59, Sunday afternoon): 4-23 h -> 4-24 h: 168 - 35 - 45 = 88
    - no hour is answered within 1 h."""
    profile = response_profile(business_package(), Severity.P1, "UTC")
    bands = profile.band_by_hour_of_week
    assert len(bands) == 168
    assert Counter(bands) == {1: 35, 2: 88, 3: 45}
    assert profile.hours_answered_within_1h == 0
    assert bands[at(WED, 10)] == 1 and bands[at(MON, 8)] == 1 and bands[at(MON, 7)] == 2  # 07:00: 4 h
    assert bands[at(WED, 15)] == 2 and bands[at(FRI, 15)] == 3 and bands[at(SAT, 12)] == 3
    assert bands[at(SUN, 11)] == 3 and bands[at(SUN, 12)] == 2  # 24 h and 23 h to Monday 11:00


def test_round_the_clock_quarter_hour_answers_every_hour_within_one_hour():
    package = make_package(severities={"P1": {"response": "15m", "coverage": "24x7"}})
    profile = response_profile(package, Severity.P1, "UTC")
    assert set(profile.band_by_hour_of_week) == {0} and profile.hours_answered_within_1h == 168
    row = response_heatmap_row(package)
    assert row[-1] == "168 of 168"


def response_heatmap_row(package):
    """The heat map's text row for a one-package comparison whose P1 profile is `package`'s."""
    from magesupport.services.compare import compare

    result = compare(example_path("startup"))
    profile = response_profile(package, Severity.P1, result.store.timezone)
    first = result.packages[0].model_copy(update={"p1_response": profile})
    chart = response_heatmap(result.model_copy(update={"packages": (first,)}))
    return chart.table[1]


@pytest.mark.parametrize("name", EXAMPLES)
def test_total_with_downtime_is_committed_plus_workload_plus_downtime(name):
    from magesupport.services.compare import compare

    result = compare(example_path(name))
    chart = cost_breakdown(result)
    for package, row in zip(result.packages, chart.table[1:], strict=True):
        downtime = package.p1_downtime_cost_annual or 0.0  # no P1 commitment: no downtime figure
        expected = package.committed_annual + package.workload_variable_annual + downtime
        assert package.total_with_downtime_annual == pytest.approx(expected, rel=1e-12)
        assert row[-1] == money(package.total_with_downtime_annual, result.store.currency)


def entries(rows: list[tuple[str, float]]) -> TimeEntries:
    """Billable time entries on 5 October 2026 at 10:00 London (one per ticket), minutes given."""
    start = 1_791_190_800.0  # 2026-10-05 10:00 Europe/London
    return TimeEntries(
        ticket=[ticket for ticket, _ in rows],
        start=np.array([start + 60 * i for i in range(len(rows))]),
        minutes=np.array([minutes for _, minutes in rows]),
        billable=np.ones(len(rows), dtype=bool),
        kind=[""] * len(rows),
        severity=[""] * len(rows),
        lines=list(range(2, len(rows) + 2)),
    )


def test_tickets_and_blocks_cost_by_hand():
    # 4 tickets, 2 included, 120 each beyond: 2 x 120 = 240
    bundle = make_package(
        model="ticket_bundle", pricing={"monthly_fee": 800, "included_tickets": 2, "ticket_price": 120}
    )
    work = entries([("A", 30), ("B", 30), ("C", 30), ("D", 30)])
    month = bill_months(bundle, work, (2026, 10), 1, "Europe/London", "Europe/London", {}).months[0]
    assert (month.ticket_cost, month.block_cost, month.tickets_blocks_cost) == (240.0, 0.0, 240.0)
    # 25 h of work bought in 10-hour blocks at 90 an hour: 3 blocks, 3 x 10 x 90 = 2,700
    blocks = make_package(model="prepaid_block", pricing={"block_hours": 10, "hourly_rate": 90})
    month = bill_months(blocks, entries([("A", 25 * 60)]), (2026, 10), 1, "UTC", "UTC", {}).months[0]
    assert (month.blocks_bought, month.tickets_blocks_cost) == (3, 2700.0)


def test_the_ledger_shows_the_tickets_and_blocks_cost():
    bundle = make_package(
        model="ticket_bundle", pricing={"monthly_fee": 800, "included_tickets": 2, "ticket_price": 120}
    )
    run = bill_months(bundle, entries([("A", 30), ("B", 30), ("C", 30)]), (2026, 10), 1, "UTC", "UTC", {})
    from magesupport.domain.results_sla import Ledger

    ledger = Ledger(
        store_name="S", quote_id="q", quote_name="Q", model="ticket_bundle", currency="USD", timezone="UTC",
        increment_h=0.25, minimum_h=0.0, rollover="none", months=tuple(run.months),
        total_billed_hours=1.5, total_cost=920.0, notes=(),
    )  # fmt: skip
    amounts = next(b for b in ledger_doc(ledger).blocks if getattr(b, "title", "").startswith("Amounts"))
    assert amounts.header[5] == "Tickets/blocks" and amounts.rows[0][5] == "$120.00"  # 1 extra ticket


def stats(response_breaches: int) -> tuple[SeverityStats, ...]:
    return (
        SeverityStats(
            severity="P1", tickets=response_breaches, responded=response_breaches, resolved=0,
            open=response_breaches, reopens=0, response_target="1h", resolution_target=None,
            response_median_h=2.0, response_p90_h=2.0, resolution_median_h=None, resolution_p90_h=None,
            response_breaches=response_breaches, resolution_breaches=0, response_breach_rate=1.0,
            resolution_breach_rate=None,
        ),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("cap", "capped", "credited"),
    [(10, True, 10), (15, False, 15), (20, False, 15), (0, False, 15)],  # 3 breaches x 5% = 15% uncapped
)
def test_the_cap_verdict_by_hand(cap, capped, credited):
    package = make_package(
        pricing={"monthly_fee": 1000}, service_credits={"per_breach_pct": 5, "cap_pct": cap}
    )
    credit = month_credit(package, "2026-10", stats(3), None)
    assert credit.uncapped_pct == 15 and credit.credit_pct == credited and credit.capped is capped
    assert credit.amount == credited * 10.0  # % of a 1,000 fee
    assert (f"capped at {cap:g}%" in credit_line(credit)) is capped
