"""Checks: pure functions from an Installation snapshot (and reference data) to findings."""
