"""The store's expected support workload: measured figures from store.yaml, otherwise priors from its stack.

Every figure that is not the merchant's own comes with an Assumption saying where it comes from, so the
comparison can list what it assumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from magesupport import data
from magesupport.domain.base import SEVERITIES, Assumption, Severity
from magesupport.domain.facts import AuditFacts
from magesupport.domain.profile import StoreProfile, TeamLevel


@dataclass(frozen=True)
class StoreSignals:
    """Facts about the store that drive the priors (from store.yaml, or from an audit of its files)."""

    extensions: int
    custom_modules: int
    integrations: int
    edition_adobe: bool
    version_unsupported: bool
    vulnerable_extensions: int
    internal_senior: bool
    source: str = "store.yaml"

    @staticmethod
    def from_store(store: StoreProfile, facts: AuditFacts | None = None) -> StoreSignals:
        """Signals from store.yaml, with the audited facts taking precedence."""
        signals = StoreSignals(
            extensions=store.stack.extensions,
            custom_modules=store.stack.custom_modules,
            integrations=len(store.stack.integrations),
            edition_adobe=store.edition.value != "open_source",
            version_unsupported=version_unsupported(store.magento_version),
            vulnerable_extensions=0,
            internal_senior=store.internal_team.level is TeamLevel.SENIOR,
        )
        if facts is None:
            return signals
        return StoreSignals(
            extensions=facts.extensions,
            custom_modules=facts.custom_modules,
            integrations=max(signals.integrations, len(facts.integrations)),
            edition_adobe=signals.edition_adobe,
            version_unsupported=facts.version_support in {"security_only", "unsupported"}
            or signals.version_unsupported,
            vulnerable_extensions=facts.vulnerable_extensions,
            internal_senior=signals.internal_senior,
            source="audit",
        )


def version_unsupported(version: str | None) -> bool:
    """True when store.yaml's magento_version is on a line Adobe no longer supports (e.g. 2.3.x)."""
    if not version:
        return False
    prefixes = data.load("priors.yaml")["version_support"]["unsupported_prefixes"]
    text = version.strip()
    return any(text == p.rstrip(".") or text.startswith(p if p.endswith(".") else p + ".") for p in prefixes)


@dataclass(frozen=True)
class WorkloadEstimate:
    incidents_per_year: dict[Severity, float]
    effort_hours: dict[Severity, float]  # median hands-on hours per incident
    effort_spread: float
    maintenance_hours_per_month: float
    development_hours_per_month: float
    questions_per_month: float
    p2_revenue_loss: float
    task_hours: dict[str, float]  # typical size of maintenance / development / question tasks
    assumptions: tuple[Assumption, ...] = field(default_factory=tuple)


def _prior_rates(signals: StoreSignals) -> tuple[dict[Severity, float], list[Assumption]]:
    priors = data.load("priors.yaml")["incidents_per_year"]
    rates = {s: float(priors["base"][s.value]) for s in SEVERITIES}
    notes = [
        Assumption(
            name="base incident rates per year",
            value=", ".join(f"{s.value} {rates[s]:g}" for s in SEVERITIES),
            source=priors["base_source"],
        )
    ]
    values = {
        "extensions": signals.extensions,
        "custom_modules": signals.custom_modules,
        "integrations": signals.integrations,
        "edition_adobe": int(signals.edition_adobe),
        "version_unsupported": int(signals.version_unsupported),
        "vulnerable_extensions": signals.vulnerable_extensions,
        "internal_senior": int(signals.internal_senior),
    }
    stack_log = dict.fromkeys(SEVERITIES, 0.0)
    for factor in priors["factors"]:
        units = values[factor["key"]] / factor["per"]
        if units <= 0:
            continue
        scale = factor["multiplier"] ** units
        for name in factor["severities"]:
            if factor.get("stack"):
                stack_log[Severity(name)] += math.log(scale)
            else:
                rates[Severity(name)] *= scale
        notes.append(
            Assumption(
                name=f"incident rate x{scale:.2f} ({factor['name']}: {values[factor['key']]:g})",
                value=f"on {', '.join(factor['severities'])}"
                + (" (stack factor, saturating below)" if factor.get("stack") else ""),
                source=factor["source"],
            )
        )
    cap = float(priors["stack_cap"]["value"])
    for severity, log_m in stack_log.items():
        rates[severity] *= saturate(math.exp(log_m), cap)
    if any(log_m > 0 for log_m in stack_log.values()):
        notes.append(
            Assumption(
                name="stack complexity saturates",
                value=", ".join(
                    f"{s.value} x{math.exp(stack_log[s]):.2f} -> x{saturate(math.exp(stack_log[s]), cap):.2f}"
                    for s in SEVERITIES
                )
                + f" (cap x{cap:g})",
                source=priors["stack_cap"]["source"],
            )
        )
    return rates, notes


