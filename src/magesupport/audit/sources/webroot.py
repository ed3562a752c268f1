"""File-system facts for hardening: backups of config files, dumps, database tools, VCS folders, stray PHP
files and world-writable code. Only the top of the tree is looked at, so this stays fast on large stores."""

from __future__ import annotations

import os
import re
import stat

from magesupport.audit.installation import FileObservation

KNOWN_PHP = {
    ".": {"index.php", ".php-cs-fixer.dist.php", ".php_cs.dist"},
    "pub": {"index.php", "get.php", "static.php", "cron.php", "health_check.php"},
}
_CONFIG_BACKUP_RE = re.compile(
    r"^(env|config)\.php.+$|^(env|config)[._-](bak|backup|old|orig|save|copy).*\.php$", re.I
)
_DUMP_RE = re.compile(r"\.(sql|sql\.gz|sql\.bz2|sql\.zip|sql\.xz|dump|mysql)$", re.I)
_ARCHIVE_RE = re.compile(r"\.(tar|tar\.gz|tgz|zip|rar|7z|tar\.bz2)$", re.I)
_DB_TOOL_RE = re.compile(
    r"^(php-?my-?admin.*|pma|adminer.*\.php|adminer|sqlbuddy|dbadmin|mysql-?admin|phpminiadmin.*)$", re.I
)
_PHPINFO_NAMES = {"info.php", "phpinfo.php", "php_info.php", "pi.php", "i.php"}
_VCS = {".git", ".svn", ".hg"}
_PHPINFO_RE = re.compile(rb"phpinfo\s*\(")


def _entries(path: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as it:
            return list(it)
    except OSError:
        return []


def _world_writable(entry: os.DirEntry[str]) -> bool:
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return False
    return not stat.S_ISLNK(mode) and bool(mode & stat.S_IWOTH)


def _web_dir_observations(root: str, rel: str) -> list[FileObservation]:
    found: list[FileObservation] = []
    known = KNOWN_PHP.get(rel, set())
    for entry in _entries(os.path.join(root, rel)):
        name = entry.name
        path = name if rel == "." else f"{rel}/{name}"
        is_dir = entry.is_dir(follow_symlinks=False)
        if name in _VCS and is_dir:
            found.append(FileObservation("vcs", path))
        elif _DB_TOOL_RE.match(name):
            found.append(FileObservation("db-tool", path))
        elif is_dir:
            continue
        elif _CONFIG_BACKUP_RE.match(name):
            found.append(FileObservation("config-backup", path))
        elif _DUMP_RE.search(name):
            found.append(FileObservation("dump", path))
        elif _ARCHIVE_RE.search(name):
            found.append(FileObservation("archive", path))
        elif name.lower().endswith(".php") and name not in known:
            if name.lower() in _PHPINFO_NAMES or _calls_phpinfo(entry.path):
                found.append(FileObservation("phpinfo", path))
            else:
                found.append(FileObservation("unknown-php", path))
    return found


def _calls_phpinfo(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return bool(_PHPINFO_RE.search(handle.read(256 * 1024)))
    except OSError:
        return False


def _writable_observations(root: str) -> list[FileObservation]:
    found: list[FileObservation] = []
    checks: list[tuple[str, int]] = [
        (".", 0),
        ("app", 0),
        ("app/etc", 1),
        ("app/code", 2),
        ("app/design", 2),
        ("vendor", 1),
        ("pub", 0),
        ("bin", 1),
        ("lib", 1),
    ]
    for rel, depth in checks:
        top = os.path.join(root, rel)
        if not os.path.isdir(top):
            continue
        try:
            if os.stat(top).st_mode & stat.S_IWOTH:
                found.append(FileObservation("world-writable", rel, "directory"))
        except OSError:
            continue
        stack = [(top, rel, 0)]
        while stack:
            path, rel_path, level = stack.pop()
            for entry in _entries(path):
                sub = entry.name if rel_path == "." else f"{rel_path}/{entry.name}"
                is_dir = entry.is_dir(follow_symlinks=False)
                if rel_path == "." and is_dir:
                    continue  # top-level folders are checked by their own rule above
                if is_dir and level < depth and _world_writable(entry):
                    found.append(FileObservation("world-writable", sub, "directory"))
                elif not is_dir and entry.name.endswith((".php", ".xml")) and _world_writable(entry):
                    found.append(FileObservation("world-writable", sub, "file"))
                if is_dir and level + 1 < depth:
                    stack.append((entry.path, sub, level + 1))
    return found


def observe_files(root: str) -> list[FileObservation]:
    found = _web_dir_observations(root, ".") + _web_dir_observations(root, "pub")
    for entry in _entries(os.path.join(root, "app", "etc")):
        if entry.is_file() and _CONFIG_BACKUP_RE.match(entry.name):
            found.append(FileObservation("config-backup", f"app/etc/{entry.name}"))
    for entry in _entries(os.path.join(root, "pub", "media")):
        if entry.is_file() and (_DUMP_RE.search(entry.name) or entry.name.lower().endswith(".php")):
            kind = "dump" if _DUMP_RE.search(entry.name) else "unknown-php"
            found.append(FileObservation(kind, f"pub/media/{entry.name}"))
    found.extend(_writable_observations(root))
    # one observation per path, first kind wins
    unique: dict[str, FileObservation] = {}
    for item in found:
        unique.setdefault(f"{item.kind}:{item.path}", item)
    return sorted(unique.values(), key=lambda o: (o.kind, o.path))
