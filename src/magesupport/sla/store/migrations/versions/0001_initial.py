"""The ticket store: imports, tickets, pauses.

Revision ID: 0001
Revises:
Create Date: 2026-05-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

DOUBLE = sa.Float(53)


def upgrade() -> None:
    op.create_table(
        "sla_imports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("importer", sa.String(), nullable=False),
        sa.Column("file", sa.String(), nullable=False),
        sa.Column("imported_at", DOUBLE, nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
    )
    op.create_table(
        "sla_tickets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("ticket_id", sa.String(), nullable=False),
        sa.Column("severity", sa.SmallInteger(), nullable=False),
        sa.Column("priority", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created", DOUBLE, nullable=False),
        sa.Column("first_response", DOUBLE, nullable=True),
        sa.Column("resolved", DOUBLE, nullable=True),
        sa.Column("reopens", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("sla_imports.id"), nullable=False),
        sa.UniqueConstraint("source", "ticket_id", name="uq_sla_tickets_source_ticket"),
    )
    op.create_index("ix_sla_tickets_created", "sla_tickets", ["created"])
    op.create_table(
        "sla_pauses",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("ticket_id", sa.String(), nullable=False),
        sa.Column("start", DOUBLE, nullable=False),
        sa.Column("end", DOUBLE, nullable=True),
    )
    op.create_index("ix_sla_pauses_ticket", "sla_pauses", ["source", "ticket_id"])


def downgrade() -> None:
    op.drop_index("ix_sla_pauses_ticket", table_name="sla_pauses")
    op.drop_table("sla_pauses")
    op.drop_index("ix_sla_tickets_created", table_name="sla_tickets")
    op.drop_table("sla_tickets")
    op.drop_table("sla_imports")