def saturate(multiplier: float, cap: float) -> float:
    """cap ** tanh(ln m / ln cap): about m while m is small against the cap, never above the cap."""
    if multiplier <= 1.0 or cap <= 1.0:
        return min(multiplier, max(cap, 1.0)) if multiplier > 1.0 else multiplier
    return float(cap ** math.tanh(math.log(multiplier) / math.log(cap)))


def estimate_workload(store: StoreProfile, facts: AuditFacts | None = None) -> WorkloadEstimate:
    """The workload to bill and simulate, with the assumptions behind every figure not measured."""
    priors = data.load("priors.yaml")
    stated = store.workload
    signals = StoreSignals.from_store(store, facts)
    assumptions: list[Assumption] = []
    rates, notes = _prior_rates(signals)
    missing = [s for s in SEVERITIES if s not in stated.incidents_per_year]
    if missing:
        assumptions.extend(notes)
    final_rates = {s: float(stated.incidents_per_year.get(s, rates[s])) for s in SEVERITIES}
    if missing:
        assumptions.append(
            Assumption(
                name="incidents per year (prior)",
                value=", ".join(f"{s.value} {final_rates[s]:.2f}" for s in missing),
                source=f"priors from the store's stack ({signals.source}); state workload.incidents_per_year to replace",
            )
        )
    effort_prior = priors["effort_hours"]
    effort = {s: float(stated.effort_hours.get(s, effort_prior["median"][s.value])) for s in SEVERITIES}
    missing_effort = [s for s in SEVERITIES if s not in stated.effort_hours]
    if missing_effort:
        assumptions.append(
            Assumption(
                name="median effort per incident (hours)",
                value=", ".join(f"{s.value} {effort[s]:g}" for s in missing_effort),
                source=effort_prior["source"],
            )
        )
    if "effort_spread" not in stated.model_fields_set:
        assumptions.append(
            Assumption(
                name="effort spread (lognormal sigma)",
                value=f"{stated.effort_spread:g}",
                source=effort_prior["spread_source"],
            )
        )
    maintenance = stated.maintenance_hours_per_month
    if maintenance is None:
        m = priors["maintenance_hours_per_month"]
        maintenance = (
            m["base"]
            + m["per_extension"] * signals.extensions
            + m["per_custom_module"] * signals.custom_modules
        )
        assumptions.append(
            Assumption(name="maintenance hours per month", value=f"{maintenance:.1f}", source=m["source"])
        )
        u = priors["upgrades"]
        upgrades = (
            u["hours_per_year"]
            + u["per_extension"] * signals.extensions
            + u["per_custom_module"] * signals.custom_modules
        ) / 12.0
        maintenance += upgrades
        assumptions.append(
            Assumption(
                name="upgrade hours per month (in maintenance)", value=f"{upgrades:.1f}", source=u["source"]
            )
        )
    if "p2_revenue_loss" not in stated.model_fields_set:
        assumptions.append(
            Assumption(
                name="share of revenue lost while a P2 is open",
                value=f"{stated.p2_revenue_loss:g}",
                source="assumption (the format's default)",
            )
        )
    sizes = {kind: float(spec["hours"]) for kind, spec in priors["task_sizes"].items()}
    for kind, spec in priors["task_sizes"].items():
        assumptions.append(
            Assumption(name=f"{kind} task size (hours)", value=f"{spec['hours']:g}", source=spec["source"])
        )
    return WorkloadEstimate(
        incidents_per_year=final_rates,
        effort_hours=effort,
        effort_spread=stated.effort_spread,
        maintenance_hours_per_month=float(maintenance),
        development_hours_per_month=stated.development_hours_per_month,
        questions_per_month=stated.questions_per_month,
        p2_revenue_loss=stated.p2_revenue_loss,
        task_hours=sizes,
        assumptions=tuple(assumptions),
    )
