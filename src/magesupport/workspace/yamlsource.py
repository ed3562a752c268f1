"""Read a YAML file into plain Python data plus a map from key paths to line numbers (ruamel.yaml).

Only plain YAML is read, within limits checked before anything is built (docs/workspace-format.md
"Limits"): a file of at most `MAX_BYTES`; no tags but the core ones (`!!str`, `!!int`, ...: no custom tags,
`!!binary`, `!!set`, `!!omap`, `!!python/...`); at most `MAX_ALIASES` aliases and `MAX_VALUES` values once
they are expanded (no "billion laughs"); nesting at most `MAX_DEPTH` deep; every number finite and at
most `MAX_NUMBER` in size (the fields' own ranges are checked by the models).
"""

from __future__ import annotations

import hashlib
import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from magesupport.domain.errors import Problem
from magesupport.domain.package import severity_key, severity_names

PathKey = tuple[str | int, ...]

MAX_BYTES = 256 << 10  # 256 KiB: the largest real quote is a few kB (ruamel reads about 10k lines a second)
MAX_ALIASES = 200
MAX_VALUES = 200_000  # values after aliases are expanded
MAX_DEPTH = 40
MAX_NUMBER = 10**15
CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class _TooBig(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


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


def _plain(node: Any, path: PathKey, lines: dict[PathKey, int], budget: list[int] | None = None) -> Any:
    if budget is not None:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooBig(lines.get(path), f"more than {MAX_VALUES:,} values once its aliases are expanded")
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            try:
                lines[child] = node.lc.key(key)[0] + 1
            except (KeyError, TypeError, AttributeError):
                lines[child] = lines.get(path, 1)
            out[str(key) if not isinstance(key, str | int | float | bool) else key] = _plain(
                value, child, lines, budget
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
            items.append(_plain(value, child, lines, budget))
        return items
    if hasattr(node, "value") and type(node).__module__.startswith("ruamel"):  # scalar wrappers
        node = node.value if not isinstance(node, str) else str(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, float) and not isinstance(node, bool):
        node = float(node)  # ruamel's ScalarFloat
        if not math.isfinite(node):
            raise _TooBig(lines.get(path), f"{'.'.join(map(str, path))}: not a finite number ({node})")
        if abs(node) > MAX_NUMBER:
            raise _TooBig(
                lines.get(path), f"{'.'.join(map(str, path))}: number too large (at most {MAX_NUMBER:.0e})"
            )
    elif isinstance(node, int) and not isinstance(node, bool):
        node = int(node)
        if abs(node) > MAX_NUMBER:
            raise _TooBig(
                lines.get(path), f"{'.'.join(map(str, path))}: number too large (at most {MAX_NUMBER:.0e})"
            )
    return node


def _check_events(yaml: YAML, text: str) -> None:
    """Tags, aliases and depth from the parser's events: nothing is built, nothing is expanded."""
    aliases = depth = 0
    for event in yaml.parse(text):
        kind = type(event).__name__
        tag = getattr(event, "tag", None)
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if tag is not None and str(tag) not in CORE_TAGS:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise _TooBig(
                line, f"the tag {shown} is not plain YAML (only strings, numbers, lists and mappings)"
            )
        if kind == "AliasEvent":
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _TooBig(line, f"more than {MAX_ALIASES} aliases (*name)")
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooBig(line, f"nested more than {MAX_DEPTH} deep")
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1


def _read_limited(path: Path) -> bytes:
    """The file's bytes: a regular file (never a FIFO or a device, which could block) of at most MAX_BYTES."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _TooBig(None, "not a regular file (a FIFO, device or socket is not read)")
    if info.st_size > MAX_BYTES:
        raise _TooBig(None, f"{info.st_size:,} bytes: a workspace file must be at most {MAX_BYTES:,}")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise _TooBig(None, f"over {MAX_BYTES:,} bytes: a workspace file must be at most {MAX_BYTES:,}")
    return raw


def load_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML file. Syntax errors come back as problems with their line, never as exceptions."""
    name = display or str(path)
    try:
        raw = _read_limited(path)
        text = raw.decode("utf-8")
    except _TooBig as exc:
        return None, [Problem(name, exc.line, "", exc.message)]
    except UnicodeDecodeError as exc:
        return None, [Problem(name, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return None, [Problem(name, None, "", f"cannot read: {exc.strerror or exc}")]
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        _check_events(yaml, text)
        node = yaml.load(text)
    except _TooBig as exc:
        return None, [Problem(name, exc.line, "", exc.message)]
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
    except (ValueError, RecursionError) as exc:  # an integer of thousands of digits, a date out of range
        return None, [Problem(name, None, "", f"cannot read a value: {' '.join(str(exc).split())[:200]}")]
    lines: dict[PathKey, int] = {(): 1}
    try:
        data = _plain(node, (), lines, [MAX_VALUES])
    except _TooBig as exc:
        return None, [Problem(name, exc.line, "", exc.message)]
    return YamlDocument(name, data, lines, hashlib.sha256(raw).hexdigest(), text), []
