"""The snapshot of an installation: plain frozen values, no judgement, no secrets.

The readers in `audit/sources` build it from the files; the checks take an `Installation` and return
findings, and never touch the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GLOBAL = "global"


@dataclass(frozen=True, slots=True)
class SourceIssue:
    """Something a reader could not read or found suspicious (hostile XML, a broken config file)."""

    rule: str
    severity: str
    file: str
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class Package:
    """One composer package as installed (composer.lock or vendor/composer/installed.json)."""

    name: str
    version: str
    type: str
    install_path: str  # relative to the root, "/" separated
    requires: tuple[str, ...] = ()
    psr4: tuple[tuple[str, tuple[str, ...]], ...] = ()
    files: tuple[str, ...] = ()
    time: str | None = None
    line: int | None = None
    dev: bool = False
    upstream_version: str | None = None  # a Mage-OS product: the Magento release it is built from

    def module_names(self) -> tuple[str, ...]:
        """Module names a magento2-module package declares through PSR-4 (`Vendor\\Module\\` -> Vendor_Module)."""
        if self.type != "magento2-module":
            return ()
        names = []
        for prefix, _paths in self.psr4:
            parts = [p for p in prefix.split("\\") if p]
            if len(parts) == 2:
                names.append(f"{parts[0]}_{parts[1]}")
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class ComposerInfo:
    lock_file: str | None
    json_file: str | None
    vendor_dir: str
    packages: tuple[Package, ...] = ()
    root_version: str | None = None
    platform_php: str | None = None
    platform_php_line: int | None = None
    root_psr4: tuple[tuple[str, tuple[str, ...]], ...] = ()
    product_name: str | None = None
    product_version: str | None = None  # the Magento release (for Mage-OS: the one it is built from)
    product_line: int | None = None
    version_source: str | None = None  # the file the version came from
    distribution_version: str | None = None  # Mage-OS's own version, e.g. 1.0.5
    root_requires: tuple[str, ...] = ()

    def by_name(self) -> dict[str, Package]:
        return {p.name: p for p in self.packages}


@dataclass(frozen=True, slots=True)
class ModuleState:
    name: str
    enabled: bool
    line: int | None


@dataclass(frozen=True, slots=True)
class ConfigPhp:
    file: str
    modules: tuple[ModuleState, ...] = ()
    settings: tuple[tuple[str, str, int | None], ...] = ()  # (config path, value, line) of interesting paths


@dataclass(frozen=True, slots=True)
class CacheBackend:
    frontend: str  # default, page_cache, ...
    backend: str  # file, redis, database, varnish? or the class name when unknown
    line: int | None


@dataclass(frozen=True, slots=True)
class EnvPhp:
    """What env.php says, minus every secret: no value of a password, key or token is kept."""

    file: str
    deploy_mode: str | None = None
    deploy_mode_line: int | None = None
    admin_frontname_default: bool | None = None
    admin_frontname_line: int | None = None
    crypt_key_present: bool = False
    crypt_key_line: int | None = None
    cache_backends: tuple[CacheBackend, ...] = ()
    session_save: str | None = None
    session_line: int | None = None
    http_cache_hosts: int = 0
    http_cache_line: int | None = None
    cache_types: tuple[tuple[str, bool, int | None], ...] = ()
    db_remote: bool | None = None
    remote_storage: str | None = None
    lock_provider: str | None = None
    document_root_is_pub: bool | None = None
    settings: tuple[tuple[str, str, int | None], ...] = ()
    x_frame_options: str | None = None  # the storefront's X-Frame-Options header value
    x_frame_options_line: int | None = None


@dataclass(frozen=True, slots=True)
class Preference:
    module: str
    area: str
    for_type: str
    type: str
    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Plugin:
    module: str
    area: str
    target: str
    name: str
    type: str | None
    disabled: bool
    sort_order: int | None
    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Observer:
    module: str
    area: str
    event: str
    name: str
    instance: str | None
    disabled: bool
    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Module:
    name: str
    path: str  # relative to root
    origin: str  # vendor | app/code
    core: bool
    package: str | None = None
    version: str | None = None
    sequence: tuple[str, ...] = ()
    file: str | None = None  # module.xml
    line: int | None = None
    enabled: bool | None = None  # None: not listed in config.php
    config_line: int | None = None
    on_disk: bool = True  # False: known from config.php or composer.lock only, its code is not under the root


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """What we read of a PHP class file: enough to follow `extends` and list plugin methods."""

    name: str
    file: str
    line: int | None
    kind: str  # class | interface | trait | enum
    parent: str | None
    methods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TemplateOverride:
    theme: str  # area/Vendor/name
    module: str
    kind: str  # template | layout-override | layout | js | knockout | email
    path: str  # file relative to root
    overrides_existing: (
        bool | None
    )  # the module ships a file at the same path; None: the module's code is not here


@dataclass(frozen=True, slots=True)
class Mixin:
    """A RequireJS mixin: code of `declared_by` (a module or theme) that wraps another module's JS component."""

    declared_by: str
    target: str  # e.g. Magento_Checkout/js/action/place-order
    file: str
    line: int | None

    @property
    def target_module(self) -> str:
        return self.target.split("/", 1)[0]


