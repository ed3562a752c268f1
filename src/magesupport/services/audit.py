"""Audit use cases: scan a Magento root, write an integrity baseline, diff against it. No printing."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from pathlib import Path

from magesupport.audit.integrity import change_counts, change_findings, changes, manifest_text
from magesupport.audit.releases import ReleaseData, bundled_release_data
from magesupport.audit.report import AuditOptions, run_audit
from magesupport.audit.sources.advisories import read_osv, read_vulndb
from magesupport.audit.sources.code_scope import current_state, hash_entries, read_manifest, walk_scope
from magesupport.audit.sources.reader import read_installation
from magesupport.domain.choices import DEFAULT_MANIFEST
from magesupport.domain.errors import AuditError, Problem
from magesupport.domain.results_audit import (
    AuditReport,
    BaselineResult,
    Finding,
    IntegrityReport,
)
from magesupport.domain.severity import Gate
from magesupport.files.write import atomic_write_bytes, atomic_write_text
from magesupport.services.gates import severity_gate


def _check_root(root: str | os.PathLike[str]) -> str:
    path = os.fspath(root)
    if not os.path.isdir(path):
        raise AuditError(Problem(path, None, "ROOT", "not a folder; give the root of a Magento installation"))
    return path


def audit(
    root: str | os.PathLike[str],
    *,
    vulndb: str | None = None,
    osv: str | None = None,
    php: str | None = None,
    nodes: int | None = None,
    today: date | None = None,
    now: datetime | None = None,
    releases: ReleaseData | None = None,
) -> AuditReport:
    """Read the installation under `root` and audit it against the bundled release data."""
    path = _check_root(root)
    entries = read_vulndb(vulndb) if vulndb else []
    advisories = read_osv(osv) if osv else []
    installation = read_installation(path)
    moment = now or datetime.now(UTC)
    return run_audit(
        installation,
        releases or bundled_release_data(),
        today=today or moment.date(),
        audited_at=moment,
        vulndb=entries,
        osv=advisories,
        options=AuditOptions(php=php, nodes=nodes),
    )


def write_facts(report: AuditReport, path: str | os.PathLike[str]) -> Path:
    return atomic_write_text(path, report.facts.to_json(), make_parents=True)


def baseline(
    root: str | os.PathLike[str],
    manifest: str | os.PathLike[str] = DEFAULT_MANIFEST,
    *,
    jobs: int | None = None,
    now: datetime | None = None,
) -> BaselineResult:
    """Hash the code scope of `root` and write the manifest."""
    path = _check_root(root)
    started = time.perf_counter()
    entries = hash_entries(path, list(walk_scope(path)), jobs)
    created = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    # file names that are not UTF-8 keep their bytes (surrogateescape both ways: code_scope.read_manifest)
    text = manifest_text(os.path.abspath(path), created, entries)
    atomic_write_bytes(manifest, text.encode("utf-8", "surrogateescape"))
    return BaselineResult(
        root=os.path.abspath(path),
        manifest=os.fspath(manifest),
        files=len(entries),
        bytes=sum(e.size for e in entries),
        seconds=round(time.perf_counter() - started, 3),
        scope=(
            "vendor",
            "app/code",
            "app/design",
            "lib",
            "app/etc/di.xml",
            "app/*.php entry points",
            "web root (the top of the root and all of pub/, caches skipped by rule): PHP and other "
            "executables, *.sh, .htaccess, .htpasswd, .user.ini, auth.json",
            "bin/magento",
        ),
    )


def diff(
    root: str | os.PathLike[str],
    manifest: str | os.PathLike[str] = DEFAULT_MANIFEST,
    *,
    rehash: bool = False,
    jobs: int | None = None,
) -> IntegrityReport:
    """Compare the code under `root` with a manifest written by `baseline`."""
    path = _check_root(root)
    name = os.fspath(manifest)
    started = time.perf_counter()
    recorded = read_manifest(name)
    current, hashed = current_state(path, recorded.entries, rehash, jobs)
    found = changes(recorded.entries, current)
    created = None
    if recorded.created:
        try:
            created = datetime.fromisoformat(recorded.created)
        except ValueError:
            created = None
    return IntegrityReport(
        root=os.path.abspath(path),
        manifest=name,
        baseline_created=created,
        files_checked=len(current),
        files_hashed=hashed,
        seconds=round(time.perf_counter() - started, 3),
        changes=found,
        counts=change_counts(found),
        findings=change_findings(found),
    )


def workspace_audit_settings(workspace: str | os.PathLike[str]) -> dict[str, str | None]:
    """Paths (vulndb, osv, facts) and the PHP version a workspace's store.yaml gives the audit.

    Relative paths in store.yaml are relative to the workspace folder.
    """
    from magesupport.workspace.loader import load_store

    folder = Path(workspace)
    store, _ = load_store(folder)

    def resolve(value: str | None) -> str | None:
        if value is None:
            return None
        path = Path(value).expanduser()
        return str(path if path.is_absolute() else folder / path)

    return {
        "vulndb": resolve(store.audit.vulndb),
        "osv": resolve(store.audit.osv),
        "facts": resolve(store.audit.facts),
        "php": store.php_version,
    }


def gate(findings: tuple[Finding, ...], fail_on: str | None) -> Gate:
    """The audit's --fail-on gate over its findings."""
    return severity_gate((f.severity for f in findings), fail_on)
