"""The Typer application and its error boundary: exit codes live here and nowhere else.

0 ok · 1 findings that fail a --fail-on gate · 2 bad input or usage · 3 internal error.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from typer.exceptions import TyperException

from magesupport import __version__
from magesupport.domain.errors import MagesupportError

app = typer.Typer(
    name="magesupport",
    help="Compare Magento support packages for your store, review the contracts, and hold the provider to account.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class FindingsGate(Exception):
    """Raised by a command when a --fail-on gate trips (exit 1, after the output was written)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"magesupport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """magesupport: measurable support choices for Magento / Adobe Commerce stores."""


def _register() -> None:
    """Import the command modules; each adds its commands to `app`."""
    from magesupport.cli import audit, commands, review, sla, watch  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and map every outcome to an exit code without a traceback."""
    _register()
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        app(args=argv, prog_name="magesupport", standalone_mode=False)
    except FindingsGate as gate:
        if str(gate):
            err.print(str(gate), markup=False)
        return EXIT_FINDINGS
    except MagesupportError as exc:
        for line in exc.lines():
            err.print(f"error: {line}", markup=False)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        err.print("aborted", markup=False)
        return EXIT_INPUT
    except TyperException as exc:  # usage errors: bad option, missing argument, no such command
        show = getattr(exc, "show", None)
        if callable(show):
            show(file=sys.stderr)
        else:
            err.print(f"error: {exc.format_message()}", markup=False)
        return EXIT_INPUT
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: no traceback for the user
        err.print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in magesupport. Please report it with the command you ran "
            "(set MAGESUPPORT_DEBUG=1 to see the traceback).",
            markup=False,
        )
        import os

        if os.environ.get("MAGESUPPORT_DEBUG"):
            raise
        return EXIT_INTERNAL
    return EXIT_OK


def run() -> None:  # pragma: no cover - console script wrapper
    sys.exit(main())
