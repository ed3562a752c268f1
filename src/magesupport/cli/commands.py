"""Top-level commands. Sub-groups (audit, sla, watch) register themselves in their own modules."""

from __future__ import annotations
