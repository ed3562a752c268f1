"""Helpers every desk importer shares: header look-up with aliases, minutes, whole numbers, JSON files."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from magesupport.domain.errors import Problem, SlaImportError
from magesupport.files.csv_file import CsvTable, read_text
from magesupport.sla.sources.interface import ImportOptions, RawTickets
from magesupport.sla.timeparse import FloatArray
from magesupport.sla.timeparse import parse_times as parse_any_times

# Explore and BI tools prefix a metric with its aggregator: "SUM(Reopens)", "AVG First reply time (min)"
_AGGREGATE = re.compile(r"^(?:sum|avg|med|median|count|max|min)\s*(?:\((.*)\)|\s(.*))$")


def plain(name: str) -> str:
    """A header name compared loosely: case, spacing, accents and an aggregator prefix ignored."""
    text = " ".join(name.replace("\ufeff", "").strip().lower().split())
    match = _AGGREGATE.match(text)
    if match:
        text = (match.group(1) or match.group(2) or "").strip()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def find(table: CsvTable, options: ImportOptions, what: str, *names: str) -> int | None:
    """Column of field `what`: store.yaml's names for it first (sla.columns), then the desk's `names`."""
    headers = [plain(h) for h in table.header]
    for name in options.names(what, *names):
        key = plain(name)
        if key in headers:
            return headers.index(key)
    return None


def need(table: CsvTable, options: ImportOptions, what: str, *names: str) -> int:
    index = find(table, options, what, *names)
    if index is None:
        shown = options.names(what, *names)
        raise SlaImportError([table.missing(what, *shown[:6])])  # type: ignore[list-item]
    return index


def times(
    table: CsvTable, index: int | None, options: ImportOptions, fmt: str | None = None
) -> tuple[FloatArray, dict[int, str]]:
    return parse_times(table.column(index), options.timezone, options.time_format or fmt)


def parse_times(
    values: Sequence[str], timezone: str, fmt: str | None = None
) -> tuple[FloatArray, dict[int, str]]:
    """`sla.timeparse.parse_times` with the documented range: a time outside 1970-2099 is a bad value."""
    parsed, bad = parse_any_times(values, timezone, fmt)
    return bounded_times(parsed, bad, values)


# documented ranges (docs/workspace-format.md "Ranges"): ticket times from 1970 to 2099, durations up to
# ten years, counts up to a million
TIME_MIN, TIME_MAX = 0.0, 4_102_444_800.0  # 1970-01-01 .. 2100-01-01 UTC
MINUTES_MAX = 10 * 365.25 * 24 * 60
COUNT_MAX = 1_000_000


def bounded_times(
    values: FloatArray, bad: dict[int, str], texts: Sequence[str]
) -> tuple[FloatArray, dict[int, str]]:
    """Times outside 1970-2099 are bad values of their row (never a timestamp nothing can show)."""
    out = np.asarray(values, dtype=float)
    outside = np.flatnonzero(~np.isnan(out) & ((out < TIME_MIN) | (out >= TIME_MAX)))
    if outside.size:
        out = out.copy()
        bad = dict(bad)
        for row in outside.tolist():
            out[row] = np.nan
            bad.setdefault(row, f"a time outside 1970-2099: {texts[row]!r}")
    return out, bad


def minutes(values: Sequence[str], raw: RawTickets, field_name: str, scale: float = 1.0) -> np.ndarray:
    """Numbers of minutes (or hours with scale=60); bad values flag their row."""
    out = np.full(len(values), np.nan)
    for row, text in enumerate(values):
        text = (text or "").strip()
        if not text or text in {"-", "?", "null", "None"}:
            continue
        try:
            out[row] = float(text.replace(",", "")) * scale
        except ValueError:
            raw.flag(
                row, field_name, f"expected a number of {'hours' if scale == 60 else 'minutes'}, got {text!r}"
            )
            continue
        if out[row] < 0:
            raw.flag(row, field_name, f"a negative duration: {text!r}")
        elif not out[row] <= MINUTES_MAX:  # NaN and infinity too
            raw.flag(row, field_name, f"a duration over ten years: {text!r}")
            out[row] = np.nan
    return out


def whole(text: object) -> int:
    """A count (reopens): 0 when absent or unreadable, and when not finite or over COUNT_MAX."""
    try:
        number = float(str(text)) if str(text).strip() not in {"", "None", "?"} else 0.0
    except ValueError:
        return 0
    return int(number) if 0 <= number <= COUNT_MAX else 0


def text(value: Any) -> str:
    return "" if value is None else str(value)


def json_objects(path: Path, display: str) -> tuple[list[tuple[int, Any]], str, str]:
    """(line, value) of a JSON file: one document, or one per line (NDJSON); the text; the encoding."""
    body, encoding = read_text(path, display, SlaImportError)
    stripped = body.strip()
    if not stripped:
        raise SlaImportError([Problem(display, 1, "", "empty file: expected JSON")])
    if stripped[0] not in "[{":
        raise SlaImportError([Problem(display, 1, "", "not JSON: expected an object or an array")])
    try:
        return [(body[: body.find(stripped[0])].count("\n") + 1, json.loads(body))], body, encoding
    except json.JSONDecodeError as whole_error:
        if "\n{" not in stripped:
            raise SlaImportError(
                [Problem(display, whole_error.lineno, "", f"JSON: {whole_error.msg}")]
            ) from None
    items = []
    for number, line in enumerate(body.split("\n"), start=1):  # not splitlines: U+2028 is JSON text
        if line.strip():
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise SlaImportError([Problem(display, number, "", f"JSON: {exc.msg}")]) from None
    return items, body, encoding


def element_lines(body: str, key: str, count: int) -> list[int]:
    """Line of each element of the list under `key` (decoded one by one); line 1 when not found."""
    match = re.search(r'"' + re.escape(key) + r'"\s*:\s*\[' if key else r"^\s*\[", body)
    if match is None:
        return [1] * count
    decoder = json.JSONDecoder()
    pos, lines = match.end(), list[int]()
    while len(lines) < count:
        while pos < len(body) and body[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(body) or body[pos] == "]":
            break
        lines.append(body.count("\n", 0, pos) + 1)
        try:
            pos = decoder.raw_decode(body, pos)[1]
        except json.JSONDecodeError:
            break
    return lines + [lines[-1] if lines else 1] * (count - len(lines))


def drop_deleted(raw: RawTickets) -> RawTickets:
    """Raw columns without the tickets whose status is `deleted` (counted in raw.deleted)."""
    gone = [row for row, s in enumerate(raw.status) if s.strip().lower() == "deleted"]
    if not gone:
        return raw
    keep = np.ones(len(raw.ticket_ids), dtype=bool)
    keep[gone] = False
    index = np.nonzero(keep)[0]
    new_pos = {int(old): new for new, old in enumerate(index)}

    def pick(values: list) -> list:  # type: ignore[type-arg]
        return [values[i] for i in index]

    raw.lines, raw.ticket_ids, raw.priorities, raw.status = (
        pick(raw.lines),
        pick(raw.ticket_ids),
        pick(raw.priorities),
        pick(raw.status),
    )
    raw.created, raw.first_response, raw.resolved = (
        raw.created[keep],
        raw.first_response[keep],
        raw.resolved[keep],
    )
    if raw.reopens is not None:
        raw.reopens = pick(raw.reopens)
    if raw.done is not None:
        raw.done = pick(raw.done)
    if raw.status_time is not None:
        raw.status_time = raw.status_time[keep]
    raw.desk = {k: v[keep] for k, v in raw.desk.items()}
    if raw.unknown_response is not None:
        raw.unknown_response = raw.unknown_response[keep]
    files = getattr(raw, "files", None)
    if files:
        raw.files = {new_pos[r]: d for r, d in files.items() if r in new_pos}  # type: ignore[attr-defined]
    raw.bad = {new_pos[r]: p for r, p in raw.bad.items() if r in new_pos}
    pauses = [
        (new_pos[t], s, e)
        for t, s, e in zip(raw.pause_ticket, raw.pause_start, raw.pause_end, strict=True)
        if t in new_pos
    ]
    raw.pause_ticket = [p[0] for p in pauses]
    raw.pause_start = [p[1] for p in pauses]
    raw.pause_end = [p[2] for p in pauses]
    raw.deleted += len(gone)
    return raw


def is_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head[:1] in (b"{", b"[")
