"""Find a PHP class's file (PSR-4, app/code) and read its declaration: kind, parent class, method names.

Regex-level reading: comments are stripped, then the first class-like declaration is taken; the parent's name is
resolved as PHP resolves it (`php_names.py`: fully qualified, imported, or relative to the namespace). That is
enough to follow `extends` chains (is the winning preference a subclass of the loser?) and to list `around*`
methods of plugins. Nothing is executed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from magesupport.audit.installation import ClassInfo, ComposerInfo, class_key
from magesupport.audit.sources.php_names import name_scope
from magesupport.files.read import open_regular

_MAX_CLASS_BYTES = 1024 * 1024
_COMMENT_RE = re.compile(r"/\*.*?\*/|//[^\n]*|#(?!\[)[^\n]*", re.DOTALL)
_DECL_RE = re.compile(
    r"^\s*(?:(?:abstract|final|readonly)\s+)*(class|interface|trait|enum)\s+(\w+)"
    r"(?:\s*:\s*\w+)?(?:\s+extends\s+(\\?[\w\\]+))?",
    re.MULTILINE | re.IGNORECASE,
)
_METHOD_RE = re.compile(r"\bfunction\s+&?\s*(\w+)\s*\(", re.IGNORECASE)


class ClassLocator:
    """Maps a fully qualified class name to a file below the root, PSR-4 first, then app/code."""

    def __init__(self, root: str, composer: ComposerInfo) -> None:
        self.root = root
        self.prefixes: dict[str, list[str]] = {}
        for package in composer.packages:
            for prefix, paths in package.psr4:
                for path in paths:
                    self._add(prefix, f"{package.install_path}/{path}")
        for prefix, paths in composer.root_psr4:
            for path in paths:
                self._add(prefix, path)

    def _add(self, prefix: str, path: str) -> None:
        key = prefix.strip("\\").lower()
        self.prefixes.setdefault(key, []).append(path.rstrip("/"))

    def locate(self, name: str) -> str | None:
        """The path (relative to root) of the file declaring `name`, if one exists."""
        clean = name.strip().lstrip("\\")
        parts = clean.split("\\")
        if len(parts) < 2 or not all(re.fullmatch(r"\w+", p) for p in parts):
            return None
        candidates = []
        for cut in range(len(parts) - 1, 0, -1):
            prefix = "\\".join(parts[:cut]).lower()
            for base in self.prefixes.get(prefix, ()):
                candidates.append(f"{base}/{'/'.join(parts[cut:])}.php")
        candidates.append("app/code/" + "/".join(parts) + ".php")
        for rel in candidates:
            rel = os.path.normpath(rel).replace(os.sep, "/")
            if rel.startswith("../"):
                continue
            if os.path.isfile(os.path.join(self.root, rel)):
                return rel
        return None


def read_class(text: str, file: str) -> ClassInfo | None:
    clean = _COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    decl = _DECL_RE.search(clean)
    if decl is None:
        return None
    scope = name_scope(clean, decl.start())
    kind, short, parent = decl.group(1).lower(), decl.group(2), decl.group(3)
    full_name = f"{scope.namespace}\\{short}" if scope.namespace else short
    methods = tuple(dict.fromkeys(m.group(1) for m in _METHOD_RE.finditer(clean, decl.end())))
    return ClassInfo(
        name=full_name,
        file=file,
        line=clean.count("\n", 0, decl.start(2)) + 1,
        kind=kind,
        parent=scope.resolve(parent) if parent and kind == "class" else None,
        methods=methods,
    )


def read_classes(
    root: str, locator: ClassLocator, names: Iterable[str], depth: int = 8
) -> dict[str, ClassInfo]:
    """ClassInfo for each name we can find, and for its parents up to `depth` levels."""
    found: dict[str, ClassInfo] = {}
    missing: set[str] = set()
    queue = [(n, 0) for n in names]
    while queue:
        name, level = queue.pop()
        key = class_key(name)
        if key in found or key in missing or level > depth:
            continue
        rel = locator.locate(name)
        info = None
        if rel is not None:
            try:
                with open_regular(os.path.join(root, rel), encoding="utf-8", errors="replace") as handle:
                    info = read_class(handle.read(_MAX_CLASS_BYTES), rel)
            except OSError:
                info = None
        if info is None:
            missing.add(key)
            continue
        found[key] = info
        if info.parent:
            queue.append((info.parent, level + 1))
    return found
