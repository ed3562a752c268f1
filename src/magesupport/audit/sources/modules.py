"""Find every module of an installation (composer packages and app/code), read its etc/ files and order them."""

from __future__ import annotations

import heapq
import json
import os
from dataclasses import dataclass, field

from magesupport.audit.installation import (
    GLOBAL,
    ComposerInfo,
    ConfigPhp,
    Module,
    Observer,
    Plugin,
    Preference,
    SourceIssue,
)
from magesupport.audit.sources.di_xml import read_di_xml
from magesupport.audit.sources.events_xml import read_events_xml
from magesupport.audit.sources.module_xml import read_module_xml, read_registrations
from magesupport.files.read import open_regular


@dataclass
class ModuleScan:
    modules: list[Module] = field(default_factory=list)
    preferences: list[Preference] = field(default_factory=list)
    plugins: list[Plugin] = field(default_factory=list)
    observers: list[Observer] = field(default_factory=list)
    issues: list[SourceIssue] = field(default_factory=list)
    files_read: int = 0
    unregistered: list[str] = field(default_factory=list)  # app/code folders without registration.php
    duplicates: dict[str, list[str]] = field(
        default_factory=dict
    )  # module name -> every folder registering it


def _read_bytes(path: str) -> bytes | None:
    try:
        with open_regular(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _registered_modules(root: str, rel: str) -> list[tuple[str, str]]:
    """(module name, folder relative to root) of each module `rel`/registration.php registers."""
    data = _read_bytes(os.path.join(root, rel, "registration.php"))
    if data is None:
        return []
    return [
        (name, f"{rel}/{sub}" if sub else rel)
        for kind, name, sub in read_registrations(data.decode("utf-8", "replace"))
        if kind == "module"
    ]


@dataclass(frozen=True)
class _Candidate:
    path: str  # relative to root
    origin: str  # vendor | app/code
    package: str | None
    name: str | None  # registered name, None when registration.php names no module literally


def _candidates(root: str, composer: ComposerInfo, scan: ModuleScan) -> list[_Candidate]:
    """Every folder that registers a module, as Magento finds them: composer packages' registration.php files
    (autoload `files`), then vendor/ folders with a registration.php (when composer does not list them), then
    app/code/Vendor/Module folders with a registration.php. app/code folders without one are listed apart."""
    found: dict[str, _Candidate] = {}

    def add(rel: str, origin: str, package: str | None, fallback: bool) -> None:
        scan.files_read += 1
        registered = _registered_modules(root, rel)
        for name, path in registered:
            found.setdefault(path, _Candidate(path, origin, package, name))
        if not registered and fallback and os.path.isfile(os.path.join(root, rel, "etc", "module.xml")):
            found.setdefault(rel, _Candidate(rel, origin, package, None))  # name from module.xml

    for package in composer.packages:
        registrations = [f for f in package.files if os.path.basename(f) == "registration.php"]
        dirs = [os.path.dirname(f) for f in registrations] or (
            [""] if package.type == "magento2-module" else []
        )
        for sub in dirs:
            rel = os.path.normpath(os.path.join(package.install_path, sub)).replace(os.sep, "/")
            if rel not in found and os.path.isfile(os.path.join(root, rel, "registration.php")):
                add(rel, "vendor", package.name, True)
    for rel in _two_levels(os.path.join(root, composer.vendor_dir), composer.vendor_dir):
        if rel not in found and os.path.isfile(os.path.join(root, rel, "registration.php")):
            add(rel, "vendor", rel.split("/", 1)[1] if "/" in rel else None, False)
    for rel in _two_levels(os.path.join(root, "app", "code"), "app/code"):
        if os.path.isfile(os.path.join(root, rel, "registration.php")):
            add(rel, "app/code", None, True)
        else:
            scan.unregistered.append(rel)
    return sorted(found.values(), key=lambda c: (c.origin != "vendor", c.path))


def _two_levels(path: str, rel: str) -> list[str]:
    result: list[str] = []
    try:
        with os.scandir(path) as first:
            for vendor in first:
                if not vendor.is_dir() or vendor.name.startswith("."):
                    continue
                with os.scandir(vendor.path) as second:
                    result.extend(f"{rel}/{vendor.name}/{e.name}" for e in second if e.is_dir())
    except OSError:
        return result
    return result


def _module_version(
    root: str, rel: str, origin: str, package_version: str | None, setup: str | None
) -> str | None:
    if package_version:
        return package_version.lstrip("v")
    if origin == "app/code":
        data = _read_bytes(os.path.join(root, rel, "composer.json"))
        if data:
            try:
                parsed = json.loads(data)
                if isinstance(parsed, dict) and isinstance(parsed.get("version"), str):
                    return parsed["version"].lstrip("v")
            except ValueError:
                pass
    return setup


def _etc_files(root: str, rel: str) -> list[tuple[str, str, str]]:
    """(area, kind, path relative to root) of di.xml and events.xml files in a module's etc/."""
    result = []
    etc = os.path.join(root, rel, "etc")
    try:
        with os.scandir(etc) as entries:
            for entry in entries:
                if entry.is_file() and entry.name in ("di.xml", "events.xml"):
                    result.append((GLOBAL, entry.name, f"{rel}/etc/{entry.name}"))
                elif entry.is_dir():
                    with os.scandir(entry.path) as inner:
                        for item in inner:
                            if item.name in ("di.xml", "events.xml") and item.is_file():
                                result.append((entry.name, item.name, f"{rel}/etc/{entry.name}/{item.name}"))
    except OSError:
        pass
    return sorted(result)


def scan_modules(
    root: str, composer: ComposerInfo, config: ConfigPhp | None, core_packages: set[str]
) -> ModuleScan:
    scan = ModuleScan()
    versions = {p.name: p.version for p in composer.packages}
    states = {m.name: m for m in config.modules} if config else {}
    seen: dict[str, str] = {}
    for candidate in _candidates(root, composer, scan):
        rel, origin, package = candidate.path, candidate.origin, candidate.package
        module_file = f"{rel}/etc/module.xml"
        data = _read_bytes(os.path.join(root, module_file))
        scan.files_read += 1
        parsed, issue = read_module_xml(data or b"", module_file) if data is not None else (None, None)
        if issue:
            scan.issues.append(issue)
        if candidate.name and parsed and parsed.name != candidate.name:
            scan.issues.append(
                SourceIssue(
                    "module.name-mismatch",
                    "medium",
                    f"{rel}/registration.php",
                    None,
                    f"registers {candidate.name} but etc/module.xml names {parsed.name}",
                )
            )
        name = candidate.name or (parsed.name if parsed else None)
        if not name:
            continue
        if name in seen:  # Magento stops: "Module ... has been already defined in ..."
            scan.duplicates.setdefault(name, [seen[name]]).append(rel)
            continue
        seen[name] = rel
        core = (package is not None and (package in core_packages or package.startswith("magento/"))) or (
            package is None and name.startswith("Magento_") and rel.startswith("app/code/Magento/")
        )
        state = states.get(name)
        module = Module(
            name=name,
            path=rel,
            origin=origin,
            core=core,
            package=package,
            version=_module_version(
                root,
                rel,
                origin,
                versions.get(package) if package else None,
                parsed.setup_version if parsed else None,
            ),
            sequence=parsed.sequence if parsed else (),
            file=module_file if parsed else None,
            line=parsed.line if parsed else None,
            enabled=state.enabled if state else None,
            config_line=state.line if state else None,
        )
        scan.modules.append(module)
        for area, kind, file in _etc_files(root, rel):
            raw = _read_bytes(os.path.join(root, file))
            scan.files_read += 1
            if raw is None:
                continue
            if kind == "di.xml":
                prefs, plugins, issue = read_di_xml(raw, file, name, area)
                scan.preferences.extend(prefs)
                scan.plugins.extend(plugins)
            else:
                observers, issue = read_events_xml(raw, file, name, area)
                scan.observers.extend(observers)
            if issue:
                scan.issues.append(issue)
    return scan


def load_order(modules: list[Module], config: ConfigPhp | None) -> list[str]:
    """Module load order: config.php order where it is consistent, <sequence> first, then by name."""
    names = {m.name for m in modules}
    config_index = {m.name: i for i, m in enumerate(config.modules)} if config else {}
    big = len(config_index) + 1
    deps = {m.name: {s for s in m.sequence if s in names and s != m.name} for m in modules}
    dependants: dict[str, set[str]] = {n: set() for n in names}
    for name, needs in deps.items():
        for need in needs:
            dependants[need].add(name)
    remaining = {n: len(d) for n, d in deps.items()}

    def priority(name: str) -> tuple[int, str]:
        return (config_index.get(name, big), name)

    heap = [priority(n) for n, count in remaining.items() if count == 0]
    heapq.heapify(heap)
    order: list[str] = []
    while heap:
        _, name = heapq.heappop(heap)
        order.append(name)
        for child in dependants[name]:
            remaining[child] -= 1
            if remaining[child] == 0:
                heapq.heappush(heap, priority(child))
    if len(order) < len(names):  # a <sequence> cycle: keep the rest in config/name order
        placed = set(order)
        order.extend(sorted((n for n in names if n not in placed), key=priority))
    return order
