"""A folder of workspaces copied from the examples, and a TestClient on the app as `serve` starts it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from magesupport.services.workspaces import example_path
from magesupport.web.app import create_app
from magesupport.web.security import Settings

BASE = "http://127.0.0.1:8765"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and link under `folder` with a digest of its bytes: 'nothing changed on disk' is equality."""
    out = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = "-> " + str(path.readlink())
        elif path.is_file():
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[key] = "dir"
    return out


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    folder.mkdir()
    for name in ("midmarket", "startup"):
        shutil.copytree(example_path(name), folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


@pytest.fixture
def settings() -> Settings:
    return Settings(max_upload_mb=1.0)


@pytest.fixture
def client(root: Path, settings: Settings):
    app = create_app(root, settings)
    with TestClient(app, base_url=BASE, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def csrf(settings: Settings) -> str:
    return settings.csrf
