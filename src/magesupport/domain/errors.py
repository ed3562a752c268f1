"""One base error per layer, all under MagesupportError.

The CLI turns these into a message and an exit code; nothing below the CLI prints or exits.
"""

from __future__ import annotations


class MagesupportError(Exception):
    """Base of every error the tool raises on purpose (bad input, bad usage)."""

    exit_code = 2

    def lines(self) -> list[str]:
        """The user-facing lines of this error, one problem per line."""
        return [str(self)]


class Problem:
    """One problem found in one input file: rendered as `file:line: field: message`."""

    __slots__ = ("field", "file", "line", "message")

    def __init__(self, file: str, line: int | None, field: str, message: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self!s})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class InputError(MagesupportError):
    """Bad input: one or more problems, each naming its file, line and field."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", None, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class WorkspaceError(InputError):
    """A workspace (store.yaml, quotes/*.yaml) is missing or invalid."""


class UsageError(MagesupportError):
    """The command was called in a way that cannot work (bad option combination, missing file)."""


# One base error per layer and area. They live here, beside their bases, so that any layer can raise its
# own without importing another layer; the CLI maps them all to exit code 2 (MagesupportError.exit_code).


class InputFileError(InputError):
    """A file the user gave us cannot be read as what it claims to be (encoding, CSV structure, size)."""


class CalendarError(MagesupportError):
    """A calendar query outside the range the calendar was built for, or an impossible calendar."""


class SimulationError(UsageError):
    """The simulation cannot run as asked (e.g. an unknown baseline package or too few years)."""


class ReviewError(InputError):
    """A review was asked for something the workspace does not have (e.g. an unknown quote id)."""


class AuditError(InputError):
    """An audit input (root folder, --vulndb, --osv, manifest, facts file) is missing or invalid."""


class WatchError(InputError):
    """A log, deploy-times file or state file that cannot be used (names file, line and field)."""


class SlaImportError(InputError):
    """An export (tickets, time entries, invoice, uptime log) has bad rows or cannot be read."""


class SlaStoreError(MagesupportError):
    """The ticket store cannot be opened or written (bad URL, unreachable server, newer schema)."""


class SlaPullError(MagesupportError):
    """A desk's API refused or failed a pull (bad credentials, unreachable, rate limit never lifted)."""


class OutputError(UsageError):
    """An output file cannot be written as asked (missing folder, a directory, read-only, disk full)."""
