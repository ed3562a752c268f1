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
