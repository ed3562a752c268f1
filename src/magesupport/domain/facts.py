"""AuditFacts: what an audit tells `compare` about the real store, and how to write and load them.

from magesupport.domain.facts import load_facts
facts = load_facts("store-facts.json")   # -> AuditFacts (frozen), or AuditError naming file, line, field
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from magesupport.audit.errors import AuditError
from magesupport.domain.errors import Problem

VersionSupport = Literal["supported", "extended", "security_only", "unsupported", "unknown"]


class AuditFacts(BaseModel):
    """Facts about one store, as the audit found them on disk."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = 1
    magento_version: str | None
    edition: str  # community | enterprise | mage-os | unknown
    extensions: int = Field(ge=0, description="third-party modules installed with composer (vendor/)")
    custom_modules: int = Field(ge=0, description="non-core modules under app/code")
    integrations: tuple[str, ...] = ()
    version_support: VersionSupport
    patches_behind: int = Field(ge=0)
    vulnerable_extensions: int = Field(ge=0)
    php_supported: bool | None
    audited_at: datetime
    root: str
    enabled_extensions: int = Field(0, ge=0, description="enabled third-party modules, vendor/ and app/code")
    active_conflicts: int = Field(0, ge=0)
    findings_high_or_worse: int = Field(0, ge=0)


def facts_json(facts: AuditFacts) -> str:
    return json.dumps(facts.model_dump(mode="json"), indent=2, sort_keys=False) + "\n"


def _line_of_field(text: str, field: str) -> int | None:
    needle = f'"{field}"'
    offset = text.find(needle)
    return text.count("\n", 0, offset) + 1 if offset >= 0 else None


def load_facts(path: str | Path) -> AuditFacts:
    """Read a facts file written by `magesupport audit --facts-out`."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
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
