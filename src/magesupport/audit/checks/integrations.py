"""Which kinds of integration a store carries, inferred from its third-party package and module names.

A name is cut into words twice: on separators (`-`, `_`, `/`, `.`), the *tokens*, and each token on camelCase
humps, the *words*. Brand names that mean nothing else (`netsuite`, `akeneo`, `klaviyo`...) match any word;
short or common words (`sage`, `pay`, `ups`, `tax`, `erp`...) must be a whole token or the vendor's name, so
`Ebizmarts_SagePaySuite` is a payment module (the compound `sagepay` is taken first), never an ERP, and
`Vendor_PopUps` ships nothing.
"""

from __future__ import annotations

import re

from magesupport.audit.installation import Installation

# kind -> words; a word matches a whole token of a package or module name (split on -, _, / and camelCase).
KEYWORDS: dict[str, frozenset[str]] = {
    "erp": frozenset(
        {
            "erp",
            "sap",
            "netsuite",
            "navision",
            "dynamics",
            "businesscentral",
            "odoo",
            "acumatica",
            "sage",
            "epicor",
            "infor",
            "afas",
            "visma",
            "syspro",
            "jde",
            "mconnect",
        }
    ),
    "crm": frozenset({"crm", "salesforce", "hubspot", "zoho", "pipedrive", "sugarcrm", "dynamicscrm"}),
    "pim": frozenset(
        {"pim", "akeneo", "pimcore", "salsify", "plytix", "inriver", "sales_layer", "saleslayer"}
    ),
    "payment": frozenset(
        {
            "payment",
            "payments",
            "pay",
            "stripe",
            "adyen",
            "braintree",
            "paypal",
            "mollie",
            "klarna",
            "worldpay",
            "authorizenet",
            "checkoutcom",
            "payone",
            "sagepay",
            "opayo",
            "afterpay",
            "clearpay",
            "affirm",
            "multisafepay",
            "buckaroo",
            "cardgate",
            "ingenico",
            "paynl",
            "square",
            "amazonpay",
            "sezzle",
            "unzer",
            "ecommpay",
        }
    ),
    "shipping": frozenset(
        {
            "shipping",
            "shipment",
            "carrier",
            "carriers",
            "dhl",
            "dhlexpress",
            "ups",
            "fedex",
            "usps",
            "matrixrate",
            "shipperhq",
            "temando",
            "postnl",
            "sendcloud",
            "shipstation",
            "dpd",
            "gls",
            "myparcel",
            "wuunder",
            "pasts",
            "inpost",
            "easypost",
            "freight",
            "tablerate",
        }
    ),
    "search": frozenset(
        {
            "algolia",
            "elasticsuite",
            "klevu",
            "doofinder",
            "searchspring",
            "tweakwise",
            "sli",
            "bloomreach",
            "factfinder",
            "opensearch",
            "elasticsearch",
            "sphinx",
            "typesense",
            "meilisearch",
            "athoscommerce",
        }
    ),
    "marketing": frozenset(
        {
            "mailchimp",
            "klaviyo",
            "dotdigital",
            "dotmailer",
            "emarsys",
            "smtp",
            "newsletter",
            "activecampaign",
            "omnisend",
            "sendinblue",
            "brevo",
            "listrak",
            "bronto",
            "yotpo",
            "nosto",
        }
    ),
    "tax": frozenset({"avalara", "avatax", "taxjar", "vertex", "tax"}),
}

# Words that need a word boundary: a whole token, the first word of a token, an acronym written in capitals
# (`UPSShipping`), or the vendor. Inside other words they are noise (`PopUps`, `SalesTax`, `SagePay`).
BOUNDED = frozenset(
    {
        "erp",
        "sap",
        "sage",
        "infor",
        "jde",
        "afas",
        "crm",
        "pim",
        "pay",
        "payment",
        "payments",
        "ups",
        "dpd",
        "gls",
        "tax",
        "sli",
        "square",
        "vertex",
        "affirm",
        "dynamics",
        "carrier",
        "carriers",
        "shipping",
        "shipment",
        "freight",
        "smtp",
        "newsletter",
        "pasts",
        "sphinx",
    }
)
# Words that contain a short keyword but name no integration: taken first so the keyword is not seen.
NOT_INTEGRATIONS = frozenset(
    {"popup", "popups", "backups", "setups", "lookups", "mockups", "signups", "taxonomy"}
)
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ALL_KEYWORDS = {word: kind for kind, words in KEYWORDS.items() for word in words}
_LONGEST = max(len(w) for w in _ALL_KEYWORDS)
_BRAND_MIN = 5  # brand keywords this long also match inside a lower-case token (`sagepaysuite`)


def split_name(name: str) -> list[list[str]]:
    """Tokens of a name, each as its camelCase words: `Ebizmarts_SagePaySuite` ->
    [["Ebizmarts"], ["Sage", "Pay", "Suite"]]."""
    return [_CAMEL_RE.sub(" ", token).split() for token in re.split(r"[/_\-.\s]+", name) if token]


def _segment_kinds(tokens: list[list[str]], vendor: bool) -> set[str]:
    """Kinds named in one segment (a module name, or one side of a package's `vendor/name`): compounds of
    consecutive words, across tokens too (`sage-pay`), longest first, each word used once."""
    words = [w for token in tokens for w in token]
    starts = {
        sum(len(t) for t in tokens[:i]) for i in range(len(tokens))
    }  # indexes of words that open a token
    lower = [w.lower() for w in words]
    kinds: set[str] = set()
    used = [False] * len(words)
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            if any(used[start : start + size]):
                continue
            compound = "".join(lower[start : start + size])
            if compound in NOT_INTEGRATIONS:
                used[start : start + size] = [True] * size
                continue
            if len(compound) > _LONGEST or compound not in _ALL_KEYWORDS:
                continue
            acronym = all(w.isupper() and len(w) > 1 for w in words[start : start + size])
            if compound in BOUNDED and not (vendor or start in starts or acronym):
                continue
            kinds.add(_ALL_KEYWORDS[compound])
            used[start : start + size] = [True] * size
    if not kinds:  # one long word (package names have no humps): brand names inside it
        for token in tokens:
            if len(token) == 1:
                word = token[0].lower()
                kinds |= {
                    k
                    for w, k in _ALL_KEYWORDS.items()
                    if len(w) >= _BRAND_MIN and w not in BOUNDED and w in word
                }
    return kinds


def kinds_of(name: str) -> set[str]:
    """Integration kinds a package (`vendor/name`) or module (`Vendor_Module`) name points to; the vendor's own
    name counts whole."""
    if "/" in name:
        vendor, _, rest = name.partition("/")
        return _segment_kinds(split_name(vendor), vendor=True) | _segment_kinds(
            split_name(rest), vendor=False
        )
    tokens = split_name(name)
    if len(tokens) > 1:
        return _segment_kinds(tokens[:1], vendor=True) | _segment_kinds(tokens[1:], vendor=False)
    return _segment_kinds(tokens, vendor=False)


def integrations(installation: Installation) -> tuple[str, ...]:
    """Integration kinds seen in enabled third-party modules (with code here or not) and their packages."""
    names: list[str] = []
    for module in installation.modules:
        if not module.core and module.enabled is not False:
            names.append(module.name)
            if module.package:
                names.append(module.package)
    found: set[str] = set()
    for name in names:
        found |= kinds_of(name)
    return tuple(sorted(found))
