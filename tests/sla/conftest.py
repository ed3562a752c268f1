from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"
LONDON = ZoneInfo("Europe/London")


def london(text: str) -> float:
    """'2026-10-02 17:10' in London -> epoch seconds."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON).timestamp()


@pytest.fixture
def assets() -> Path:
    return ASSETS


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the SLA test workspace (store.yaml + quotes/care-plan.yaml), free to write into."""
    target = tmp_path / "ws"
    shutil.copytree(ASSETS / "workspace", target)
    return target


PG_ENV = "MAGESUPPORT_TEST_PG_URL"


def _pg_url_with_schema(request) -> str:
    """A PostgreSQL URL whose search_path is a fresh schema (dropped after the test)."""
    import os
    import uuid

    from sqlalchemy import create_engine, text

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (bash .ci/postgres.sh prints one)")
    pytest.importorskip("psycopg", reason="no PostgreSQL driver: pip install -e '.[postgres]'")
    from magesupport.sla.store.tickets import database_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(base))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    request.addfinalizer(drop)
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """The same tests on a SQLite file and on PostgreSQL (skipped with a reason when no server is set)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return _pg_url_with_schema(request)
