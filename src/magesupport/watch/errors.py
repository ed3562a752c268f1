"""The base error of the watch layer."""

from __future__ import annotations

from magesupport.domain.errors import InputError


class WatchError(InputError):
    """A log, deploy-times file or state file that cannot be used (names file, line and field)."""
