"""Place a store in the guide's archetypes (startup, mid-market, enterprise) and say why.

The guide gives revenue bands: under $1M, $5M-$50M, over $100M. It leaves $1M-$5M and $50M-$100M
open; a store there is placed by other signals, and the result says which way it leaned and why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from magesupport import data
from magesupport.domain.profile import Compliance, Edition, RiskTolerance, StoreProfile, TeamLevel
from magesupport.domain.results import ArchetypeResult, Signal

_LABELS = {"startup": "startup", "midmarket": "mid-market", "enterprise": "enterprise"}


def archetype_data() -> dict[str, Any]:
    return data.load("archetypes.yaml")["archetypes"]


def _money(amount: float) -> str:
    return f"${amount / 1e6:g}M"


def _mid_signals(store: StoreProfile) -> list[Signal]:
    """Signals that a $1M-$5M store needs mid-market support rather than startup support."""
    stack = store.stack
    return [
        Signal(
            name="several integrations",
            present=len(stack.integrations) >= 2,
            detail=f"{len(stack.integrations)} integrations ({', '.join(stack.integrations) or 'none'})",
        ),
        Signal(
            name="in-house technical staff",
            present=store.internal_team.level is not TeamLevel.NONE,
            detail=f"internal team: {store.internal_team.level.value}",
        ),
        Signal(
            name="low tolerance for downtime",
            present=store.risk_tolerance is RiskTolerance.LOW,
            detail=f"risk tolerance: {store.risk_tolerance.value}",
        ),
        Signal(
            name="compliance obligations",
            present=bool(store.compliance),
            detail=f"compliance: {', '.join(c.value for c in store.compliance) or 'none'}",
        ),
        Signal(
            name="complex store",
            present=stack.extensions >= 30 or stack.custom_modules >= 5,
            detail=f"{stack.extensions} extensions, {stack.custom_modules} custom modules",
        ),
    ]


def _enterprise_signals(store: StoreProfile) -> list[Signal]:
    """Signals that a $50M-$100M store needs enterprise support rather than mid-market support."""
    stack = store.stack
    return [
        Signal(
            name="Adobe Commerce edition",
            present=store.edition is not Edition.OPEN_SOURCE,
            detail=f"edition: {store.edition.value}",
        ),
        Signal(name="B2B functions", present=store.b2b, detail=f"b2b: {str(store.b2b).lower()}"),
        Signal(
            name="global operations",
            present=store.global_operations,
            detail=f"global_operations: {str(store.global_operations).lower()}",
        ),
        Signal(
            name="no tolerance for downtime",
            present=store.risk_tolerance is RiskTolerance.LOW,
            detail=f"risk tolerance: {store.risk_tolerance.value}",
        ),
        Signal(
            name="regulated (PCI, SOX, HIPAA)",
            present=bool(set(store.compliance) & {Compliance.PCI, Compliance.SOX, Compliance.HIPAA}),
            detail=f"compliance: {', '.join(c.value for c in store.compliance) or 'none'}",
        ),
        Signal(
            name="many integrations",
            present=len(stack.integrations) >= 4,
            detail=f"{len(stack.integrations)} integrations",
        ),
    ]


def classify(store: StoreProfile) -> ArchetypeResult:
    revenue = float(store.annual_revenue)
    table = archetype_data()

    def result(
        name: str,
        band: str,
        gap: bool,
        leaned: str | None,
        reasons: list[str],
        signals: list[Signal] | None = None,
    ) -> ArchetypeResult:
        return ArchetypeResult(
            archetype=name,
            label=table[name]["label"],
            revenue_band=band,
            in_gap=gap,
            leaned=leaned,
            reasons=tuple(reasons),
            signals=tuple(signals or ()),
            package_advice=table[name]["package"],
        )

    if revenue < 1e6:
        return result(
            "startup",
            "under $1M",
            False,
            None,
            [f"annual revenue {_money(revenue)} is under $1M: the guide's startup band"],
        )
    if 5e6 <= revenue <= 50e6:
        return result(
            "midmarket",
            "$5M-$50M",
            False,
            None,
            [f"annual revenue {_money(revenue)} is in the guide's $5M-$50M mid-market band"],
        )
    if revenue > 100e6:
        return result(
            "enterprise",
            "over $100M",
            False,
            None,
            [f"annual revenue {_money(revenue)} is over $100M: the guide's enterprise band"],
        )
    if revenue < 5e6:
        lower, upper = ("startup", "under $1M"), ("midmarket", "$5M-$50M")
        return _place_in_gap(result, revenue, "$1M-$5M", lower, upper, _mid_signals(store), needed=2)
    lower, upper = ("midmarket", "$5M-$50M"), ("enterprise", "over $100M")
    return _place_in_gap(result, revenue, "$50M-$100M", lower, upper, _enterprise_signals(store), needed=3)


def _place_in_gap(
    result: Callable[..., ArchetypeResult],
    revenue: float,
    band: str,
    lower: tuple[str, str],
    upper: tuple[str, str],
    signals: list[Signal],
    needed: int,
) -> ArchetypeResult:
    """A store in a band the guide leaves open goes up when at least `needed` signals point there."""
    present = [s for s in signals if s.present]
    head = (
        f"annual revenue {_money(revenue)} falls between the guide's {_LABELS[lower[0]]} ({lower[1]}) and "
        f"{_LABELS[upper[0]]} ({upper[1]}) bands"
    )
    if len(present) >= needed:
        reason = (
            f"placed up, as {_LABELS[upper[0]]}: {len(present)} of {len(signals)} signals point there ("
            + "; ".join(s.detail for s in present)
            + ")"
        )
        return result(upper[0], f"{band} (open band)", True, "up", [head, reason], signals)
    reason = (
        f"placed down, as {_LABELS[lower[0]]}: only {len(present)} of {len(signals)} {_LABELS[upper[0]]} signals "
        f"({needed} needed): " + ("; ".join(s.detail for s in present) or "none")
    )
    return result(lower[0], f"{band} (open band)", True, "down", [head, reason], signals)
