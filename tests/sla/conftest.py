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
