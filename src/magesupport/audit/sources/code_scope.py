"""The integrity scope on disk: walk it and hash its files (the `Entry` values of `audit/integrity.py`).

`baseline` walks the code scope (vendor/, app/code/, app/design/, lib/, app/etc/di.xml, app/ entry points,
bin/magento, and in the web root - the top of the root and all of pub/, pub/media included, minus the caches
`webroot_rules.SKIPPED` names - every PHP or other executable file, shell script, .htaccess, .htpasswd,
.user.ini and auth.json) and hashes every file with SHA-256; `diff` walks the same scope. The web-root part is
the walk the scan's web-root checks use (`webroot_rules.walk_web`), so both look at the same places.

Speed: one os.scandir walk with one lstat per file; files are hashed in a thread pool (hashlib releases the
GIL). `diff` re-hashes only files whose size, mtime, ctime or inode changed since the baseline; ctime cannot be
set back by `touch`, so a file rewritten with a forged mtime is still re-hashed. `--rehash` hashes everything.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from magesupport.audit.integrity import Entry, Manifest, parse_manifest
from magesupport.audit.sources.webroot_rules import in_diff_scope, iter_web_files
from magesupport.domain.errors import AuditError, Problem
from magesupport.files.read import open_regular, read_regular_text

SCOPE_DIRS = ("vendor", "app/code", "app/design", "lib")
SCOPE_FILES = ("app/etc/di.xml", "app/bootstrap.php", "app/autoload.php", "app/functions.php", "bin/magento")
SKIP_DIRS = frozenset({".git", ".svn", ".hg", "node_modules"})
_CHUNK = 1024 * 1024


def _stat_entry(rel: str, st: os.stat_result) -> Entry:
    return Entry(rel, st.st_size, f"{st.st_size}\t{st.st_mtime_ns}\t{st.st_ctime_ns}\t{st.st_ino}")


def walk_scope(root: str, scope_dirs: Iterable[str] = SCOPE_DIRS) -> Iterator[tuple[Entry, bool]]:
    """(entry without digest, is_symlink) for every file in the code scope."""
    for rel in SCOPE_FILES:
        try:
            st = os.lstat(os.path.join(root, rel))
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
            yield _stat_entry(rel, st), stat.S_ISLNK(st.st_mode)
    for web in iter_web_files(root):
        if not in_diff_scope(web):
            continue
        try:
            st = os.lstat(web.full)
        except OSError:
            continue
        yield _stat_entry(web.path, st), stat.S_ISLNK(st.st_mode)
    for rel_dir in scope_dirs:
        stack = [(os.path.join(root, rel_dir), rel_dir)]
        while stack:
            path, rel = stack.pop()
            try:
                with os.scandir(path) as entries:
                    for item in entries:
                        sub = f"{rel}/{item.name}"
                        if item.is_dir(follow_symlinks=False):
                            if item.name not in SKIP_DIRS:
                                stack.append((item.path, sub))
                            continue
                        try:
                            st = item.stat(follow_symlinks=False)
                        except OSError:
                            continue
                        if stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
                            yield _stat_entry(sub, st), stat.S_ISLNK(st.st_mode)
            except OSError:
                continue


def _hash_one(root: str, rel: str, is_link: bool) -> str:
    path = os.path.join(root, rel)
    try:
        if is_link:
            return hashlib.sha256(os.readlink(path).encode("utf-8", "surrogateescape")).hexdigest()
        with open_regular(path, "rb") as handle:
            data = handle.read(_CHUNK)
            digest = hashlib.sha256(data)
            while len(data) == _CHUNK:
                data = handle.read(_CHUNK)
                digest.update(data)
        return digest.hexdigest()
    except OSError:
        return "unreadable"


def hash_entries(root: str, items: list[tuple[Entry, bool]], jobs: int | None = None) -> list[Entry]:
    """The entries with their digests, hashed in a thread pool."""
    if not items:
        return []
    workers = jobs or min(8, (os.cpu_count() or 2) * 2)
    size = max(64, len(items) // (workers * 8) or 1)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]

    def work(chunk: list[tuple[Entry, bool]]) -> list[Entry]:
        out = []
        for entry, is_link in chunk:
            digest = _hash_one(root, entry.path, is_link)
            out.append(Entry(entry.path, entry.size, entry.stat_key, digest))
        return out

    if workers <= 1 or len(chunks) == 1:
        return [e for chunk in chunks for e in work(chunk)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [e for result in pool.map(work, chunks) for e in result]


def current_state(
    root: str, baseline: dict[str, Entry], rehash: bool, jobs: int | None = None
) -> tuple[dict[str, Entry], int]:
    """Walk the scope; hash new files and files whose stat changed (all files with rehash). Returns entries
    keyed by path (digest empty where the stat matched the baseline) and how many files were hashed."""
    to_hash: list[tuple[Entry, bool]] = []
    current: dict[str, Entry] = {}
    for entry, is_link in walk_scope(root):
        old = baseline.get(entry.path)
        if not rehash and old is not None and old.same_stat(entry):
            current[entry.path] = entry  # digest left empty: unchanged by stat
        else:
            to_hash.append((entry, is_link))
    for entry in hash_entries(root, to_hash, jobs):
        current[entry.path] = entry
    return current, len(to_hash)


def read_manifest(path: str) -> Manifest:
    """The manifest `audit baseline` wrote at `path`."""
    try:
        # newline="": a CR inside a file name is part of the name, not a line break
        text = read_regular_text(path, encoding="utf-8", errors="surrogateescape", newline="")
    except OSError as exc:
        raise AuditError(
            Problem(
                path,
                None,
                "--manifest",
                f"cannot read manifest ({exc.strerror or exc}); run `audit baseline` first",
            )
        ) from None
    return parse_manifest(text, path)
