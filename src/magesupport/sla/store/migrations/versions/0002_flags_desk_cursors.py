"""What the export could not tell (flags), the desk's own SLA figures, pull cursors, a (source, created) index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-06-02

Idempotent: each step checks what the database already has, so a store upgraded half-way by hand (or twice)
comes out the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DOUBLE = sa.Float(53)
def ticket_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("flags", sa.SmallInteger(), nullable=False, server_default="0"),
        sa.Column("desk_response_min", DOUBLE, nullable=True),
        sa.Column("desk_resolution_min", DOUBLE, nullable=True),
        sa.Column("desk_response_met", sa.SmallInteger(), nullable=False, server_default="-1"),
        sa.Column("desk_resolution_met", sa.SmallInteger(), nullable=False, server_default="-1"),
    ]


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    have = {c["name"] for c in inspector.get_columns("sla_tickets")}
    missing = [c for c in ticket_columns() if c.name not in have]
    if missing:
        with op.batch_alter_table("sla_tickets") as batch:
            for column in missing:
                batch.add_column(column)
    indexes = {i["name"] for i in inspector.get_indexes("sla_tickets")}
    if "ix_sla_tickets_source_created" not in indexes:
        op.create_index("ix_sla_tickets_source_created", "sla_tickets", ["source", "created"])
    if not inspector.has_table("sla_cursors"):
        op.create_table(
            "sla_cursors",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("source", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("value", sa.String(), nullable=False),
            sa.Column("updated_at", DOUBLE, nullable=False),
            sa.UniqueConstraint("source", "name", name="uq_sla_cursors_source_name"),
        )


def downgrade() -> None:
    op.drop_table("sla_cursors")
    op.drop_index("ix_sla_tickets_source_created", table_name="sla_tickets")
    with op.batch_alter_table("sla_tickets") as batch:
        for column in ticket_columns():
            batch.drop_column(column.name)
