"""Which kinds of integration a store carries, inferred from its third-party package and module names."""

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

_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def tokens(name: str) -> set[str]:
    spaced = _CAMEL_RE.sub(" ", name)
    parts = re.split(r"[\s/_\-.]+", spaced.lower())
    result = {p for p in parts if p}
    result.add(re.sub(r"[^a-z0-9]", "", name.lower()))
    return result


def integrations(installation: Installation) -> tuple[str, ...]:
    """Integration kinds seen in enabled third-party modules and non-core composer packages of module type."""
    names: list[str] = []
    for module in installation.modules:
        if not module.core and module.enabled is not False:
            names.append(module.name)
            if module.package:
                names.append(module.package)
    found = set()
    for name in names:
        words = tokens(name)
        for kind, keywords in KEYWORDS.items():
            if words & keywords:
                found.add(kind)
    return tuple(sorted(found))
