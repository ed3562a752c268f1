"""Themes (app/design and theme packages) and the module templates and layouts they override."""

from __future__ import annotations

import os
import re

from magesupport.audit.installation import ComposerInfo, Mixin, Module, TemplateOverride, Theme
from magesupport.audit.sources.xmlsafe import local_name, parse_xml
from magesupport.files.read import open_regular

_MODULE_DIR_RE = re.compile(r"^[A-Z][A-Za-z0-9]*_[A-Za-z0-9]+$")
_AREAS = ("frontend", "adminhtml")


def _theme_parent(root: str, rel: str) -> str | None:
    try:
        with open_regular(os.path.join(root, rel, "theme.xml"), "rb") as handle:
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
            if vendor == "Magento":  # Magento's own themes (blank, luma, backend) in a clone of its repository
                continue
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
            with open_regular(registration, encoding="utf-8", errors="replace") as handle:
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


# Theme folder of a module -> (kind, the module's folder under view/<area>/ that it mirrors)
_OVERRIDE_DIRS = (
    ("templates", "template", "templates"),
    ("web/js", "js", "web/js"),
    ("web/template", "knockout", "web/template"),
    ("web/templates", "knockout", "web/templates"),  # Magento_Ui's spelling
    ("email", "email", "email"),
)


def _module_has(root: str, module: Module | None, area: str, sub: str, rel: str) -> bool | None:
    """Does the module ship view/<area or base>/<sub>/<rel>? None when its code is not under the root."""
    if module is None:
        return False
    if not module.on_disk:
        return None
    return any(os.path.isfile(os.path.join(root, module.path, "view", a, sub, rel)) for a in (area, "base"))


def find_overrides(root: str, themes: list[Theme], modules: list[Module]) -> list[TemplateOverride]:
    """Each theme file that overrides a module's file (template, JS, knockout template, email template,
    layout/override) or extends it (layout)."""
    by_name = {m.name: m for m in modules}
    overrides: list[TemplateOverride] = []
    for theme in themes:
        area = theme.code.split("/", 1)[0]
        for module_dir in _list_dirs(os.path.join(root, theme.path)):
            if not _MODULE_DIR_RE.match(module_dir):
                continue
            module = by_name.get(module_dir)
            base = os.path.join(root, theme.path, module_dir)
            for theme_sub, kind, module_sub in _OVERRIDE_DIRS:
                for rel in _files_below(os.path.join(base, theme_sub)):
                    overrides.append(
                        TemplateOverride(
                            theme.code,
                            module_dir,
                            kind,
                            f"{theme.path}/{module_dir}/{theme_sub}/{rel}",
                            _module_has(root, module, area, module_sub, rel),
                        )
                    )
            for rel in _files_below(os.path.join(base, "layout")):
                if not rel.endswith(".xml"):
                    continue
                path = f"{theme.path}/{module_dir}/layout/{rel}"
                is_override = rel.startswith("override/")
                handle = rel.rsplit("/", 1)[-1] if is_override else rel
                overrides.append(
                    TemplateOverride(
                        theme.code,
                        module_dir,
                        "layout-override" if is_override else "layout",
                        path,
                        _module_has(root, module, area, "layout", handle),
                    )
                )
    return overrides


_MIXINS_RE = re.compile(r"\bmixins\s*['\"]?\s*:\s*\{")
_KEY_RE = re.compile(r"['\"]([A-Za-z0-9]+_[A-Za-z0-9]+/[^'\"]+)['\"]\s*:\s*\{")
_MAX_JS_BYTES = 512 * 1024


def _block(text: str, start: int) -> tuple[int, int]:
    """(start, end) of the brace block opening at text[start - 1] == '{'."""
    depth, index = 1, start
    while index < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        index += 1
    return start, index - 1


def read_mixins(text: str, file: str, declared_by: str) -> list[Mixin]:
    """The mixin targets declared in a requirejs-config.js (`config: {mixins: {'Module/js/x': {...}}}`)."""
    found = []
    for match in _MIXINS_RE.finditer(text):
        start, end = _block(text, match.end())
        depth, index = 0, start
        for key in _KEY_RE.finditer(text, start, end):
            depth += text.count("{", index, key.start()) - text.count("}", index, key.start())
            index = key.end()
            if depth == 0:
                found.append(Mixin(declared_by, key.group(1), file, text.count("\n", 0, key.start()) + 1))
            depth += 1  # the target's own block, closed before the next key at depth 0
    return found


def find_mixins(root: str, themes: list[Theme], modules: list[Module]) -> list[Mixin]:
    """Mixins declared by third-party modules (view/*/requirejs-config.js) and by themes (theme root and
    theme module folders)."""
    files: list[tuple[str, str]] = []
    for module in modules:
        if module.core or not module.on_disk:
            continue
        for area in ("frontend", "adminhtml", "base"):
            files.append((f"{module.path}/view/{area}/requirejs-config.js", module.name))
    for theme in themes:
        files.append((f"{theme.path}/requirejs-config.js", theme.code))
        for module_dir in _list_dirs(os.path.join(root, theme.path)):
            if _MODULE_DIR_RE.match(module_dir):
                files.append((f"{theme.path}/{module_dir}/requirejs-config.js", theme.code))
    mixins: list[Mixin] = []
    for rel, owner in files:
        try:
            with open_regular(os.path.join(root, rel), encoding="utf-8", errors="replace") as handle:
                text = handle.read(_MAX_JS_BYTES)
        except OSError:
            continue
        mixins.extend(read_mixins(text, rel, owner))
    return mixins
