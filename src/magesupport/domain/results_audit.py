"""Frozen result objects of the audit. Formatters show what is here and compute nothing."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from magesupport.domain.facts import AuditFacts


class Severity(StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"


SEVERITY_RANK: dict[str, int] = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Evidence(_Frozen):
    file: str
    line: int | None = None
    note: str = ""

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class Finding(_Frozen):
    id: str  # stable across runs: rule + ":" + subject
    rule: str
    severity: Severity
    title: str
    detail: str = ""
    evidence: tuple[Evidence, ...] = ()
    advice: str = ""
    state: str | None = None  # conflicts: active | resolved | latent


class VersionStatus(_Frozen):
    installed: str | None
    line: str | None
    known: bool
    support_status: str  # supported | extended | security_only | unsupported | unknown
    end_of_support: date | None = None
    end_of_extended_support: date | None = None
    end_of_security_fixes: date | None = None
    upgrade_enforcement: date | None = None
    patches_behind: int = 0
    missing: tuple[str, ...] = ()
    latest_in_line: str | None = None
    latest_in_line_published: date | None = None
    days_since_newest_patch: int | None = None
    days_since_first_missed_patch: int | None = None
    newest_release: str | None = None
    php_declared: str | None = None
    php_source: str | None = None
    php_supported_versions: tuple[str, ...] = ()
    php_supported: bool | None = None
    data_taken: date | None = None
    data_origin: str = ""


class VulnerableComponent(_Frozen):
    name: str
    kind: str  # module | package
    version: str | None
    fixed_in: str | None  # None: every version is affected
    source: str  # magevulndb | osv
    advisory: str = ""
    reference: str = ""
    update_url: str = ""
    certain: bool = True
    enabled: bool | None = None


class WorkloadItem(_Frozen):
    topic: str
    count: int
    text: str


class InstallationSummary(_Frozen):
    root: str
    magento_version: str | None
    edition: str
    product_package: str | None
    version_source: str | None
    deploy_mode: str | None
    modules_total: int
    modules_enabled: int
    core_modules: int
    extensions: int
    custom_modules: int
    disabled_third_party: int
    themes: tuple[str, ...] = ()
    template_overrides: int = 0
    layout_overrides: int = 0
    search_engine: str | None = None
    cache_backends: tuple[str, ...] = ()
    session_save: str | None = None
    http_cache_hosts: int = 0
    crypt_key_present: bool = False
    preferences: int = 0
    plugins: int = 0
    observers: int = 0
    files_read: int = 0


class AuditReport(_Frozen):
    audited_at: datetime
    today: date
    summary: InstallationSummary
    version: VersionStatus
    findings: tuple[Finding, ...]
    vulnerabilities: tuple[VulnerableComponent, ...]
    workload: tuple[WorkloadItem, ...]
    severity_counts: tuple[tuple[str, int], ...]
    facts: AuditFacts

    def worst(self) -> str | None:
        return self.findings[0].severity.value if self.findings else None


class IntegrityChange(_Frozen):
    path: str
    change: str  # added | removed | changed
    severity: Severity
    size: int | None = None


class IntegrityReport(_Frozen):
    root: str
    manifest: str
    baseline_created: datetime | None
    files_checked: int
    files_hashed: int
    seconds: float
    changes: tuple[IntegrityChange, ...]
    counts: tuple[tuple[str, int], ...]
    findings: tuple[Finding, ...]


class BaselineResult(_Frozen):
    root: str
    manifest: str
    files: int
    bytes: int
    seconds: float
    scope: tuple[str, ...]
