"""Checks across fields and files that a single model cannot make: inconsistent terms, names, currencies."""

from __future__ import annotations

import numpy as np

from magesupport.calendars.coverage import duration_clock
from magesupport.calendars.reference import REFERENCE_YEAR, reference_week_start
from magesupport.calendars.tables import build_calendar
from magesupport.domain.base import SEVERITIES
from magesupport.domain.errors import CalendarError, Problem
from magesupport.domain.package import PackageModel, SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.workspace.yamlsource import YamlDocument


def _problem(doc: YamlDocument, path: tuple[str | int, ...], message: str) -> Problem:
    from magesupport.workspace.messages import field_name

    path = doc.locate(path)
    return Problem(doc.file, doc.line_of(path), field_name(path), message)


def check_package(package: SupportPackage, doc: YamlDocument, store_timezone: str) -> list[Problem]:
    problems: list[Problem] = []
    pricing = package.pricing
    model = package.model
    # -- model-specific terms
    if model is PackageModel.HOURLY:
        if pricing.hourly_rate is None:
            problems.append(
                _problem(doc, ("pricing", "hourly_rate"), "an hourly package needs an hourly_rate")
            )
        if pricing.rollover is not None:
            problems.append(
                _problem(
                    doc,
                    ("pricing", "rollover"),
                    "rollover on an hourly package: there are no included hours to roll over",
                )
            )
        if pricing.included_per_year:
            problems.append(
                _problem(
                    doc,
                    ("pricing", "included_hours"),
                    "an hourly package has no included hours (use model: retainer)",
                )
            )
    if model is PackageModel.TICKET_BUNDLE and not pricing.included_tickets:
        problems.append(
            _problem(
                doc,
                ("pricing", "included_tickets"),
                "a ticket bundle needs included_tickets (tickets per month) above zero",
            )
        )
    if model is PackageModel.RETAINER and not pricing.included_per_year:
        problems.append(
            _problem(
                doc,
                ("pricing", "included_hours"),
                "a retainer needs included_hours (hours per month) above zero",
            )
        )
    if model is PackageModel.PREPAID_BLOCK and pricing.hourly_rate is None and not pricing.volume_tiers:
        problems.append(
            _problem(
                doc,
                ("pricing", "hourly_rate"),
                "a prepaid block needs an hourly_rate or volume_tiers to price its blocks",
            )
        )
    if model in (PackageModel.MANAGED, PackageModel.DEDICATED) and pricing.monthly_fee <= 0:
        problems.append(
            _problem(doc, ("pricing", "monthly_fee"), f"a {model.value} package needs a monthly_fee")
        )
    if model is not PackageModel.TICKET_BUNDLE and pricing.included_tickets:
        problems.append(
            _problem(
                doc,
                ("pricing", "included_tickets"),
                f"included_tickets on a {model.value} package (use model: ticket_bundle)",
            )
        )
    pooled = sum(pool.hours for pool in pricing.hour_pools)
    smallest = min(pricing.included_in(m) for m in range(12))
    if pricing.hour_pools and pooled > smallest:
        problems.append(
            _problem(
                doc,
                ("pricing", "hour_pools"),
                f"restricted pools hold {pooled:g} h but only {smallest:g} h are included"
                + (" in the leanest month" if pricing.seasonal else ""),
            )
        )
    problems += _v2_pricing(package, doc)
    if (
        pricing.included_per_year
        and pricing.overflow_rate is None
        and pricing.hourly_rate is None
        and package.contract.out_of_scope_rate is None
    ):
        problems.append(
            _problem(
                doc,
                ("pricing", "overflow_rate"),
                "nothing prices the hours beyond the included ones: give overflow_rate or hourly_rate",
            )
        )
    # -- calendars named by coverage
    names = package.calendar_names()
    for severity, terms in package.severities.items():
        try:
            coverage = package.resolve_calendar(terms.coverage, store_timezone)
        except KeyError:
            problems.append(
                _problem(
                    doc,
                    ("severities", severity.value, "coverage"),
                    f"coverage names a calendar '{terms.coverage.name}' that does not exist "
                    f"(known: {', '.join(names)})",
                )
            )
            continue
        if terms.response is not None and terms.resolution is not None:
            message = _response_after_resolution(
                package, terms.response, terms.resolution, coverage, store_timezone
            )
            if message:
                problems.append(_problem(doc, ("severities", severity.value, "response"), message))
    for severity in package.severities:
        if severity not in SEVERITIES:  # pragma: no cover - the model restricts the keys
            problems.append(_problem(doc, ("severities", str(severity)), "use P1, P2, P3 or P4"))
    return problems


