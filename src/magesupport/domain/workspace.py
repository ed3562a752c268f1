"""A loaded, validated workspace: the store and its quotes (packages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile


@dataclass(frozen=True)
class Workspace:
    root: Path
    store: StoreProfile
    packages: tuple[SupportPackage, ...]
    files: dict[str, str] = field(default_factory=dict)  # package id -> file it came from
    digests: tuple[tuple[str, str], ...] = ()  # (file name, sha256 of its bytes): store.yaml, then quotes by name

    def package(self, package_id: str) -> SupportPackage:
        for package in self.packages:
            if package.id == package_id:
                return package
        known = ", ".join(p.id for p in self.packages)
        raise KeyError(f"no quote with id {package_id!r} (known: {known})")

    def fx(self, package: SupportPackage) -> Decimal:
        """The rate from the package's currency to the store's (validated to exist at load time)."""
        rate = self.store.rate_to_store_currency(package.currency)
        if rate is None:  # pragma: no cover - the loader refuses such a workspace
            raise KeyError(package.currency)
        return rate

    def money_factor(self, package: SupportPackage) -> float:
        """Store currency per unit of the package's prices, on the comparison's tax basis: the exchange rate
        times the share of tax the merchant bears (net when the tax is recovered, gross when not)."""
        return float(self.fx(package)) * package.pricing.tax_factor(self.store.tax_recoverable)

    @property
    def tax_basis(self) -> str:
        """`net` when the merchant recovers the tax its providers charge, `gross` when it is a cost."""
        return "net" if self.store.tax_recoverable else "gross"