@dataclass(frozen=True, slots=True)
class Theme:
    code: str  # area/Vendor/name
    path: str
    parent: str | None
    origin: str  # app/design | vendor


@dataclass(frozen=True, slots=True)
class FileObservation:
    """A file-system fact for hardening checks: a dump, a backup, a tool, a writable folder..."""

    kind: str
    path: str
    detail: str = ""  # why it matters; never a value read from the file


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the audit could see: which code is present, what was skipped by rule, which signals made it Magento."""

    signals: tuple[str, ...] = ()
    lock_packages: int = 0  # non-dev module and theme packages composer.lock says are installed
    packages_missing: tuple[str, ...] = ()  # of those, the ones whose folder is not under vendor/
    modules_missing: tuple[str, ...] = ()  # Magento modules composer.lock declares whose code is not here
    config_only: tuple[
        str, ...
    ] = ()  # modules config.php lists that neither the code nor composer.lock explain
    code_complete: bool = True  # vendor/ holds what composer.lock lists (or there is no lock)
    unregistered: tuple[str, ...] = ()  # app/code folders without registration.php: not modules, ignored
    duplicates: tuple[tuple[str, tuple[str, ...]], ...] = ()  # module name, the folders registering it
    web_files: int = 0  # files looked at in the root and pub/
    web_skipped: tuple[str, ...] = ()  # pub/ folders skipped by rule (generated caches)


@dataclass(frozen=True)
class Installation:
    root: str
    composer: ComposerInfo
    config: ConfigPhp | None
    env: EnvPhp | None
    modules: tuple[Module, ...] = ()
    load_order: tuple[str, ...] = ()
    preferences: tuple[Preference, ...] = ()
    plugins: tuple[Plugin, ...] = ()
    observers: tuple[Observer, ...] = ()
    classes: dict[str, ClassInfo] = field(default_factory=dict)  # key: normalised class name
    themes: tuple[Theme, ...] = ()
    overrides: tuple[TemplateOverride, ...] = ()
    mixins: tuple[Mixin, ...] = ()
    files: tuple[FileObservation, ...] = ()
    issues: tuple[SourceIssue, ...] = ()
    files_read: int = 0
    coverage: Coverage = field(default_factory=Coverage)

    def module_map(self) -> dict[str, Module]:
        return {m.name: m for m in self.modules}


def class_key(name: str) -> str:
    """PHP class names are case-insensitive and may carry a leading backslash."""
    return name.strip().lstrip("\\").lower()


def ancestors(name: str, classes: dict[str, ClassInfo]) -> list[str] | None:
    """Parent chain of `name` (normalised keys), or None when the class file was not found."""
    key = class_key(name)
    if key not in classes:
        return None
    chain: list[str] = []
    seen = {key}
    info = classes[key]
    while info.parent:
        parent = class_key(info.parent)
        if parent in seen:
            break
        chain.append(parent)
        seen.add(parent)
        if parent not in classes:
            break
        info = classes[parent]
    return chain
