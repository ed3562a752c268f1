"""Integration kinds from module and package names: keywords need a word boundary or a vendor match."""

from __future__ import annotations

import pytest

from magesupport.audit.checks.integrations import kinds_of, split_name


def test_names_are_cut_on_separators_then_on_humps():
    assert split_name("Ebizmarts_SagePaySuite") == [["Ebizmarts"], ["Sage", "Pay", "Suite"]]
    assert split_name("foo/module-UPSShipping") == [["foo"], ["module"], ["UPS", "Shipping"]]


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        # the reported bug: SagePay is a payment gateway, not the Sage ERP
        ("Ebizmarts_SagePaySuite", {"payment"}),
        ("ebizmarts/sagepaysuite", {"payment"}),
        ("Sage_Connector", {"erp"}),  # the vendor's name
        ("acme/module-sage-connector", {"erp"}),  # a whole token
        ("Vendor_PopUps", set()),  # "ups" inside a word
        ("Foo_UPSShipping", {"shipping"}),  # an acronym in capitals
        ("Acme_ErpConnector", {"erp"}),  # the first word of a token
        ("Acme_SalesTax", set()),
        ("Taxjar_SalesTax", {"tax"}),  # a brand
        ("Foo_Sapient", set()),  # "sap" inside a word
        ("Foo_Paypalplus", {"payment"}),  # a brand inside one long word
        ("Amasty_Payrestriction", set()),
        ("Mageplaza_Smtp", {"marketing"}),
        ("StripeIntegration_Payments", {"payment"}),
        ("Magezon_PageBuilder", set()),
        ("sagepay-labs/module-sage-pay-suite", {"payment"}),  # a compound across tokens
        ("acme/module-pop-ups", set()),
        ("acme/module-ups-shipping", {"shipping"}),
        ("Acme_Taxonomy", set()),
    ],
)
def test_kinds_of_names(name, kinds):
    assert kinds_of(name) == kinds
