"""Invoice check: what the provider billed, line by line, against the ledger recomputed from time entries.

Invoice lines are summed by (month, item) and compared with the recomputed month: fee, overflow hours,
hourly work, out-of-scope work, extra tickets, prepaid blocks, the monthly minimum, and (when tickets are
in the store) the service credit owed. A line that differs is explained by re-billing the same entries
under the usual ways invoices go wrong (another rounding increment, rollover not applied, included hours
not deducted, non-billable time billed, surcharges not applied) and naming the one that reproduces the
invoice, plus the rate actually charged when it is not the recomputed one.
"""

from __future__ import annotations

from collections.abc import Callable

from magesupport.domain.package import RolloverPolicy, SupportPackage
from magesupport.domain.results_sla import InvoiceCheck, InvoiceCheckLine, LedgerMonth
from magesupport.sla.records import InvoiceLines

HOURS_TOLERANCE = 0.01
AMOUNT_TOLERANCE = 0.01
INCREMENTS = {"5m": 5 / 60, "6m": 0.1, "10m": 10 / 60, "15m": 0.25, "30m": 0.5, "1h": 1.0}

Rebill = Callable[[SupportPackage, bool], list[LedgerMonth]]


def item_value(
    month: LedgerMonth, item: str, package: SupportPackage, credit: float
) -> tuple[float | None, float]:
    """(hours, amount) of an invoice item recomputed for a month."""
    if item == "fee":
        return None, month.fee
    if item == "overflow":
        return month.overflow_hours, month.overflow_cost
    if item == "hourly":
        return month.billed_hours - month.out_of_scope_hours, month.hourly_cost
    if item == "out_of_scope":
        return month.out_of_scope_hours, month.out_of_scope_cost
    if item == "tickets":
        return month.extra_tickets, month.ticket_cost
    if item == "blocks":
        return month.blocks_bought * (package.pricing.block_hours or 0.0), month.block_cost
    if item == "minimum":
        return None, month.minimum_topup_cost
    if item == "credit":
        return None, -credit
    return None, 0.0  # onboarding and anything else: not recomputed from entries


def _variants(package: SupportPackage) -> list[tuple[str, SupportPackage, bool]]:
    pricing = package.pricing
    found: list[tuple[str, SupportPackage, bool]] = []
    for name, hours in INCREMENTS.items():
        if abs(hours - pricing.billing_increment) > 1e-9:
            changed = pricing.model_copy(update={"billing_increment": hours})
            found.append(
                (
                    f"rounding each entry up to {name} (the contract says {_text_hours(pricing.billing_increment)})",
                    package.model_copy(update={"pricing": changed}),
                    False,
                )
            )
    if pricing.rollover is not None and pricing.rollover.policy is not RolloverPolicy.EXPIRE:
        changed = pricing.model_copy(update={"rollover": None})
        found.append(
            (
                "ignoring the hours carried over from earlier months",
                package.model_copy(update={"pricing": changed}),
                False,
            )
        )
    if pricing.included_hours:
        changed = pricing.model_copy(update={"included_hours": 0.0, "hour_pools": ()})
        found.append(
            (
                f"not deducting the {pricing.included_hours:g} included hours",
                package.model_copy(update={"pricing": changed}),
                False,
            )
        )
    found.append(("billing the non-billable entries too", package, True))
    if pricing.surcharges:
        changed = pricing.model_copy(update={"surcharges": ()})
        found.append(("leaving out the surcharges", package.model_copy(update={"pricing": changed}), False))
    return found


def _text_hours(hours: float) -> str:
    return f"{hours:g}h" if hours >= 1 else f"{hours * 60:g}m"


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tolerance


