"""Place a store in the guide's archetypes (startup, mid-market, enterprise) and say why.

The guide gives revenue bands: under $1M, $5M-$50M, over $100M. It leaves $1M-$5M and $50M-$100M
open; a store there is placed by other signals, and the result says which way it leaned and why.

The bands are in US dollars: a store in another currency is placed by its revenue converted with
store.yaml's `fx` rate for USD (the reasons say so: "£9.5M ≈ USD 12.1M"), and its texts write dollars as
"USD", never with `$`. Without a USD rate the band cannot be read: the store is placed by the signals alone.
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


SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹"}  # a symbol without `$` for others


def _money(amount: float, usd_symbol: bool = True) -> str:
    """US dollars in millions: `$9.5M`, or `USD 9.5M` for a store that keeps `$` out of its outputs."""
    if usd_symbol:
        return f"${amount / 1e6:g}M"
    figure = f"{amount / 1e6:.3g}" if amount < 1e8 else f"{amount / 1e6:,.0f}"
    return f"USD {figure}M"


def _own(amount: float, currency: str) -> str:
    symbol = SYMBOLS.get(currency)
    figure = f"{amount / 1e6:.3g}" if amount < 1e8 else f"{amount / 1e6:,.0f}"
    return f"{symbol}{figure}M" if symbol and symbol != "$" else f"{currency} {figure}M"


def _bands(text: str, usd_symbol: bool) -> str:
    """A band or reason written with `$` (`$5M-$50M`), rewritten for a non-USD store (`USD 5M-50M`)."""
    if usd_symbol:
        return text
    import re

    text = re.sub(r"\$(\d+(?:\.\d+)?M)-\$(\d+(?:\.\d+)?M)", r"USD \1-\2", text)
    return re.sub(r"\$(\d)", r"USD \1", text)


def revenue_in_usd(store: StoreProfile) -> float | None:
    """The store's revenue in US dollars (None when a non-USD store gives no USD rate)."""
    if store.currency == "USD":
        return float(store.annual_revenue)
    rate = store.fx.get("USD")
    if rate is None:
        return None
    return float(store.annual_revenue) / float(rate)


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
    table = archetype_data()
    usd = store.currency == "USD"
    revenue_usd = revenue_in_usd(store)
    if revenue_usd is None:
        return _by_signals(store, table)
    revenue = revenue_usd
    shown = (
        _money(revenue)
        if usd
        else f"{_own(float(store.annual_revenue), store.currency)} ≈ {_money(revenue, False)} "
        f"(fx: {store.currency} {float(store.fx['USD']):g} per USD)"
    )

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
            revenue_band=_bands(band, usd),
            in_gap=gap,
            leaned=leaned,
            reasons=tuple(_bands(r, usd) for r in reasons),
            signals=tuple(signals or ()),
            package_advice=_bands(table[name]["package"], usd),
            revenue_usd=revenue,
        )

    if revenue < 1e6:
        return result(
            "startup",
            "under $1M",
            False,
            None,
            [f"annual revenue {shown} is under $1M: the guide's startup band"],
        )
    if 5e6 <= revenue <= 50e6:
        return result(
            "midmarket",
            "$5M-$50M",
            False,
            None,
            [f"annual revenue {shown} is in the guide's $5M-$50M mid-market band"],
        )
    if revenue > 100e6:
        return result(
            "enterprise",
            "over $100M",
            False,
            None,
            [f"annual revenue {shown} is over $100M: the guide's enterprise band"],
        )
    if revenue < 5e6:
        lower, upper = ("startup", "under $1M"), ("midmarket", "$5M-$50M")
        return _place_in_gap(
            result, revenue, "$1M-$5M", lower, upper, _mid_signals(store), needed=2, shown=shown
        )
    lower, upper = ("midmarket", "$5M-$50M"), ("enterprise", "over $100M")
    return _place_in_gap(
        result, revenue, "$50M-$100M", lower, upper, _enterprise_signals(store), needed=3, shown=shown
    )


def _by_signals(store: StoreProfile, table: dict[str, Any]) -> ArchetypeResult:
    """A non-USD store without a USD rate: the guide's bands cannot be read, so the signals place it."""
    head = (
        f"annual revenue {_own(float(store.annual_revenue), store.currency)} cannot be placed in the guide's bands "
        f"(in US dollars): store.yaml has no USD rate (add fx: {{USD: <{store.currency} per USD>}})"
    )
    mid, enterprise = _mid_signals(store), _enterprise_signals(store)
    mid_on, ent_on = [s for s in mid if s.present], [s for s in enterprise if s.present]
    if len(ent_on) >= 3:
        name, signals, reason = (
            "enterprise",
            enterprise,
            f"{len(ent_on)} of {len(enterprise)} enterprise signals",
        )
    elif len(mid_on) >= 2:
        name, signals, reason = "midmarket", mid, f"{len(mid_on)} of {len(mid)} mid-market signals"
    else:
        name, signals, reason = (
            "startup",
            mid,
            f"only {len(mid_on)} of {len(mid)} mid-market signals (2 needed)",
        )
    present = [s for s in signals if s.present]
    detail = "; ".join(s.detail for s in present) or "none"
    return ArchetypeResult(
        archetype=name,
        label=table[name]["label"],
        revenue_band="unknown (no USD rate)",
        in_gap=True,
        leaned=None,
        reasons=(head, f"placed as {_LABELS[name]} by the signals: {reason} ({detail})"),
        signals=tuple(signals),
        package_advice=_bands(table[name]["package"], store.currency == "USD"),
        revenue_usd=None,
    )


def _place_in_gap(
    result: Callable[..., ArchetypeResult],
    revenue: float,
    band: str,
    lower: tuple[str, str],
    upper: tuple[str, str],
    signals: list[Signal],
    needed: int,
    shown: str = "",
) -> ArchetypeResult:
    """A store in a band the guide leaves open goes up when at least `needed` signals point there."""
    present = [s for s in signals if s.present]
    head = (
        f"annual revenue {shown or _money(revenue)} falls between the guide's {_LABELS[lower[0]]} ({lower[1]}) and "
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
