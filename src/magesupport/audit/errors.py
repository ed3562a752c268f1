"""The audit layer's base error: bad input the user gave us (a vulnerability list, a manifest, a root)."""

from __future__ import annotations

from magesupport.domain.errors import InputError


class AuditError(InputError):
    """An audit input (root folder, --vulndb, --osv, manifest, facts file) is missing or invalid."""
