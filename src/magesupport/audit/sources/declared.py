"""Modules known from app/etc/config.php and composer.lock when their code is not under the root.

config.php is the list of modules Magento enables; composer.lock the list of packages composer installed. A
repository often commits neither vendor/ nor all of app/code, yet those two files still say which modules run:
every check that depends on a module (2FA, vulnerable extensions, integrations, counts) works from them, with
"version unknown" where no file gives one. This module also tells what the audit could not see (`Coverage`).
"""

from __future__ import annotations

import os

from magesupport.audit.installation import ComposerInfo, ConfigPhp, Module, Package

# Packages whose code the module checks read: without their folder, those checks are weaker.
_MODULE_TYPES = frozenset({"magento2-module", "magento2-theme"})


def magento_signals(root: str, composer: ComposerInfo) -> list[str]:
    """What says this folder is a Magento installation (empty: nothing does)."""
    signals = []
    names = [p.name for p in composer.packages]
    if any(n.startswith(("magento/", "mage-os/")) for n in names):
        signals.append(f"a magento/* package in {composer.lock_file}")
    elif any(n.startswith(("magento/", "mage-os/")) for n in composer.root_requires):
        signals.append("a magento/* requirement in composer.json")
    for rel in ("app/etc/config.php", "bin/magento"):
        if os.path.isfile(os.path.join(root, rel)):
            signals.append(rel)
    code = os.path.join(root, "app", "code")
    try:
        with os.scandir(code) as vendors:
            for vendor in vendors:
                if not vendor.is_dir():
                    continue
                with os.scandir(vendor.path) as modules:
                    if any(os.path.isfile(os.path.join(m.path, "registration.php")) for m in modules):
                        signals.append("app/code/*/*/registration.php")
                        break
    except OSError:
        pass
    return signals


def missing_packages(root: str, composer: ComposerInfo) -> tuple[int, list[str]]:
    """(non-dev module and theme packages composer.lock installs, the names of those whose folder is absent)."""
    if composer.lock_file is None or not composer.lock_file.endswith("composer.lock"):
        return 0, []
    expected = [p for p in composer.packages if not p.dev and p.type in _MODULE_TYPES]
    missing = [p.name for p in expected if not os.path.isdir(os.path.join(root, p.install_path))]
    return len(expected), missing


def _core(name: str, package: Package | None, core_packages: set[str]) -> bool:
    if package is not None:
        return package.name in core_packages or package.name.startswith(("magento/", "mage-os/"))
    return name.startswith("Magento_")


def declared_modules(
    composer: ComposerInfo,
    config: ConfigPhp | None,
    on_disk: list[Module],
    missing: set[str],
    core_packages: set[str],
    code_complete: bool,
) -> tuple[list[Module], list[str]]:
    """Modules whose code is absent, known from composer.lock (their package folder is missing) or config.php,
    and the names config.php lists that nothing explains (no code, no package).

    When the code base is complete (vendor/ holds what the lock lists), a config.php entry without code is a
    leftover Magento ignores, so it is only listed; otherwise it is taken as a module whose code is not here.
    """
    known = {m.name for m in on_disk}
    states = {m.name: m for m in config.modules} if config else {}
    found: dict[str, Module] = {}
    for package in composer.packages:
        if package.name not in missing:
            continue
        for name in package.module_names():
            if name in known or name in found:
                continue
            state = states.get(name)
            found[name] = Module(
                name=name,
                path=package.install_path,
                origin="vendor",
                core=_core(name, package, core_packages),
                package=package.name,
                version=package.version.lstrip("v") or None,
                enabled=state.enabled if state else None,
                config_line=state.line if state else None,
                on_disk=False,
            )
    unexplained: list[str] = []
    for name, state in states.items():
        if name in known or name in found:
            continue
        unexplained.append(name)
        if code_complete:
            continue
        found[name] = Module(
            name=name,
            path="",
            origin="unknown",
            core=_core(name, None, core_packages),
            enabled=state.enabled,
            config_line=state.line,
            on_disk=False,
        )
    return list(found.values()), unexplained
