"""Use cases of the web app's forms: store.yaml and a quote as fields grouped like docs/workspace-format.md,
a save that keeps the file's comments and key order, and the loader's own messages beside the field they name.

A form is built from the pydantic models (`StoreProfile`, `SupportPackage`): a nested model is a group, a
scalar (text, number, yes/no, a choice, a duration) is a field, anything else (a list, a mapping, a calendar
block) is a one-line YAML field. Keys the file has that the model does not list (`tiers`) are YAML fields
too. Values are shown as the file writes them.

A save changes only the fields whose text changed, in ruamel.yaml's round-trip mode (comments, key order and
quoting kept; a new key goes at the end of its mapping), then loads the whole workspace, with the new text in
place of the file, in a temporary copy: any problem in that file refuses the save, and the file is left
unchanged. Otherwise the file is replaced atomically. A file changed on disk since the form was opened is
never overwritten (the form carries the digest of the text it showed).
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import tempfile
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from magesupport.domain.errors import Problem, UsageError, WorkspaceError
from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.domain.units import HoursBlock
from magesupport.files.write import atomic_write_text
from magesupport.services.web_workspaces import workspace_dir, workspace_file
from magesupport.workspace.loader import load_workspace, quote_files
from magesupport.workspace.yamlwrite import _layout, _yaml  # the layout detection `update_workload` uses

MONEY = {"monthly_fee": "a month", "hourly_rate": "an hour", "overflow_rate": "an hour", "ticket_price": "a ticket",
         "onboarding_fee": "once", "out_of_scope_rate": "an hour", "annual_revenue": "a year", "rate": "an hour"}
DURATIONS = {"billing_increment", "minimum_charge", "rto", "rpo", "response", "resolution"}
FRACTIONS = {"effort_spread", "p2_revenue_loss", "proactive_share", "tax_rate", "annual_increase", "max_fraction"}
DEFAULTS = {  # defaults the models keep in another unit than the file's (docs/workspace-format.md)
    "pricing.billing_increment": "15m",
    "pricing.minimum_charge": "0m",
    "merchant_hours": "{days: mon-fri, hours: \"09:00-17:00\"}",
    "business_hours": "{days: mon-fri, hours: \"09:00-17:00\"} in the provider's timezone",
}
GROUP_TITLES = {"": "General", "workload": "Workload", "provider": "Provider", "pricing": "Pricing",
                "severities": "Severities", "service_credits": "Service credits", "services": "Services",
                "contract": "Contract", "stack": "Stack", "internal_team": "Internal team", "audit": "Audit",
                "sla": "SLA checks", "more": "More keys in this file"}


CREDENTIALS = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s'\"]+:)([^@\s'\"]+)(@)", re.I)
HIDDEN = "(hidden)"


def redact(text: str) -> str:
    """A URL's password (`postgresql://user:secret@host/db`) is never shown: `user:(hidden)@`."""
    return CREDENTIALS.sub(lambda m: m.group(1) + HIDDEN + m.group(3), text)


def _restore(typed: str, original: str) -> str:
    """Put back the passwords `redact` hid, by the URL's text before them (so they survive a save)."""
    secrets = {m.group(1): m.group(2) for m in CREDENTIALS.finditer(original)}
    return CREDENTIALS.sub(
        lambda m: m.group(1) + (secrets.get(m.group(1), m.group(2)) if m.group(2) == HIDDEN else m.group(2)) + "@",
        typed,
    )


@dataclass(frozen=True)
class FormField:
    name: str  # the key path, dotted: pricing.monthly_fee
    label: str
    kind: str  # text | select | yaml
    value: str  # as the file writes it ('' when the key is absent)
    default: str  # what applies when the key is absent
    choices: tuple[str, ...] = ()
    unit: str = ""  # shown beside the field: "GBP a month", "hours", "%"
    hint: str = ""
    error: str | None = None
    value_type: str = "yaml"  # str | number | bool | enum | duration | yaml: how the typed text is written


@dataclass(frozen=True)
class FormGroup:
    key: str
    title: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class FileForm:
    path: str  # store.yaml or quotes/NAME.yaml
    kind: str  # store | quote
    groups: tuple[FormGroup, ...]
    text: str
    digest: str  # of `text`: a save from an older form is refused
    problems: tuple[str, ...] = ()  # problems of this file no field shows (or the YAML tab's)
    saved: bool = False


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without Optional/Annotated, and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation is not HoursBlock


def _default(path: str, info: Any) -> str:
    if path in DEFAULTS:
        return DEFAULTS[path]
    value = info.default
    if value is PydanticUndefined:
        return "required" if info.default_factory is None else ""
    if value is None:
        return "none"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return "[" + ", ".join(str(getattr(v, "value", v)) for v in value) + "]"
    if isinstance(value, dict):
        return "{}" if not value else ""
    return ""


