"""Magento route classes and attack topics of a request path (applied once per distinct path).

Product and category pages share the `.html` URL-rewrite suffix: a single path segment is counted as a
product (Magento's default product URL), a nested one as a category; `catalog/product/view` and
`catalog/category/view` are exact. Both are "catalog pages" for the scraper detector, so the split is
only informative.
"""

from __future__ import annotations

import functools
import re
from enum import IntEnum
from importlib import resources
from typing import Any

from ruamel.yaml import YAML


class Route(IntEnum):
    OTHER = 0
    PRODUCT = 1
    CATEGORY = 2
    SEARCH = 3
    CART = 4
    CHECKOUT = 5
    CUSTOMER = 6
    REST = 7
    GRAPHQL = 8
    ADMIN = 9
    STATIC = 10
    PROBE = 11
    HEALTH = 12


class Topic(IntEnum):
    NONE = 0
    LOGIN = 1  # a login form or token endpoint (counted when POSTed)
    PAYMENT = 2  # payment / order placement endpoints (counted when POSTed)
    PROBE = 3  # exploit or secret-file probes
    ADMIN = 4  # admin panel paths (real or guessed)
    GRAPHQL = 5  # GraphQL (counted when POSTed: token and payment mutations are in the body)


CATALOG = (Route.PRODUCT, Route.CATEGORY)

_STATIC_EXT = re.compile(
    r"\.(?:js|css|map|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|eot|otf|json|txt|xml|mp4|webm|pdf)$"
)


@functools.cache
def rules() -> dict[str, Any]:
    """The Magento rule pack (`watch/data/magento_rules.yaml`): path patterns, incidents, thresholds."""
    text = resources.files("magesupport.watch.data").joinpath("magento_rules.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return data


def _pattern(name: str, extra: tuple[str, ...] = ()) -> re.Pattern[str]:
    return re.compile("|".join([*rules()[name]["patterns"], *extra]), re.IGNORECASE)


_PROBE = _pattern("probe")
_ADMIN = _pattern("admin")
_LOGIN = _pattern("login")
_PAYMENT = _pattern("payment")
_HEALTH = _pattern("health")
_GRAPHQL = _pattern("graphql")
SECRET_PATH = _pattern("secret")


def use_exploit_paths(paths: list[str]) -> None:
    """Add known exploit paths (a vulnerability list's "relevant URI" column) to the probe rule, as
    literal path prefixes. Set before a scan: worker processes fork a copy."""
    global _PROBE
    cleaned = sorted({p.strip().split("?", 1)[0].lower() for p in paths if p.strip().startswith("/")})
    _PROBE = _pattern("probe", tuple("^" + re.escape(p) for p in cleaned))


def classify(path: str) -> tuple[Route, Topic]:
    """Route class and attack topic of a URL path (no query string)."""
    low = path.lower()
    if _PROBE.search(low):
        return Route.PROBE, Topic.PROBE
    if _HEALTH.match(low):
        return Route.HEALTH, Topic.NONE
    if _LOGIN.match(low):
        route = Route.REST if "/rest/" in low else Route.CUSTOMER
        return route, Topic.LOGIN
    if _ADMIN.match(low):
        return Route.ADMIN, Topic.ADMIN
    topic = Topic.PAYMENT if _PAYMENT.search(low) else Topic.GRAPHQL if _GRAPHQL.match(low) else Topic.NONE
    if low.startswith(("/static/", "/media/", "/pub/static/", "/pub/media/")) or _STATIC_EXT.search(low):
        return Route.STATIC, topic
    if low.startswith(("/rest/", "/index.php/rest/", "/soap/")):
        return Route.REST, topic
    if low.startswith("/graphql"):
        return Route.GRAPHQL, topic
    if low.startswith(("/catalogsearch/", "/search/")):
        return Route.SEARCH, topic
    if low.startswith("/checkout/cart"):
        return Route.CART, topic
    if low.startswith(("/checkout", "/paypal/", "/braintree/", "/multishipping/")):
        return Route.CHECKOUT, Topic.PAYMENT if topic else topic
    if low.startswith(("/customer/", "/wishlist/", "/sales/order", "/newsletter/manage")):
        return Route.CUSTOMER, topic
    if low.startswith("/catalog/product/view"):
        return Route.PRODUCT, topic
    if low.startswith("/catalog/category/view"):
        return Route.CATEGORY, topic
    if low.endswith(".html"):
        segments = low.strip("/").count("/")
        return (Route.PRODUCT if segments == 0 else Route.CATEGORY), topic
    return Route.OTHER, topic

