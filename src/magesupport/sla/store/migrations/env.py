"""Alembic environment: runs on the connection `sla.store` hands over (or on sqlalchemy.url from alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from magesupport.sla.store.tables import VERSION_TABLE, Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # pragma: no cover - developers running `alembic` by hand
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as conn:
        _run(conn)
