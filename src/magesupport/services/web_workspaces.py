"""Use cases of the web app's portfolio: the workspaces under one folder, each found by a checked name.

A name is one path segment (letters, digits, `.`, `-`, `_`; never `.` or `..`), and the folder it names must
resolve inside the root: a symlink that leads out of the root is refused like `../`. Every file the web app
reads or writes is reached through `workspace_dir` and `workspace_file`, so no request can name a path
outside the root.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from magesupport.domain.errors import UsageError, WorkspaceError
from magesupport.services.workspaces import EXAMPLES, init_workspace
from magesupport.workspace.loader import load_workspace, quote_files

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.ya?ml")


class NameError_(UsageError):
    """A workspace or file name that is not one plain segment inside the root (traversal, symlink escape)."""


def check_name(name: str, pattern: re.Pattern[str] = NAME) -> str:
    if not pattern.fullmatch(name) or ".." in name:
        raise NameError_(
            f"{name!r} is not a plain name (letters, digits, '.', '-', '_'; no '/' and no '..')"
        )
    return name


def _inside(root: Path, path: Path) -> Path:
    real_root = root.resolve()
    real = path.resolve()
    if real != real_root and not real.is_relative_to(real_root):
        raise NameError_(f"{path.name!r} leads outside {root} (a symlink out of the folder is refused)")
    return real


def workspace_dir(root: Path, name: str, must_exist: bool = True) -> Path:
    """The folder of workspace `name` under `root`, checked (see the module's docstring)."""
    path = root / check_name(name)
    real = _inside(root, path)
    if real.parent != root.resolve():
        raise NameError_(f"{name!r} leads outside {root}")
    if must_exist and not (real / "store.yaml").is_file():
        raise UsageError(f"no workspace {name!r} under {root}")
    return path


def workspace_file(root: Path, name: str, relative: str) -> Path:
    """`store.yaml` or `quotes/NAME.yaml` of a workspace: the only files the forms read and write."""
    folder = workspace_dir(root, name)
    if relative == "store.yaml":
        path = folder / "store.yaml"
    else:
        head, _, file_name = relative.partition("/")
        if head != "quotes" or "/" in file_name:
            raise NameError_(f"{relative!r} is not store.yaml or quotes/NAME.yaml")
        path = folder / "quotes" / check_name(file_name, FILE_NAME)
    _inside(folder, path)
    return path


@dataclass(frozen=True)
class WorkspaceEntry:
    """One line of the home page."""

    name: str
    store_name: str | None  # None when store.yaml does not load
    quotes: int
    problems: int  # problems `validate` would report (0: it loads)
    first_problem: str | None
    last_audit: str | None  # the date of the audit facts file store.yaml names, when it exists
    modified: str  # the newest file's time, UTC


def _modified(folder: Path) -> str:
    times = [p.stat().st_mtime for p in [folder / "store.yaml", *quote_files(folder)] if p.is_file()]
    return datetime.fromtimestamp(max(times, default=0), UTC).strftime("%Y-%m-%d %H:%M")


def stamp(folder: Path) -> str:
    """What changes when any input file changes (names, sizes, times): the key of cached results."""
    parts = []
    for path in [folder / "store.yaml", *quote_files(folder)]:
        if path.is_file():
            info = path.stat()
            parts.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def entry(root: Path, name: str) -> WorkspaceEntry:
    folder = workspace_dir(root, name)
    try:
        workspace = load_workspace(folder)
    except WorkspaceError as exc:
        return WorkspaceEntry(
            name, None, len(quote_files(folder)), len(exc.problems), str(exc.problems[0]) if exc.problems else None,
            None, _modified(folder),
        )
    facts = workspace.store.audit.facts
    audit = None
    if facts:
        path = Path(facts).expanduser()
        path = path if path.is_absolute() else folder / path
        if path.is_file():
            audit = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%d")
    return WorkspaceEntry(
        name, workspace.store.name, len(quote_files(folder)), 0, None, audit, _modified(folder)
    )


def list_workspaces(root: Path) -> list[WorkspaceEntry]:
    """The workspaces (folders holding a store.yaml) directly under `root`, by name."""
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder")
    names = []
    for child in sorted(root.iterdir()):
        if not NAME.fullmatch(child.name) or not (child / "store.yaml").is_file():
            continue
        try:
            workspace_dir(root, child.name)
        except UsageError:
            continue  # a symlink out of the root is not listed
        names.append(child.name)
    return [entry(root, name) for name in names]


def new_from_example(root: Path, name: str, example: str) -> Path:
    if example not in EXAMPLES:
        raise UsageError(f"unknown example {example!r} (choose {', '.join(EXAMPLES)})")
    target = workspace_dir(root, name, must_exist=False)
    if target.exists():
        raise UsageError(f"{name!r} already exists under {root}")
    return init_workspace(target, example)


def duplicate(root: Path, name: str, new_name: str) -> Path:
    source = workspace_dir(root, name)
    target = workspace_dir(root, new_name, must_exist=False)
    if target.exists():
        raise UsageError(f"{new_name!r} already exists under {root}")
    staging = root / f".{new_name}.copy.tmp"
    if staging.exists():
        shutil.rmtree(staging)
    # symlinks are copied as links (never followed out of the root); caches are left behind
    shutil.copytree(source, staging, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
    staging.rename(target)
    return target


@dataclass(frozen=True)
class FileEntry:
    path: str  # store.yaml or quotes/NAME.yaml
    title: str  # the store's or the quote's name as written, else the file name


def files_of(folder: Path) -> list[FileEntry]:
    """store.yaml and the quotes, with the name each file gives itself (read as YAML, never executed)."""
    from ruamel.yaml import YAML

    out = []
    for path in [folder / "store.yaml", *quote_files(folder)]:
        title = path.name
        try:
            data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                title = data["name"]
        except Exception:  # a broken file still gets listed, to be fixed in its YAML tab
            pass
        out.append(FileEntry(str(path.relative_to(folder)), title))
    return out
