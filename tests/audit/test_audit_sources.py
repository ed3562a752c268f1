"""The readers: composer, config.php, env.php, modules, load order, classes, themes, web root."""

from __future__ import annotations

import json

from audit_support import STORE

from magesupport.audit.installation import ConfigPhp, Module, ModuleState, class_key
from magesupport.audit.products import core_packages, edition_of
from magesupport.audit.sources.composer import read_composer
from magesupport.audit.sources.modules import load_order
from magesupport.audit.sources.php_class import read_class
from magesupport.audit.sources.reader import read_installation


def test_composer_lock_gives_product_version_edition_and_lines():
    info, issues, files_read = read_composer(str(STORE))
    assert issues == [] and files_read == 2
    assert (info.product_name, info.product_version) == ("magento/product-community-edition", "2.4.6-p3")
    assert info.product_line == 171 and info.version_source == "composer.lock"
    assert info.platform_php == "8.1.27" and info.platform_php_line == 8
    assert edition_of(info.product_name) == "community"
    assert info.root_version == "2.4.5"  # stale composer.json "version": the lock wins
    core = core_packages(info)
    assert "magento/module-catalog" in core and "guzzlehttp/guzzle" in core
    assert "acme/module-fast-checkout" not in core


def test_composer_json_only_gives_an_exact_product_version(tmp_path):
    (tmp_path / "composer.json").write_text(
        json.dumps({"require": {"magento/product-enterprise-edition": "2.4.7-p1"}})
    )
    info, _issues, _ = read_composer(str(tmp_path))
    assert (info.product_version, info.version_source) == ("2.4.7-p1", "composer.json")
    assert edition_of(info.product_name) == "enterprise"


def test_malformed_composer_lock_is_an_issue_with_a_line(tmp_path):
    (tmp_path / "composer.lock").write_text('{\n  "packages": [\n    {"name": }\n  ]\n}\n')
    info, issues, _ = read_composer(str(tmp_path))
    assert info.packages == ()
    assert [(i.rule, i.line) for i in issues] == [("composer.malformed", 3)]


def test_installation_modules_states_and_versions():
    installation = read_installation(str(STORE))
    modules = installation.module_map()
    assert len(modules) == 11
    assert modules["Acme_FastCheckout"] == Module(
        name="Acme_FastCheckout",
        path="vendor/acme/module-fast-checkout",
        origin="vendor",
        core=False,
        package="acme/module-fast-checkout",
        version="1.2.0",
        sequence=("Magento_Checkout",),
        file="vendor/acme/module-fast-checkout/etc/module.xml",
        line=3,
        enabled=True,
        config_line=9,
    )
    assert modules["Magento_TwoFactorAuth"].enabled is False and modules["Magento_TwoFactorAuth"].core
    assert modules["Custom_Checkout"].version == "2.1.0"  # from its composer.json
    assert modules["Old_Disabled"].version == "1.0.2"  # from setup_version
    assert modules["Old_Disabled"].origin == "app/code" and not modules["Old_Disabled"].core
    assert installation.issues == ()


def test_env_summary_has_no_secret_values():
    env = read_installation(str(STORE)).env
    assert env is not None
    assert env.deploy_mode == "developer" and env.deploy_mode_line == 34
    assert env.admin_frontname_default is True
    assert env.crypt_key_present is True
    assert env.session_save == "files"
    assert [(b.frontend, b.backend) for b in env.cache_backends] == [
        ("default", "redis"),
        ("page_cache", "file"),
    ]
    assert ("full_page", False, 86) in env.cache_types
    assert env.db_remote is True  # db.internal:3306
    assert env.http_cache_hosts == 0
    assert "SECRET" not in repr(env)


def test_load_order_follows_config_php_and_sequence():
    modules = [
        Module(name="B_Two", path="", origin="vendor", core=False, sequence=("C_Three",)),
        Module(name="A_One", path="", origin="vendor", core=False),
        Module(name="C_Three", path="", origin="vendor", core=False),
        Module(name="D_New", path="", origin="vendor", core=False, sequence=("A_One",)),
    ]
    config = ConfigPhp(file="x", modules=(ModuleState("A_One", True, 1), ModuleState("B_Two", True, 2)))
    # config.php order first, but B_Two needs C_Three; modules missing from config.php come after by name
    assert load_order(modules, config) == ["A_One", "C_Three", "B_Two", "D_New"]
    assert load_order(modules, None) == ["A_One", "C_Three", "B_Two", "D_New"]


def test_load_order_survives_a_sequence_cycle():
    modules = [
        Module(name="A_One", path="", origin="vendor", core=False, sequence=("B_Two",)),
        Module(name="B_Two", path="", origin="vendor", core=False, sequence=("A_One",)),
    ]
    assert sorted(load_order(modules, None)) == ["A_One", "B_Two"]


def test_class_reader_resolves_aliases_and_skips_comments():
    info = read_class((STORE / "app/code/Custom/Checkout/Model/ProductRepository.php").read_text(), "x.php")
    assert info is not None
    assert info.name == "Custom\\Checkout\\Model\\ProductRepository"
    assert info.parent == "Magento\\Catalog\\Model\\ProductRepository"
    core = read_class(
        (STORE / "vendor/magento/module-catalog/Model/ProductRepository.php").read_text(), "y.php"
    )
    assert core is not None and core.parent is None and core.line == 9
    plugin = read_class((STORE / "vendor/zeta/module-pay/Plugin/CartPlugin.php").read_text(), "z.php")
    assert plugin is not None and plugin.methods == ("aroundAddProduct", "aroundUpdateItems")
    interface = read_class("<?php\nnamespace A;\ninterface BInterface extends \\C\\D\n{\n}\n", "i.php")
    assert interface is not None and interface.kind == "interface" and interface.parent is None


def test_installation_reads_classes_needed_by_checks():
    installation = read_installation(str(STORE))
    classes = installation.classes
    assert class_key("Zeta\\Pay\\Model\\Price") in classes
    assert (
        classes[class_key("\\Acme\\FastCheckout\\Block\\Product\\View")].parent
        == "Magento\\Catalog\\Block\\Product\\View"
    )
    # followed up the parent chain
    assert class_key("Magento\\Catalog\\Block\\Product\\AbstractProduct") in classes


def test_themes_and_overrides():
    installation = read_installation(str(STORE))
    assert [t.code for t in installation.themes] == ["frontend/Acme/shop"]
    assert installation.themes[0].parent == "Magento/luma"
    kinds = {(o.kind, o.path.rsplit("/", 1)[-1], o.overrides_existing) for o in installation.overrides}
    assert kinds == {
        ("template", "view.phtml", True),
        ("template", "badge.phtml", False),  # a new template, not an override
        ("template", "cart.phtml", False),  # Magento_Checkout ships no such template here
        ("layout", "catalog_product_view.xml", True),
        ("layout-override", "catalog_product_view.xml", True),
    }


def test_web_root_observations():
    kinds = {(o.kind, o.path) for o in read_installation(str(STORE)).files}
    assert kinds == {
        ("config-backup", "app/etc/env.php.bak"),
        ("dump", "shop.sql"),
        ("dump", "pub/backup-2024.sql"),
        ("db-tool", "pub/adminer.php"),
        ("phpinfo", "pub/info.php"),
        ("phpinfo", "pub/helper.php"),
    }
