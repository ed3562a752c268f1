"""Magento route classes and attack topics of a request path (applied once per distinct path).

Product and category pages share the `.html` URL-rewrite suffix: a single path segment is counted as a
product (Magento's default product URL), a nested one as a category; `catalog/product/view` and
`catalog/category/view` are exact. Both are "catalog pages" for the scraper detector, so the split is
only informative.
"""

from __future__ import annotations

import re
from enum import IntEnum


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


CATALOG = (Route.PRODUCT, Route.CATEGORY)

_STATIC_EXT = re.compile(
    r"\.(?:js|css|map|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|eot|otf|json|txt|xml|mp4|webm|pdf)$"
)
_PROBE = re.compile(
    r"(?:^|/)(?:\.env|\.git|\.svn|\.hg|\.ds_store|\.aws|\.ssh|\.htaccess|\.htpasswd|vendor/phpunit|downloader|"
    r"wp-(?:login|admin|content|includes|config)|xmlrpc\.php|phpmyadmin|pma|adminer|phpinfo|shell|"
    r"cgi-bin|magmi|app/etc/(?:env|local)\.php|var/backups?|dev/tests|setup/|update/|"
    r"\.well-known/security\.txt~|server-status|config\.(?:php|json|yml)|backup\.(?:sql|zip|tar))",
    re.IGNORECASE,
)
_ADMIN = re.compile(
    r"^/(?:index\.php/)?(?:admin[\w-]*|backend|administrator|adminpanel|manager|cp|panel|magento_admin)(?:/|$)",
    re.IGNORECASE,
)
_LOGIN = re.compile(
    r"^/(?:index\.php/)?(?:customer/account/loginpost|rest/(?:[\w-]+/)?v1/integration/(?:customer|admin)/token)",
    re.IGNORECASE,
)
_PAYMENT = re.compile(
    r"(?:payment-information|/v1/(?:guest-)?carts/[^/]+/order|/paypal/|/braintree/|/stripe/|"
    r"checkout/onepage/saveorder|placeorder)",
    re.IGNORECASE,
)
_HEALTH = re.compile(r"^/(?:health_check\.php|health|ping|status|robots\.txt|favicon\.ico)$", re.IGNORECASE)


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
    topic = Topic.PAYMENT if _PAYMENT.search(low) else Topic.NONE
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


# probe paths whose 200 answer gives a secret away (an exploit probe answered 200 elsewhere, e.g. the
# site's own /cgi-bin/ graphs or /server-status, is not an exposure)
SECRET_PATH = re.compile(
    r"(?:^|/)(?:\.env|\.git|\.svn|\.hg|\.aws|\.ssh|\.htpasswd|\.ds_store|app/etc/(?:env|local)\.php|"
    r"app/etc/local\.xml|var/backups?|backup\.(?:sql|zip|tar)|config\.(?:php|json|yml)|phpinfo|auth\.json|"
    r"composer\.(?:json|lock)|[\w-]*dump\.sql|magmi|downloader|vendor/phpunit|shell)",
    re.IGNORECASE,
)
