"""Read app/etc/config.php: the module list in load order, enabled or not, and a few system settings."""

from __future__ import annotations

from magesupport.audit.installation import ConfigPhp, ModuleState, SourceIssue
from magesupport.audit.sources.php_array import Opaque, PhpArray, PhpParseError, Redacted, parse_php_array

# Settings under system/default that checks look at: (label, path).
SETTING_PATHS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("catalog/search/engine", ("catalog", "search", "engine")),
    ("system/full_page_cache/caching_application", ("system", "full_page_cache", "caching_application")),
    ("twofactorauth/general/enable", ("twofactorauth", "general", "enable")),
    ("admin/url/use_custom_path", ("admin", "url", "use_custom_path")),
    ("dev/js/minify_files", ("dev", "js", "minify_files")),
    ("customer/captcha/enable", ("customer", "captcha", "enable")),
)


def scalar_text(value: object) -> str | None:
    """A scalar setting as text; None for arrays, opaque expressions and redacted values."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | str):
        return str(value)
    return None


def system_settings(data: PhpArray) -> tuple[tuple[str, str, int | None], ...]:
    found = []
    for label, path in SETTING_PATHS:
        value = data.dig("system", "default", *path)
        text = scalar_text(value)
        if text is not None:
            found.append((label, text, data.dig_line("system", "default", *path)))
    return tuple(found)


def _enabled(value: object) -> bool:
    if isinstance(value, Opaque | Redacted | PhpArray):
        return True
    return bool(value) and value not in ("0", "false")


def read_config_php(text: str, file: str) -> tuple[ConfigPhp | None, SourceIssue | None]:
    try:
        data = parse_php_array(text)
    except PhpParseError as exc:
        return None, SourceIssue(
            "config.unreadable", "high", file, exc.line, f"cannot read config.php: {exc.message}"
        )
    modules_node = data.get("modules")
    modules: list[ModuleState] = []
    if isinstance(modules_node, PhpArray):
        for name, value in modules_node.items():
            if isinstance(name, str):
                modules.append(ModuleState(name, _enabled(value), modules_node.line_of(name)))
    issue = None
    if not modules:
        issue = SourceIssue("config.no-modules", "medium", file, data.line, "config.php lists no modules")
    return ConfigPhp(file=file, modules=tuple(modules), settings=system_settings(data)), issue