def _unit(key: str, currency: str) -> tuple[str, str]:
    if key in MONEY:
        return f"{currency} {MONEY[key]}", "an amount: 4100 or 4,100"
    if key in DURATIONS:
        return "", "a duration: 30m, 4h, 1 business days"
    if key in FRACTIONS:
        return "", "a share: 0.2 or 20%"
    if key.endswith("_pct") or key == "uptime_guarantee":
        return "%", ""
    if key.endswith("hours") or key in {"included_hours", "block_hours", "hours_per_ticket", "hours_per_week"}:
        return "hours", ""
    if key.endswith("_days"):
        return "days", ""
    if key.endswith("_months"):
        return "months", ""
    if key == "multiplier":
        return "×", ""
    return "", ""


def _get(data: Any, path: tuple[str, ...]) -> Any:
    node = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _flow(node: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = True
    yaml.width = 100_000
    out = io.StringIO()
    yaml.dump(_plain(node), out)
    text = out.getvalue().strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _shown(node: Any) -> str:
    if node is None:
        return ""
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, dict | list):
        return redact(_flow(node))
    return redact(str(node))


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _fields(model: type[BaseModel], data: Any, prefix: tuple[str, ...], currency: str) -> list[FormField]:
    out: list[FormField] = []
    for key, info in model.model_fields.items():
        path = (*prefix, key)
        name = ".".join(path)
        annotation, _ = _unwrap(info.annotation)
        if _is_model(annotation) and not typing.get_origin(info.annotation):
            out += _fields(annotation, data, path, currency)
            continue
        unit, hint = _unit(key, currency)
        value = _shown(_get(data, path))
        default = _default(name, info)
        label = _label(key)
        if annotation is bool:
            out.append(FormField(name, label, "select", value, default, ("true", "false"), unit, hint, None, "bool"))
        elif isinstance(annotation, type) and issubclass(annotation, Enum):
            choices = tuple(str(member.value) for member in annotation)
            out.append(FormField(name, label, "select", value, default, choices, unit, hint, None, "enum"))
        elif key in DURATIONS:
            out.append(FormField(name, label, "text", value, default, (), unit, hint, None, "duration"))
        elif annotation is str:
            out.append(FormField(name, label, "text", value, default, (), unit, hint, None, "str"))
        elif annotation in (int, float, Decimal):
            out.append(FormField(name, label, "text", value, default, (), unit, hint, None, "number"))
        else:
            out.append(FormField(name, label, "yaml", value, default, (), unit, hint or "YAML, on one line"))
    return out


def _groups(kind: str, data: Any, errors: dict[str, str]) -> tuple[FormGroup, ...]:
    model: type[BaseModel] = StoreProfile if kind == "store" else SupportPackage
    currency = str(_get(data, ("currency",)) or "USD")
    grouped: dict[str, list[FormField]] = {}
    for field in _fields(model, data, (), currency):
        head = field.name.split(".")[0] if "." in field.name or field.name in GROUP_TITLES else ""
        if field.kind == "yaml" and "." not in field.name and field.name not in GROUP_TITLES:
            head = ""
        grouped.setdefault(head, []).append(field)
    known = set(model.model_fields)
    for key in data if isinstance(data, dict) else ():
        if str(key) not in known:
            grouped.setdefault("more", []).append(
                FormField(str(key), _label(str(key)), "yaml", _shown(data[key]), "", (), "", "YAML, on one line")
            )
    groups = []
    for key, fields in grouped.items():
        fields = [_with_error(f, errors) for f in fields]
        groups.append(FormGroup(key, GROUP_TITLES.get(key, _label(key)), tuple(fields)))
    return tuple(groups)


def _with_error(field: FormField, errors: dict[str, str]) -> FormField:
    message = errors.get(field.name)
    if message is None:
        return field
    return FormField(**{**field.__dict__, "error": message})


def _kind(relative: str) -> str:
    return "store" if relative == "store.yaml" else "quote"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load(text: str) -> Any:
    try:
        return YAML(typ="safe", pure=True).load(text)
    except Exception:
        return None


def read_form(
    root: Path, name: str, relative: str, text: str | None = None, problems: list[Problem] | None = None,
    values: dict[str, str] | None = None, saved: bool = False,
) -> FileForm:
    """The form of one file: as it is on disk, or (after a refused save) as the user typed it."""
    path = workspace_file(root, name, relative)
    on_disk = path.read_text(encoding="utf-8")
    shown = on_disk if text is None else text
    data = _load(shown)
    errors, rest = _place(problems or [], data)
    groups = _groups(_kind(relative), data if isinstance(data, dict) else {}, errors)
    if values:  # show what was typed, not what the file says, beside the errors
        groups = tuple(
            FormGroup(g.key, g.title, tuple(
                FormField(**{**f.__dict__, "value": values.get(f.name, f.value)}) for f in g.fields
            ))
            for g in groups
        )
    return FileForm(relative, _kind(relative), groups, redact(shown), _digest(on_disk), tuple(rest), saved)


