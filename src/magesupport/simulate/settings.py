"""The simulation's assumptions, read from `data/priors.yaml` (section `simulation`), each with its source.

`SimSettings` holds the figures the engine uses; `assumptions()` lists them for the output. Tests build
settings with other values through `dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from magesupport import data
from magesupport.domain.base import SEVERITIES, Assumption, Severity


@dataclass(frozen=True)
class SimSettings:
    monitoring_minutes: float = 5.0
    merchant_look_minutes: float = 30.0
    customer_report_minutes: float = 30.0
    busy_traffic: float = 1.0
    response_median_fraction: float = 0.6
    response_sigma: float = 0.5
    staffing: dict[str, float] = field(
        default_factory=lambda: {"senior": 0.8, "mixed": 1.0, "junior": 1.25, "none": 1.0}
    )
    best_effort_hours: dict[Severity, float] = field(
        default_factory=lambda: {Severity.P1: 4.0, Severity.P2: 8.0, Severity.P3: 16.0, Severity.P4: 24.0}
    )
    best_effort_sigma: float = 0.8
    complexity_per_extension: float = 0.003
    complexity_per_custom_module: float = 0.01
    complexity_per_integration: float = 0.03
    effort_cap_hours: float = 400.0
    complexity_cap: float = 3.0  # the effort multiplier from the stack saturates at this
    restore_median_hours: float | None = None  # a P1 restored (rollback) before the fix; None: no restore
    restore_sigma: float = 0.6
    restore_monitoring_factor: float = 0.75  # a package with monitoring and alerting restores faster
    restore_runbooks_factor: float = 0.7  # the provider keeps runbooks for the store's common P1s
    restore_dr_factor: float = 0.8  # failover or restores tested at least yearly
    # prevention: service -> severity -> rate multiplier
    prevention: dict[str, dict[Severity, float]] = field(default_factory=dict)
    credit_default_cap_pct: float = 100.0
    credit_recovery: float = 1.0  # share of the credits owed that the total economic cost counts as recovered
    triage_minutes: float = 30.0  # a clock started at detection or acknowledgement: triage before it starts
    year_inputs: bool = False  # draw the uncertain inputs once per simulated year (simulate/year_draws.py)
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def assumptions(self) -> list[Assumption]:
        """Every figure of the model, with its source, for the output's list of assumptions."""
        s = self.sources

        def a(name: str, value: str, key: str) -> Assumption:
            return Assumption(name=name, value=value, source=s.get(key, "assumption"))

        out = [
            a("monitoring alert delay (mean)", f"{self.monitoring_minutes:g} min", "monitoring_minutes"),
            a(
                "merchant notices a problem (mean, in merchant hours)",
                f"{self.merchant_look_minutes:g} min",
                "merchant_look_minutes",
            ),
            a(
                "customers report a P1 at busy hours (mean)",
                f"{self.customer_report_minutes:g} min",
                "customer_report_minutes",
            ),
            a("busy hour threshold (traffic weight)", f"{self.busy_traffic:g}", "busy_traffic"),
            a(
                "median response as a share of the target",
                f"{self.response_median_fraction:g}",
                "response_median_fraction",
            ),
            a("provider reliability spread (lognormal sigma)", f"{self.response_sigma:g}", "response_sigma"),
            a(
                "on-call staffing speed (response time multiplier)",
                ", ".join(f"{k} x{v:g}" for k, v in self.staffing.items()),
                "staffing",
            ),
            a(
                "best-effort response without an SLA (business hours)",
                ", ".join(f"{k.value} {v:g} h" for k, v in self.best_effort_hours.items()),
                "best_effort_hours",
            ),
            a("best-effort spread (lognormal sigma)", f"{self.best_effort_sigma:g}", "best_effort_sigma"),
            a(
                "prior effort scaled by store complexity",
                f"+{self.complexity_per_extension:g} per extension, +{self.complexity_per_custom_module:g} "
                f"per custom module, +{self.complexity_per_integration:g} per integration",
                "complexity",
            ),
            a(
                "prior effort complexity cap",
                f"x{self.complexity_cap:g} (saturating: cap ** tanh(ln m / ln cap))",
                "complexity_cap",
            ),
            a("effort cap per incident", f"{self.effort_cap_hours:g} h", "effort_cap_hours"),
            a(
                "P1 restore (rollback) before the fix, in covered hours from the response",
                "none"
                if self.restore_median_hours is None
                else f"median {self.restore_median_hours:g} h, lognormal sigma {self.restore_sigma:g}, "
                f"x{self.restore_monitoring_factor:g} with monitoring, x{self.restore_runbooks_factor:g} with "
                f"runbooks, x{self.restore_dr_factor:g} with failover tested at least yearly (compounding)",
                "restore",
            ),
        ]
        for service, factors in self.prevention.items():
            out.append(
                a(
                    f"prevention: {service} lowers incident rates",
                    ", ".join(f"{k.value} x{v:g}" for k, v in factors.items()),
                    f"prevention.{service}",
                )
            )
        if self.year_inputs:
            out.append(
                a(
                    "uncertain inputs drawn per simulated year",
                    "incident rates, effort, prevention, restore time (and the P2 loss share when not stated): "
                    "a multiplier each year, mean 1 (priors.yaml uncertainty)",
                    "year_inputs",
                )
            )
        out += [
            a("planned work in the month", "booked first, before incidents", "routine_order"),
            a(
                "service credit cap when the quote states none",
                f"{self.credit_default_cap_pct:g}% of the fee",
                "credit_cap",
            ),
            a(
                "service credits recovered",
                f"{self.credit_recovery:.0%} of the credits owed (they must be claimed)",
                "credit_recovery",
            ),
        ]
        return out