def _v2_pricing(package: SupportPackage, doc: YamlDocument) -> list[Problem]:
    """Flat-rate surcharges, burst, unlimited tickets and term options against the rest of the quote."""
    pricing = package.pricing
    problems: list[Problem] = []
    for index, surcharge in enumerate(pricing.surcharges):
        if surcharge.rate is not None and pricing.overflow_rate is None and pricing.hourly_rate is None:
            problems.append(
                _problem(
                    doc,
                    ("pricing", "surcharges", index, "rate"),
                    "a surcharge rate replaces the normal hourly price: give hourly_rate or overflow_rate too "
                    "(or write the surcharge as a multiplier)",
                )
            )
    if pricing.burst is not None and not pricing.included_per_year:
        problems.append(
            _problem(
                doc, ("pricing", "burst"), "burst is extra capacity beyond included_hours: the quote has none"
            )
        )
    if pricing.hours_per_ticket is not None and package.model is not PackageModel.TICKET_BUNDLE:
        problems.append(
            _problem(
                doc,
                ("pricing", "hours_per_ticket"),
                f"hours_per_ticket on a {package.model.value} package (only ticket bundles count tickets)",
            )
        )
    months = [option.months for option in package.term_options]
    for index, option in enumerate(package.term_options):
        if months.index(option.months) != index:
            problems.append(
                _problem(
                    doc,
                    ("term_options", index, "months"),
                    f"two term options of {option.months} months (each term is one option)",
                )
            )
    return problems


def _response_after_resolution(package, response, resolution, coverage, store_timezone) -> str | None:
    """A response target that ends after the resolution target, for some start in a reference week."""
    resp = duration_clock(package, response, coverage, store_timezone)
    res = duration_clock(package, resolution, coverage, store_timezone)
    starts = reference_week_start(store_timezone) + np.arange(168) * 3600.0
    try:
        due_resp = build_calendar(resp.spec, REFERENCE_YEAR - 1, REFERENCE_YEAR + 1).deadline(
            starts, resp.seconds
        )
        due_res = build_calendar(res.spec, REFERENCE_YEAR - 1, REFERENCE_YEAR + 1).deadline(
            starts, res.seconds
        )
    except CalendarError as exc:
        return f"cannot place the targets on their calendars: {exc}"
    if np.any(due_resp > due_res + 1e-6):
        return f"response target {response} is longer than the resolution target {resolution}"
    return None


def check_store(store: StoreProfile, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    level = store.internal_team.level.value
    if level == "none" and store.internal_team.hours_per_week > 0:
        problems.append(
            _problem(
                doc,
                ("internal_team", "hours_per_week"),
                "hours_per_week is set but level is none (say junior or senior)",
            )
        )
    return problems


def check_currency(package: SupportPackage, store: StoreProfile, doc: YamlDocument) -> list[Problem]:
    if store.rate_to_store_currency(package.currency) is None:
        return [
            _problem(
                doc,
                ("currency",),
                f"quote is in {package.currency} but store.yaml has no fx rate for it "
                f"(add fx: {{{package.currency}: <{store.currency} per {package.currency}>}})",
            )
        ]
    return []
