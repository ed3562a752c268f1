"""Frozen result objects of the audit. Formatters show what is here and compute nothing."""

from __future__ import annotations

from datetime import date, datetime

from magesupport.domain.base import Frozen
from magesupport.domain.facts import AuditFacts
from magesupport.domain.severity import FindingSeverity


class Evidence(Frozen):
    file: str
    line: int | None = None
    note: str = ""

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class Finding(Frozen):
    id: str  # stable across runs: rule + ":" + subject
    rule: str
    severity: FindingSeverity
    title: str
    detail: str = ""
    evidence: tuple[Evidence, ...] = ()
    advice: str = ""
    state: str | None = None  # conflicts: active | resolved | latent


class VersionStatus(Frozen):
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
    edition: str = "unknown"  # community | enterprise | mage-os | unknown: whose support windows apply
    commerce_extended_support: date | None = None  # Open Source: the extended support Adobe sells Commerce only
    commerce_only_releases: tuple[str, ...] = ()  # newer releases of the line published for Adobe Commerce only


class VulnerableComponent(Frozen):
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


class WorkloadItem(Frozen):
    topic: str
    count: int
    text: str


class InstallationSummary(Frozen):
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
    js_overrides: int = 0
    knockout_overrides: int = 0
    email_overrides: int = 0
    mixins: int = 0  # RequireJS mixins wrapping another module's JS
    search_engine: str | None = None
    cache_backends: tuple[str, ...] = ()
    session_save: str | None = None
    http_cache_hosts: int = 0
    crypt_key_present: bool = False
    preferences: int = 0
    plugins: int = 0
    observers: int = 0
    files_read: int = 0
    distribution_version: str | None = None  # Mage-OS's own version; magento_version is the upstream release
    unknown_origin_modules: int = 0  # third-party modules config.php lists with no code and no package here
    modules_without_code: int = 0  # modules known from config.php or composer.lock only
    packages_missing: int = 0  # composer.lock packages whose folder is not under vendor/
    magento_signals: tuple[str, ...] = ()  # what made the root a Magento installation
    web_files: int = 0  # files looked at in the root and pub/
    web_skipped: tuple[str, ...] = ()  # pub/ folders skipped by rule


class AuditReport(Frozen):
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


class IntegrityChange(Frozen):
    path: str
    change: str  # added | removed | changed
    severity: FindingSeverity
    size: int | None = None


class IntegrityReport(Frozen):
    root: str
    manifest: str
    baseline_created: datetime | None
    files_checked: int
    files_hashed: int
    seconds: float
    changes: tuple[IntegrityChange, ...]
    counts: tuple[tuple[str, int], ...]
    findings: tuple[Finding, ...]


class BaselineResult(Frozen):
    root: str
    manifest: str
    files: int
    bytes: int
    seconds: float
    scope: tuple[str, ...]
