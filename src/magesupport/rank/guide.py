"""Is a package the kind the guide advises for the store's archetype?

- startup: ad hoc (hourly or prepaid blocks) or a small retainer: a retainer or ticket bundle guaranteeing at
  most 20 hours a month (the guide's 10-20 hours);
- mid-market: a retainer of 40-80 guaranteed hours or a managed service, with a P1 response target of an
  hour or less on the clock;
- enterprise: a managed or dedicated service covering P1 around the clock, with a P1 answered within 30
  minutes at any hour of the year.
"""

from __future__ import annotations

from magesupport.domain.results import PackageQuickView
from magesupport.domain.units import DurationKind, parse_duration

SMALL_RETAINER_MAX = 20.0


def _p1_clock_hours(view: PackageQuickView) -> float | None:
    if view.p1_response is None:
        return None
    try:
        target = parse_duration(view.p1_response.target)
    except ValueError:
        return None
    return target.hours if target.kind is DurationKind.CLOCK else None


def guide_fit(archetype: str, view: PackageQuickView) -> tuple[bool, str]:
    model, hours = view.model, view.guaranteed_hours_per_month
    if archetype == "startup":
        if model in ("hourly", "prepaid_block"):
            return True, f"an ad hoc package ({model.replace('_', ' ')}), as the guide advises for a startup"
        if model in ("retainer", "ticket_bundle") and hours <= SMALL_RETAINER_MAX + 1e-9:
            return (
                True,
                f"a small retainer ({round(hours, 1):g} h a month), as the guide advises for a startup",
            )
        return (
            False,
            f"a {model} with {round(hours, 1):g} h a month: more than the guide's ad hoc or 10-20 h retainer",
        )
    if archetype == "midmarket":
        clock = _p1_clock_hours(view)
        fast = clock is not None and clock <= 1.0 + 1e-9
        target = view.p1_response.target if view.p1_response else "-"
        if model == "retainer" and 40 - 1e-9 <= hours <= 80 + 1e-9 and fast:
            return True, f"a {round(hours, 1):g}-hour retainer with P1 in {target}, as the guide advises"
        if model in ("managed", "dedicated") and fast:
            return True, f"a managed service with P1 in {target}, as the guide advises"
        why = (
            "no P1 target of an hour or less" if not fast else f"a {model} with {round(hours, 1):g} h a month"
        )
        return False, f"not the guide's 40-80 h retainer or hybrid managed service: {why}"
    p1 = view.p1_response
    always = bool(view.coverage) and view.coverage[0].covered_hours_per_week >= 168 - 1e-9
    if model in ("managed", "dedicated") and always and p1 is not None and p1.worst_hours <= 0.5 + 1e-9:
        return True, f"a {model} service covering P1 24/7, answered within {p1.target}, as the guide advises"
    why = (
        "not a managed or dedicated service"
        if model not in ("managed", "dedicated")
        else "P1 not answered within 30 minutes at every hour"
    )
    return False, f"not the guide's dedicated managed service with 24/7 P1 in 30 minutes: {why}"
