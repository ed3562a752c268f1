"""Credits are money owed: the total economic cost counts only the recovery share of them."""

from __future__ import annotations

import numpy as np
import sim_helpers as h

from magesupport.simulate.incidents import draw_incidents
from magesupport.simulate.reference import simulate_reference
from magesupport.simulate.settings import load_settings
from magesupport.simulate.vectorised import simulate_chunk

FEE = 4_000.0


def credit_plan(recovery: float):
    store = h.store(
        workload={
            "incidents_per_year": {"P1": 2, "P2": 0, "P3": 0, "P4": 0},
            "maintenance_hours_per_month": 0,
            "development_hours_per_month": 0,
            "questions_per_month": 0,
        },
    )
    retainer = h.package(
        h.example("midmarket").package("acme-growth"),
        id="retainer",
        pricing={"monthly_fee": FEE, "onboarding_fee": 0},
        severities={"P1": {"response": "1h", "coverage": "24x7"}},
        service_credits={"per_breach_pct": 10, "cap_pct": 100, "applies_to": ["response"]},
    )
    # every P1 answered in 2 h against a 1-h target: one breach, 10% of the fee owed, per P1
    settings = h.quiet_settings(response_median_fraction=2.0, response_sigma=0.0, credit_recovery=recovery)
    return h.plan(store, [retainer], settings)


def test_the_total_counts_the_recovered_share_of_the_credits_owed() -> None:
    half, whole = credit_plan(0.5), credit_plan(1.0)
    draws = draw_incidents(np.random.default_rng(3), 3000, half.rates, half.frame)
    (a,) = simulate_chunk(half, draws)
    (b,) = simulate_chunk(whole, draws)
    fee = half.packages[0].monthly_fee  # in the store currency (exchange rate, tax basis)
    assert fee > 0
    owed = 0.10 * fee * a.breaches  # fewer than ten P1 in a month: the cap is never reached
    assert a.breaches.sum() > 1000
    assert np.allclose(a.credits, owed) and np.allclose(b.credits, owed)  # owed does not depend on recovery
    assert np.allclose(a.recovered, 0.5 * owed)
    assert np.allclose(a.total, a.fees + a.variable + a.lost - 0.5 * owed)
    assert np.allclose(b.total - a.total, -0.5 * owed)
    (ref,) = simulate_reference(half, draw_incidents(np.random.default_rng(4), 30, half.rates, half.frame))
    (eng,) = simulate_chunk(half, draw_incidents(np.random.default_rng(4), 30, half.rates, half.frame))
    assert np.allclose(ref.total, eng.total) and ref.recovery == eng.recovery == 0.5


def test_the_bundled_recovery_share_is_the_documented_prior() -> None:
    settings = load_settings()
    assert settings.credit_recovery == 0.7
    assert "claim" in settings.sources["credit_recovery"]
