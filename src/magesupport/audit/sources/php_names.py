"""Resolve PHP class names as PHP does: the `namespace` of the file and its `use` imports.

The rules (https://www.php.net/manual/en/language.namespaces.rules.php), for class names:

* fully qualified, `\\A\\B`: the name itself, without the leading backslash;
* `namespace\\B`: relative to the current namespace;
* qualified, `A\\B`: when `A` is an imported alias (case-insensitive), the import replaces it; otherwise the
  current namespace is prefixed;
* unqualified, `B`: the import named `B`, else the current namespace is prefixed.

Imports are `use A\\B;`, `use A\\B as C;`, several at once (`use A\\B, C\\D as E;`) and grouped
(`use A\\{B, C\\D as E};`). `use function` and `use const` import functions and constants, never classes.
Only the top-level statements before the class declaration count: `use Trait;` inside a class body is a trait.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME = r"\\?[A-Za-z_\x80-\uffff][\w\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)*"
_NAMESPACE_RE = re.compile(r"^\s*namespace\s+(" + _NAME + r")\s*[;{]", re.MULTILINE)
_USE_RE = re.compile(r"^[ \t]*use\s+([^;{}]*(?:\{[^}]*\})?[^;]*);", re.MULTILINE | re.IGNORECASE)
_ITEM_RE = re.compile(r"^\s*(" + _NAME + r")(?:\s+as\s+(\w+))?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class NameScope:
    """The namespace of a file and its class imports (lower-cased alias -> fully qualified name)."""

    namespace: str = ""
    imports: dict[str, str] = field(default_factory=dict)

    def resolve(self, name: str) -> str:
        """A class name as written in the file -> fully qualified, without a leading backslash."""
        written = name.strip()
        if written.startswith("\\"):
            return written.lstrip("\\")
        head, sep, rest = written.partition("\\")
        if head.lower() == "namespace" and sep:
            return f"{self.namespace}\\{rest}" if self.namespace else rest
        alias = self.imports.get(head.lower())
        if alias is not None:
            return f"{alias}\\{rest}" if sep else alias
        return f"{self.namespace}\\{written}" if self.namespace else written


def _items(body: str) -> list[tuple[str, str | None]]:
    """(name, alias) of one use statement's body, grouped imports expanded."""
    brace = body.find("{")
    if brace >= 0:
        prefix = body[:brace].strip().rstrip("\\")
        inner = body[brace + 1 : body.rfind("}")]
        result = []
        for part in inner.split(","):
            match = _ITEM_RE.match(part)
            if match and not re.match(r"\s*(function|const)\s", part, re.IGNORECASE):
                result.append((f"{prefix}\\{match.group(1).lstrip(chr(92))}", match.group(2)))
        return result
    result = []
    for part in body.split(","):
        match = _ITEM_RE.match(part)
        if match:
            result.append((match.group(1), match.group(2)))
    return result


def name_scope(clean: str, until: int | None = None) -> NameScope:
    """The scope in force at offset `until` of comment-free PHP source (default: the whole file)."""
    head = clean if until is None else clean[:until]
    namespaces = list(_NAMESPACE_RE.finditer(head))
    namespace = namespaces[-1].group(1).lstrip("\\") if namespaces else ""
    start = namespaces[-1].end() if namespaces else 0
    imports: dict[str, str] = {}
    for match in _USE_RE.finditer(head, start):
        body = match.group(1).strip()
        if re.match(r"(function|const)\s", body, re.IGNORECASE):
            continue
        for full, alias in _items(body):
            clean_name = full.lstrip("\\")
            imports[(alias or clean_name.rsplit("\\", 1)[-1]).lower()] = clean_name
    return NameScope(namespace, imports)
