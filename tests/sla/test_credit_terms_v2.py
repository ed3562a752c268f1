"""The SLA report's credits under the v2 terms: tiered uptime credits and soft targets, by hand."""

from __future__ import annotations

import pytest
from tests.conftest import make_package

from magesupport.domain.results_sla import SeverityStats, UptimeMonth
from magesupport.sla.report import month_credit

TIERS = [
    {"below": "99.9%", "credit": "10%"},
    {"below": "99.5%", "credit": "15%"},
    {"below": "99%", "credit": "25%"},
]


def stats(severity: str, response: int, resolution: int) -> SeverityStats:
    return SeverityStats(
        severity=severity,
        tickets=5,
        responded=5,
        resolved=5,
        open=0,
        reopens=0,
        response_target="1h",
        resolution_target="4h",
        response_median_h=0.5,
        response_p90_h=0.9,
        resolution_median_h=2.0,
        resolution_p90_h=3.0,
        response_breaches=response,
        resolution_breaches=resolution,
        response_breach_rate=response / 5,
        resolution_breach_rate=resolution / 5,
    )


def uptime(pct: float) -> UptimeMonth:
    return UptimeMonth(
        month="2027-04",
        period_hours=720,
        maintenance_hours=0,
        down_minutes=720 * 60 * (100 - pct) / 100,
        uptime_pct=pct,
        guarantee_pct=99.9,
        met=pct >= 99.9,
        shortfall_points=max(99.9 - pct, 0.0),
    )


def package(**credits):
    return make_package(
        model="managed",
        pricing={"monthly_fee": 2000},
        severities={
            "P1": {
                "response": "1h",
                "resolution": "4h",
                "coverage": "24x7",
                "commitment": {"resolution": "aim"},
            },
            "P2": {"response": "2h", "resolution": "8h"},
        },
        uptime_guarantee=99.9,
        service_credits={"uptime_tiers": TIERS, **credits},
    )


def test_tiered_credits_pay_fifteen_percent_at_99_4_uptime():
    credit = month_credit(package(), "2027-04", (), uptime(99.4))
    assert credit.uptime_tier_pct == 15.0
    assert credit.credit_pct == pytest.approx(15.0)
    assert credit.amount == pytest.approx(300.0)  # 15% of 2,000
    assert month_credit(package(), "2027-04", (), uptime(99.95)).amount == 0.0
    assert month_credit(package(), "2027-04", (), uptime(98.0)).credit_pct == pytest.approx(25.0)


def test_a_missed_soft_target_earns_no_credit():
    rules = {"per_breach_pct": 5}
    # P1: 1 response breach (guaranteed) and 2 resolution breaches (an aim); P2: 1 resolution breach
    credit = month_credit(package(**rules), "2027-04", (stats("P1", 1, 2), stats("P2", 0, 1)), None)
    assert credit.breaches_counted == 2
    assert credit.credit_pct == pytest.approx(10.0)