def load_settings() -> SimSettings:
    """The settings bundled in priors.yaml."""
    raw = data.load("priors.yaml")["simulation"]
    det, resp, eff, prev = raw["detection"], raw["response"], raw["effort"], raw["prevention"]
    sources = {
        "monitoring_minutes": det["monitoring_minutes"]["source"],
        "merchant_look_minutes": det["merchant_look_minutes"]["source"],
        "customer_report_minutes": det["customer_report_minutes"]["source"],
        "busy_traffic": det["busy_traffic"]["source"],
        "response_median_fraction": resp["median_fraction_of_target"]["source"],
        "response_sigma": resp["reliability_sigma"]["source"],
        "staffing": resp["staffing"]["source"],
        "best_effort_hours": resp["best_effort_hours"]["source"],
        "best_effort_sigma": resp["best_effort_sigma"]["source"],
        "complexity": "; ".join(
            dict.fromkeys(
                eff[k]["source"]
                for k in (
                    "complexity_per_extension",
                    "complexity_per_custom_module",
                    "complexity_per_integration",
                )
            )
        ),
        "effort_cap_hours": eff["cap_hours"]["source"],
        "complexity_cap": eff["complexity_cap"]["source"],
        "restore": "; ".join(
            raw["restore"][k]["source"]
            for k in ("median_hours", "monitoring_factor", "runbooks_factor", "disaster_recovery_factor")
        ),
        "routine_order": raw["routine"]["order"]["source"],
        "credit_cap": raw["credits"]["default_cap_pct"]["source"],
        "credit_recovery": raw["credits"]["recovery_share"]["source"],
        "year_inputs": raw["input_uncertainty"]["per_year"]["source"],
        "triage": data.load("priors.yaml")["sla_clock"]["triage_minutes"]["source"],
        "price_ranges": "assumption: a range says the price is not known yet, any figure in it as likely",
    }
    prevention: dict[str, dict[Severity, float]] = {}
    for service, entry in prev.items():
        prevention[service] = {s: float(entry[s.value]) for s in SEVERITIES if s.value in entry}
        sources[f"prevention.{service}"] = entry["source"]
    return SimSettings(
        monitoring_minutes=float(det["monitoring_minutes"]["value"]),
        merchant_look_minutes=float(det["merchant_look_minutes"]["value"]),
        customer_report_minutes=float(det["customer_report_minutes"]["value"]),
        busy_traffic=float(det["busy_traffic"]["value"]),
        response_median_fraction=float(resp["median_fraction_of_target"]["value"]),
        response_sigma=float(resp["reliability_sigma"]["value"]),
        staffing={k: float(v) for k, v in resp["staffing"].items() if k != "source"},
        best_effort_hours={s: float(resp["best_effort_hours"][s.value]) for s in SEVERITIES},
        best_effort_sigma=float(resp["best_effort_sigma"]["value"]),
        complexity_per_extension=float(eff["complexity_per_extension"]["value"]),
        complexity_per_custom_module=float(eff["complexity_per_custom_module"]["value"]),
        complexity_per_integration=float(eff["complexity_per_integration"]["value"]),
        effort_cap_hours=float(eff["cap_hours"]["value"]),
        complexity_cap=float(eff["complexity_cap"]["value"]),
        restore_median_hours=float(raw["restore"]["median_hours"]["value"]),
        restore_sigma=float(raw["restore"]["sigma"]["value"]),
        restore_monitoring_factor=float(raw["restore"]["monitoring_factor"]["value"]),
        restore_runbooks_factor=float(raw["restore"]["runbooks_factor"]["value"]),
        restore_dr_factor=float(raw["restore"]["disaster_recovery_factor"]["value"]),
        prevention=prevention,
        credit_default_cap_pct=float(raw["credits"]["default_cap_pct"]["value"]),
        credit_recovery=float(raw["credits"]["recovery_share"]["value"]),
        triage_minutes=float(data.load("priors.yaml")["sla_clock"]["triage_minutes"]["value"]),
        year_inputs=bool(raw["input_uncertainty"]["per_year"]["value"]),
        sources=sources,
    )
