"""Which files of the web root matter, and the walk that finds them. Shared by the scan and `audit diff`.

The walk covers the top of the Magento root (not its code folders: app/, vendor/... are other checks' job) and
the whole of pub/, down to every folder of pub/media, except generated caches that hold nothing but copies
made by Magento itself. Those are skipped **by rule** (`SKIPPED`), and the report says which ones were present.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# pub/ folders Magento regenerates: deployed static files and resized product images.
SKIPPED = (
    "pub/static/frontend",
    "pub/static/adminhtml",
    "pub/static/_cache",
    "pub/static/_requirejs",
    "pub/media/catalog/product/cache",
)
VCS = frozenset({".git", ".svn", ".hg"})
# Folders uploaded by cart-migration services: a PHP bridge that reads the whole database for a token holder.
BRIDGES = frozenset({"bridge2cart", "cart2cart", "le_connector", "mp_connector"})

KNOWN_PHP = frozenset(
    {
        "index.php",
        "pub/index.php",
        "pub/get.php",
        "pub/static.php",
        "pub/cron.php",
        "pub/health_check.php",
        "pub/errors/404.php",
        "pub/errors/503.php",
        "pub/errors/report.php",
        "pub/errors/processor.php",
        "pub/errors/processorFactory.php",
        "pub/errors/noCache.php",
        ".php-cs-fixer.dist.php",
        ".php_cs.dist",
        "magento-vars.php",  # Adobe Commerce Cloud: maps hosts to websites
    }
)
_KNOWN_PHP_RE = re.compile(r"^pub/errors/[\w-]+/[\w-]+\.phtml$")  # error page templates (skins)
EXECUTABLE_RE = re.compile(r"\.(php\d?|phtml|pht|phar|phps|inc)$", re.I)
CONFIG_BACKUP_RE = re.compile(
    r"^(env|config)\.php.+$|^(env|config)[._-](bak|backup|old|orig|save|copy).*\.php$", re.I
)
DUMP_RE = re.compile(r"\.(sql|sql\.gz|sql\.bz2|sql\.zip|sql\.xz|dump|mysql)$", re.I)
ARCHIVE_RE = re.compile(r"\.(tar|tar\.gz|tgz|zip|rar|7z|tar\.bz2)$", re.I)
DB_TOOL_RE = re.compile(
    r"^(php-?my-?admin.*|pma|adminer.*\.php|adminer|sqlbuddy|dbadmin|mysql-?admin|phpminiadmin.*)$", re.I
)
ERROR_LOGS = frozenset({"error_log", "php_errors.log", "php_error.log", "php_error_log"})
PHPINFO_NAMES = frozenset({"info.php", "phpinfo.php", "php_info.php", "pi.php", "i.php"})
# Other files `audit diff` watches in the web root besides executable ones.
_DIFF_NAMES = frozenset({".htaccess", ".htpasswd", ".user.ini", "auth.json"})


@dataclass(frozen=True, slots=True)
class WebEntry:
    path: str  # relative to root, "/" separated
    name: str
    is_dir: bool
    full: str  # absolute path


def classify(entry: WebEntry) -> str | None:
    """The kind of a web-root entry that a check cares about, or None."""
    name, path = entry.name, entry.path
    lower = name.lower()
    if entry.is_dir:
        if name in VCS:
            return "vcs"
        if lower in BRIDGES:
            return "migration-bridge"
        return "db-tool" if DB_TOOL_RE.match(name) else None
    in_media = path.startswith("pub/media/")
    if in_media and EXECUTABLE_RE.search(name):
        return "media-php"
    if DB_TOOL_RE.match(name):
        return "db-tool"
    if CONFIG_BACKUP_RE.match(name):
        return "config-backup"
    if DUMP_RE.search(name):
        return "dump"
    if lower == "auth.json":
        return "auth-json"
    if lower == ".htpasswd":
        return "htpasswd"
    if lower in ERROR_LOGS:
        return "error-log"
    if in_media:
        return None
    if ARCHIVE_RE.search(name):
        return "archive"
    if lower.endswith(".sh"):
        return "script"
    if lower.endswith(".phar"):
        return "phar"
    if lower.endswith(".php") and path not in KNOWN_PHP and not _KNOWN_PHP_RE.match(path):
        return "php"
    return None


def in_diff_scope(entry: WebEntry) -> bool:
    """Does `audit diff` hash this file? Anything that runs or guards the web root: PHP and other executables,
    shell scripts, .htaccess and friends, auth.json."""
    lower = entry.name.lower()
    return not entry.is_dir and (
        bool(EXECUTABLE_RE.search(entry.name)) or lower.endswith(".sh") or lower in _DIFF_NAMES
    )


@dataclass
class WebStats:
    files: int = 0  # files looked at
    skipped: list[str] = field(default_factory=list)  # SKIPPED folders present under the root


def _scan(path: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as it:
            return list(it)
    except OSError:
        return []


def walk_web(root: str, stats: WebStats | None = None) -> Iterator[WebEntry]:
    """Every entry at the top of the root (and inside a migration bridge there) and anywhere under pub/, minus
    the SKIPPED caches and the inside of VCS folders."""
    stats = stats if stats is not None else WebStats()
    for item in _scan(root):
        is_dir = item.is_dir(follow_symlinks=False)
        stats.files += not is_dir
        yield WebEntry(item.name, item.name, is_dir, item.path)
        if is_dir and item.name.lower() in BRIDGES:
            for inner in _scan(item.path):
                if not inner.is_dir(follow_symlinks=False):
                    stats.files += 1
                    yield WebEntry(f"{item.name}/{inner.name}", inner.name, False, inner.path)
    stack = [(os.path.join(root, "pub"), "pub")]
    while stack:
        path, rel = stack.pop()
        for item in _scan(path):
            sub = f"{rel}/{item.name}"
            is_dir = item.is_dir(follow_symlinks=False)
            if not is_dir:
                stats.files += 1
            elif sub in SKIPPED:
                stats.skipped.append(sub)
                continue
            elif item.name not in VCS:
                stack.append((item.path, sub))
            yield WebEntry(sub, item.name, is_dir, item.path)
    stats.skipped.sort()


def iter_web_files(root: str) -> Iterator[WebEntry]:
    """The files of the web-root walk (what `audit diff` picks its web-root scope from)."""
    for entry in walk_web(root):
        if not entry.is_dir:
            yield entry
