from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from magesupport.domain.errors import SlaStoreError
from magesupport.sla.sources import IMPORTERS, ImportOptions
from magesupport.sla.store import tickets as store_module
from magesupport.sla.store.tables import VERSION_TABLE, Base
from magesupport.sla.store.tickets import database_url, mask, open_store

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"
OPTIONS = ImportOptions(timezone="Europe/London")


def frame_of(name: str, file: str):
    return IMPORTERS[name].read(ASSETS / file, OPTIONS).frame


def snapshot(store) -> tuple:
    """Everything the store holds, in a comparable form."""
    with store.engine.connect() as conn:
        tables = []
        for table in ("sla_imports", "sla_tickets", "sla_pauses"):
            rows = conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id").all()
            tables.append([tuple(r) for r in rows])
    return tuple(map(tuple, tables))


def test_import_is_idempotent_and_updates(store_url):
    store = open_store(store_url)
    try:
        frame = frame_of("eventlog", "eventlog.csv")
        first = store.import_frame(frame, "desk", "eventlog", "eventlog.csv", 12, 0)
        assert (first.inserted, first.updated, first.pauses) == (3, 0, 3)
        again = store.import_frame(frame, "desk", "eventlog", "eventlog.csv", 12, 0)
        assert (again.inserted, again.updated, again.pauses) == (0, 3, 3)
        assert store.ticket_count() == 3
        loaded = store.load()
        assert loaded.ticket_ids == ["E-1", "E-3", "E-2"] or sorted(loaded.ticket_ids) == [
            "E-1",
            "E-2",
            "E-3",
        ]
        assert len(loaded.pause_start) == 3  # replaced, not doubled
        # same ids under another source are other tickets
        store.import_frame(frame, "other-desk", "eventlog", "eventlog.csv", 12, 0)
        assert store.ticket_count() == 6 and store.sources() == ["desk", "other-desk"]
        # an update changes the stored values
        frame.status[0] = "reopened"
        frame.resolved[0] = np.nan
        store.import_frame(frame, "desk", "eventlog", "eventlog.csv", 12, 0)
        back = store.load(source="desk")
        row = back.ticket_ids.index("E-1")
        assert back.status[row] == "reopened" and np.isnan(back.resolved[row])
        assert [run.id for run in store.imports()] == [1, 2, 3, 4]
    finally:
        store.close()


def test_round_trip_keeps_every_value(store_url):
    store = open_store(store_url)
    try:
        frame = frame_of("zendesk", "zendesk_tickets.csv")
        store.import_frame(frame, "zendesk", "zendesk", "z.csv", 5, 0)
        back = store.load()
        order = [back.ticket_ids.index(t) for t in frame.ticket_ids]
        np.testing.assert_array_equal(back.created[order], frame.created)
        np.testing.assert_array_equal(back.first_response[order], frame.first_response)
        np.testing.assert_array_equal(back.resolved[order], frame.resolved)
        np.testing.assert_array_equal(back.severity[order], frame.severity)
        assert [back.priority[i] for i in order] == frame.priority
        since = back.created.min() + 1
        assert len(store.load(since=since)) == 4 and len(store.load(until=since)) == 1
    finally:
        store.close()


@pytest.mark.parametrize("stage", ["staged", "upserted", "pauses"])
def test_failure_mid_import_leaves_the_store_as_it_was(store_url, monkeypatch, stage):
    store = open_store(store_url)
    try:
        store.import_frame(frame_of("eventlog", "eventlog.csv"), "desk", "eventlog", "a.csv", 12, 0)
        before = snapshot(store)
        changed = frame_of("eventlog", "eventlog.csv")
        changed.status[:] = ["changed"] * len(changed)

        def boom(at: str) -> None:
            if at == stage:
                raise RuntimeError(f"killed at {at}")

        monkeypatch.setattr(store_module, "_checkpoint", boom)
        with pytest.raises(RuntimeError, match="killed"):
            store.import_frame(changed, "desk", "eventlog", "b.csv", 12, 0)
        assert snapshot(store) == before
        monkeypatch.undo()
        store.import_frame(changed, "desk", "eventlog", "b.csv", 12, 0)  # the store still works
        assert set(store.load().status) == {"changed"}
    finally:
        store.close()


