"""AuditFacts: what an audit tells `compare` about the real store (written by `audit --facts-out`).

Reading a facts file is an adapter's job: `magesupport.audit.sources.facts.load_facts`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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

    def to_json(self) -> str:
        """The facts file's text: the JSON `load_facts` reads back."""
        import json

        return json.dumps(self.model_dump(mode="json"), indent=2, sort_keys=False) + "\n"
