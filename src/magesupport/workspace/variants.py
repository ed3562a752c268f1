"""A quote's variants: its `tiers` (each inherits the rest of the quote) and its `term_options`.

A tier is the quote's data with the tier's keys laid over it (mappings merged key by key, anything else
replaced), validated as a quote of its own: an error is reported at the line the faulty value comes from,
in the tier or in the quote. A term option is a variant with that minimum term and its discount taken off
the monthly fee. Variant ids are the quote's id, a dot and the tier's id (or its name made an id) and/or
the term (`12m`).
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from difflib import get_close_matches
from typing import Any

from magesupport.domain.errors import Problem
from magesupport.domain.package import SupportPackage, TermOption, Variant, severity_key, severity_names
from magesupport.domain.units import PriceRange
from magesupport.workspace.yamlsource import PathKey, YamlDocument, written_path

TIER_KEYS = (
    "name",
    "id",
    "model",
    "pricing",
    "severities",
    "service_credits",
    "services",
    "contract",
    "uptime_guarantee",
    "business_hours",
    "calendars",
    "notes",
    "sla_clock_starts",
    "term_options",
)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class TierDocument(YamlDocument):
    """The quote's document seen from one tier: a path the tier sets is located in the tier."""

    def __init__(self, doc: YamlDocument, index: int, tier: dict[str, Any]):
        super().__init__(doc.file, doc.data, doc.lines, doc.sha256, doc.text)
        self.index = index
        self.tier = tier

    def _in_tier(self, path: PathKey) -> bool:
        """Whether the value at `path` comes from the tier: the tier writes it, or replaces a list or a
        value above it wholesale (mappings are merged key by key, so a missing key comes from the quote)."""
        node: Any = self.tier
        for part in path:
            if isinstance(node, dict):
                if part not in node:
                    return False
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return True
        return True

    def locate(self, path: PathKey) -> PathKey:
        """The path in the file where the value at `path` of this tier's quote is written."""
        tier_path = written_path(self.tier, path)
        if path and self._in_tier(tier_path):
            return ("tiers", self.index, *tier_path)
        base = (
            {k: v for k, v in self.data.items() if k != "tiers"} if isinstance(self.data, dict) else self.data
        )
        return written_path(base, path)

    def line_of(self, path: PathKey) -> int | None:
        if path[:2] == ("tiers", self.index):
            return super().line_of(path)
        return super().line_of(self.locate(path))


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(over)


def _levels(data: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    """Severity keys as P1-P4, so that a tier's `P1` overrides the quote's `critical`."""
    severities = data.get("severities")
    if isinstance(severities, dict):
        data = dict(data)
        data["severities"] = {severity_key(k, names): v for k, v in severities.items()}
    return data


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-.").lower() or "tier"


def _tier_problems(doc: YamlDocument, index: int, tier: Any) -> list[Problem]:
    where: PathKey = ("tiers", index)
    if not isinstance(tier, dict):
        return [
            Problem(
                doc.file,
                doc.line_of(where),
                f"tiers[{index}]",
                "a tier is a mapping: {name: ..., pricing: {...}}",
            )
        ]
    problems = []
    for key in tier:
        if key not in TIER_KEYS:
            close = get_close_matches(str(key), TIER_KEYS, n=1, cutoff=0.6)
            hint = (
                f" (did you mean '{close[0]}'?)" if close else f"; a tier may set {', '.join(TIER_KEYS[2:])}"
            )
            problems.append(
                Problem(
                    doc.file,
                    doc.line_of((*where, key)),
                    f"tiers[{index}].{key}",
                    f"unknown key '{key}' in a tier{hint}",
                )
            )
    name = tier.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(doc.file, doc.line_of(where), f"tiers[{index}].name", "a tier needs a name"))
    tier_id = tier.get("id")
    if tier_id is not None and (not isinstance(tier_id, str) or not _ID.match(tier_id)):
        problems.append(
            Problem(
                doc.file,
                doc.line_of((*where, "id")),
                f"tiers[{index}].id",
                f"use letters, digits, '-', '_' or '.', got {tier_id!r}",
            )
        )
    return problems


class TierData:
    """One tier of a quote: its merged data, the document view that locates its values, its name and id suffix."""

    def __init__(self, data: dict[str, Any], doc: TierDocument, name: str, suffix: str):
        self.data = data
        self.doc = doc
        self.name = name
        self.suffix = suffix


def tier_data(doc: YamlDocument) -> tuple[list[TierData], list[Problem]]:
    """The tiers of a quote document (empty when it has none), and the problems of their structure."""
    data = doc.data
    tiers = data.get("tiers")
    if tiers is None:
        return [], []
    if not isinstance(tiers, list) or not tiers:
        return [], [
            Problem(
                doc.file,
                doc.line_of(("tiers",)),
                "tiers",
                "expected a list of tiers: [{name: ..., pricing: {...}}]",
            )
        ]
    base = {k: v for k, v in data.items() if k != "tiers"}
    names = severity_names(base)
    out: list[TierData] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, tier in enumerate(tiers):
        found = _tier_problems(doc, index, tier)
        problems += found
        if found:
            continue
        suffix = tier.get("id") or slug(tier["name"])
        if suffix in seen:
            problems.append(
                Problem(
                    doc.file,
                    doc.line_of(("tiers", index, "name")),
                    f"tiers[{index}].name",
                    f"two tiers make the same id '{suffix}' (give one an id)",
                )
            )
            continue
        seen.add(suffix)
        overrides = {k: v for k, v in tier.items() if k not in ("name", "id")}
        merged = _merge(_levels(base, names), _levels(overrides, names))
        out.append(TierData(merged, TierDocument(doc, index, overrides), tier["name"].strip(), suffix))
    return out, problems


def tier_variant(package: SupportPackage, tier: TierData) -> SupportPackage:
    """A tier's validated package under its own id and name."""
    variant = package.model_copy(
        update={"id": f"{package.id}.{tier.suffix}", "name": f"{package.name} ({tier.name})"}
    )
    variant._variant = Variant(package.id, package.name, tier.name, None)
    return variant


def term_variants(package: SupportPackage) -> list[SupportPackage]:
    """The package itself, or one variant per term option: that minimum term, the discounted monthly fee."""
    if not package.term_options:
        return [package]
    out = []
    for option in package.term_options:
        out.append(term_variant(package, option))
    return out


def term_variant(package: SupportPackage, option: TermOption) -> SupportPackage:
    factor = (Decimal(100) - Decimal(repr(option.discount))) / Decimal(100)
    fee = package.pricing.monthly_fee
    discounted = fee.scaled(factor) if isinstance(fee, PriceRange) else fee * factor
    pricing = package.pricing.model_copy(update={"monthly_fee": discounted})
    contract = package.contract.model_copy(update={"minimum_term_months": option.months})
    label = f"{option.months} month{'s' if option.months != 1 else ''}" + (
        f", {option.discount:g}% off" if option.discount else ""
    )
    variant = package.model_copy(
        update={
            "id": f"{package.id}.{option.months}m",
            "name": f"{package.name}, {option.name or label}",
            "pricing": pricing,
            "contract": contract,
        }
    )
    variant._variant = Variant(package.quote_id, package.quote_name, package.tier, option)
    return variant
