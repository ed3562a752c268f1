"""Turn pydantic validation errors into `file:line: field.path: message` problems a merchant can act on."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from difflib import get_close_matches
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from magesupport.domain.errors import Problem
from magesupport.domain.package import severity_names
from magesupport.workspace.yamlsource import PathKey, YamlDocument, written_key

MAX_UNKNOWN_KEYS = 50  # unknown keys named one by one; more are counted in one line

def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Keep the parts of a pydantic loc that exist in the data (drops union/validator tags)."""
    path: list[str | int] = []
    node = data
    names = severity_names(data)
    for part in loc:
        if (
            isinstance(node, dict)
            and part not in node
            and (written := written_key(node, part, names)) is not None
        ):
            part = written
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part not in node and not _is_tag(part):
            path.append(part)  # a missing key: still name it
            node = None
    return tuple(path)


def _is_tag(part: str) -> bool:
    return any(ch in part for ch in "[]()") or part in {
        "str",
        "int",
        "float",
        "bool",
        "dict",
        "list",
        "tuple",
    }


def field_name(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _unwrap(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def fields_at(model: type[BaseModel], path: PathKey) -> list[str]:
    """The key names a model accepts at `path` (for "did you mean")."""
    current: list[Any] = [model]
    for part in path:
        following: list[Any] = []
        for candidate in current:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                for name, info in candidate.model_fields.items():
                    if part in (name, info.alias):
                        following.extend(_unwrap(info.annotation))
            else:
                origin = get_origin(candidate)
                args = get_args(candidate)
                if origin is dict and len(args) == 2:
                    following.extend(_unwrap(args[1]))
                elif origin in (list, tuple) and args and isinstance(part, int):
                    following.extend(_unwrap(args[0]))
        current = following
    names: list[str] = []
    for candidate in current:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            names.extend(info.alias or name for name, info in candidate.model_fields.items())
    return names


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def message_for(error: ErrorDetails, known: list[str]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        close = get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return "required key is missing"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    if kind == "enum":
        expected = str(ctx.get("expected", ""))
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        close = get_close_matches(str(value), options, n=1) if isinstance(value, str) else []
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"expected one of {', '.join(options)}; got {_describe(value)}{hint}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"expected a whole number, got {_describe(value)}"
    if kind in {"float_parsing", "float_type"}:
        return f"expected a number, got {_describe(value)}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"expected true or false, got {_describe(value)}"
    if kind in {"string_type"}:
        return f"expected text, got {_describe(value)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping of keys, got {_describe(value)}"
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list, got {_describe(value)}"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bound = next(iter(ctx.values()), "?")
        words = {
            "greater_than": "above",
            "greater_than_equal": "at least",
            "less_than": "below",
            "less_than_equal": "at most",
        }[kind]
        return f"must be {words} {bound}, got {_describe(value)}"
    if kind == "string_pattern_mismatch":
        return f"use letters, digits, '-', '_' or '.', got {_describe(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    return str(error["msg"])


def problems_from(
    exc: ValidationError,
    doc: YamlDocument,
    model: type[BaseModel],
    prefix: PathKey = (),
    data: Any = None,
    locate: Callable[[PathKey], PathKey] | None = None,
) -> list[Problem]:
    """One problem per pydantic error, deduplicated (a union reports each member), in file order.

    `data` is what was validated when it is not the document's own data (a tier merged into its quote);
    `locate` then maps a path of it to the path in the file where its value is written."""
    problems: dict[tuple[PathKey, str], Problem] = {}
    errors = exc.errors(include_url=False)
    extra = [e for e in errors if e["type"] == "extra_forbidden"]
    if len(extra) > MAX_UNKNOWN_KEYS:  # thousands of unknown keys: name the first ones, count the rest
        errors = [e for e in errors if e["type"] != "extra_forbidden"] + extra[:MAX_UNKNOWN_KEYS]
    # a value error explains its field better than the other members of a union: take those first
    for error in sorted(errors, key=lambda e: e["type"] != "value_error"):
        loc = tuple(error["loc"])
        path = _data_path(_sub(doc.data if data is None else data, prefix), loc)
        known = fields_at(model, path[:-1]) if error["type"] == "extra_forbidden" else []
        message = message_for(error, known)
        full = (*prefix, *path)
        if locate is not None:
            full = locate(full)
            path = full
        key = (full, message if error["type"] != "value_error" else "v")
        if (full, "v") in problems:  # a value error already explains this field
            continue
        problems.setdefault(key, Problem(doc.file, doc.line_of(full), field_name(path), message))
    found = sorted(problems.values(), key=lambda p: (p.line or 0, p.field))
    if len(extra) > MAX_UNKNOWN_KEYS:
        found.append(Problem(doc.file, None, "", f"and {len(extra) - MAX_UNKNOWN_KEYS:,} more unknown keys"))
    return found


def _sub(data: Any, prefix: PathKey) -> Any:
    for part in prefix:
        data = data[part]
    return data
