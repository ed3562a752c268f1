"""The non-ticket inputs the SLA engines read: time entries and invoice lines, as plain columns.

`sla/sources/records.py` reads them from CSV files; the hours ledger, the invoice check and the calibration
take them from there without knowing where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from magesupport.sla.frame import FloatArray


@dataclass
class TimeEntries:
    ticket: list[str]
    start: FloatArray
    minutes: FloatArray
    billable: np.ndarray
    kind: list[str]  # "" when the file does not say
    severity: list[str]  # "" when the file does not say
    lines: list[int]


@dataclass
class InvoiceLines:
    month: list[str]
    item: list[str]
    hours: list[float | None]
    amount: list[float]
    description: list[str]
    lines: list[int]
