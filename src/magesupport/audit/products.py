"""Which composer packages are the Magento product: the product metapackages, their editions, their code."""

from __future__ import annotations

from magesupport.audit.installation import ComposerInfo

# Product metapackages, most specific first: name -> edition.
PRODUCTS: tuple[tuple[str, str], ...] = (
    ("magento/magento-cloud-metapackage", "enterprise"),
    ("magento/product-enterprise-edition", "enterprise"),
    ("magento/product-community-edition", "community"),
    ("mage-os/product-community-edition", "mage-os"),
)
BASE_PACKAGES: tuple[tuple[str, str], ...] = (
    ("magento/magento2-ee-base", "enterprise"),
    ("magento/magento2-base", "community"),
)
# Root projects of Magento's own git repositories (an install cloned from GitHub): the root is the product.
ROOT_PROJECTS: tuple[tuple[str, str], ...] = (
    ("magento/magento2ee", "enterprise"),
    ("magento/magento2ce", "community"),
)


def edition_of(product_name: str | None) -> str:
    for name, edition in PRODUCTS + BASE_PACKAGES + ROOT_PROJECTS:
        if name == product_name:
            return edition
    return "unknown"


def core_packages(info: ComposerInfo) -> set[str]:
    """Packages shipped as part of the product: the product metapackage and everything it requires."""
    by_name = info.by_name()
    start = [name for name, _ in PRODUCTS + BASE_PACKAGES if name in by_name]
    seen: set[str] = set()
    stack = list(start)
    while stack:
        name = stack.pop()
        if name in seen or name not in by_name:
            continue
        seen.add(name)
        stack.extend(r for r in by_name[name].requires if r not in seen)
    return seen
