"""`magesupport audit ROOT`, `magesupport audit baseline ROOT`, `magesupport audit diff ROOT`.

`audit` is a group whose first argument is checked against its subcommand names: anything else is taken as
the ROOT of the default `scan` command, so `audit ROOT` and `audit baseline ROOT` both work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from typer.core import TyperGroup

from magesupport.cli.app import app
from magesupport.cli.lazy import lazy
from magesupport.cli.options import (
    OutputFormat,
    emit,
    enforce,
    fail_on_option,
    format_option,
    out_option,
    require_format,
)
from magesupport.domain.choices import DEFAULT_MANIFEST
from magesupport.domain.errors import UsageError
from magesupport.domain.severity import GRADES

DEFAULT_COMMAND = "scan"


class AuditGroup(TyperGroup):
    """A group that runs `scan` when the first argument is not one of its subcommands."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


# the audit engine loads only when an audit command runs
service = lazy("magesupport.services.audit")

# a test holds the formatters equal
FORMATS = (OutputFormat.table, OutputFormat.json, OutputFormat.markdown, OutputFormat.html)
audit_formats = lazy("magesupport.formats.audit")
FAIL_ON = (*(grade.value for grade in GRADES), "never")

audit_app = typer.Typer(
    cls=AuditGroup,
    help="Audit a Magento 2 / Adobe Commerce installation from disk (nothing is executed, no database needed). "
    "`magesupport audit ROOT` scans; `audit baseline ROOT` and `audit diff ROOT` check code integrity.",
    no_args_is_help=True,
)

ROOT_ARG = typer.Argument(
    ..., help="Root folder of the Magento installation (where composer.lock and app/ live)."
)
FORMAT_OPT = format_option()
OUTPUT_OPT = out_option("Write the report to this file instead of standard output.")
FAIL_OPT = fail_on_option(FAIL_ON, "never", "Exit 1 when a finding is at least this severe (for CI).")
MANIFEST_OPT = typer.Option(
    Path(DEFAULT_MANIFEST), "--manifest", "-m", help="Integrity manifest to write or compare against."
)
JOBS_OPT = typer.Option(None, "--jobs", "-j", min=1, max=64, help="Hashing threads (default: 2 x CPU cores).")


@audit_app.command(DEFAULT_COMMAND)
def scan(
    root: Path = ROOT_ARG,
    output_format: OutputFormat = FORMAT_OPT,
    out: Path | None = OUTPUT_OPT,
    vulndb: Path | None = typer.Option(
        None,
        "--vulndb",
        help="Vulnerable-extension list in magevulndb CSV format (Name,Fixed in,Relevant URI,...).",
    ),
    osv: Path | None = typer.Option(
        None, "--osv", help="OSV advisories for composer packages: a JSON file or folder."
    ),
    facts_out: Path | None = typer.Option(
        None, "--facts-out", help="Also write the store facts (JSON) that `compare` can use."
    ),
    fail_on: str = FAIL_OPT,
    php: str | None = typer.Option(
        None, "--php", help="PHP version the store runs, e.g. 8.2 (not in the files)."
    ),
    nodes: int | None = typer.Option(
        None, "--nodes", min=1, help="Web nodes serving the store, if more than one."
    ),
    today: str | None = typer.Option(
        None, "--today", help="Audit as of this date (YYYY-MM-DD); default today."
    ),
    workspace: Path | None = typer.Option(
        None,
        "--workspace",
        "-w",
        help="Workspace whose store.yaml `audit:` block gives --vulndb, --osv, --facts-out and --php defaults.",
    ),
) -> None:
    """Scan ROOT: version and lifecycle, vulnerable extensions, conflicts, hardening, workload."""
    require_format(output_format, FORMATS, "audit")
    if workspace is not None:
        settings = service.workspace_audit_settings(workspace)
        vulndb = vulndb or (Path(settings["vulndb"]) if settings["vulndb"] else None)
        osv = osv or (Path(settings["osv"]) if settings["osv"] else None)
        facts_out = facts_out or (Path(settings["facts"]) if settings["facts"] else None)
        php = php or settings["php"]
    as_of = None
    if today:
        try:
            as_of = date.fromisoformat(today)
        except ValueError:
            raise UsageError(f"--today: expected a date like 2026-11-26, got {today!r}") from None
    report = service.audit(
        root,
        vulndb=str(vulndb) if vulndb else None,
        osv=str(osv) if osv else None,
        php=php,
        nodes=nodes,
        today=as_of,
    )
    emit(audit_formats.REPORT_FORMATTERS[output_format.value](report), out)
    if facts_out is not None:
        service.write_facts(report, facts_out)
    enforce(service.gate(report.findings, fail_on))


@audit_app.command("baseline")
def baseline(
    root: Path = ROOT_ARG,
    manifest: Path = MANIFEST_OPT,
    jobs: int | None = JOBS_OPT,
    output_format: OutputFormat = FORMAT_OPT,
    out: Path | None = out_option("Write the summary to this file instead of standard output."),
) -> None:
    """Hash the code of ROOT (vendor, app/code, app/design, lib, entry points, the web root) into a manifest."""
    require_format(output_format, FORMATS, "audit baseline")
    result = service.baseline(root, manifest, jobs=jobs)
    emit(audit_formats.baseline_text(result, output_format.value), out)


@audit_app.command("diff")
def diff(
    root: Path = ROOT_ARG,
    manifest: Path = MANIFEST_OPT,
    rehash: bool = typer.Option(
        False, "--rehash", help="Hash every file, not only those whose stat changed."
    ),
    jobs: int | None = JOBS_OPT,
    output_format: OutputFormat = FORMAT_OPT,
    out: Path | None = OUTPUT_OPT,
    fail_on: str = FAIL_OPT,
) -> None:
    """Report files added, removed or changed in ROOT since the baseline."""
    require_format(output_format, FORMATS, "audit diff")
    report = service.diff(root, manifest, rehash=rehash, jobs=jobs)
    emit(audit_formats.INTEGRITY_FORMATTERS[output_format.value](report), out)
    enforce(service.gate(report.findings, fail_on))


app.add_typer(audit_app, name="audit")
