"""Read composer.json and composer.lock (or vendor/composer/installed.json): packages, versions, the product."""

from __future__ import annotations

import bisect
import json
import os
import re
from typing import Any

from magesupport.audit.installation import ComposerInfo, Package, SourceIssue
from magesupport.audit.products import BASE_PACKAGES, PRODUCTS, ROOT_PROJECTS
from magesupport.files.read import open_regular

_NAME_RE = re.compile(r'"name"\s*:\s*"([^"\\]+)"')


def _lines_of_names(text: str) -> dict[str, int]:
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines: dict[str, int] = {}
    for match in _NAME_RE.finditer(text):
        lines.setdefault(match.group(1), bisect.bisect_right(newlines, match.start()) + 1)
    return lines


def _psr4(autoload: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(autoload, dict) or not isinstance(autoload.get("psr-4"), dict):
        return ()
    result = []
    for prefix, paths in autoload["psr-4"].items():
        if isinstance(paths, str):
            paths = [paths]
        if isinstance(prefix, str) and isinstance(paths, list):
            result.append((prefix, tuple(p for p in paths if isinstance(p, str))))
    return tuple(result)


def _files(autoload: Any) -> tuple[str, ...]:
    if not isinstance(autoload, dict) or not isinstance(autoload.get("files"), list):
        return ()
    return tuple(f for f in autoload["files"] if isinstance(f, str))


def _upstream_version(raw: dict[str, Any]) -> str | None:
    """The Magento release a Mage-OS product package is built from (`extra.magento_version`, or what it replaces)."""
    extra = raw.get("extra")
    if isinstance(extra, dict) and isinstance(extra.get("magento_version"), str):
        return extra["magento_version"].strip().lstrip("v") or None
    replace = raw.get("replace")
    if isinstance(replace, dict) and isinstance(replace.get("magento/product-community-edition"), str):
        return replace["magento/product-community-edition"].strip().lstrip("v") or None
    return None


def _package(raw: Any, install_path: str, line: int | None, dev: bool) -> Package | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        return None
    requires: dict[str, Any] = raw["require"] if isinstance(raw.get("require"), dict) else {}
    version = raw.get("version")
    name = raw["name"].lower()
    return Package(
        name=name,
        version=str(version) if version is not None else "",
        type=str(raw.get("type") or "library"),
        install_path=install_path,
        requires=tuple(str(k).lower() for k in requires),
        psr4=_psr4(raw.get("autoload")),
        files=_files(raw.get("autoload")),
        time=raw.get("time") if isinstance(raw.get("time"), str) else None,
        line=line,
        dev=dev,
        upstream_version=_upstream_version(raw) if name.startswith("mage-os/product-") else None,
    )


def _load_json(path: str, rel: str, issues: list[SourceIssue]) -> tuple[Any, str] | None:
    try:
        with open_regular(path, encoding="utf-8") as handle:
            text = handle.read()
        return json.loads(text), text
    except (OSError, UnicodeDecodeError) as exc:
        issues.append(SourceIssue("composer.unreadable", "medium", rel, None, f"cannot read: {exc}"))
    except json.JSONDecodeError as exc:
        issues.append(
            SourceIssue("composer.malformed", "medium", rel, exc.lineno, f"not valid JSON: {exc.msg}")
        )
    return None


def _join(*parts: str) -> str:
    return os.path.normpath(os.path.join(*parts)).replace(os.sep, "/")


def read_composer(root: str) -> tuple[ComposerInfo, list[SourceIssue], int]:
    """Composer facts of the installation, issues met on the way, and how many files were read."""
    issues: list[SourceIssue] = []
    files_read = 0
    vendor_dir = "vendor"
    root_version = platform_php = None
    platform_line = None
    root_psr4: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root_requires: dict[str, Any] = {}
    root_name = ""
    root_version_line: int | None = None
    json_rel = lock_rel = None
    if os.path.isfile(os.path.join(root, "composer.json")):
        json_rel = "composer.json"
        loaded = _load_json(os.path.join(root, json_rel), json_rel, issues)
        files_read += 1
        if loaded and isinstance(loaded[0], dict):
            data, text = loaded
            config: dict[str, Any] = data["config"] if isinstance(data.get("config"), dict) else {}
            if isinstance(config.get("vendor-dir"), str):
                vendor_dir = config["vendor-dir"].strip("/") or "vendor"
            platform: dict[str, Any] = config["platform"] if isinstance(config.get("platform"), dict) else {}
            if isinstance(platform.get("php"), str):
                platform_php = platform["php"]
                match = (
                    re.search(r'"php"\s*:\s*"', text[text.find('"platform"') :])
                    if '"platform"' in text
                    else None
                )
                if match:
                    offset = text.find('"platform"') + match.start()
                    platform_line = text.count("\n", 0, offset) + 1
            root_version = data.get("version") if isinstance(data.get("version"), str) else None
            root_name = str(data.get("name") or "").lower()
            found = re.search(r'^\s*"version"\s*:', text, re.MULTILINE)
            root_version_line = text.count("\n", 0, found.start()) + 1 if found else None
            root_psr4 = _psr4(data.get("autoload"))
            if isinstance(data.get("require"), dict):
                root_requires = {str(k).lower(): v for k, v in data["require"].items()}

    packages: list[Package] = []
    lock_path = os.path.join(root, "composer.lock")
    installed_path = os.path.join(root, vendor_dir, "composer", "installed.json")
    if os.path.isfile(lock_path):
        lock_rel = "composer.lock"
        loaded = _load_json(lock_path, lock_rel, issues)
        files_read += 1
        if loaded and isinstance(loaded[0], dict):
            data, text = loaded
            lines = _lines_of_names(text)
            for key, dev in (("packages", False), ("packages-dev", True)):
                for raw in data.get(key) or []:
                    name = raw.get("name", "") if isinstance(raw, dict) else ""
                    pkg = _package(raw, _join(vendor_dir, name.lower()), lines.get(name), dev)
                    if pkg:
                        packages.append(pkg)
    elif os.path.isfile(installed_path):
        lock_rel = _join(vendor_dir, "composer", "installed.json")
        loaded = _load_json(installed_path, lock_rel, issues)
        files_read += 1
        if loaded:
            data, text = loaded
            raw_list = data.get("packages", []) if isinstance(data, dict) else data
            lines = _lines_of_names(text)
            for raw in raw_list if isinstance(raw_list, list) else []:
                if not isinstance(raw, dict):
                    continue
                name = str(raw.get("name", ""))
                rel = raw.get("install-path")
                install = (
                    _join(vendor_dir, "composer", rel) if isinstance(rel, str) else _join(vendor_dir, name)
                )
                pkg = _package(raw, install, lines.get(name), False)
                if pkg:
                    packages.append(pkg)

    by_name = {p.name: p for p in packages}
    product_name = product_version = version_source = distribution = None
    product_line = None
    for name, edition in PRODUCTS + BASE_PACKAGES:
        if name in by_name and by_name[name].version:
            product_name, product_version = name, by_name[name].version
            product_line, version_source = by_name[name].line, lock_rel
            if edition == "mage-os":  # Mage-OS numbers its own releases: the lifecycle is the upstream one's
                distribution, product_version = product_version.lstrip("v"), by_name[name].upstream_version
            break
    if product_version is None and root_version and any(root_name == name for name, _ in ROOT_PROJECTS):
        # Magento's own repository cloned as the store: composer.json's version is the release
        product_name, product_version, version_source = root_name, root_version.lstrip("v"), json_rel
        product_line = root_version_line
    if product_version is None:
        for name, _edition in PRODUCTS:
            constraint = root_requires.get(name)
            if isinstance(constraint, str) and re.fullmatch(r"v?\d+\.\d+\.\d+(-p\d+)?", constraint.strip()):
                product_name, product_version, version_source = name, constraint.strip().lstrip("v"), json_rel
                break
    info = ComposerInfo(
        lock_file=lock_rel,
        json_file=json_rel,
        vendor_dir=vendor_dir,
        packages=tuple(packages),
        root_version=root_version,
        platform_php=platform_php,
        platform_php_line=platform_line,
        root_psr4=root_psr4,
        product_name=product_name,
        product_version=product_version.lstrip("v") if product_version else None,
        product_line=product_line,
        version_source=version_source,
        distribution_version=distribution,
        root_requires=tuple(root_requires),
    )
    return info, issues, files_read
