"""The ticket store: SQLite (a file in the workspace) or PostgreSQL, through SQLAlchemy 2.

* Opening a store runs the Alembic migrations it lacks (`sla/store/migrations`, shipped in the package).
* An import is ONE transaction: rows are staged in a temporary table (executemany on SQLite, COPY on
  PostgreSQL), then upserted by (source, ticket id) with INSERT .. ON CONFLICT DO UPDATE, and the pauses of
  those tickets replaced. Anything that goes wrong (or a killed process) leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from magesupport.domain.errors import SlaStoreError
from magesupport.domain.redact import redact_text, redact_url
from magesupport.sla.frame import TicketFrame
from magesupport.sla.store.tables import VERSION_TABLE, Cursor, ImportRun, TicketRow

BATCH = 50_000
_COLUMNS = (
    "ticket_id", "severity", "priority", "status", "created", "first_response", "resolved", "reopens", "flags",
    "desk_response_min", "desk_resolution_min", "desk_response_met", "desk_resolution_met",
)  # fmt: skip
_VALUES = _COLUMNS[1:]


def _checkpoint(stage: str) -> None:
    """A point inside the import transaction (tests make it fail to prove the rollback)."""


def database_url(value: str | Path) -> URL:
    """A URL for a database given as a file path or a URL (postgresql:// uses the psycopg 3 driver)."""
    text_value = str(value)
    if "://" not in text_value:
        return URL.create("sqlite", database=str(Path(text_value).expanduser().resolve()))
    try:
        url = make_url(_quoted_userinfo(text_value))
        port = url.port  # make_url reads the port as int(...): "abc" is a ValueError
    except (ArgumentError, ValueError):
        raise SlaStoreError(f"not a database URL: {mask(text_value)}") from None
    if port is not None and not 1 <= port <= 65535:
        raise SlaStoreError(f"not a database URL: {mask(text_value)}: port {port} is not 1-65535")
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise SlaStoreError(
            f"unsupported database {url.get_backend_name()!r}: use a SQLite file or postgresql://"
        )
    return url


def _quoted_userinfo(value: str) -> str:
    """`value` with its user and password percent-encoded: a password may hold "@", ":" or "/" as typed
    (the host starts after the last "@" of the authority); an encoded one is left as it is."""
    scheme, sep, rest = value.partition("://")
    cut = len(rest)
    for mark in ("?", "#"):
        found = rest.find(mark)
        if found >= 0:
            cut = min(cut, found)
    at = rest.rfind("@", 0, cut)
    if not sep or at < 0:
        return value
    user, colon, password = rest[:at].partition(":")
    keep = "%!$&'()*+,;="  # already percent-encoded text and sub-delims stay as they are
    userinfo = quote(user, safe=keep) + (":" + quote(password, safe=keep) if colon else "")
    return f"{scheme}://{userinfo}@{rest[at + 1 :]}"


def mask(url: str | URL) -> str:
    """A URL fit to show: the password hidden, in the authority and in the query (`?password=`)."""
    if isinstance(url, URL):
        url = url.render_as_string(hide_password=True)
    return redact_url(url)


@dataclass(frozen=True)
class ImportCounts:
    inserted: int
    updated: int
    pauses: int
    run_id: int


class Store:
    """An open ticket store (use `open_store`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.display = mask(engine.url)

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session in one transaction (committed on success, rolled back on error)."""
        with Session(self.engine) as session, session.begin():
            yield session

    # ------------------------------------------------------------------ writing

    def import_frame(
        self,
        frame: TicketFrame,
        source: str,
        importer: str,
        file: str,
        rows_read: int,
        skipped: int,
        cursors: dict[str, str] | None = None,
    ) -> ImportCounts:
        """Upsert a frame's tickets under `source`, replacing their pauses, and save the pull `cursors` of the
        source in the same transaction: all or nothing."""
        rows = _ticket_rows(frame)
        pauses = _pause_rows(frame, source)
        try:
            with self.engine.begin() as conn:
                run = conn.execute(
                    insert(ImportRun).returning(ImportRun.id),
                    {
                        "source": source,
                        "importer": importer,
                        "file": file,
                        "imported_at": time.time(),
                        "rows_read": rows_read,
                        "tickets": len(rows),
                        "skipped": skipped,
                    },
                ).scalar_one()
                self._stage(conn, rows)
                _checkpoint("staged")
                updated = conn.execute(
                    text(
                        "SELECT count(*) FROM sla_stage s JOIN sla_tickets t "
                        "ON t.source = :source AND t.ticket_id = s.ticket_id"
                    ),
                    {"source": source},
                ).scalar_one()
                columns = ", ".join(_COLUMNS)
                updates = ", ".join(f"{c} = excluded.{c}" for c in _VALUES)
                conn.execute(
                    text(
                        f"INSERT INTO sla_tickets (source, {columns}, import_id) "
                        f"SELECT :source, {columns}, :run FROM sla_stage WHERE true "
                        f"ON CONFLICT (source, ticket_id) DO UPDATE SET {updates}, import_id = excluded.import_id"
                    ),
                    {"source": source, "run": run},
                )
                _checkpoint("upserted")
                conn.execute(
                    text(
                        "DELETE FROM sla_pauses WHERE source = :source "
                        "AND ticket_id IN (SELECT ticket_id FROM sla_stage)"
                    ),
                    {"source": source},
                )
                if pauses:
                    conn.exec_driver_sql(
                        'INSERT INTO sla_pauses (source, ticket_id, start, "end") VALUES '
                        + ("(?, ?, ?, ?)" if self.dialect == "sqlite" else "(%s, %s, %s, %s)"),
                        pauses,
                    )
                _checkpoint("pauses")
                for name, value in (cursors or {}).items():
                    _save_cursor(conn, source, name, value)
                if self.dialect == "sqlite":
                    conn.exec_driver_sql("DROP TABLE sla_stage")
        except SQLAlchemyError as exc:
            raise SlaStoreError(f"cannot write to the store {self.display}: {_reason(exc)}") from None
        return ImportCounts(
            inserted=len(rows) - int(updated), updated=int(updated), pauses=len(pauses), run_id=run
        )

    def _stage(self, conn: Connection, rows: list[tuple[Any, ...]]) -> None:
        columns = ", ".join(_COLUMNS)
        if self.dialect == "postgresql":
            conn.exec_driver_sql(
                "CREATE TEMP TABLE sla_stage (ticket_id text, severity smallint, priority text, status text, "
                "created double precision, first_response double precision, resolved double precision, "
                "reopens integer, flags smallint, desk_response_min double precision, "
                "desk_resolution_min double precision, desk_response_met smallint, desk_resolution_met smallint) "
                "ON COMMIT DROP"
            )
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY sla_stage ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        conn.exec_driver_sql(
            "CREATE TEMP TABLE sla_stage (ticket_id TEXT PRIMARY KEY, severity INTEGER, priority TEXT, "
            "status TEXT, created REAL, first_response REAL, resolved REAL, reopens INTEGER, flags INTEGER, "
            "desk_response_min REAL, desk_resolution_min REAL, desk_response_met INTEGER, "
            "desk_resolution_met INTEGER)"
        )
        insert = f"INSERT INTO sla_stage ({columns}) VALUES ({', '.join('?' * len(_COLUMNS))})"
        for start in range(0, len(rows), BATCH):
            conn.exec_driver_sql(insert, rows[start : start + BATCH])
            _checkpoint("batch")

    # ------------------------------------------------------------------ reading

    def ticket_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(TicketRow)).scalar_one())

    def sources(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(select(TicketRow.source).distinct().order_by(TicketRow.source)).scalars()
            )

    def imports(self) -> list[ImportRun]:
        with self.session() as session:
            runs = list(session.scalars(select(ImportRun).order_by(ImportRun.id)))
            session.expunge_all()
            return runs

    def load(
        self, source: str | None = None, since: float | None = None, until: float | None = None
    ) -> TicketFrame:
        """Tickets (with their pauses) created in [since, until), from one source or all."""
        params: dict[str, Any] = {"source": source, "since": since, "until": until}

        def clause(prefix: str) -> str:
            parts = []
            if source is not None:
                parts.append(f"{prefix}source = :source")
            if since is not None:
                parts.append(f"{prefix}created >= :since")
            if until is not None:
                parts.append(f"{prefix}created < :until")
            return (" WHERE " + " AND ".join(parts)) if parts else ""

        params = {k: v for k, v in params.items() if v is not None}
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(f"SELECT source, {', '.join(_COLUMNS)} FROM sla_tickets{clause('')} ORDER BY created, id"),
                params,
            ).all()
            pause_rows = conn.execute(
                text(
                    'SELECT p.source, p.ticket_id, p.start, p."end" FROM sla_pauses p JOIN sla_tickets t '
                    f"ON t.source = p.source AND t.ticket_id = p.ticket_id{clause('t.')} ORDER BY p.id"
                ),
                params,
            ).all()
        return _frame(rows, pause_rows)


    def latest_instant(self, source: str | None = None) -> float | None:
        """The newest time the store knows of, from one source or all (the export's own "now")."""
        where = " WHERE source = :source" if source is not None else ""
        params = {"source": source} if source is not None else {}
        with self.engine.connect() as conn:
            row = conn.execute(
                text(f"SELECT max(created), max(first_response), max(resolved) FROM sla_tickets{where}"), params
            ).one()
            pause = conn.execute(
                text(f'SELECT max(start), max("end") FROM sla_pauses{where}'), params
            ).one()
        found = [float(v) for v in (*row, *pause) if v is not None]
        return max(found) if found else None

    def cursor(self, source: str, name: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(Cursor.value).where(Cursor.source == source, Cursor.name == name)
            ).scalar_one_or_none()


