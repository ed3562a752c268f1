"""The one CSV reader: a file (or text) into columns, every record keeping the line it starts on.

Problems are raised as `error` (each area passes its own: SlaImportError, AuditError, ...), naming file and line.

Real exports carry what a naive reader trips on, so: records are split only on CR, LF and CRLF (the csv module's
own rule, `newline=""`), never on U+2028, U+2029, a vertical tab or a form feed inside a cell; a cell may be
as long as the file (a pasted stack trace); UTF-8 with or without a byte-order mark, else Windows-1252 (what
Excel writes on Windows), said in `encoding`; comma, semicolon or tab, the one the header uses most.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from magesupport.domain.errors import InputError, InputFileError, Problem

MAX_SHOWN = 50  # problems listed before "... and N more"


def norm(name: str) -> str:
    return " ".join(name.strip().lower().split())


@dataclass
class CsvTable:
    display: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # line of each row's first physical line (1-based; the header is line 1)
    error: type[InputError] = InputFileError
    encoding: str = "utf-8"

    def index_of(self, *names: str) -> int | None:
        """Position of the first column whose name (case and spacing ignored) is one of `names`."""
        wanted = [norm(n) for n in names]
        normed = [norm(h) for h in self.header]
        for name in wanted:
            if name in normed:
                return normed.index(name)
        return None

    def indexes_of(self, name: str) -> list[int]:
        """Every column called `name` (Jira repeats `Comment`)."""
        return [i for i, h in enumerate(self.header) if norm(h) == norm(name)]

    def column(self, index: int | None) -> list[str]:
        if index is None:
            return [""] * len(self.rows)
        return [row[index] if index < len(row) else "" for row in self.rows]

    def missing(self, what: str, *names: str) -> Problem | None:
        if self.index_of(*names) is not None:
            return None
        shown = " or ".join(repr(n) for n in names)
        columns = ", ".join(self.header[:12]) + (", ..." if len(self.header) > 12 else "")
        return Problem(self.display, 1, what, f"no column {shown} in the header (columns: {columns})")

    def require(self, what: str, *names: str) -> int:
        index = self.index_of(*names)
        if index is None:
            raise self.error([self.missing(what, *names)])  # type: ignore[list-item]
        return index

    def require_all(self, columns: dict[str, str | None]) -> None:
        """Raise one error listing every configured column the header lacks."""
        problems = [self.missing(what, name) for what, name in columns.items() if name]
        found = [p for p in problems if p is not None]
        if found:
            raise self.error(found)


def read_text(path: Path, display: str, error: type[InputError] = InputFileError) -> tuple[str, str]:
    """(text, encoding) of a file: UTF-8 (a byte-order mark dropped), else Windows-1252."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error([Problem(display, None, "", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first = exc
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        raise error(
            [
                Problem(
                    display,
                    None,
                    "",
                    f"neither UTF-8 nor Windows-1252 text ({first.reason} at byte {first.start}); "
                    "export as UTF-8 CSV",
                )
            ]
        ) from None


def read_csv(path: Path, display: str, error: type[InputError] = InputFileError) -> CsvTable:
    """Read a whole CSV (UTF-8 with or without BOM, else Windows-1252; comma, semicolon or tab)."""
    text, encoding = read_text(path, display, error)
    table = parse_csv(text, display, error)
    table.encoding = encoding
    return table


def _lift_field_limit() -> None:
    """A cell may be as long as the file: the csv module's 128 KiB default rejects pasted logs."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:  # a C long narrower than Py_ssize_t (Windows)
            limit //= 2


def parse_csv(text: str, display: str, error: type[InputError] = InputFileError) -> CsvTable:
    """CSV text into a table (the delimiter is the one the header uses most)."""
    _lift_field_limit()
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        header = next(reader)
    except StopIteration:
        raise error([Problem(display, 1, "", "empty file: expected a header row")]) from None
    except csv.Error as exc:
        raise error([Problem(display, 1, "", f"CSV: {exc}")]) from None
    last = reader.line_num
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(last + 1)
            last = reader.line_num
    except csv.Error as exc:
        raise error([Problem(display, last + 1, "", f"CSV: {exc}")]) from None
    return CsvTable(display, header, rows, lines, error)


def raise_problems(problems: list[Problem], error: type[InputError] = InputFileError) -> None:
    """Raise `error` with at most MAX_SHOWN problems (and a count of the rest)."""
    if not problems:
        return
    shown = problems[:MAX_SHOWN]
    if len(problems) > MAX_SHOWN:
        shown.append(
            Problem(problems[0].file, None, "", f"... and {len(problems) - MAX_SHOWN} more bad rows")
        )
    raise error(shown)
