"""Hardening findings on the asset store and on variations of it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from audit_support import by_rule, one, run

PRODUCTION_ENV = """<?php
return [
    'backend' => ['frontName' => 'shop_9f2'],
    'crypt' => ['key' => 'x'],
    'MAGE_MODE' => 'production',
    'session' => ['save' => 'redis'],
    'cache' => ['frontend' => ['default' => ['backend' => 'Magento\\\\Framework\\\\Cache\\\\Backend\\\\Redis'],
                               'page_cache' => ['backend' => 'Magento\\\\Framework\\\\Cache\\\\Backend\\\\Redis']]],
    'cache_types' => ['config' => 1, 'full_page' => 1],
    'http_cache_hosts' => [['host' => 'varnish', 'port' => '6081']],
    'directories' => ['document_root_is_pub' => true],
];
"""


def severities(report, rule):
    return sorted(f.severity.value for f in by_rule(report, rule))


def test_store_hardening_findings(store_report):
    assert one(store_report, "hardening.deploy-mode").severity == "high"
    assert one(store_report, "hardening.admin-path").severity == "medium"
    two_factor = one(store_report, "hardening.2fa-disabled")
    assert two_factor.severity == "high"
    assert two_factor.evidence[0].where() == "app/etc/config.php:8"
    caches = one(store_report, "hardening.caches-disabled")
    assert caches.severity == "high" and "block_html, full_page" in caches.title
    assert one(store_report, "hardening.no-http-cache").severity == "low"
    assert one(store_report, "hardening.dump:pub/backup-2024.sql").severity == "critical"
    assert one(store_report, "hardening.dump:shop.sql").severity == "critical"  # docroot not known: served
    assert one(store_report, "hardening.db-tool:pub/adminer.php").severity == "high"
    assert severities(store_report, "hardening.phpinfo") == ["high", "high"]
    assert one(store_report, "hardening.config-backup:app/etc/env.php.bak").severity == "medium"
    assert not by_rule(store_report, "hardening.file-sessions")  # one node: files are fine


def test_production_settings_clear_mode_findings_and_pub_docroot_lowers_root_files(store_copy: Path):
    (store_copy / "app/etc/env.php").write_text(PRODUCTION_ENV)
    report = run(store_copy)
    for rule in (
        "hardening.deploy-mode",
        "hardening.admin-path",
        "hardening.caches-disabled",
        "hardening.no-http-cache",
    ):
        assert not by_rule(report, rule), rule
    assert one(report, "hardening.dump:shop.sql").severity == "high"  # outside pub/: not served
    assert one(report, "hardening.dump:pub/backup-2024.sql").severity == "critical"


def test_file_sessions_and_cache_on_several_nodes(store_copy: Path):
    report = run(store_copy, nodes=2)
    assert one(report, "hardening.file-sessions").severity == "high"
    cache = one(report, "hardening.file-cache")
    assert [e.note for e in cache.evidence] == ["page_cache"]


def test_remote_storage_means_several_nodes(store_copy: Path):
    env = store_copy / "app/etc/env.php"
    env.write_text(
        env.read_text().replace("'lock' => [", "'remote_storage' => ['driver' => 'aws-s3'],\n    'lock' => [")
    )
    assert by_rule(run(store_copy), "hardening.file-sessions")


def test_mysql_search(store_copy: Path):
    config = store_copy / "app/etc/config.php"
    config.write_text(config.read_text().replace("'engine' => 'opensearch'", "'engine' => 'mysql'"))
    finding = one(run(store_copy), "hardening.mysql-search")
    assert finding.evidence[0].where() == "app/etc/config.php:20"


def test_two_factor_module_removed_or_switched_off_by_another_module(store_copy: Path):
    config = store_copy / "app/etc/config.php"
    config.write_text(config.read_text().replace("        'Magento_TwoFactorAuth' => 0,\n", ""))
    shutil.rmtree(store_copy / "vendor/magento/module-two-factor-auth")
    lock = store_copy / "composer.lock"
    data = json.loads(lock.read_text())
    data["packages"] = [p for p in data["packages"] if p["name"] != "magento/module-two-factor-auth"]
    lock.write_text(json.dumps(data, indent=4))
    detail = one(run(store_copy), "hardening.2fa-disabled").detail
    assert "not in config.php" in detail and "composer.lock does not install it" in detail
    config.unlink()
    assert "not installed" in one(run(store_copy), "hardening.2fa-disabled").detail

    disabler = store_copy / "app/code/MarkShust/DisableTwoFactorAuth/etc"
    disabler.mkdir(parents=True)
    (disabler / "module.xml").write_text('<config><module name="MarkShust_DisableTwoFactorAuth"/></config>')
    # a folder without registration.php is not a module: Magento never loads it
    (disabler.parent / "registration.php").write_text(
        "<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register("
        "\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'MarkShust_DisableTwoFactorAuth', __DIR__);\n"
    )
    assert "MarkShust_DisableTwoFactorAuth switches" in one(run(store_copy), "hardening.2fa-disabled").detail


def test_world_writable_code(store_copy: Path):
    os.chmod(store_copy / "app/etc", 0o777)
    os.chmod(store_copy / "vendor/zeta", 0o777)
    os.chmod(store_copy / "pub/index.php", 0o666)
    finding = one(run(store_copy), "hardening.world-writable")
    assert finding.severity == "high"
    assert sorted(e.file for e in finding.evidence) == ["app/etc", "pub/index.php", "vendor/zeta"]


def test_vcs_folder_and_stray_php_in_web_root(store_copy: Path):
    (store_copy / "pub/.git").mkdir()
    (store_copy / "upload_test.php").write_text("<?php echo 'hi';")
    report = run(store_copy)
    assert one(report, "hardening.vcs:pub/.git").severity == "high"
    assert one(report, "hardening.unknown-php:upload_test.php").severity == "medium"


def test_missing_env_php_is_info(store_copy: Path):
    (store_copy / "app/etc/env.php").unlink()
    report = run(store_copy)
    assert one(report, "hardening.env-missing").severity == "info"
    assert not by_rule(report, "hardening.deploy-mode")