def test_killed_process_mid_import_leaves_the_store_as_it_was(store_url, tmp_path):
    """SIGKILL a real import after its tickets were upserted, inside the transaction."""
    store = open_store(store_url)
    store.import_frame(frame_of("eventlog", "eventlog.csv"), "desk", "eventlog", "a.csv", 12, 0)
    before = snapshot(store)
    marker = tmp_path / "upserted"
    child = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from magesupport.sla.store import tickets as store_module
        from magesupport.sla.sources import IMPORTERS, ImportOptions

        def hang(stage):
            if stage == "upserted":
                Path({str(marker)!r}).write_text("x")
                time.sleep(60)

        store_module._checkpoint = hang
        frame = IMPORTERS["zendesk"].read(Path({str(ASSETS / "zendesk_tickets.csv")!r}), ImportOptions(timezone="UTC")).frame
        store_module.open_store({store_url!r}).import_frame(frame, "desk", "zendesk", "z.csv", 5, 0)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", child])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the child never reached the checkpoint"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    if store.dialect == "postgresql":  # the server notices the dead client and rolls back
        time.sleep(0.5)
    store.close()
    reopened = open_store(store_url)
    try:
        assert snapshot(reopened) == before
    finally:
        reopened.close()


def test_migrations_match_the_models(store_url):
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            diff = compare_metadata(context, Base.metadata)
        assert diff == []
    finally:
        store.close()


def test_a_0001_store_upgrades_keeping_its_tickets_and_the_upgrade_is_idempotent(store_url):
    """A store written before 0002 gains flags (0: nothing unknown), desk columns and cursors; running 0002
    again over a store that has them (stamped back by hand) changes nothing."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from magesupport.sla.store.tickets import database_url as url_of

    engine = create_engine(url_of(store_url))
    config = Config()
    config.set_main_option("script_location", str(resources.files("magesupport.sla.store").joinpath("migrations")))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql("INSERT INTO sla_imports (source, importer, file, imported_at, rows_read, tickets, skipped) VALUES ('old', 'zendesk', 'x.csv', 0, 1, 1, 0)")
        conn.exec_driver_sql("INSERT INTO sla_tickets (source, ticket_id, severity, priority, status, created, first_response, resolved, reopens, import_id) VALUES ('old', 'T1', 1, 'urgent', 'open', 100.0, 160.0, NULL, 0, 1)")
    engine.dispose()
    store = open_store(store_url)
    frame = store.load()
    assert frame.ticket_ids == ["T1"] and list(frame.flags) == [0] and list(frame.desk_response_met) == [-1]
    store.close()
    engine = create_engine(url_of(store_url))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE {VERSION_TABLE} SET version_num = '0001'")
    engine.dispose()
    store = open_store(store_url)  # 0002 again, over columns, index and table it already made
    assert store.load().ticket_ids == ["T1"]
    store.close()


def test_store_written_by_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE magesupport_sla_version SET version_num = '9999'")
    with pytest.raises(SlaStoreError, match="newer than this magesupport knows"):
        open_store(path)


def test_urls_and_masking(tmp_path):
    assert database_url(tmp_path / "a.db").drivername == "sqlite"
    assert database_url("postgresql://u:secret@h/db").drivername == "postgresql+psycopg"
    assert "secret" not in mask("postgresql://u:secret@h/db")
    with pytest.raises(SlaStoreError, match="unsupported database"):
        database_url("mysql://u@h/db")


def test_unreachable_server_is_a_clean_error():
    with pytest.raises(SlaStoreError) as info:
        open_store("postgresql://nobody:hunter2@127.0.0.1:9/none?connect_timeout=2")
    assert "hunter2" not in str(info.value) and "cannot open the store" in str(info.value)


def test_postgres_without_psycopg_says_which_extra_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the `postgres` extra were not installed
    with pytest.raises(SlaStoreError) as info:
        open_store("postgresql://nobody:hunter2@127.0.0.1:9/none")
    message = str(info.value)
    assert message.startswith("cannot open the store postgresql+psycopg://nobody:***@127.0.0.1:9/none: ")
    assert message.endswith("pip install 'magesupport[postgres]'") and "psycopg" in message
    assert "hunter2" not in message and "\n" not in message
    open_store(tmp_path / "still.sqlite").close()  # SQLite needs no extra
