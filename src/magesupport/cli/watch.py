"""`magesupport watch analyze|tail`: predictive monitoring from the store's own logs."""

from __future__ import annotations

from pathlib import Path

import typer

from magesupport.cli.app import app
from magesupport.cli.options import (
    OutputFormat,
    emit,
    enforce,
    fail_on_option,
    format_option,
    out_option,
    require_format,
)

watch_app = typer.Typer(
    help="Find attacks, slow-query regressions and rising errors in the store's logs.", no_args_is_help=True
)
app.add_typer(watch_app, name="watch")

FORMATS = (OutputFormat.table, OutputFormat.json, OutputFormat.markdown, OutputFormat.html)
FAIL_ON = ("critical", "high", "medium", "low")


@watch_app.command("analyze")
def analyze_command(
    logs: list[Path] = typer.Argument(
        ..., help="Access, slow query, Monolog or PHP-FPM logs (.gz too), any order."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only lines from this time (ISO, UTC unless offset)."
    ),
    until: str | None = typer.Option(None, "--until", help="Only lines before this time."),
    fmt: OutputFormat = format_option(),
    out: Path | None = out_option("Write the report here instead of stdout."),
    deploys: Path | None = typer.Option(None, "--deploys", help="Deploy times file: one ISO time per line."),
    workload_out: Path | None = typer.Option(
        None, "--workload-out", help="Write incidents per month per P1-P4 (JSON)."
    ),
    error_threshold: float | None = typer.Option(
        None, "--error-threshold", help="Errors per hour the forecast aims at."
    ),
    workers: int | None = typer.Option(None, "--workers", help="Worker processes for large access logs."),
    log_format: str | None = typer.Option(
        None, "--log-format", help="nginx log_format of the access logs (default: sniffed per line)."
    ),
    exploit_paths: Path | None = typer.Option(
        None, "--exploit-paths", help="CSV of known exploit paths (a magevulndb 'relevant URI' column)."
    ),
    fail_on: str = fail_on_option(
        FAIL_ON, "never", "Exit 1 when an incident of this severity or worse is found."
    ),
) -> None:
    """Analyse logs and rank incidents by severity, with evidence lines."""
    require_format(fmt, FORMATS, "watch analyze")
    # the analysis stack loads only when a watch command runs
    from magesupport.formats.watch import render, workload_json
    from magesupport.services.watch import analyze_logs, gate

    report = analyze_logs(
        logs, since=since, until=until, deploys_file=deploys, error_threshold=error_threshold, workers=workers,
        log_format=log_format, exploit_paths=exploit_paths,
    )  # fmt: skip
    emit(render(report, fmt.value), out)
    if workload_out:
        emit(workload_json(report), workload_out)
    enforce(gate(report, fail_on))


@watch_app.command("tail")
def tail_command(
    logs: list[Path] = typer.Argument(..., help="Log files to follow (rotation is followed)."),
    state: Path | None = typer.Option(None, "--state", help="State file: offsets and alerts already sent."),
    webhook: str | None = typer.Option(None, "--webhook", help="POST each alert as JSON to this URL."),
    interval: float = typer.Option(10.0, "--interval", help="Seconds between polls."),
    once: bool = typer.Option(False, "--once", help="Read what is new, alert, save state and exit."),
    window_hours: float = typer.Option(
        6.0, "--window-hours", help="Hours of recent lines the detectors see."
    ),
) -> None:
    """Follow growing logs and print alerts as they happen."""
    from magesupport.services.watch_tail import follow

    for line in follow(
        logs, state_file=state, webhook=webhook, interval=interval, once=once, window_hours=window_hours
    ):
        typer.echo(line)
