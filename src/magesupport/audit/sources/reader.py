"""Read a whole installation into an Installation snapshot. The only place the audit walks the store's files."""

from __future__ import annotations

import os

from magesupport.audit.installation import (
    ConfigPhp,
    Coverage,
    EnvPhp,
    Installation,
    Module,
    Plugin,
    Preference,
    SourceIssue,
    class_key,
)
from magesupport.audit.products import core_packages
from magesupport.audit.sources.composer import read_composer
from magesupport.audit.sources.config_php import read_config_php
from magesupport.audit.sources.declared import declared_modules, magento_signals, missing_packages
from magesupport.audit.sources.env_php import read_env_php
from magesupport.audit.sources.modules import load_order, scan_modules
from magesupport.audit.sources.php_class import ClassLocator, read_classes
from magesupport.audit.sources.themes import find_mixins, find_overrides, find_themes
from magesupport.audit.sources.webroot import observe_files
from magesupport.domain.errors import AuditError, Problem
from magesupport.files.read import open_regular

_MAX_PHP_CONFIG_BYTES = 4 * 1024 * 1024
LOOKED_FOR = (
    "a magento/* or mage-os/* package in composer.lock or composer.json, app/etc/config.php, bin/magento, "
    "app/code/*/*/registration.php"
)


def _read_text(path: str) -> str | None:
    try:
        with open_regular(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(_MAX_PHP_CONFIG_BYTES)
    except OSError:
        return None


def classes_to_read(
    preferences: list[Preference], plugins: list[Plugin], modules: dict[str, Module]
) -> set[str]:
    """Classes the checks need: preference targets in contested groups, plugin classes of extensions, and the
    preferred types of classes that carry plugins."""

    def third_party(module: str) -> bool:
        return module in modules and not modules[module].core

    by_for: dict[str, list[Preference]] = {}
    for pref in preferences:
        by_for.setdefault(class_key(pref.for_type), []).append(pref)
    names: set[str] = set()
    for group in by_for.values():
        if len({p.module for p in group}) > 1 and any(third_party(p.module) for p in group):
            names.update(p.type for p in group)
            names.add(group[0].for_type)
    for pref in preferences:  # a third-party class replacing a class must extend it (checks/subclass.py)
        if third_party(pref.module) and not pref.for_type.rstrip().endswith("Interface"):
            names.update((pref.type, pref.for_type))
    for plugin in plugins:
        if plugin.type and third_party(plugin.module):
            names.add(plugin.type)
        group = by_for.get(class_key(plugin.target), [])
        if group and (third_party(plugin.module) or any(third_party(p.module) for p in group)):
            names.update(p.type for p in group)
            names.add(plugin.target)
    return names


def read_installation(root: str) -> Installation:
    """Everything the checks need, read from the files under `root`."""
    if not os.path.isdir(root):
        raise AuditError(Problem(root, None, "", "not a folder (give the root of a Magento installation)"))
    issues: list[SourceIssue] = []
    composer, composer_issues, files_read = read_composer(root)
    signals = magento_signals(root, composer)
    if not signals:
        raise AuditError(Problem(root, None, "", f"no Magento installation here: looked for {LOOKED_FOR}"))
    issues.extend(composer_issues)

    config: ConfigPhp | None = None
    text = _read_text(os.path.join(root, "app", "etc", "config.php"))
    if text is not None:
        files_read += 1
        config, issue = read_config_php(text, "app/etc/config.php")
        if issue:
            issues.append(issue)
    env: EnvPhp | None = None
    text = _read_text(os.path.join(root, "app", "etc", "env.php"))
    if text is not None:
        files_read += 1
        env, issue = read_env_php(text, "app/etc/env.php")
        if issue:
            issues.append(issue)
    del text  # env.php's text holds secrets: drop it as soon as the redacted summary exists

    core = core_packages(composer)
    scan = scan_modules(root, composer, config, core)
    issues.extend(scan.issues)
    files_read += scan.files_read
    expected, missing = missing_packages(root, composer)
    vendor_present = os.path.isdir(os.path.join(root, composer.vendor_dir))
    code_complete = vendor_present and not missing and composer.lock_file is not None
    absent, unexplained = declared_modules(composer, config, scan.modules, set(missing), core, code_complete)
    modules = scan.modules + absent
    module_map = {m.name: m for m in modules}
    order = load_order(modules, config)

    locator = ClassLocator(root, composer)
    classes = read_classes(root, locator, classes_to_read(scan.preferences, scan.plugins, module_map))
    themes = find_themes(root, composer, core)
    overrides = find_overrides(root, themes, modules)
    mixins = find_mixins(root, themes, modules)
    files, web = observe_files(root)
    coverage = Coverage(
        signals=tuple(signals),
        lock_packages=expected,
        packages_missing=tuple(missing),
        modules_missing=tuple(m.name for m in absent if m.origin == "vendor"),
        config_only=tuple(unexplained),
        code_complete=code_complete,
        unregistered=tuple(scan.unregistered),
        duplicates=tuple((name, tuple(paths)) for name, paths in sorted(scan.duplicates.items())),
        web_files=web.files,
        web_skipped=tuple(web.skipped),
    )
    return Installation(
        root=os.path.abspath(root),
        composer=composer,
        config=config,
        env=env,
        modules=tuple(modules),
        load_order=tuple(order),
        preferences=tuple(scan.preferences),
        plugins=tuple(scan.plugins),
        observers=tuple(scan.observers),
        classes=classes,
        themes=tuple(themes),
        overrides=tuple(overrides),
        mixins=tuple(mixins),
        files=tuple(files),
        issues=tuple(issues),
        files_read=files_read + len(classes),
        coverage=coverage,
    )
