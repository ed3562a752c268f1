"""The SLA layer's errors: bad exports, bad stores."""

from __future__ import annotations

from magesupport.domain.errors import InputError, MagesupportError


class SlaImportError(InputError):
    """An export (tickets, time entries, invoice, uptime log) has bad rows or cannot be read."""


class SlaStoreError(MagesupportError):
    """The ticket store cannot be opened or written (bad URL, unreachable server, newer schema)."""
