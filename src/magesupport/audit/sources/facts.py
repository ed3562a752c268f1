"""Read a facts file written by `magesupport audit --facts-out` into AuditFacts."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from magesupport.domain.errors import AuditError, Problem
from magesupport.domain.facts import AuditFacts
from magesupport.files.read import read_regular_text


def _line_of_field(text: str, field: str) -> int | None:
    needle = f'"{field}"'
    offset = text.find(needle)
    return text.count("\n", 0, offset) + 1 if offset >= 0 else None


def load_facts(path: str | Path) -> AuditFacts:
    """Read a facts file written by `magesupport audit --facts-out`."""
    name = str(path)
    try:
        text = read_regular_text(path, encoding="utf-8")
    except OSError as exc:
        raise AuditError(Problem(name, None, "", f"cannot read facts file: {exc.strerror or exc}")) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AuditError(Problem(name, exc.lineno, "", f"not valid JSON: {exc.msg}")) from None
    if not isinstance(raw, dict):
        raise AuditError(Problem(name, 1, "", "expected a JSON object of audit facts"))
    try:
        return AuditFacts.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"])
            top = str(error["loc"][0]) if error["loc"] else ""
            problems.append(Problem(name, _line_of_field(text, top) if top else None, field, error["msg"]))
        raise AuditError(problems) from None
