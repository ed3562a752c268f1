"""Documents of the SLA report, ledger, invoice check, 30-day review and calibration (see formats/sla.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from magesupport.formats.sla_doc import Doc

DOCUMENTS: dict[type, Callable[[Any], Doc]] = {}
