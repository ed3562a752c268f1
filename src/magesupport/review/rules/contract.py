"""Contract rules: scope, change management, term, termination, offboarding, intellectual property."""

from __future__ import annotations

from magesupport.domain.package import IpOwnership, PackageModel
from magesupport.review.rule import CRITICAL, INFO, WARNING, Check, Context, always, fail, ok, rule, tiered

RUNNING_MODELS = (
    PackageModel.RETAINER,
    PackageModel.MANAGED,
    PackageModel.DEDICATED,
    PackageModel.TICKET_BUNDLE,
)


def locked_in(ctx: Context) -> bool:
    """Leaving takes more than a month: a minimum term over a month or a notice period over 30 days."""
    contract = ctx.package.contract
    return contract.minimum_term_months > 1 or contract.notice_days > 30


@rule(
    "CTR-001",
    "Scope and exclusions written down",
    "contract",
    """Ambiguous scope is the commonest source of disputes: what the fee covers and what it does not must
    be listed before signing.""",
    "What exactly does the fee cover, and what does it exclude (e.g. design, new features, third-party bugs)?",
    lambda ctx: WARNING if ctx.package.model in RUNNING_MODELS else None,
    "warning, for retainers, managed, dedicated and ticket packages",
)
def scope(ctx: Context) -> Check:
    exclusions = ctx.package.contract.scope_exclusions
    if exclusions:
        return ok("contract.scope_exclusions", exclusions)
    return fail(
        "contract.scope_exclusions", exclusions, "no exclusions are listed: the scope's edge is unwritten"
    )


@rule(
    "CTR-002",
    "A change management process",
    "contract",
    """Without a process to request, price and approve changes, small requests pile up into unbudgeted
    work or quiet refusals.""",
    "How are changes and new requests estimated, approved and billed?",
    lambda ctx: (
        (WARNING if ctx.archetype != "startup" else INFO) if ctx.package.model in RUNNING_MODELS else None
    ),
    "for running packages: warning (info for a startup)",
)
def change_management(ctx: Context) -> Check:
    value = ctx.package.contract.change_management
    if value:
        return ok("contract.change_management", value)
    return fail("contract.change_management", value, "no change management process")


@rule(
    "CTR-003",
    "Minimum term not too long",
    "contract",
    """A long lock-in buys a lower rate but removes the merchant's leverage if the service is poor. For a
    first contract with a provider, a short initial term is safer.""",
    "Can the first term be 3 months (or 12 at most), with the discount kept on renewal?",
    always(WARNING),
    "warning above 12 months; info above 3 months for a first contract (contract.existing_relationship false)",
)
def minimum_term(ctx: Context) -> Check:
    contract = ctx.package.contract
    months = contract.minimum_term_months
    value = f"{months} months" + ("" if contract.existing_relationship else ", first contract")
    if months > 12:
        return fail("contract.minimum_term_months", value, f"locked in for {months} months")
    if months > 3 and not contract.existing_relationship:
        return fail("contract.minimum_term_months", value, f"{months} months for a first contract", INFO)
    return ok("contract.minimum_term_months", value)


@rule(
    "CTR-004",
    "Notice period of 90 days or less",
    "contract",
    """A long notice period is a lock-in of its own: it adds months of fees after the decision to leave.""",
    "Can the notice period be 30 to 60 days?",
    always(INFO),
)
def notice(ctx: Context) -> Check:
    days = ctx.package.contract.notice_days
    if days <= 90:
        return ok("contract.notice_days", days)
    return fail("contract.notice_days", days, f"{days} days' notice")


@rule(
    "CTR-005",
    "Termination for repeated P1 breaches",
    "contract",
    """If the provider keeps missing P1 targets, the merchant must be able to leave at once, not wait out
    the term while paying credits' worth of nothing.""",
    "Can we terminate for cause if P1 targets are missed repeatedly (e.g. twice in a quarter)?",
    lambda ctx: tiered(INFO, WARNING, WARNING)(ctx) if locked_in(ctx) else None,
    "only when leaving takes over a month: startup info, mid-market and enterprise warning",
)
def terminate_p1(ctx: Context) -> Check:
    causes = ctx.package.contract.termination_for_cause
    if any("p1" in c for c in causes):
        return ok("contract.termination_for_cause", causes)
    return fail("contract.termination_for_cause", causes, "repeated P1 breaches are no cause for termination")


@rule(
    "CTR-006",
    "Termination for a security breach the provider caused",
    "contract",
    """A breach through the provider's negligence should end the contract at once, without a notice
    period.""",
    "Can we terminate immediately after a security breach caused by your negligence?",
    lambda ctx: tiered(INFO, WARNING, WARNING)(ctx) if locked_in(ctx) else None,
    "only when leaving takes over a month",
)
def terminate_security(ctx: Context) -> Check:
    causes = ctx.package.contract.termination_for_cause
    if any("security" in c or ("breach" in c and "p1" not in c) for c in causes):
        return ok("contract.termination_for_cause", causes)
    return fail("contract.termination_for_cause", causes, "a security breach is no cause for termination")


@rule(
    "CTR-007",
    "Offboarding and handover are promised",
    "contract",
    """When the contract ends, the merchant needs the code, documentation, credentials and a knowledge
    transfer within a set time, or the next provider starts blind.""",
    "What do you hand over at the end (repositories, documentation, credentials, runbooks), within how many "
    "days, and at what cost?",
    tiered(INFO, WARNING, WARNING),
    "info when included without a deadline",
)
def offboarding(ctx: Context) -> Check:
    off = ctx.package.contract.offboarding
    value = f"included {'yes' if off.included else 'no'}, days {off.days if off.days is not None else '-'}"
    if not off.included:
        return fail("contract.offboarding", value, "no offboarding or handover commitment")
    if off.days is None:
        return fail("contract.offboarding", value, "handover has no deadline", INFO)
    return ok("contract.offboarding", value)


@rule(
    "CTR-008",
    "All code belongs to the merchant",
    "contract",
    """Custom code written or changed during the engagement must be the merchant's property, or switching
    provider can mean rewriting it.""",
    "Will you confirm in writing that all code you write or change for us is our intellectual property?",
    always(CRITICAL),
    "critical when the provider keeps the IP; warning when the quote does not say",
)
def ip(ctx: Context) -> Check:
    owner = ctx.package.contract.ip_ownership
    if owner is IpOwnership.CLIENT:
        return ok("contract.ip_ownership", owner)
    if owner is IpOwnership.PROVIDER:
        return fail(
            "contract.ip_ownership", owner, "the provider keeps the intellectual property of the code"
        )
    return fail("contract.ip_ownership", owner, "ownership of the code is not stated", WARNING)
