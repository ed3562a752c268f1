"""Preference conflicts, plugins and observers: each finding type and the false-positive rules."""

from __future__ import annotations

from audit_support import by_rule, one

from magesupport.audit.checks.conflicts import preference_findings, preference_outcomes
from magesupport.audit.checks.context import Context
from magesupport.audit.checks.plugins import observer_findings
from magesupport.audit.installation import GLOBAL, ClassInfo, Module, Observer, Preference, class_key

PAYMENT = "Magento\\Checkout\\Api\\PaymentInformationManagementInterface"


def test_active_conflict_between_two_extensions_is_high(store_report):
    finding = one(store_report, f"conflict.preference:{PAYMENT}:global")
    assert (finding.severity, finding.state) == ("high", "active")
    assert "Zeta_Pay wins with Zeta\\Pay\\Model\\PaymentManagement" in finding.detail
    assert [e.where() for e in finding.evidence] == [
        "vendor/zeta/module-pay/etc/di.xml:3",
        "vendor/magento/module-checkout/etc/di.xml:3",
        "vendor/acme/module-fast-checkout/etc/di.xml:3",
    ]


def test_area_file_beats_a_later_module_global_file(store_report):
    # Shipco_ShippingRates loads after Acme_FastCheckout, but Acme's frontend/di.xml beats Shipco's global di.xml
    finding = one(store_report, "conflict.preference:Magento\\Catalog\\Block\\Product\\View:frontend")
    assert finding.detail.startswith("In frontend: Acme_FastCheckout wins")
    assert finding.state == "active"
    # in other areas only Shipco declares it: no conflict there
    assert not [f for f in by_rule(store_report, "conflict.preference") if f.id.endswith("View:global")]


def test_magento_only_groups_are_ignored(store_report):
    assert not [f for f in store_report.findings if "SharedInterface" in f.id]
    assert not [f for f in store_report.findings if "core_shared" in f.id]


def test_resolved_when_winner_extends_loser(store_report):
    finding = one(
        store_report, "conflict.preference:Magento\\Catalog\\Api\\ProductRepositoryInterface:global"
    )
    assert (finding.severity, finding.state) == ("info", "resolved")


def test_latent_when_the_other_module_is_disabled(store_report):
    finding = one(
        store_report, "conflict.preference:Magento\\Customer\\Api\\CustomerRepositoryInterface:global"
    )
    assert (finding.severity, finding.state) == ("low", "latent")
    assert finding.advice.startswith("Old_Disabled is disabled")


def _module(name: str, enabled: bool = True, core: bool = False) -> Module:
    return Module(name=name, path=name, origin="vendor", core=core, enabled=enabled)


def _ctx(modules: list[Module], classes: dict[str, ClassInfo] | None = None) -> Context:
    return Context(
        modules={m.name: m for m in modules},
        order={m.name: i for i, m in enumerate(modules)},
        classes=classes or {},
    )


def _pref(module: str, type_: str, area: str = GLOBAL, line: int = 3) -> Preference:
    return Preference(module, area, "Magento\\X\\Api\\ThingInterface", type_, f"{module}/etc/di.xml", line)


def test_disabled_loser_does_not_hide_an_active_conflict_between_the_others():
    ctx = _ctx([_module("A_One"), _module("B_Two", enabled=False), _module("C_Three")])
    prefs = (_pref("A_One", "A\\Thing"), _pref("B_Two", "B\\Thing"), _pref("C_Three", "C\\Thing"))
    [(outcome, scopes)] = preference_outcomes(prefs, ctx)
    assert (outcome.state, outcome.winner.module, scopes) == ("active", "C_Three", [GLOBAL])
    assert [d.module for d in outcome.losers] == ["A_One"]
    assert [d.module for d in outcome.disabled] == ["B_Two"]
    finding = preference_findings(prefs, ctx)[0]
    assert "Also declared by disabled B_Two" in finding.detail


