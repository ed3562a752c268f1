"""Restore before the fix: a 24x7 P1 outage ends at response + restore time when that comes before the fix;
the restore's median is the prior x the factors of what the package includes (monitoring, runbooks, tested
failover)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import sim_helpers as h

from magesupport.domain.base import Severity
from magesupport.simulate.incidents import draw_incidents
from magesupport.simulate.reference import simulate_reference
from magesupport.simulate.run import assumptions, plan_workspace
from magesupport.simulate.settings import load_settings
from magesupport.simulate.vectorised import simulate_chunk


def restore_plan(restore_hours: float | None, effort: float = 9.0):
    store = h.flat_p1_store(2, effort)
    hourly = h.hourly_24x7_p1()
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


# ------------------------------------------------------------------ what the package includes

MONITORING = {"uptime": True, "apm": True, "alerting": "24x7"}


def included_plan(restore_sigma: float = 0.0, **services):
    """Two P1 a year at $1,000 an hour, answered in exactly 1 h on 24x7; one package per entry of `services`
    (each a quote's `services:`), all else the same."""
    store = h.store(
        annual_revenue=8_760_000,
        traffic_profile="flat",
        peaks=[],
        workload={
            "incidents_per_year": {"P1": 2, "P2": 0, "P3": 0, "P4": 0},
            "effort_hours": {"P1": 9.0},
            "effort_spread": 0,
            "maintenance_hours_per_month": 0,
            "development_hours_per_month": 0,
            "questions_per_month": 0,
        },
    )
    base = h.example("midmarket").package("northwind-hourly")
    packages = [
        h.package(
            base,
            id=name,
            pricing={"surcharges": []},
            severities={"P1": {"response": "1h", "coverage": "24x7"}},
            services=included,
        )
        for name, included in services.items()
    ]
    settings = h.quiet_settings(
        customer_report_minutes=0.0,  # flat traffic: every hour is busy, so each P1 is reported at once
        response_median_fraction=1.0,
        response_sigma=0.0,
        prevention={"monitoring": {Severity.P1: 1.0}},  # monitoring prevents nothing here
        restore_median_hours=2.0,
        restore_sigma=restore_sigma,
    )
    return h.plan(store, packages, settings)


def p1_counts(plan, years: int, seed: int = 1) -> np.ndarray:
    draws = draw_incidents(np.random.default_rng(seed), years, plan.rates, plan.frame)
    return np.bincount(draws.year[draws.span(Severity.P1)], minlength=years)


def test_monitoring_runbooks_and_tested_failover_compound_on_a_24x7_restore() -> None:
    # 2 h x0.75 (monitoring) x0.7 (runbooks) x0.8 (failover tested quarterly) = 0.84 h after a 1-hour response
    plan = included_plan(
        everything={
            "monitoring": MONITORING,
            "runbooks": True,
            "disaster_recovery": {"failover_tests": "quarterly"},
        },
        runbooks={"runbooks": True},
        dr={"disaster_recovery": {"rto": "4h", "failover_tests": "yearly", "backups": "daily"}},
        none={},
    )
    medians = {pp.id: pp.severities[0].restore_median_hours for pp in plan.packages}
    assert medians == pytest.approx({"everything": 0.84, "runbooks": 1.4, "dr": 1.6, "none": 2.0}, abs=1e-12)
    counts = p1_counts(plan, 2000)
    for pp, outcome in zip(plan.packages, h.run(plan, years=2000), strict=True):
        outage = 1.0 + medians[pp.id]
        assert (outcome.downtime <= outage * counts + 1e-6).all(), pp.id
        assert (abs(outcome.downtime - outage * counts) < 1e-6).mean() > 0.99, pp.id  # overlaps aside
        assert abs(outcome.lost_p1 - 1_000.0 * outcome.downtime).max() < 1e-3, pp.id


def test_engine_and_reference_agree_on_the_restore_factors() -> None:
    # the same calendars and targets: the engine shares their timeline, never their restore
    plan = included_plan(
        restore_sigma=0.6,
        none={},
        runbooks={"runbooks": True},
        dr={"disaster_recovery": {"failover_tests": "quarterly"}},
        everything={
            "monitoring": MONITORING,
            "runbooks": True,
            "disaster_recovery": {"failover_tests": "monthly"},
        },
    )
    draws = draw_incidents(np.random.default_rng(3), 60, plan.rates, plan.frame)
    engine, reference = simulate_chunk(plan, draws), simulate_reference(plan, draws)
    for pp, a, b in zip(plan.packages, engine, reference, strict=True):
        h.assert_same(a, b, pp.id)
    assert len({float(a.downtime.sum()) for a in engine}) == 4  # each package restores at its own speed


def test_a_quote_without_the_new_keys_keeps_the_old_restore() -> None:
    # the old engine: prior x0.75 when monitoring alerts on P1, else the prior; runbooks and failover tests
    # stated as "none" change nothing; P2-P4 are never restored before the fix
    settings = load_settings()
    for name in ("startup", "midmarket", "enterprise", "uk-fashion"):
        for pp in plan_workspace(h.example(name)).packages:
            services = pp.package.services
            for sp in pp.severities:
                if sp.severity is not Severity.P1:
                    assert sp.restore_median_hours is None
                elif not services.runbooks and services.disaster_recovery.failover_tests.per_year < 1:
                    old = settings.restore_median_hours * (
                        settings.restore_monitoring_factor if sp.alert_spec is not None else 1.0
                    )
                    assert sp.restore_median_hours == old, pp.id
    plan = included_plan(
        restore_sigma=0.6,
        unset={"monitoring": MONITORING},
        stated={"monitoring": MONITORING, "runbooks": False, "disaster_recovery": {"failover_tests": "none"}},
    )
    unset, stated = h.run(plan, years=300)
    h.assert_same(unset, stated)
    (alone,) = h.run(
        h.plan(plan.store, [plan.packages[0].package], replace(plan.settings, restore_runbooks_factor=0.1)),
        years=300,
    )
    h.assert_same(unset, alone)  # the new factors do not reach a package without the services


def test_the_assumptions_name_each_package_restore_that_differs_from_the_prior() -> None:
    plan = included_plan(none={}, both={"runbooks": True, "disaster_recovery": {"failover_tests": "yearly"}})
    named = {a.name: a.value for a in assumptions(plan, ())}
    assert "P1 restore in none" not in named
    assert named["P1 restore in both"] == "median 1.12 h (runbooks x0.7, tested failover x0.8)"
