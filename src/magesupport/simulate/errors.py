"""The simulation layer's base error."""

from __future__ import annotations

from magesupport.domain.errors import UsageError


class SimulationError(UsageError):
    """The simulation cannot run as asked (e.g. an unknown baseline package or too few years)."""
