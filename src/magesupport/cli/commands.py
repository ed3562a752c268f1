"""Top-level commands: init, validate, compare, demo. Sub-groups (audit, sla, watch) live in their own modules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from magesupport.cli.app import app
from magesupport.cli.lazy import lazy
from magesupport.cli.options import (
    OutputFormat,
    color_for,
    emit,
    format_option,
    out_option,
    refuse_page_on_terminal,
    text_width,
)
from magesupport.cli.simulate_progress import progress_bar
from magesupport.domain.errors import UsageError
from magesupport.services.output import write_text

if TYPE_CHECKING:
    from magesupport.domain.results import CompareResult
    from magesupport.services import compare as compare_service
    from magesupport.services import workspaces
else:  # the engines (numpy) load when a command runs, not for --help
    compare_service = lazy("magesupport.services.compare")
    workspaces = lazy("magesupport.services.workspaces")


def render_compare(
    result: CompareResult,
    fmt: OutputFormat,
    out: Path | None,
    detail: bool = True,
    report_path: Path | None = None,
) -> str:
    # each formatter loads only when its format is asked for
    if fmt is OutputFormat.json:
        from magesupport.formats.interface import as_json

        return as_json(result)
    if fmt is OutputFormat.markdown:
        from magesupport.formats import compare_markdown

        return compare_markdown.render(result)
    if fmt in (OutputFormat.html, OutputFormat.pdf):
        from magesupport.formats.html import report

        return report.render(result)
    from magesupport.formats import compare_table

    return compare_table.render(
        result,
        color=color_for(out),
        width=text_width(out),
        detail=detail,
        report=str(report_path.resolve()) if report_path is not None else None,
    )


def write_compare(
    result: CompareResult,
    fmt: OutputFormat,
    out: Path | None,
    detail: bool = True,
    report: Path | None = None,
) -> None:
    """Render and write; PDF goes through Chromium's print and needs --out; with `report`, the HTML report is
    written first, so that the terminal output can give its path."""
    refuse_page_on_terminal(fmt, out, "compare")
    if report is not None:
        write_text(render_compare(result, OutputFormat.html, report), report)
    if fmt is OutputFormat.pdf:
        if out is None:
            raise UsageError("--format pdf needs --out FILE.pdf")
        from magesupport.services.pdf import html_to_pdf

        html_to_pdf(render_compare(result, fmt, out), out)
        typer.echo(f"wrote {out}", err=True)
        return
    emit(render_compare(result, fmt, out, detail, report), out)


WORKSPACE = typer.Argument(..., help="Workspace folder (store.yaml + quotes/*.yaml).", show_default=False)
SIMULATE = typer.Option(
    True,
    "--simulate/--no-simulate",
    help="Run the Monte Carlo cost-and-risk simulation (docs/simulation.md).",
)
YEARS = typer.Option(20_000, "--years", help="Simulated store-years (100 to 1,000,000).")
SEED = typer.Option(1, "--seed", help="Random seed: the same seed and years give the same numbers.")
DETAIL = typer.Option(
    False,
    "--detail",
    help="Every table after the verdict (the default shows the verdict and one line a package).",
)
REPORT = typer.Option(None, "--report", help="Also write the HTML report to this file (its path is printed).")
BASELINE = typer.Option(
    None, "--baseline", help="Package id for the ROI comparison (default: the lowest committed cost)."
)


@app.command()
def init(
    directory: Path = typer.Argument(..., help="Folder to create the workspace in."),
    example: str = typer.Option(
        "midmarket", help="Which example to start from: startup, midmarket, enterprise or uk-fashion."
    ),
    force: bool = typer.Option(False, help="Write into a folder that is not empty."),
) -> None:
    """Create a workspace from a bundled example (it validates as written: edit it to your store)."""
    path = workspaces.init_workspace(directory, example, force)
    typer.echo(
        f"created {path} from the {example} example: edit store.yaml and quotes/, then run "
        f"`magesupport validate {path}`"
    )


@app.command()
def validate(directory: Path = WORKSPACE) -> None:
    """Check a workspace: every problem is reported as file:line: field: message (exit 2 when any)."""
    workspace = workspaces.validate(directory)
    typer.echo(
        f"ok: {workspace.store.name}, {len(workspace.packages)} quotes "
        f"({', '.join(p.id for p in workspace.packages)})"
    )


@app.command()
def compare(
    directory: Path = WORKSPACE,
    fmt: OutputFormat = format_option(),
    out: Path | None = out_option(),
    simulate: bool = SIMULATE,
    years: int = YEARS,
    seed: int = SEED,
    baseline: str | None = BASELINE,
    horizon_years: int = typer.Option(
        1, "--horizon-years", help="Years to cost each package over (1 to 10; 3 is typical), discounted."
    ),
    fixed_inputs: bool = typer.Option(
        False,
        "--fixed-inputs",
        help="Simulate at the priors' figures only: no per-year draws of rates, effort, prevention, "
        "restore time and P2 loss (narrower tails).",
    ),
    detail: bool = DETAIL,
    report: Path | None = REPORT,
) -> None:
    """Compare the workspace's support packages: the verdict first (--detail for every table)."""
    refuse_page_on_terminal(fmt, out, "compare")
    with progress_bar("simulating") as progress:
        result = compare_service.compare(
            directory, simulate, years, seed, baseline, progress, horizon_years, fixed_inputs
        )
    write_compare(result, fmt, out, detail, report)


@app.command()
def demo(
    example: str = typer.Option("midmarket", help="startup, midmarket, enterprise or uk-fashion."),
    fmt: OutputFormat = format_option(),
    simulate: bool = SIMULATE,
    years: int = YEARS,
    seed: int = SEED,
    baseline: str | None = BASELINE,
    detail: bool = DETAIL,
    report: Path | None = REPORT,
) -> None:
    """Compare the packages of a bundled example workspace (what `make demo` runs): the verdict first."""
    refuse_page_on_terminal(fmt, None, "demo")
    path = workspaces.example_path(example)
    typer.echo(f"Example workspace: {path}", err=True)
    with progress_bar("simulating") as progress:
        result = compare_service.compare(path, simulate, years, seed, baseline, progress)
    write_compare(result, fmt, None, detail, report)
