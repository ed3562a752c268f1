"""File-system facts for hardening: what lies in the web root (the top of the Magento root and all of pub/),
world-writable code and the permissions of the folders Magento writes to.

Files are looked at, never shown: a script or auth.json is opened only to tell whether it holds a credential,
and an observation keeps the file's path and why it matters (a line number at most), never a value.
"""

from __future__ import annotations

import json
import os
import re
import stat

from magesupport.audit.installation import FileObservation
from magesupport.audit.sources.webroot_rules import (
    PHPINFO_NAMES,
    WebEntry,
    WebStats,
    classify,
    walk_web,
)
from magesupport.files.read import open_regular

_SNIFF_BYTES = 256 * 1024
_PHPINFO_RE = re.compile(rb"phpinfo\s*\(")
# A credential in a shell script: an assignment or option whose value is written out, not taken from a variable.
_SCRIPT_SECRET_RE = re.compile(
    rb"(?i)(?<![^\s;&|(])(?:export\s+)?[\w-]*(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key)[\w-]*\s*[=:]\s*"
    rb"['\"]?[^\s'\"$]{3,}"
    rb"|(?:mysql|mysqldump|mariadb)\b[^\n]*\s-p(?!['\"]?\$)['\"]?[^\s'\"]{3,}"
    rb"|--password[= ](?!['\"]?\$)['\"]?[^\s'\"]{3,}"
    rb"|sshpass\s+-p\s*(?!['\"]?\$)['\"]?[^\s'\"]{3,}"
)
_TOKEN_DEFINE_RE = re.compile(
    rb"define\s*\(\s*['\"]\w*(?:TOKEN|KEY|PASS)\w*['\"]\s*,\s*['\"][^'\"]{8,}['\"]", re.I
)
_AUTH_SECTIONS = ("http-basic", "github-oauth", "gitlab-oauth", "gitlab-token", "bitbucket-oauth", "bearer")


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


def _head(path: str) -> bytes:
    try:
        with open_regular(path, "rb") as handle:
            return handle.read(_SNIFF_BYTES)
    except OSError:
        return b""


def _script_secret_line(path: str) -> int | None:
    data = _head(path)
    match = _SCRIPT_SECRET_RE.search(data)
    return data.count(b"\n", 0, match.start()) + 1 if match else None


def _auth_json_credentials(path: str) -> int:
    """How many credentials an auth.json holds (non-empty passwords and tokens), never what they are."""
    try:
        data = json.loads(_head(path).decode("utf-8", "replace"))
    except ValueError:
        return 0
    count = 0
    for section in _AUTH_SECTIONS:
        node = data.get(section) if isinstance(data, dict) else None
        if not isinstance(node, dict):
            continue
        for value in node.values():
            if isinstance(value, dict):
                count += any(isinstance(v, str) and v.strip() for k, v in value.items() if k != "username")
            elif isinstance(value, str) and value.strip():
                count += 1
    return count


def _bridge_has_token(path: str) -> bool:
    """Does a migration bridge folder configure an access token (any PHP file defining a *TOKEN* constant)?"""
    for item in _entries(path):
        if item.is_file() and item.name.endswith(".php") and _TOKEN_DEFINE_RE.search(_head(item.path)):
            return True
    return False


def _observe(entry: WebEntry, kind: str) -> FileObservation | None:
    if kind == "php":
        if entry.name.lower() in PHPINFO_NAMES or _PHPINFO_RE.search(_head(entry.full)):
            return FileObservation("phpinfo", entry.path)
        return FileObservation("unknown-php", entry.path)
    if kind == "migration-bridge":
        detail = "holds an access token" if _bridge_has_token(entry.full) else ""
        return FileObservation(kind, entry.path, detail)
    if kind == "script":
        line = _script_secret_line(entry.full)
        return FileObservation(
            kind, entry.path, f"a credential is written out at line {line}" if line else ""
        )
    if kind == "auth-json":
        count = _auth_json_credentials(entry.full)
        return FileObservation(
            kind, entry.path, f"{count} credential(s)" if count else "no credential filled in"
        )
    if kind == "htpasswd":
        lines = sum(1 for line in _head(entry.full).splitlines() if b":" in line)
        return FileObservation(kind, entry.path, f"{lines} password hash(es)")
    return FileObservation(kind, entry.path)


def _web_observations(root: str, stats: WebStats) -> list[FileObservation]:
    found: list[FileObservation] = []
    bridges: list[str] = []
    for entry in walk_web(root, stats):
        kind = classify(entry)
        if kind is None:
            continue
        if any(entry.path.startswith(b + "/") for b in bridges):
            continue  # reported with the bridge folder
        if kind == "migration-bridge":
            bridges.append(entry.path)
        observation = _observe(entry, kind)
        if observation is not None:
            found.append(observation)
    return found


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


# Folders Magento writes to at run time: (path, what fails when it cannot write there).
WRITABLE = (
    ("var", "caches, sessions, reports and locks"),
    ("generated", "generated code (in developer mode)"),
    ("pub/media", "uploads and resized images"),
    ("pub/static", "static files (in developer mode)"),
)


def _permission_observations(root: str) -> list[FileObservation]:
    """Folders Magento must write to, as far as the mode bits tell: not writable even by their owner, or
    writable by every local user."""
    found = []
    for rel, _purpose in WRITABLE:
        try:
            mode = os.stat(os.path.join(root, rel)).st_mode
        except OSError:
            continue
        if not stat.S_ISDIR(mode):
            continue
        if not mode & stat.S_IWUSR:
            found.append(FileObservation("folder-readonly", rel, f"mode {stat.S_IMODE(mode):o}"))
        elif mode & stat.S_IWOTH:
            found.append(FileObservation("folder-world-writable", rel, f"mode {stat.S_IMODE(mode):o}"))
    return found


def observe_files(root: str) -> tuple[list[FileObservation], WebStats]:
    stats = WebStats()
    found = _web_observations(root, stats)
    for entry in _entries(os.path.join(root, "app", "etc")):
        if entry.is_file() and classify(WebEntry(f"app/etc/{entry.name}", entry.name, False, entry.path)) == (
            "config-backup"
        ):
            found.append(FileObservation("config-backup", f"app/etc/{entry.name}"))
    found.extend(_writable_observations(root))
    found.extend(_permission_observations(root))
    # one observation per path and kind
    unique: dict[str, FileObservation] = {}
    for item in found:
        unique.setdefault(f"{item.kind}:{item.path}", item)
    return sorted(unique.values(), key=lambda o: (o.kind, o.path)), stats
