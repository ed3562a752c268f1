"""Themes (app/design and theme packages) and the module templates and layouts they override."""

from __future__ import annotations

import os
import re

from magesupport.audit.installation import ComposerInfo, Module, TemplateOverride, Theme
from magesupport.audit.sources.xmlsafe import local_name, parse_xml

_MODULE_DIR_RE = re.compile(r"^[A-Z][A-Za-z0-9]*_[A-Za-z0-9]+$")
_AREAS = ("frontend", "adminhtml")


def _theme_parent(root: str, rel: str) -> str | None:
    try:
        with open(os.path.join(root, rel, "theme.xml"), "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    tree, _issue = parse_xml(data, f"{rel}/theme.xml")
    if tree is None:
        return None
    for element in tree:
        if local_name(element) == "parent" and element.text:
            return element.text.strip()
    return None


def _list_dirs(path: str) -> list[str]:
    try:
        with os.scandir(path) as entries:
            return sorted(e.name for e in entries if e.is_dir() and not e.name.startswith("."))
    except OSError:
        return []


def find_themes(root: str, composer: ComposerInfo, core_packages: set[str]) -> list[Theme]:
    themes: list[Theme] = []
    for area in _AREAS:
        base = os.path.join(root, "app", "design", area)
        for vendor in _list_dirs(base):
            for name in _list_dirs(os.path.join(base, vendor)):
                rel = f"app/design/{area}/{vendor}/{name}"
                if os.path.isfile(os.path.join(root, rel, "theme.xml")) or os.path.isfile(
                    os.path.join(root, rel, "registration.php")
                ):
                    themes.append(
                        Theme(f"{area}/{vendor}/{name}", rel, _theme_parent(root, rel), "app/design")
                    )
    for package in composer.packages:
        if (
            package.type != "magento2-theme"
            or package.name in core_packages
            or package.name.startswith("magento/")
        ):
            continue
        rel = package.install_path
        registration = os.path.join(root, rel, "registration.php")
        code = None
        try:
            with open(registration, encoding="utf-8", errors="replace") as handle:
                match = re.search(r"THEME\s*,\s*['\"]([^'\"]+)['\"]", handle.read())
                code = match.group(1) if match else None
        except OSError:
            continue
        if code:
            themes.append(Theme(code, rel, _theme_parent(root, rel), "vendor"))
    return themes


def _files_below(path: str) -> list[str]:
    found = []
    for current, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_dir = os.path.relpath(current, path)
        for name in files:
            found.append(name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/"))
    return sorted(found)


def find_overrides(root: str, themes: list[Theme], modules: list[Module]) -> list[TemplateOverride]:
    """Each theme file that overrides (template, layout/override) or extends (layout) a module's file."""
    module_paths = {m.name: m.path for m in modules}
    overrides: list[TemplateOverride] = []
    for theme in themes:
        area = theme.code.split("/", 1)[0]
        for module_dir in _list_dirs(os.path.join(root, theme.path)):
            if not _MODULE_DIR_RE.match(module_dir):
                continue
            module_path = module_paths.get(module_dir)
            base = os.path.join(root, theme.path, module_dir)
            for rel in _files_below(os.path.join(base, "templates")):
                exists = module_path is not None and any(
                    os.path.isfile(os.path.join(root, module_path, "view", a, "templates", rel))
                    for a in (area, "base")
                )
                overrides.append(
                    TemplateOverride(
                        theme.code,
                        module_dir,
                        "template",
                        f"{theme.path}/{module_dir}/templates/{rel}",
                        exists,
                    )
                )
            for rel in _files_below(os.path.join(base, "layout")):
                if not rel.endswith(".xml"):
                    continue
                path = f"{theme.path}/{module_dir}/layout/{rel}"
                if rel.startswith("override/"):
                    handle = rel.rsplit("/", 1)[-1]
                    exists = module_path is not None and any(
                        os.path.isfile(os.path.join(root, module_path, "view", a, "layout", handle))
                        for a in (area, "base")
                    )
                    overrides.append(
                        TemplateOverride(theme.code, module_dir, "layout-override", path, exists)
                    )
                else:
                    exists = module_path is not None and any(
                        os.path.isfile(os.path.join(root, module_path, "view", a, "layout", rel))
                        for a in (area, "base")
                    )
                    overrides.append(TemplateOverride(theme.code, module_dir, "layout", path, exists))
    return overrides
