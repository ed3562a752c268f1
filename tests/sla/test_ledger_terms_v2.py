"""The SLA hours ledger under the v2 terms: seasonal included hours by calendar month, surcharge windows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from tests.conftest import make_package

from magesupport.sla.hours import bill_months
from magesupport.sla.records import TimeEntries

LONDON = ZoneInfo("Europe/London")


def entries(rows: list[tuple[datetime, int]]) -> TimeEntries:
    return TimeEntries(
        ticket=[f"T{i}" for i in range(len(rows))],
        start=np.array([when.timestamp() for when, _ in rows]),
        minutes=np.array([minutes for _, minutes in rows]),
        billable=np.ones(len(rows), dtype=bool),
        kind=[""] * len(rows),
        severity=[""] * len(rows),
        lines=list(range(2, len(rows) + 2)),
    )


def test_a_november_ledger_uses_novembers_included_hours():
    package = make_package(
        model="retainer",
        pricing={"monthly_fee": 3000, "included_hours": {"default": 40, "nov": 80}, "overflow_rate": 100},
    )
    work = entries(
        [
            (datetime(2026, 11, 3, 10, tzinfo=LONDON), 60 * 60),
            (datetime(2026, 12, 3, 10, tzinfo=LONDON), 60 * 60),
        ]
    )
    run = bill_months(package, work, (2026, 11), 2, "Europe/London", "Europe/London", {})
    november, december = run.months
    assert (november.included_hours, december.included_hours) == (80.0, 40.0)
    assert (november.overflow_hours, december.overflow_hours) == (0.0, pytest.approx(20.0))


def test_a_friday_evening_entry_pays_the_weekend_window():
    package = make_package(
        provider={"name": "X", "timezone": "Europe/London"},
        pricing={
            "hourly_rate": 100,
            "surcharges": [{"when": {"from": "fri 17:00", "to": "mon 08:00"}, "multiplier": 2}],
        },
    )
    friday_18 = datetime(2026, 10, 9, 18, tzinfo=LONDON)  # a Friday
    friday_16 = datetime(2026, 10, 9, 16, tzinfo=LONDON)
    run = bill_months(
        package,
        entries([(friday_18, 60), (friday_16, 60)]),
        (2026, 10),
        1,
        "Europe/London",
        "Europe/London",
        {},
    )
    assert run.months[0].hourly_cost == pytest.approx(2 * 100 + 100)
    assert run.months[0].surcharged_entries == 1
