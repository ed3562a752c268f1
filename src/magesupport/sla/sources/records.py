"""Readers of the non-ticket CSVs: time entries, invoices, uptime-monitor down intervals.

Each returns plain columns (the types of `sla/records.py`, or arrays) and raises SlaImportError listing every
bad row as file:line: field: message.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from magesupport.domain.errors import Problem, SlaImportError
from magesupport.files.csv_file import raise_problems, read_csv
from magesupport.sla.frame import FloatArray
from magesupport.sla.months import parse_month
from magesupport.sla.records import InvoiceLines, TimeEntries
from magesupport.sla.sources.common import parse_times

TRUE = {"1", "true", "yes", "y", "billable", "x"}
FALSE = {"0", "false", "no", "n", "non-billable", "nonbillable", ""}
KINDS = {"incident", "maintenance", "development", "question"}


def _number(text: str) -> float:
    return float(text.strip().replace(",", ""))


def read_time_entries(path: Path, timezone: str, display: str | None = None) -> TimeEntries:
    """Columns: ticket, start, minutes, billable; optional kind (incident, maintenance, ...) and severity."""
    display = display or str(path)
    table = read_csv(path, display, SlaImportError)
    table.require_all({"ticket": "ticket", "start": "start", "minutes": "minutes", "billable": "billable"})
    start, bad_start = parse_times(table.column(table.index_of("start")), timezone)
    problems = [Problem(display, table.lines[r], "start", m) for r, m in bad_start.items()]
    minutes = np.zeros(len(table.rows))
    billable = np.zeros(len(table.rows), dtype=bool)
    kinds = [k.strip().lower() for k in table.column(table.index_of("kind"))]
    for row, (text, flag, kind) in enumerate(
        zip(
            table.column(table.index_of("minutes")),
            table.column(table.index_of("billable")),
            kinds,
            strict=True,
        )
    ):
        line = table.lines[row]
        try:
            minutes[row] = _number(text)
            if minutes[row] < 0:
                problems.append(Problem(display, line, "minutes", f"negative minutes: {text!r}"))
        except ValueError:
            problems.append(Problem(display, line, "minutes", f"expected a number of minutes, got {text!r}"))
        if flag.strip().lower() in TRUE:
            billable[row] = True
        elif flag.strip().lower() not in FALSE:
            problems.append(Problem(display, line, "billable", f"expected yes or no, got {flag!r}"))
        if kind and kind not in KINDS:
            problems.append(
                Problem(display, line, "kind", f"expected one of {', '.join(sorted(KINDS))}, got {kind!r}")
            )
        if start[row] != start[row] and row not in bad_start:
            problems.append(Problem(display, line, "start", "empty start time"))
    problems.sort(key=lambda p: p.line or 0)
    raise_problems(problems, SlaImportError)
    return TimeEntries(
        ticket=[t.strip() for t in table.column(table.index_of("ticket"))],
        start=start,
        minutes=minutes,
        billable=billable,
        kind=kinds,
        severity=[s.strip().upper() for s in table.column(table.index_of("severity"))],
        lines=table.lines,
    )


ITEMS = {"fee", "overflow", "hourly", "out_of_scope", "tickets", "blocks", "minimum", "credit", "onboarding"}


def read_invoice(path: Path, display: str | None = None) -> InvoiceLines:
    """Columns: month (2026-10), item (fee, overflow, hourly, ...), hours (may be empty), amount; description."""
    display = display or str(path)
    table = read_csv(path, display, SlaImportError)
    table.require_all({"month": "month", "item": "item", "amount": "amount"})
    problems: list[Problem] = []
    months, items, hours, amounts = [], [], [], []
    columns = zip(
        table.column(table.index_of("month")),
        table.column(table.index_of("item")),
        table.column(table.index_of("hours")),
        table.column(table.index_of("amount")),
        strict=True,
    )
    for row, (month, item, hour, amount) in enumerate(columns):
        line = table.lines[row]
        try:
            parse_month(month)
        except Exception as exc:
            problems.append(Problem(display, line, "month", str(exc)))
        key = item.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in ITEMS:
            problems.append(
                Problem(display, line, "item", f"expected one of {', '.join(sorted(ITEMS))}, got {item!r}")
            )
        try:
            hours.append(_number(hour) if hour.strip() else None)
        except ValueError:
            problems.append(Problem(display, line, "hours", f"expected a number of hours, got {hour!r}"))
            hours.append(None)
        try:
            amounts.append(_number(amount))
        except ValueError:
            problems.append(Problem(display, line, "amount", f"expected an amount, got {amount!r}"))
            amounts.append(0.0)
        months.append(month.strip())
        items.append(key)
    raise_problems(problems, SlaImportError)
    return InvoiceLines(
        months, items, hours, amounts, table.column(table.index_of("description")), table.lines
    )


def read_downtime(path: Path, timezone: str, display: str | None = None) -> tuple[FloatArray, FloatArray]:
    """Down intervals: columns start and end, or start and duration_minutes (UptimeRobot: Duration (in mins.))."""
    display = display or str(path)
    table = read_csv(path, display, SlaImportError)
    start_col = table.require("start", "start", "started", "Date-Time", "down at")
    start, bad_start = parse_times(table.column(start_col), timezone)
    problems = [Problem(display, table.lines[r], "start", m) for r, m in bad_start.items()]
    end_col = table.index_of("end", "ended", "up at")
    if end_col is not None:
        end, bad_end = parse_times(table.column(end_col), timezone)
        problems += [Problem(display, table.lines[r], "end", m) for r, m in bad_end.items()]
    else:
        minutes_col = table.require("end", "end", "duration_minutes", "Duration (in mins.)", "minutes")
        end = np.full(len(table.rows), np.nan)
        for row, text in enumerate(table.column(minutes_col)):
            try:
                end[row] = start[row] + _number(text) * 60.0
            except ValueError:
                problems.append(
                    Problem(display, table.lines[row], "duration_minutes", f"expected minutes, got {text!r}")
                )
    for row in range(len(table.rows)):
        if np.isnan(start[row]) or np.isnan(end[row]):
            if not any(p.line == table.lines[row] for p in problems):
                problems.append(
                    Problem(display, table.lines[row], "", "a down interval needs a start and an end")
                )
        elif end[row] < start[row]:
            problems.append(Problem(display, table.lines[row], "end", "ends before it starts"))
    problems.sort(key=lambda p: p.line or 0)
    raise_problems(problems, SlaImportError)
    return start, end
