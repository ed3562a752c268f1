"""The error boundary: every outcome of a command becomes an exit code here and nowhere else.

0 ok · 1 findings that fail a --fail-on gate · 2 bad input or usage · 3 internal error.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from typer.exceptions import TyperException

from magesupport.cli.app import FindingsGate, app
from magesupport.domain.errors import MagesupportError
from magesupport.domain.redact import redact_text
from magesupport.formats.escape import terminal_text

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _register() -> None:
    """Import the command modules; each adds its commands to `app`."""
    from magesupport.cli import audit, commands, review, sla, watch  # noqa: F401


def aliases(argv: list[str]) -> list[str]:
    """Old spellings of options, kept working but out of the help: `--output` is `--out`."""
    out: list[str] = []
    for index, arg in enumerate(argv):
        if arg == "--":
            return out + argv[index:]
        if arg == "--output":
            arg = "--out"
        elif arg.startswith("--output="):
            arg = "--out=" + arg.removeprefix("--output=")
        out.append(arg)
    return out


def _shown(message: str) -> str:
    """A message fit for the terminal: secrets in URLs redacted, control characters shown escaped."""
    return terminal_text(redact_text(message))


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and map every outcome to an exit code without a traceback."""
    _register()
    argv = aliases(sys.argv[1:] if argv is None else list(argv))
    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # data, never :100: -> emoji
    try:
        app(args=argv, prog_name="magesupport", standalone_mode=False)
    except FindingsGate as gate:
        if str(gate):
            err.print(_shown(str(gate)), markup=False)
        return EXIT_FINDINGS
    except MagesupportError as exc:
        for line in exc.lines():
            err.print(f"error: {_shown(line)}", markup=False)
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
            err.print(f"error: {_shown(exc.format_message())}", markup=False)
        return EXIT_INPUT
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: no traceback for the user
        err.print(
            f"internal error: {type(exc).__name__}: {_shown(str(exc))}\n"
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
