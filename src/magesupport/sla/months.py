"""Calendar months in a timezone: `2026-10` labels and their UTC boundaries."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.domain.errors import UsageError
from magesupport.sla.frame import FloatArray, IntArray

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise UsageError(f"expected a month like 2026-10, got {text!r}")
    return int(match[1]), int(match[2])


def label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def month_start(year: int, month: int, timezone: str) -> float:
    return datetime(year, month, 1, tzinfo=ZoneInfo(timezone)).timestamp()


def boundaries(first: tuple[int, int], count: int, timezone: str) -> FloatArray:
    """count + 1 instants: the start of each month from `first`, and the end of the last."""
    return np.array([month_start(*add_months(*first, k), timezone) for k in range(count + 1)])


def month_of(seconds: float, timezone: str) -> tuple[int, int]:
    local = datetime.fromtimestamp(seconds, ZoneInfo(timezone))
    return local.year, local.month


def month_index(times: FloatArray, first: tuple[int, int], count: int, timezone: str) -> IntArray:
    """0-based month of each instant from `first` (-1 before it, `count` after the last)."""
    edges = boundaries(first, count, timezone)
    return (np.searchsorted(edges, times, side="right") - 1).astype(np.int64)


def months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] * 12 + b[1]) - (a[0] * 12 + a[1])