def _save_cursor(conn: Connection, source: str, name: str, value: str) -> None:
    conn.execute(
        text(
            "INSERT INTO sla_cursors (source, name, value, updated_at) VALUES (:source, :name, :value, :at) "
            "ON CONFLICT (source, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
        ),
        {"source": source, "name": name, "value": value, "at": time.time()},
    )


def _reason(exc: SQLAlchemyError, url: URL | None = None) -> str:
    """The driver's message, with any URL, `password=` or the URL's password in it redacted."""
    original = getattr(exc, "orig", None)
    secrets = (url.password,) if url is not None and isinstance(url.password, str) else ()
    return redact_text(" ".join(str(original or exc).split())[:300], secrets)


def _none(values: np.ndarray) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]


def _ticket_rows(frame: TicketFrame) -> list[tuple[Any, ...]]:
    return list(
        zip(
            frame.ticket_ids,
            (frame.severity.astype(np.int64) + 1).tolist(),
            frame.priority,
            frame.status,
            frame.created.tolist(),
            _none(frame.first_response),
            _none(frame.resolved),
            frame.reopens.tolist(),
            frame.flags.astype(np.int64).tolist(),  # type: ignore[union-attr]
            _none(frame.desk_response_min),  # type: ignore[arg-type]
            _none(frame.desk_resolution_min),  # type: ignore[arg-type]
            frame.desk_response_met.astype(np.int64).tolist(),  # type: ignore[union-attr]
            frame.desk_resolution_met.astype(np.int64).tolist(),  # type: ignore[union-attr]
            strict=True,
        )
    )


