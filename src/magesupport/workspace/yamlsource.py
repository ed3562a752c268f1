"""Read a YAML file into plain Python data plus a map from key paths to line numbers (ruamel.yaml)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from magesupport.domain.errors import Problem
from magesupport.domain.package import severity_key, severity_names

PathKey = tuple[str | int, ...]


def written_key(node: dict[Any, Any], part: Any, names: dict[str, Any]) -> Any:
    """The key of `node` the model read as `part`: a severity written `critical` or `p1` is read as `P1`."""
    if not isinstance(part, str):
        return None
    return next((key for key in node if severity_key(key, names) == part), None)


def written_path(data: Any, path: PathKey) -> PathKey:
    """`path` with each key as the file writes it (`severities.P1` -> `severities.critical`)."""
    out: list[str | int] = []
    node = data
    names = severity_names(data)
    for part in path:
        if isinstance(node, dict) and part not in node:
            written = written_key(node, part, names)
            part = written if written is not None else part
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out)


@dataclass
class YamlDocument:
    """A parsed file: its data as plain dicts/lists/scalars and the 1-based line of every key path."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    sha256: str = ""  # of the bytes read, so that nobody reads the file again to hash it
    text: str = ""  # the text read, so that a writer keeping the layout need not read the file again

    def locate(self, path: PathKey) -> PathKey:
        """The path in the file where the value read at `path` is written (`severities.P1` is written
        `severities.critical` when the quote names its levels)."""
        return written_path(self.data, path)

    def line_of(self, path: PathKey) -> int | None:
        """The line of the deepest prefix of `path` that the file has (the key itself when present)."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return None


def _plain(node: Any, path: PathKey, lines: dict[PathKey, int]) -> Any:
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            try:
                lines[child] = node.lc.key(key)[0] + 1
            except (KeyError, TypeError, AttributeError):
                lines[child] = lines.get(path, 1)
            out[str(key) if not isinstance(key, str | int | float | bool) else key] = _plain(
                value, child, lines
            )
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            try:
                lines[child] = node.lc.item(index)[0] + 1
            except (KeyError, TypeError, AttributeError, IndexError):
                lines[child] = lines.get(path, 1)
            items.append(_plain(value, child, lines))
        return items
    if hasattr(node, "value") and type(node).__module__.startswith("ruamel"):  # scalar wrappers
        return node.value if not isinstance(node, str) else str(node)
    if isinstance(node, str):
        return str(node)
    return node


def load_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML file. Syntax errors come back as problems with their line, never as exceptions."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return None, [Problem(name, None, "", f"cannot read: {exc.strerror or exc}")]
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        node = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
            started = exc.context_mark.line + 1
            if started != line:
                message += f" ({' '.join(str(exc.context).split())} started at line {started})"
        if "found duplicate key" in str(exc):
            message = "duplicate key " + str(exc).split('found duplicate key "', 1)[-1].split('"', 1)[0].join(
                "''"
            )
        return None, [Problem(name, line, "", f"YAML syntax: {message}")]
    except YAMLError as exc:
        return None, [Problem(name, None, "", f"YAML syntax: {' '.join(str(exc).split())}")]
    lines: dict[PathKey, int] = {(): 1}
    data = _plain(node, (), lines)
    return YamlDocument(name, data, lines, hashlib.sha256(raw).hexdigest(), text), []
