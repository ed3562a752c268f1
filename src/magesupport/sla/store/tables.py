"""The ticket store's tables (SQLAlchemy 2 declarative models). Migrations in sla/migrations create them."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

VERSION_TABLE = "magesupport_sla_version"


class Base(DeclarativeBase):
    pass


class ImportRun(Base):
    """One `sla import`: which file, into which source, when, and how many rows."""

    __tablename__ = "sla_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String)
    importer: Mapped[str] = mapped_column(String)
    file: Mapped[str] = mapped_column(String)
    imported_at: Mapped[float] = mapped_column(Float(53))  # UTC epoch seconds
    rows_read: Mapped[int] = mapped_column(Integer)
    tickets: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[int] = mapped_column(Integer)


class TicketRow(Base):
    """A ticket as last imported from its source (same source and ticket id = the same ticket)."""

    __tablename__ = "sla_tickets"
    __table_args__ = (
        UniqueConstraint("source", "ticket_id", name="uq_sla_tickets_source_ticket"),
        Index("ix_sla_tickets_created", "created"),
        Index("ix_sla_tickets_source_created", "source", "created"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String)
    ticket_id: Mapped[str] = mapped_column(String)
    severity: Mapped[int] = mapped_column(SmallInteger)  # 1..4 for P1..P4
    priority: Mapped[str] = mapped_column(String)  # as the desk wrote it
    status: Mapped[str] = mapped_column(String)
    created: Mapped[float] = mapped_column(Float(53))  # UTC epoch seconds
    first_response: Mapped[float | None] = mapped_column(Float(53), nullable=True)
    resolved: Mapped[float | None] = mapped_column(Float(53), nullable=True)
    reopens: Mapped[int] = mapped_column(Integer, default=0)
    import_id: Mapped[int] = mapped_column(ForeignKey("sla_imports.id"))
    # what the export could not tell (sla/frame.py UNKNOWN_*, CLOSED_BY_STATUS)
    flags: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    # the desk's own SLA figures: minutes it counted, its verdict (1 met, 0 breached, -1 not given)
    desk_response_min: Mapped[float | None] = mapped_column(Float(53), nullable=True)
    desk_resolution_min: Mapped[float | None] = mapped_column(Float(53), nullable=True)
    desk_response_met: Mapped[int] = mapped_column(SmallInteger, default=-1, server_default="-1")
    desk_resolution_met: Mapped[int] = mapped_column(SmallInteger, default=-1, server_default="-1")


class PauseRow(Base):
    """A stretch of time when the ticket's clock stopped (awaiting customer, resolved before a reopening)."""

    __tablename__ = "sla_pauses"
    __table_args__ = (Index("ix_sla_pauses_ticket", "source", "ticket_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String)
    ticket_id: Mapped[str] = mapped_column(String)
    start: Mapped[float] = mapped_column(Float(53))
    end: Mapped[float | None] = mapped_column(Float(53), nullable=True)  # NULL: still paused


class Cursor(Base):
    """Where the last `sla pull` of a source stopped (the desk's own cursor or a time), to resume from."""

    __tablename__ = "sla_cursors"
    __table_args__ = (UniqueConstraint("source", "name", name="uq_sla_cursors_source_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(String)
    value: Mapped[str] = mapped_column(String)
    updated_at: Mapped[float] = mapped_column(Float(53))
