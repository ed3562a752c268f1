"""No database password in any message: --db, $MAGESUPPORT_DB and store.yaml's sla.db; bad ports are exit 2."""

import shutil
from pathlib import Path

import pytest

from magesupport.cli.main import main

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"
SECRET = "S3CRT-PART2"
URLS = [
    f"postgresql+psycopg://shop@127.0.0.1:1/db?password={SECRET}",
    f"postgresql://shop:{SECRET}@127.0.0.1:1/db",
    f"postgresql://shop:x@{SECRET}@127.0.0.1:1/db",
    f"postgresql://shop:{SECRET}@127.0.0.1:abc/db",
    f"postgresql://shop:{SECRET}@127.0.0.1:99999/db",
    f"mysql://shop:{SECRET}@127.0.0.1/db",
    f"postgresql://shop:{SECRET}@[::1/db",
]


@pytest.fixture
def workspace(tmp_path):
    shutil.copytree(ASSETS / "workspace", tmp_path / "ws")
    return tmp_path / "ws"


@pytest.mark.parametrize("url", URLS)
def test_db_option(workspace, capsys, url):
    assert main(["sla", "report", str(workspace), "-m", "2026-10", "--db", url]) == 2
    err = capsys.readouterr().err
    assert SECRET not in err and err.startswith("error: ") and "internal error" not in err


@pytest.mark.parametrize("url", URLS[:3])
def test_env_variable(workspace, capsys, monkeypatch, url):
    monkeypatch.setenv("MAGESUPPORT_DB", url)
    assert main(["sla", "report", str(workspace), "-m", "2026-10"]) == 2
    assert SECRET not in capsys.readouterr().err


@pytest.mark.parametrize("url", URLS[:3])
def test_store_yaml_sla_db(workspace, capsys, url):
    store = workspace / "store.yaml"
    text = store.read_text()
    assert "\nsla:\n" in text
    store.write_text(text.replace("\nsla:\n", f"\nsla:\n  db: '{url}'\n"))
    assert main(["sla", "report", str(workspace), "-m", "2026-10"]) == 2
    assert SECRET not in capsys.readouterr().err


def test_bad_port_message(workspace, capsys):
    assert (
        main(
            ["sla", "report", str(workspace), "-m", "2026-10", "--db", "postgresql://shop@127.0.0.1:99999/db"]
        )
        == 2
    )
    assert "port 99999 is not 1-65535" in capsys.readouterr().err
