"""The review rules, one module per topic; importing this package registers them all."""

from __future__ import annotations

from magesupport.review.rules import (  # noqa: F401  (imported for their registrations)
    continuity,
    contract,
    cost,
    market,
    provider,
    quality,
    security,
    sla,
    terms,
    versions,
)
