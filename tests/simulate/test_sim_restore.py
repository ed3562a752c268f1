"""Restore before the fix: a 24x7 P1 outage ends at response + restore time when that comes before the fix."""

from __future__ import annotations

import sim_helpers as h

from magesupport.domain.base import Severity


def restore_plan(restore_hours: float | None, effort: float = 9.0):
    store = h.store(
        annual_revenue=8_760_000,  # $1,000 an hour, flat all year
        traffic_profile="flat",
        peaks=[],
        workload={
            "incidents_per_year": {"P1": 2, "P2": 0, "P3": 0, "P4": 0},
            "effort_hours": {"P1": effort},
            "effort_spread": 0,
            "maintenance_hours_per_month": 0,
            "development_hours_per_month": 0,
            "questions_per_month": 0,
        },
    )
    hourly = h.package(
        h.example("midmarket").package("northwind-hourly"),
        id="hourly",
        pricing={"surcharges": []},
        severities={"P1": {"response": "1h", "coverage": "24x7"}},
    )
    settings = h.quiet_settings(
        customer_report_minutes=0.0,
        response_median_fraction=1.0,
        response_sigma=0.0,
        prevention={"monitoring": {Severity.P1: 1.0}},
        restore_median_hours=restore_hours,
        restore_sigma=0.0,
    )
    return h.plan(store, [hourly], settings)


def test_a_two_hour_rollback_ends_a_24x7_outage_at_three_hours() -> None:
    # reported at once, answered in exactly 1 h, restored 2 h later (the 9-hour fix goes on, billed in full)
    (with_restore,) = h.run(restore_plan(2.0), years=2000)
    (fix_only,) = h.run(restore_plan(None), years=2000)
    incidents = fix_only.downtime / 10.0  # without a restore each outage is 1 + 9 = 10 hours
    whole = abs(with_restore.downtime - 3.0 * incidents.round()) < 1e-6
    assert whole.mean() > 0.99  # overlaps aside, 3 hours per outage
    assert abs(with_restore.lost - 1_000.0 * with_restore.downtime).max() < 1e-3  # $3,000 per outage
    assert abs(with_restore.variable - fix_only.variable).max() < 1e-9  # the fix is billed the same


def test_a_restore_slower_than_the_fix_changes_nothing() -> None:
    (slow,) = h.run(restore_plan(50.0, effort=3.0), years=500)
    (fix_only,) = h.run(restore_plan(None, effort=3.0), years=500)
    assert abs(slow.downtime - fix_only.downtime).max() < 1e-9