def _explain(
    month: str,
    item: str,
    hours: float | None,
    amount: float,
    recomputed: tuple[float | None, float],
    variants: list[tuple[str, list[LedgerMonth], SupportPackage]],
    currency: str,
) -> list[str]:
    notes = []
    r_hours, r_amount = recomputed
    if hours is not None and r_hours is not None and not _close(hours, r_hours, HOURS_TOLERANCE):
        notes.append(f"invoiced {hours:g} h, recomputed {r_hours:g} h ({hours - r_hours:+g} h)")
    for description, months, variant in variants:
        line = next((m for m in months if m.month == month), None)
        if line is None:
            continue
        v_hours, v_amount = item_value(line, item, variant, 0.0)
        if hours is not None and v_hours is not None and r_hours is not None:
            hit = _close(hours, v_hours, HOURS_TOLERANCE) and not _close(hours, r_hours, HOURS_TOLERANCE)
        else:
            hit = _close(amount, v_amount, 0.5) and not _close(amount, r_amount, 0.5)
        if hit:
            notes.append(f"the invoice matches {description}")
            break
    if hours and r_hours and _close(hours, r_hours, HOURS_TOLERANCE):
        invoiced_rate, recomputed_rate = amount / hours, r_amount / r_hours
        if abs(invoiced_rate - recomputed_rate) > 0.005:
            notes.append(
                f"charged {invoiced_rate:,.2f} {currency}/h where the contract gives {recomputed_rate:,.2f} {currency}/h"
            )
    difference = amount - r_amount
    if abs(difference) > AMOUNT_TOLERANCE:
        notes.append(
            f"{abs(difference):,.2f} {currency} {'more' if difference > 0 else 'less'} than recomputed"
        )
    return notes


def check_invoice(
    invoice: InvoiceLines,
    display: str,
    ledger: list[LedgerMonth],
    package: SupportPackage,
    rebill: Rebill,
    credits: dict[str, float],
) -> InvoiceCheck:
    """Compare every (month, item) of the invoice with the recomputed ledger."""
    invoiced: dict[tuple[str, str], list[float | None]] = {}
    for month, item, hours, amount in zip(
        invoice.month, invoice.item, invoice.hours, invoice.amount, strict=True
    ):
        slot = invoiced.setdefault((month, item), [None, 0.0])
        if hours is not None:
            slot[0] = (slot[0] or 0.0) + hours
        slot[1] = (slot[1] or 0.0) + amount
    by_month = {m.month: m for m in ledger}
    expected: dict[tuple[str, str], tuple[float | None, float]] = {}
    for month in sorted({m for m, _ in invoiced} | set(by_month)):
        line = by_month.get(month)
        if line is None:
            continue
        for item in ("fee", "overflow", "hourly", "out_of_scope", "tickets", "blocks", "minimum", "credit"):
            value = item_value(line, item, package, credits.get(month, 0.0))
            if (month, item) in invoiced or abs(value[1]) > AMOUNT_TOLERANCE:
                expected[(month, item)] = value
    variant_runs = [(d, rebill(p, nb), p) for d, p, nb in _variants(package)]
    lines = []
    currency = package.currency
    for key in sorted(set(invoiced) | set(expected)):
        month, item = key
        got = invoiced.get(key)
        want = expected.get(key)
        if got is None and want is not None:
            lines.append(
                InvoiceCheckLine(
                    month=month,
                    item=item,
                    invoiced_hours=None,
                    invoiced_amount=None,
                    recomputed_hours=want[0],
                    recomputed_amount=want[1],
                    difference=-want[1],
                    status="missing",
                    explanation=("recomputed but not on the invoice",),
                )
            )
            continue
        hours, amount = got[0], float(got[1] or 0.0)  # type: ignore[index]
        if want is None:
            why = (
                "a month with no time entries"
                if month not in by_month
                else "nothing recomputed for this item"
            )
            lines.append(
                InvoiceCheckLine(
                    month=month,
                    item=item,
                    invoiced_hours=hours,
                    invoiced_amount=amount,
                    recomputed_hours=None,
                    recomputed_amount=None,
                    difference=amount,
                    status="unexpected",
                    explanation=(why,),
                )
            )
            continue
        same = _close(amount, want[1], AMOUNT_TOLERANCE) and (
            hours is None or want[0] is None or _close(hours, want[0], HOURS_TOLERANCE)
        )
        notes = () if same else tuple(_explain(month, item, hours, amount, want, variant_runs, currency))
        lines.append(
            InvoiceCheckLine(
                month=month,
                item=item,
                invoiced_hours=hours,
                invoiced_amount=amount,
                recomputed_hours=want[0],
                recomputed_amount=want[1],
                difference=amount - want[1],
                status="ok" if same else "differs",
                explanation=notes,
            )
        )
    invoiced_total = sum(float(v[1] or 0.0) for v in invoiced.values())
    recomputed_total = sum(v[1] for v in expected.values())
    return InvoiceCheck(
        quote_id=package.id,
        currency=currency,
        invoice=display,
        lines=tuple(lines),
        invoiced_total=invoiced_total,
        recomputed_total=recomputed_total,
        difference=invoiced_total - recomputed_total,
        differences=sum(1 for line in lines if line.status != "ok"),
    )