def test_winner_extends_loser_through_a_chain_is_resolved_but_unknown_classes_are_not():
    classes = {
        class_key("B\\Thing"): ClassInfo("B\\Thing", "b.php", 1, "class", "B\\Base"),
        class_key("B\\Base"): ClassInfo("B\\Base", "base.php", 1, "class", "A\\Thing"),
        class_key("A\\Thing"): ClassInfo("A\\Thing", "a.php", 1, "class", None),
    }
    ctx = _ctx([_module("A_One"), _module("B_Two")], classes)
    prefs = (_pref("A_One", "A\\Thing"), _pref("B_Two", "B\\Thing"))
    assert preference_outcomes(prefs, ctx)[0][0].state == "resolved"
    unknown = _ctx([_module("A_One"), _module("B_Two")])
    assert preference_outcomes(prefs, unknown)[0][0].state == "active"


def test_same_outcome_in_several_areas_is_one_finding():
    ctx = _ctx([_module("A_One"), _module("B_Two")])
    prefs = (
        _pref("A_One", "A\\Thing"),
        _pref("B_Two", "B\\Front", area="frontend"),
        _pref("B_Two", "B\\Admin", area="adminhtml"),
    )
    outcomes = preference_outcomes(prefs, ctx)
    # global: only A_One -> no conflict; frontend and adminhtml: different winning classes -> two outcomes
    assert sorted(scopes[0] for _, scopes in outcomes) == ["adminhtml", "frontend"]
    prefs_same = (
        _pref("A_One", "A\\Thing"),
        _pref("B_Two", "B\\Thing"),
        _pref("B_Two", "B\\Thing", area="frontend"),
    )
    [(outcome, scopes)] = preference_outcomes(prefs_same, ctx)
    assert scopes == [GLOBAL, "frontend"] and outcome.winner.type == "B\\Thing"


def test_extension_replacing_only_a_core_preference_is_medium():
    ctx = _ctx([_module("Magento_X", core=True), _module("B_Two")])
    prefs = (_pref("Magento_X", "Magento\\X\\Thing"), _pref("B_Two", "B\\Thing"))
    assert preference_findings(prefs, ctx)[0].severity == "medium"


def test_around_plugins_on_the_same_method(store_report):
    finding = one(store_report, "plugin.around:Magento\\Checkout\\Model\\Cart::addProduct:global")
    assert finding.severity == "medium"
    assert "Acme_FastCheckout" in finding.detail and "Zeta_Pay" in finding.detail
    assert not [f for f in by_rule(store_report, "plugin.around") if "updateItems" in f.id]


def test_plugins_on_a_type_replaced_by_a_preference(store_report):
    found = by_rule(store_report, "plugin.on-preferred-type")
    assert sorted(f.id.rsplit(":", 2)[1] for f in found) == ["Magento_Catalog", "Shipco_ShippingRates"]
    assert {f.severity for f in found} == {"medium"}


def test_disabled_plugin_of_another_vendor(store_report):
    finding = one(store_report, "plugin.disabled:Magento\\Quote\\Model\\Quote:acme_quote_totals:Zeta_Pay")
    assert finding.severity == "medium"
    assert [e.note for e in finding.evidence] == ["disabled here", "declared here"]


def test_observer_redeclared_is_info_and_disabled_observer_is_low(store_report):
    override = one(store_report, "observer.override:sales_order_place_after:acme_order_export")
    assert (override.severity, override.state) == ("info", "override")
    disabled = one(store_report, "observer.disabled:checkout_cart_add_product_complete:magento_checkout_obs")
    assert disabled.severity == "low"


def test_observer_groups_of_magento_modules_only_are_ignored():
    ctx = _ctx([_module("Magento_A", core=True), _module("Magento_B", core=True)])
    observers = (
        Observer("Magento_A", GLOBAL, "e", "o", "A\\O", False, "a.xml", 1),
        Observer("Magento_B", GLOBAL, "e", "o", "B\\O", False, "b.xml", 1),
    )
    assert observer_findings(observers, ctx) == []


def test_theme_overrides_are_counted(store_report):
    finding = one(store_report, "theme.overrides:frontend/Acme/shop")
    assert finding.severity == "info"
    assert (store_report.summary.template_overrides, store_report.summary.layout_overrides) == (1, 1)
