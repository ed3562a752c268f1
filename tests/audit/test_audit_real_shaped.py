"""The audit on real-shaped trees: a store as its repository commits it (no vendor/), a Laravel project, Mage-OS.

Each test reproduces one failure seen on real installations (issue 15).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from audit_support import ASSETS, by_rule, one, run

from magesupport.audit.sources.reader import read_installation
from magesupport.cli.main import main
from magesupport.domain.errors import AuditError

REPO = ASSETS / "repo"
VULNDB = ASSETS / "repo-vulndb.csv"


@pytest.fixture(scope="module")
def repo_report():
    return run(REPO, vulndb=str(VULNDB))


# --- class ancestry: a fully qualified parent is resolved from the root namespace ---


def test_fully_qualified_parent_keeps_the_conflict_resolved(repo_report):
    # Custom\Seo\Model\ProductUrl extends \Custom\Catalog\Model\ProductUrl: the winner extends the loser
    finding = one(repo_report, "conflict.preference:Magento\\Catalog\\Model\\Product\\Url:global")
    assert (finding.state, finding.severity) == ("resolved", "info")
    classes = read_installation(str(REPO)).classes
    assert classes["custom\\seo\\model\\producturl"].parent == "Custom\\Catalog\\Model\\ProductUrl"


def test_plugin_on_a_replaced_class_whose_ancestry_is_read_is_not_reported(repo_report):
    # the winning class extends (through Custom_Catalog's) the plugin's target: the plugin runs
    assert not by_rule(repo_report, "plugin.on-preferred-type")


def test_a_replacement_that_does_not_extend_the_class_is_medium(repo_report):
    finding = one(repo_report, "preference.not-subclass:Magento\\Checkout\\Model\\Cart")
    assert finding.severity == "medium"
    assert finding.evidence[0].where() == "app/code/Custom/Catalog/etc/di.xml:4"


# --- config.php is the truth about modules, composer.lock about packages ---


def test_two_factor_disabled_in_config_php_without_its_code(repo_report):
    assert not (REPO / "vendor").exists()
    finding = one(repo_report, "hardening.2fa-disabled")
    assert finding.severity == "high"
    assert finding.evidence[0].where() == "app/etc/config.php:10"
    assert "disabled in config.php" in finding.detail


def test_vulnerable_extension_matched_from_composer_lock_alone(repo_report):
    finding = one(repo_report, "vuln.extension:AcmeLabs_QuickOrder")
    assert finding.severity == "high"  # enabled in config.php, 1.2.0 from composer.lock < 1.3.0
    assert "1.2.0" in finding.title
    package = one(repo_report, "vuln.extension:acmelabs/module-gift-wrap")
    assert package.title.startswith("acmelabs/module-gift-wrap 2.0.0")
    unknown = one(repo_report, "vuln.extension:Custom_Missing")
    assert unknown.severity == "medium" and "version unknown" in unknown.title


def test_missing_vendor_is_a_finding_and_modules_still_count(repo_report):
    finding = one(repo_report, "source.vendor-missing")
    assert finding.title.startswith("vendor/ is not here")
    assert "conflicts" in finding.detail and "AcmeLabs_QuickOrder" in finding.detail
    summary = repo_report.summary
    # AcmeLabs x2, Ebizmarts, Hyva x2 from the lock (third-party: not required by the product)
    assert summary.extensions == 5
    assert summary.custom_modules == 2  # Custom_Catalog and Custom_Seo under app/code
    assert summary.unknown_origin_modules == 1  # Custom_Missing: config.php only
    assert summary.packages_missing == 14
    assert repo_report.facts.extensions == 5
    code = one(repo_report, "source.code-missing")
    assert "Custom_Missing" in code.detail


def test_integrations_come_from_lock_and_config_with_word_boundaries(repo_report):
    # Ebizmarts_SagePaySuite is a payment module, never an ERP; nothing else names an integration
    assert repo_report.facts.integrations == ("payment",)


# --- modules are found through registration.php ---


def test_folders_without_registration_php_are_ignored_and_listed(repo_report):
    finding = one(repo_report, "module.unregistered")
    assert [e.file for e in finding.evidence] == ["app/code/Custom/CatalogBK"]
    modules = {m.name: m for m in read_installation(str(REPO)).modules}
    assert modules["Custom_Catalog"].path == "app/code/Custom/Catalog"  # not the backup, not the copy


def test_two_folders_registering_one_module_is_high(repo_report):
    finding = one(repo_report, "module.duplicate:Custom_Catalog")
    assert finding.severity == "high"
    assert [e.file for e in finding.evidence] == [
        "app/code/Custom/Catalog/registration.php",
        "app/code/Custom/CatalogCopy/registration.php",
    ]


def test_a_registration_php_registering_several_modules(tmp_path: Path):
    root = tmp_path / "shop"
    shutil.copytree(REPO, root)
    bundle = root / "app/code/Vendor/SeoSuite"
    for sub, name in (("module-seo", "Vendor_Seo"), ("module-redirects", "Vendor_Redirects")):
        (bundle / sub / "etc").mkdir(parents=True)
        (bundle / sub / "etc/module.xml").write_text(f'<config><module name="{name}"/></config>')
    (bundle / "registration.php").write_text(
        "<?php\nuse Magento\\Framework\\Component\\ComponentRegistrar;\n$map = [\n"
        "    'Vendor_Seo' => __DIR__ . '/module-seo',\n    'Vendor_Redirects' => __DIR__ . '/module-redirects',\n];\n"
        "foreach ($map as $name => $path) {\n    ComponentRegistrar::register(ComponentRegistrar::MODULE, $name, $path);\n}\n"
    )
    modules = {m.name: m.path for m in read_installation(str(root)).modules}
    assert modules["Vendor_Seo"] == "app/code/Vendor/SeoSuite/module-seo"
    assert modules["Vendor_Redirects"] == "app/code/Vendor/SeoSuite/module-redirects"


# --- the web root ---


def test_php_in_pub_media_is_high_and_cached_copies_are_skipped_by_rule(repo_report):
    finding = one(repo_report, "hardening.media-php:pub/media/wysiwyg/.cache/image.php")
    assert finding.severity == "high"
    assert not [f for f in repo_report.findings if "skip.php" in f.id]
    assert repo_report.summary.web_skipped == ("pub/media/catalog/product/cache", "pub/static/frontend")


@pytest.mark.parametrize(
    ("finding_id", "severity", "title_part"),
    [
        ("hardening.migration-bridge:pub/bridge2cart", "critical", "holds an access token"),
        ("hardening.auth-json:auth.json", "critical", "2 credential(s)"),
        ("hardening.htpasswd:.htpasswd", "high", "1 password hash(es)"),
        ("hardening.script:deploy.sh", "critical", "a credential is written out at line 4"),
        ("hardening.script:cache-clean.sh", "medium", "cache-clean.sh"),  # "$DB_PASSWORD" is not a credential
        ("hardening.phar:composer.phar", "medium", "composer.phar"),
        ("hardening.error-log:error_log", "medium", "error_log"),
    ],
)
def test_web_root_exposures(repo_report, finding_id, severity, title_part):
    finding = one(repo_report, finding_id)
    assert finding.severity == severity and title_part in finding.title


def test_known_magento_php_in_pub_is_not_reported(repo_report):
    assert not [f for f in repo_report.findings if "pub/errors" in f.id or f.id.endswith("pub/index.php")]
    assert not [f for f in repo_report.findings if "bridge_config.php" in f.id]  # reported with its folder


def test_docroot_pub_lowers_root_files_but_never_pub_media(tmp_path: Path):
    root = tmp_path / "shop"
    shutil.copytree(REPO, root)
    env = root / "app/etc/env.php"
    env.write_text(
        env.read_text().replace(
            "'MAGE_MODE'", "'directories' => ['document_root_is_pub' => true],\n    'MAGE_MODE'"
        )
    )
    report = run(root)
    assert one(report, "hardening.auth-json:auth.json").severity == "medium"
    assert one(report, "hardening.script:deploy.sh").severity == "high"  # a credential in plain text still
    assert one(report, "hardening.media-php:pub/media/wysiwyg/.cache/image.php").severity == "high"


def test_audit_diff_covers_the_same_places(tmp_path: Path):
    root = tmp_path / "shop"
    shutil.copytree(REPO, root)
    manifest = tmp_path / "base.tsv"
    assert main(["audit", "baseline", str(root), "-m", str(manifest), "-f", "json"]) == 0
    recorded = {
        line.split("\t")[-1] for line in manifest.read_text().splitlines() if not line.startswith("#")
    }
    for path in (
        "pub/media/wysiwyg/.cache/image.php",
        "pub/bridge2cart/bridge.php",
        "deploy.sh",
        "auth.json",
        ".htpasswd",
        "composer.phar",
        "pub/errors/404.php",
        "pub/index.php",
    ):
        assert path in recorded, path
    assert "pub/media/catalog/product/cache/1/skip.php" not in recorded
    (root / "pub/media/catalog/shell.phtml").write_text("<?php system($_GET['c']);")
    (root / "backup.sh").write_text("#!/bin/sh\n")
    out = tmp_path / "diff.json"
    assert main(["audit", "diff", str(root), "-m", str(manifest), "-f", "json", "--out", str(out)]) == 0
    added = {
        c["path"]: c["severity"] for c in json.loads(out.read_text())["changes"] if c["change"] == "added"
    }
    assert added == {"pub/media/catalog/shell.phtml": "high", "backup.sh": "high"}


# --- peers' checks ---


def test_theme_overrides_counted_per_kind_and_module(repo_report):
    finding = one(repo_report, "theme.overrides:frontend/Custom/hyva-child")
    # the modules' code is not here: counted, and said to be unverified
    assert "1 template(s), 1 JS file(s), 1 knockout template(s), 1 email template(s)" in finding.title
    assert "Magento_Checkout (2)" in finding.detail and "not verified" in finding.detail
    mixins = one(repo_report, "js.mixins")
    assert mixins.title == "2 RequireJS mixin(s) wrap the JS of 1 module(s)"
    assert "Magento_Checkout (2)" in mixins.detail
    assert (repo_report.summary.js_overrides, repo_report.summary.mixins) == (1, 2)


@pytest.mark.parametrize(
    ("finding_id", "detail_part"),
    [
        ("hyva.packages-missing", "hyva-themes/magento2-reset-theme, hyva-themes/magento2-email-module"),
        ("hyva.graphql-missing", "magento/module-quote-graph-ql"),
        ("hyva.incompatible-module", "Dotdigitalgroup_Email"),
        ("hyva.captcha", "customer/captcha/enable"),
    ],
)
def test_hyva_readiness(repo_report, finding_id, detail_part):
    finding = one(repo_report, finding_id)
    assert finding.severity == "medium" and detail_part in finding.detail


def test_x_frame_options_allow_from_is_medium(repo_report):
    finding = one(repo_report, "hardening.x-frame-options")
    assert finding.severity == "medium" and finding.evidence[0].where() == "app/etc/env.php:17"


def test_folder_permissions_seen_from_the_files(tmp_path: Path):
    root = tmp_path / "shop"
    shutil.copytree(REPO, root)
    (root / "var").mkdir()
    (root / "var").chmod(0o555)
    (root / "pub/media").chmod(0o777)
    try:
        report = run(root)
    finally:
        (root / "var").chmod(0o755)
    assert one(report, "hardening.folder-readonly").evidence[0].note == "mode 555"
    assert one(report, "hardening.folder-world-writable").evidence[0].file == "pub/media"


# --- Magento detection ---


def test_a_laravel_project_is_refused_with_one_line(capsys):
    assert main(["audit", str(ASSETS / "laravel")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"error: {ASSETS / 'laravel'}: no Magento installation here: looked for")
    for signal in ("magento/*", "app/etc/config.php", "bin/magento", "registration.php"):
        assert signal in err[0]
    with pytest.raises(AuditError):
        read_installation(str(ASSETS / "laravel"))


@pytest.mark.parametrize(
    "signal", ["app/etc/config.php", "bin/magento", "app/code/Acme/Mod/registration.php", "composer.lock"]
)
def test_any_one_magento_signal_is_enough(tmp_path: Path, signal: str):
    root = tmp_path / "shop"
    path = root / signal
    path.parent.mkdir(parents=True)
    if signal == "composer.lock":
        path.write_text(json.dumps({"packages": [{"name": "magento/module-catalog", "version": "104.0.0"}]}))
    elif signal.endswith("config.php"):
        path.write_text("<?php return ['modules' => ['Magento_Catalog' => 1]];")
    else:
        path.write_text("<?php\n")
    assert read_installation(str(root)).coverage.signals


# --- Mage-OS ---


def test_mage_os_is_recognised_and_judged_by_its_upstream_release():
    report = run(ASSETS / "mageos")
    summary = report.summary
    assert (summary.edition, summary.distribution_version, summary.magento_version) == (
        "mage-os",
        "1.0.5",
        "2.4.7-p3",
    )
    assert report.version.line == "2.4.7"
    assert report.version.commerce_extended_support is not None  # no extended support for Mage-OS either
    assert not by_rule(report, "hardening.2fa-disabled")


def test_without_a_lock_unexplained_modules_may_come_from_what_composer_json_requires(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(ASSETS / "repo", root, symlinks=True)
    (root / "composer.lock").unlink()
    code = one(run(root), "source.code-missing")
    assert "no composer.lock" in code.detail
    assert "acmelabs/module-quick-order" in code.detail and "magento/product" not in code.detail
