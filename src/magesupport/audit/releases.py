"""The bundled release data: Magento release lines, their patch releases, lifecycle dates and PHP support."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict

from magesupport.audit.versions import magento_key, magento_line
from magesupport.domain.errors import AuditError, Problem


class Release(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: str
    published: date
    php: tuple[str, ...] = ()
    php_source: str = "none"
    open_source: bool = True  # False: published during extended support, for Adobe Commerce only


class ReleaseLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    line: str
    group: str
    end_of_support: date | None = None
    end_of_extended_support: date | None = None
    end_of_security_fixes: date | None = None
    upgrade_enforcement: date | None = None
    releases: tuple[Release, ...] = ()

    def find(self, version: str) -> Release | None:
        key = magento_key(version)
        return next((r for r in self.releases if magento_key(r.version) == key), None)

    def newer_than(self, version: str) -> tuple[Release, ...]:
        key = magento_key(version)
        if key is None:
            return ()
        return tuple(r for r in self.releases if (magento_key(r.version) or key) > key)


class ReleaseData(BaseModel):
    model_config = ConfigDict(frozen=True)

    taken: date | None
    generated: date | None
    origin: str
    lines: tuple[ReleaseLine, ...]

    def line(self, version: str) -> ReleaseLine | None:
        name = magento_line(version)
        return next((line for line in self.lines if line.line == name), None)

    def newest_release(self) -> Release | None:
        releases = [r for line in self.lines for r in line.releases]
        return max(releases, key=lambda r: magento_key(r.version) or (0, 0, 0, 0)) if releases else None


def _parse(raw: Any, where: str) -> ReleaseData:
    try:
        source = raw["source"]
        files = source.get("files", [])
        origin = "; ".join(f"{f['file']} from {f['from']}" for f in files)
        return ReleaseData(
            taken=source.get("taken"),
            generated=source.get("generated"),
            origin=origin,
            lines=tuple(ReleaseLine.model_validate(line) for line in raw["lines"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise AuditError(Problem(where, None, "", f"not a release data file ({exc})")) from None


@lru_cache(maxsize=1)
def bundled_release_data() -> ReleaseData:
    text = resources.files("magesupport.audit").joinpath("data/releases.json").read_text(encoding="utf-8")
    return _parse(json.loads(text), "magesupport/audit/data/releases.json")
