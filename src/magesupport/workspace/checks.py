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
        if pricing.included_hours:
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
    if model is PackageModel.RETAINER and not pricing.included_hours:
        problems.append(
            _problem(
                doc,
                ("pricing", "included_hours"),
                "a retainer needs included_hours (hours per month) above zero",
            )
        )
    if model is PackageModel.PREPAID_BLOCK:
        if not pricing.block_hours:
            problems.append(
                _problem(
                    doc, ("pricing", "block_hours"), "a prepaid block needs block_hours (hours per block)"
                )
            )
        if pricing.hourly_rate is None and not pricing.volume_tiers:
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
    if pricing.hour_pools and pooled > (pricing.included_hours or 0):
        problems.append(
            _problem(
                doc,
                ("pricing", "hour_pools"),
                f"restricted pools hold {pooled:g} h but only {pricing.included_hours or 0:g} h are included",
            )
        )
    if (
        pricing.included_hours
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
