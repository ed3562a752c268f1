"""Integrity baseline and diff: added, removed and changed files, including a forged modification time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magesupport.audit.integrity import _escape, _unescape, change_severity, parse_manifest
from magesupport.domain.errors import AuditError
from magesupport.services.audit import baseline, diff


def test_clean_diff_after_baseline(store_copy: Path, tmp_path: Path):
    manifest = tmp_path / "base.tsv"
    result = baseline(store_copy, manifest)
    # everything under vendor/, app/code/, app/design/ plus app/etc/di.xml, index.php and pub/*.php
    assert result.files == 48 + 9 + 7 + 6  # vendor, app/code, app/design; di.xml, index.php, 4 in pub
    report = diff(store_copy, manifest)
    assert report.changes == () and report.files_checked == 70 and report.files_hashed == 0
    assert dict(report.counts) == {"added": 0, "removed": 0, "changed": 0}


def test_added_removed_changed_and_out_of_scope(store_copy: Path, tmp_path: Path):
    manifest = tmp_path / "base.tsv"
    baseline(store_copy, manifest)
    (store_copy / "pub/skimmer.php").write_text("<?php eval($_POST['x']);")
    (store_copy / "vendor/zeta/module-pay/notes.txt").write_text("hello")
    (store_copy / "vendor/acme/module-fast-checkout/Plugin/QuoteTotals.php").unlink()
    template = store_copy / "app/design/frontend/Acme/shop/Magento_Checkout/templates/cart.phtml"
    template.write_text("<div><script src=//evil.test/s.js></script></div>")
    (store_copy / "var").mkdir()
    (store_copy / "var/cache.txt").write_text("not code")
    report = diff(store_copy, manifest)
    changes = {(c.change, c.path): c.severity.value for c in report.changes}
    assert changes == {
        ("added", "pub/skimmer.php"): "high",
        ("added", "vendor/zeta/module-pay/notes.txt"): "low",
        ("removed", "vendor/acme/module-fast-checkout/Plugin/QuoteTotals.php"): "medium",
        ("changed", "app/design/frontend/Acme/shop/Magento_Checkout/templates/cart.phtml"): "high",
    }
    assert report.files_hashed == 3  # two new files and the rewritten template
    assert {f.rule for f in report.findings} == {"integrity.added", "integrity.removed", "integrity.changed"}


def test_same_size_rewrite_with_forged_mtime_is_found(store_copy: Path, tmp_path: Path):
    manifest = tmp_path / "base.tsv"
    target = store_copy / "vendor/magento/module-checkout/Model/Cart.php"
    baseline(store_copy, manifest)
    before = target.stat()
    original = target.read_text()
    target.write_text(original.replace("return $this;", "return $that;", 1))  # same length
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -r: the mtime looks untouched
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    report = diff(store_copy, manifest)
    assert [(c.change, c.path) for c in report.changes] == [
        ("changed", "vendor/magento/module-checkout/Model/Cart.php")
    ]


def test_rehash_hashes_everything(store_copy: Path, tmp_path: Path):
    manifest = tmp_path / "base.tsv"
    baseline(store_copy, manifest, jobs=1)
    report = diff(store_copy, manifest, rehash=True, jobs=3)
    assert report.files_hashed == report.files_checked == 70 and report.changes == ()


def test_missing_and_broken_manifests(store_copy: Path, tmp_path: Path):
    with pytest.raises(AuditError) as caught:
        diff(store_copy, tmp_path / "none.tsv")
    assert "run `audit baseline` first" in caught.value.lines()[0]
    bad = tmp_path / "bad.tsv"
    bad.write_text("# magesupport integrity manifest v1\n# root\t/x\nabc\t1\t2\n")
    with pytest.raises(AuditError) as caught:
        diff(store_copy, bad)
    assert caught.value.lines()[0].startswith(f"{bad}:3:")
    with pytest.raises(AuditError):
        parse_manifest("not a manifest\n", "m.tsv")


def test_change_severity():
    assert change_severity("pub/x.php", "added") == "high"
    assert change_severity("vendor/a/b/README.md", "changed") == "low"
    assert change_severity("vendor/a/b/x.js", "removed") == "medium"
    assert change_severity("bin/magento", "changed") == "high"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_manifest_path_escaping_round_trips(path):
    escaped = _escape(path)
    assert "\t" not in escaped and "\n" not in escaped
    assert _unescape(escaped) == path
