"""Timestamps of desk exports -> UTC epoch seconds (float64 arrays), column at a time.

Naive local times (no offset in the text) are read in the desk's timezone with Python's `fold=0` rule:

* an ambiguous time (the repeated hour when clocks go back) is the FIRST occurrence, the one still on
  summer time: 01:30 on 1 Nov 2026 in America/New_York is 05:30 UTC;
* a time that does not exist (inside the hour skipped when clocks go forward) is shifted forward by the
  gap: 02:30 on 8 Mar 2026 in America/New_York is read as 03:30 EDT (07:30 UTC).

Times with an offset (`+01:00`, `Z`, `+0100`) are taken as written. Offsets of naive times are computed
once per distinct local hour, so a million values localise in well under a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

ISO = "iso"
JIRA = "jira"  # 12/Mar/26 3:04 PM, and the same in the other UI languages (12/ene/26 15:04, 12/Mär/26 ...)

Parser = Callable[[str], tuple[float, bool]]  # text -> (seconds, whether it carried an offset)

# month abbreviations of Jira's date format in English, Spanish, German, French, Portuguese, Italian, Dutch
# (accents and dots dropped; no abbreviation means two different months in two languages)
_MONTH_NAMES = (
    ("jan", "ene", "gen", "janv", "janeiro", "enero", "januar", "janvier", "gennaio", "januari"),
    ("feb", "fev", "fevr", "febr", "febrero", "februar", "fevrier", "fevereiro", "febbraio", "februari"),
    ("mar", "mrz", "mar", "mars", "mrt", "marzo", "marz", "marco", "maart", "march"),
    ("apr", "abr", "avr", "abril", "april", "avril", "aprile"),
    ("may", "mai", "mag", "mei", "mayo", "maio", "maggio"),
    ("jun", "juin", "giu", "junio", "juni", "junho", "giugno", "june"),
    ("jul", "juil", "lug", "julio", "juli", "juillet", "julho", "luglio", "july"),
    ("aug", "ago", "aout", "agosto", "august", "augustus"),
    ("sep", "sept", "set", "septiembre", "september", "septembre", "setembro", "settembre"),
    ("oct", "okt", "out", "ott", "octubre", "oktober", "octobre", "outubro", "ottobre"),
    ("nov", "noviembre", "november", "novembre", "novembro"),
    ("dec", "dic", "dez", "déc", "diciembre", "dezember", "decembre", "dezembro", "dicembre", "december"),
)
_MONTHS = {name: i + 1 for i, names in enumerate(_MONTH_NAMES) for name in names}
_AM = {"am", "a.m.", "a. m.", "vorm.", "vorm", "a.m", "a. m"}
_PM = {"pm", "p.m.", "p. m.", "nachm.", "nachm", "p.m", "p. m"}
_JIRA_RE = re.compile(
    r"^(\d{1,2})[/ .-]([^\W\d_]{3,10})\.?[/ .-](\d{2}|\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([^\d]*)$"
)
_DOTTED_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$")
NULLS = {"-", "null", "None", "NULL", "?", "n/a", "N/A"}
_SPACE_OFFSET_RE = re.compile(r"^(.*\d) ?(UTC|GMT)?([+-]\d{2}:?\d{2})$")
_EPOCH = datetime(1970, 1, 1)


class TimeParseError(ValueError):
    """One value that is not a time in the expected format."""


def _naive_seconds(moment: datetime) -> float:
    return (moment - _EPOCH).total_seconds()


def parse_iso(text: str) -> tuple[float, bool]:
    """(seconds, aware): UTC epoch when the text has an offset, naive local seconds otherwise."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        match = _SPACE_OFFSET_RE.match(value)  # "2026-03-12 15:04:05 +0100", "2026-03-12 15:04 UTC+01:00"
        if match is None:
            if value.endswith((" UTC", " GMT")):
                moment = _fromiso(value[:-4]).replace(tzinfo=UTC)
                return moment.timestamp(), True
            raise TimeParseError(f"expected a time like 2026-03-12 15:04:05, got {text!r}") from None
        moment = _fromiso(match.group(1) + match.group(3))
    if moment.tzinfo is not None:
        return moment.timestamp(), True
    return _naive_seconds(moment), False


