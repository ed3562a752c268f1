"""Alembic migrations of the ticket store (run on open by `sla.store.open_store`)."""
