"""Values of a parsed PHP array literal: ordered arrays with line numbers, opaque expressions, redacted secrets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Opaque:
    """An expression we do not evaluate; `text` is a description with string literals blanked out."""

    text: str

    def __str__(self) -> str:
        return f"<expr {self.text}>"


@dataclass(frozen=True)
class Redacted:
    """A secret that was dropped at parse time; only whether it was set survives."""

    present: bool

    def __str__(self) -> str:
        return "<redacted>"


Key = int | str | Opaque
Value = object  # str | int | float | bool | None | PhpArray | Opaque | Redacted


class PhpArray:
    """An ordered PHP array: key -> value, with the line each entry starts on."""

    __slots__ = ("_lines", "_next", "_values", "line")

    def __init__(self, line: int) -> None:
        self.line = line
        self._values: dict[Key, Value] = {}
        self._lines: dict[Key, int] = {}
        self._next: int | None = None  # one past the largest integer key so far (kept, not searched)

    def _set(self, key: Key, value: Value, line: int) -> None:
        self._values.pop(key, None)  # PHP keeps the first position; a later duplicate wins the value
        self._values[key] = value
        self._lines[key] = line
        if isinstance(key, int) and (self._next is None or key >= self._next):
            self._next = key + 1

    def next_index(self) -> int:
        return 0 if self._next is None else self._next

    def get(self, key: Key, default: Value = None) -> Value:
        return self._values.get(key, default)

    def line_of(self, key: Key) -> int | None:
        return self._lines.get(key)

    def keys(self) -> list[Key]:
        return list(self._values)

    def items(self) -> Iterator[tuple[Key, Value]]:
        return iter(self._values.items())

    def __iter__(self) -> Iterator[Key]:
        return iter(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)

    def dig(self, *keys: Key) -> Value:
        """The value at a path of keys, or None when any step is missing or not an array."""
        node: Value = self
        for key in keys:
            if not isinstance(node, PhpArray):
                return None
            node = node.get(key)
        return node

    def dig_line(self, *keys: Key) -> int | None:
        """The line of the last key of a path (or of the deepest array found on the way)."""
        node: Value = self
        line: int | None = self.line
        for key in keys:
            if not isinstance(node, PhpArray) or key not in node:
                return line
            line = node.line_of(key)
            node = node.get(key)
        return line