def _place(problems: list[Problem], data: Any) -> tuple[dict[str, str], list[str]]:
    """Each problem beside the field its key path names (the longest field that is a prefix), or left over."""
    if not problems:
        return {}, []
    names = {f.name for g in _groups("store", {}, {}) for f in g.fields}
    names |= {f.name for g in _groups("quote", {}, {}) for f in g.fields}
    names |= {str(k) for k in data} if isinstance(data, dict) else set()
    errors: dict[str, str] = {}
    rest: list[str] = []
    for problem in problems:
        field = problem.field
        target = None
        candidate = field.split("[")[0]
        while candidate:
            if candidate in names:
                target = candidate
                break
            candidate = candidate.rpartition(".")[0]
        where = f"line {problem.line}: " if problem.line else ""
        if target is None:
            rest.append(f"{where}{field + ': ' if field else ''}{problem.message}")
        else:
            more = f"{field}: " if field != target else ""
            errors[target] = (errors[target] + "; " if target in errors else "") + f"{more}{problem.message}"
            rest.append(f"{where}{field}: {problem.message}")
    return errors, rest


def _parse_value(field: FormField, text: str) -> Any:
    text = text.strip()
    if field.value_type in ("str", "enum"):  # a name, a timezone, a version: kept as typed, never a number
        return text
    if field.value_type == "bool":
        return {"true": True, "false": False}.get(text.lower(), text)
    if field.value_type == "yaml":
        loaded = YAML(typ="rt").load(text)
        if isinstance(loaded, CommentedMap | CommentedSeq):
            loaded.fa.set_flow_style()
        return loaded
    loaded = _load(text)
    return loaded if isinstance(loaded, int | float | bool) and not isinstance(loaded, str) else text


def _set(data: CommentedMap, path: list[str], value: Any) -> None:
    node = data
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = CommentedMap()
            node[part] = child
        node = child
    if value is None or value == "":
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def check_text(root: Path, name: str, relative: str, text: str) -> list[Problem]:
    """The problems of this file when it holds `text`, loaded with the rest of the workspace (in a copy)."""
    folder = workspace_dir(root, name)
    with tempfile.TemporaryDirectory(prefix="magesupport-form-") as tmp:
        copy = Path(tmp)
        (copy / "quotes").mkdir()
        for source in [folder / "store.yaml", *quote_files(folder)]:
            if source.is_file():
                shutil.copyfile(source, copy / source.relative_to(folder))
        target = copy / relative
        target.write_text(text, encoding="utf-8")
        try:
            load_workspace(copy)
        except WorkspaceError as exc:
            return [p for p in exc.problems if Path(p.file) == target]
    return []


def _refuse_stale(path: Path, digest: str) -> None:
    if _digest(path.read_text(encoding="utf-8")) != digest:
        raise UsageError(
            f"{path.name} changed on disk since this page was opened (edited elsewhere?): reload the page, "
            "your change was not saved"
        )


def save_text(root: Path, name: str, relative: str, text: str, digest: str) -> FileForm:
    """The YAML tab's save: the whole text, checked like a form's."""
    path = workspace_file(root, name, relative)
    _refuse_stale(path, digest)
    text = _restore(text.replace("\r\n", "\n"), path.read_text(encoding="utf-8"))
    problems = check_text(root, name, relative, text)
    if problems:
        return read_form(root, name, relative, text=text, problems=problems)
    atomic_write_text(path, text)
    return read_form(root, name, relative, saved=True)


def save_fields(root: Path, name: str, relative: str, values: dict[str, str], digest: str) -> FileForm:
    """The form's save: only the fields whose text changed are written (see the module's docstring)."""
    path = workspace_file(root, name, relative)
    _refuse_stale(path, digest)
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    current = read_form(root, name, relative)
    yaml = _yaml(_layout(text))
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        raise WorkspaceError([Problem(relative, 1, "", "expected a mapping of keys: fix it in the YAML tab")])
    problems: list[Problem] = []
    for field in (f for g in current.groups for f in g.fields):
        typed = values.get(field.name)
        if typed is None or typed.strip() == field.value.strip():
            continue
        typed = _restore(typed, text)
        try:
            value = _parse_value(field, typed) if typed.strip() else None
        except Exception as exc:
            problems.append(Problem(relative, None, field.name, f"not YAML: {str(exc).splitlines()[0]}"))
            continue
        _set(data, field.name.split("."), value)
    if problems:
        return read_form(root, name, relative, problems=problems, values=values)
    out = io.StringIO()
    yaml.dump(data, out)
    new_text = out.getvalue()
    problems = check_text(root, name, relative, new_text)
    if problems:
        return read_form(root, name, relative, problems=problems, values=values)
    if new_text != text:
        atomic_write_text(path, new_text)
    return read_form(root, name, relative, saved=True)