def _fromiso(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise TimeParseError(f"expected a time like 2026-03-12 15:04:05, got {value!r}") from None


def _month(name: str) -> int | None:
    key = unicodedata.normalize("NFKD", name.lower())
    key = "".join(c for c in key if not unicodedata.combining(c)).rstrip(".")
    return _MONTHS.get(key)


def parse_jira(text: str) -> tuple[float, bool]:
    """Jira's export format `12/Mar/26 3:04 PM` in any of its UI languages (`12/ene/26 3:04 p. m.`,
    `12/Mär/26 15:04`, `12.03.26 15:04`); ISO times too. Naive local time."""
    value = " ".join(text.strip().split())
    dotted = _DOTTED_RE.match(value)
    match = _JIRA_RE.match(value)
    if dotted is not None:
        day, mon, year, hour, minute, second = dotted.groups()
        month: int | None = int(mon)
        half = ""
    elif match is not None:
        day, mon, year, hour, minute, second, half = match.groups()
        month = _month(mon)
    else:
        return parse_iso(text)  # some Jira sites export ISO times
    half = half.strip().lower()
    hour_i = int(hour)
    twelve = half in _AM or half in _PM
    if month is None or (half and not twelve) or (twelve and not 1 <= hour_i <= 12):
        raise TimeParseError(f"expected a Jira time like 12/Mar/26 3:04 PM, got {text!r}")
    if twelve:
        hour_i = hour_i % 12 + (12 if half in _PM else 0)
    year_i = int(year) + (2000 if len(year) == 2 else 0)
    try:
        moment = datetime(year_i, month, int(day), hour_i, int(minute), int(second or 0))
    except ValueError:
        raise TimeParseError(f"not a real date in {text!r}") from None
    return _naive_seconds(moment), False


def strptime_parser(fmt: str) -> Parser:
    def parse(text: str) -> tuple[float, bool]:
        try:
            moment = datetime.strptime(text.strip(), fmt)
        except ValueError:
            raise TimeParseError(f"expected a time in the format {fmt}, got {text!r}") from None
        if moment.tzinfo is not None:
            return moment.timestamp(), True
        return _naive_seconds(moment), False

    return parse


def parser_for(fmt: str | None) -> Parser:
    if fmt is None or fmt == ISO:
        return parse_iso
    if fmt == JIRA:
        return parse_jira
    return strptime_parser(fmt)


def _offset_seconds(zone: ZoneInfo, naive: float) -> float:
    local = _EPOCH + timedelta(seconds=naive)
    offset = local.replace(tzinfo=zone, fold=0).utcoffset()
    return offset.total_seconds() if offset is not None else 0.0


def localize(naive: FloatArray, timezone: str) -> FloatArray:
    """Naive local seconds (as if the wall clock were UTC) -> UTC epoch seconds, fold=0 (module docstring)."""
    naive = np.asarray(naive, dtype=np.float64)
    if naive.size == 0 or timezone == "UTC":
        return naive.copy()
    zone = ZoneInfo(timezone)
    out = np.full(naive.shape, np.nan)
    ok = ~np.isnan(naive)
    values = naive[ok]
    hours = np.floor(values / 3600.0)
    unique, inverse = np.unique(hours, return_inverse=True)
    start_off = np.array([_offset_seconds(zone, h * 3600.0) for h in unique])
    end_off = np.array([_offset_seconds(zone, h * 3600.0 + 3599.0) for h in unique])
    offsets = start_off[inverse]
    mixed = (start_off != end_off)[inverse]  # an hour with a sub-hour transition (rare): value by value
    if mixed.any():
        offsets[mixed] = [_offset_seconds(zone, v) for v in values[mixed]]
    out[ok] = values - offsets
    return out


def parse_times(
    values: Sequence[str], timezone: str, fmt: str | None = None
) -> tuple[FloatArray, dict[int, str]]:
    """Parse a column: UTC epoch seconds (NaN for empty cells) and {index: problem} for bad values."""
    parse = parser_for(fmt)
    n = len(values)
    naive = np.full(n, np.nan)
    aware = np.full(n, np.nan)
    bad: dict[int, str] = {}
    for index, text in enumerate(values):
        if not text or not text.strip() or text.strip() in NULLS:
            continue
        try:
            seconds, is_aware = parse(text)
        except TimeParseError as exc:
            bad[index] = str(exc)
            continue
        if is_aware:
            aware[index] = seconds
        else:
            naive[index] = seconds
    result = localize(naive, timezone)
    has_aware = ~np.isnan(aware)
    result[has_aware] = aware[has_aware]
    return result, bad


def format_local(seconds: float, timezone: str) -> str:
    """An instant as `2026-10-02 17:10` local time (for reports)."""
    if seconds != seconds:  # NaN
        return "-"
    return datetime.fromtimestamp(seconds, tz=UTC).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
