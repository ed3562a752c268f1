"""Benchmark the store audit and the integrity diff against a grep floor.

    .venv/bin/python bench/audit.py [ROOT] [--repeat N]

ROOT is a Magento installation with its vendor folder. Without it a synthetic tree of about 100,000 files is
generated once under the temp folder and reused: 400 vendor modules, a web root with 2,000 uploads in pub/media
(the scan walks them all), 2,000 deployed static files (skipped by rule) and a few files the web-root checks
flag. Figures printed:

* floor: `grep -rl '<preference' ROOT --include=di.xml` (walks the whole tree, reads every di.xml)
* audit: the full `magesupport audit` service call (in-process; the CLI adds Python start-up, shown apart)
* baseline / diff / diff --rehash: the integrity manifest and the two ways of checking it

Target: the full audit within 4x of the floor. Best of N runs (warm page cache).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from magesupport.services.audit import audit, baseline, diff

TARGET_RATIO = 4.0
SYNTHETIC_MODULES = 400
FILES_PER_MODULE = 235
MEDIA_FILES = 2000
STATIC_FILES = 2000
TREE_NAME = "magesupport-bench-tree-v2"  # v2: with a web root; v1 trees are left alone


def best_of(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def count_files(root: Path) -> int:
    total = 0
    for _current, _dirs, files in os.walk(root):
        total += len(files)
    return total


def _module_files(vendor: str, module: str, index: int) -> dict[str, str]:
    ns = f"{vendor.capitalize()}\\{module.capitalize()}"
    name = f"{vendor.capitalize()}_{module.capitalize()}"
    shared = f"Magento\\Catalog\\Api\\Shared{index % 40}Interface"
    files = {
        "registration.php": f"<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register("
        f"\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '{name}', __DIR__);\n",
        "etc/module.xml": f'<?xml version="1.0"?>\n<config><module name="{name}"/></config>\n',
        "etc/di.xml": '<?xml version="1.0"?>\n<config>\n'
        f'    <preference for="{shared}" type="{ns}\\Model\\Shared"/>\n'
        f'    <type name="Magento\\Checkout\\Model\\Cart"><plugin name="p{index}" type="{ns}\\Plugin\\Cart"/></type>\n'
        "</config>\n",
        "etc/frontend/di.xml": '<?xml version="1.0"?>\n<config>\n'
        f'    <preference for="Magento\\Catalog\\Block\\View{index % 25}" type="{ns}\\Block\\View"/>\n</config>\n',
        "etc/events.xml": '<?xml version="1.0"?>\n<config><event name="sales_order_place_after">'
        f'<observer name="o{index % 30}" instance="{ns}\\Observer\\O"/></event></config>\n',
        "Model/Shared.php": f"<?php\nnamespace {ns}\\Model;\n\nclass Shared\n{{\n}}\n",
        "Plugin/Cart.php": f"<?php\nnamespace {ns}\\Plugin;\n\nclass Cart\n{{\n    public function aroundAddProduct($s, $p)"
        " { return $p(); }\n}\n",
    }
    for n in range(FILES_PER_MODULE - len(files)):
        files[f"Model/Part{n // 50}/Thing{n}.php"] = (
            f"<?php\nnamespace {ns}\\Model\\Part{n // 50};\n\nclass Thing{n}\n{{\n    public function run(): int\n"
            f"    {{\n        return {n};\n    }}\n}}\n"
        )
    return files


def synthetic_tree() -> Path:
    root = Path(tempfile.gettempdir()) / TREE_NAME
    marker = root / ".complete"
    if marker.exists():
        return root
    if root.exists():
        shutil.rmtree(root)
    packages, modules = [], []
    for index in range(SYNTHETIC_MODULES):
        vendor, module = f"vendor{index % 40}", f"module{index}"
        base = root / "vendor" / vendor / f"module-{module}"
        for rel, text in _module_files(vendor, module, index).items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        name = f"{vendor.capitalize()}_{module.capitalize()}"
        modules.append(name)
        packages.append(
            {
                "name": f"{vendor}/module-{module}",
                "version": f"1.{index % 7}.0",
                "type": "magento2-module",
                "autoload": {
                    "files": ["registration.php"],
                    "psr-4": {f"{vendor.capitalize()}\\{module.capitalize()}\\": ""},
                },
            }
        )
    packages.append(
        {"name": "magento/product-community-edition", "version": "2.4.7-p3", "type": "metapackage"}
    )
    (root / "composer.lock").write_text(json.dumps({"packages": packages, "packages-dev": []}, indent=4))
    etc = root / "app" / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    entries = "\n".join(f"        '{m}' => {0 if i % 9 == 0 else 1}," for i, m in enumerate(modules))
    (etc / "config.php").write_text(f"<?php\nreturn [\n    'modules' => [\n{entries}\n    ],\n];\n")
    (etc / "env.php").write_text(
        "<?php\nreturn ['MAGE_MODE' => 'production', 'backend' => ['frontName' => 'shop_admin'],"
        " 'crypt' => ['key' => 'bench-not-a-secret'], 'session' => ['save' => 'redis']];\n"
    )
    (root / "pub").mkdir(exist_ok=True)
    (root / "pub" / "index.php").write_text("<?php\n")
    for index in range(MEDIA_FILES):
        path = root / "pub" / "media" / "catalog" / "product" / f"{index % 26:02d}" / f"image{index}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\xff\xd8")
    for index in range(STATIC_FILES):
        path = root / "pub" / "static" / "frontend" / "Vendor" / "theme" / "en_US" / f"file{index}.js"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("//\n")
    (root / "pub" / "media" / "wysiwyg").mkdir(parents=True, exist_ok=True)
    (root / "pub" / "media" / "wysiwyg" / "shell.php").write_text("<?php\n")
    (root / "deploy.sh").write_text("#!/bin/sh\nbin/magento cache:flush\n")
    marker.write_text("ok\n")
    return root


def grep_floor(root: Path, repeat: int) -> float:
    command = ["grep", "-rl", "<preference", str(root), "--include=di.xml"]
    seconds, _ = best_of(repeat, lambda: subprocess.run(command, capture_output=True, check=False))
    return seconds


def cli_seconds(root: Path) -> float:
    command = [
        sys.executable,
        "-c",
        "from magesupport.cli.main import run; run()",
        "audit",
        str(root),
        "-f",
        "json",
    ]
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark magesupport audit against a grep floor.")
    parser.add_argument(
        "root", nargs="?", type=Path, help="Magento root (default: a synthetic ~100k-file tree)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    root = args.root.resolve() if args.root else synthetic_tree()
    if not root.is_dir():
        print(f"error: {root} is not a folder", file=sys.stderr)
        return 2
    files = count_files(root)
    print(f"tree: {root} ({files} files){'' if args.root else ' [synthetic]'}")

    floor = grep_floor(root, args.repeat)
    audit_seconds, report = best_of(args.repeat, lambda: audit(root))
    cli = cli_seconds(root)
    manifest = Path(tempfile.gettempdir()) / f"magesupport-bench-{os.getpid()}.tsv"
    try:
        base_seconds, base = best_of(1, lambda: baseline(root, manifest))
        diff_seconds, result = best_of(args.repeat, lambda: diff(root, manifest))
        rehash_seconds, _ = best_of(1, lambda: diff(root, manifest, rehash=True))
    finally:
        manifest.unlink(missing_ok=True)

    def row(label: str, seconds: float, count: int) -> None:
        print(
            f"  {label:<28} {seconds:8.3f} s  {count / seconds:12,.0f} files/s  {seconds / floor:6.2f}x floor"
        )

    print(f"figures (best of {args.repeat}, warm cache):")
    row("grep floor", floor, files)
    row("audit (service call)", audit_seconds, files)
    row("audit (CLI, incl. start-up)", cli, files)
    row("baseline (hash scope)", base_seconds, base.files)  # type: ignore[attr-defined]
    row("diff (stat fast path)", diff_seconds, result.files_checked)  # type: ignore[attr-defined]
    row("diff --rehash", rehash_seconds, result.files_checked)  # type: ignore[attr-defined]
    ratio = audit_seconds / floor
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"audit / floor = {ratio:.2f}x: {verdict} the {TARGET_RATIO:.0f}x target")

    summary = report.summary  # type: ignore[attr-defined]
    print(
        f"found: Magento {summary.magento_version} ({summary.edition}); {summary.modules_total} modules "
        f"({summary.extensions} extensions, {summary.custom_modules} in app/code); "
        f"{summary.preferences} preferences, {summary.plugins} plugins, {summary.observers} observers read"
    )
    counts = ", ".join(f"{n} {name}" for name, n in report.severity_counts if n)  # type: ignore[attr-defined]
    print(f"findings: {counts}")
    for finding in report.findings:  # type: ignore[attr-defined]
        print(
            f"  [{finding.severity.value}] {finding.title}" + (f" ({finding.state})" if finding.state else "")
        )
    print(f"facts: {report.facts.model_dump_json()}")  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