def _pause_rows(frame: TicketFrame, source: str) -> list[tuple[Any, ...]]:
    ids = frame.ticket_ids
    return [
        (source, ids[t], s, e)
        for t, s, e in zip(
            frame.pause_ticket.tolist(), frame.pause_start.tolist(), _none(frame.pause_end), strict=True
        )
    ]


def _frame(rows: Sequence[Any], pause_rows: Sequence[Any]) -> TicketFrame:
    if not rows:
        return TicketFrame.empty()
    (source, ticket_id, severity, priority, status, created, first, resolved, reopens, flags, desk_rmin, desk_smin,
     desk_rmet, desk_smet) = zip(*rows, strict=True)  # fmt: skip
    position = {(s, t): i for i, (s, t) in enumerate(zip(source, ticket_id, strict=True))}
    pauses = [(position[(p[0], p[1])], p[2], p[3]) for p in pause_rows if (p[0], p[1]) in position]
    return TicketFrame(
        ticket_ids=list(ticket_id),
        severity=np.asarray(severity, dtype=np.int8) - 1,
        created=np.asarray(created, dtype=np.float64),
        first_response=np.asarray(first, dtype=np.float64),
        resolved=np.asarray(resolved, dtype=np.float64),
        reopens=np.asarray(reopens, dtype=np.int32),
        priority=list(priority),
        status=list(status),
        pause_ticket=np.asarray([p[0] for p in pauses], dtype=np.int64),
        pause_start=np.asarray([p[1] for p in pauses], dtype=np.float64),
        pause_end=np.asarray([p[2] for p in pauses], dtype=np.float64),
        source=list(source),
        flags=np.asarray(flags, dtype=np.int8),
        desk_response_min=np.asarray(desk_rmin, dtype=np.float64),
        desk_resolution_min=np.asarray(desk_smin, dtype=np.float64),
        desk_response_met=np.asarray(desk_rmet, dtype=np.int8),
        desk_resolution_met=np.asarray(desk_smet, dtype=np.int8),
    )


# ---------------------------------------------------------------------- opening


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves: DDL and DML in one transaction
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")


def migrate(engine: Engine) -> None:
    """Bring the store's schema to the newest revision shipped with this package."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(resources.files("magesupport.sla.store").joinpath("migrations")))
    script = ScriptDirectory.from_config(config)
    with engine.begin() as conn:
        current = MigrationContext.configure(
            conn, opts={"version_table": VERSION_TABLE}
        ).get_current_revision()
        if current == script.get_current_head():
            return
        known = {rev.revision for rev in script.walk_revisions()}
        if current is not None and current not in known:
            raise SlaStoreError(
                f"the store {mask(engine.url)} has schema revision {current}, newer than this magesupport knows"
            )
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


POSTGRES_EXTRA = "pip install 'magesupport[postgres]'"


def _require_driver(url: URL) -> None:
    """PostgreSQL needs psycopg, an optional dependency: say how to get it rather than fail on the import."""
    if url.get_backend_name() != "postgresql":
        return
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SlaStoreError(
            f"cannot open the store {mask(url)}: PostgreSQL needs the psycopg driver ({reason}); "
            f"{POSTGRES_EXTRA}"
        ) from None


def open_store(location: str | Path) -> Store:
    """Open (creating and migrating when needed) the store at a SQLite path or a database URL."""
    url = database_url(location)
    _require_driver(url)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
        if url.get_backend_name() == "sqlite":
            _sqlite_setup(engine)
        migrate(engine)
    except SQLAlchemyError as exc:
        raise SlaStoreError(f"cannot open the store {mask(url)}: {_reason(exc, url)}") from None
    return Store(engine)
