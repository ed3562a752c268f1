"""Seeded, real-shaped logs with planted events, generated per test session (no big committed files)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import watch_synth_access as sa
import watch_synth_logs as sl

from magesupport.watch.detectors.traffic import MEDIANS, STL

T0 = int(sa.START.timestamp())
DAY = 86400


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Two weeks of normal traffic with a scraper, credential stuffing, carding, probes and a fake crawler."""
    root = tmp_path_factory.mktemp("planted")
    bg = sa.background(days=14, per_minute=6)
    scraper, p1 = sa.scraper(T0 + 3 * DAY + 10 * 3600)
    stuffing, p2 = sa.credential_stuffing(T0 + 5 * DAY + 2 * 3600)
    carding, p3 = sa.carding(T0 + 8 * DAY + 20 * 3600)
    probes, p4 = sa.probes(T0 + 9 * DAY)
    fake, p5 = sa.fake_googlebot(T0 + 11 * DAY)
    spread, p6 = sa.distributed_scraper(T0 + 13 * DAY + 15 * 3600)
    access = root / "access.log"
    access.write_text(sa.render(bg, scraper, stuffing, carding, probes, fake, spread))
    deploy_at = T0 + 7 * DAY + 14 * 3600
    slow = root / "mysql-slow.log"
    slow.write_text(sl.slow_log(days=14, deploy_at=deploy_at))
    ramp_start = T0 + 12 * DAY
    exceptions = root / "exception.log"
    exceptions.write_text(sl.exception_log(days=14, deploy_at=deploy_at, ramp_start=ramp_start))
    deploys = root / "deploys.txt"
    deploys.write_text(f"# deployments\n{sa.clf_time(deploy_at)[:0]}{_iso(deploy_at)} release 2.4.7-p3\n")
    return {
        "access": access, "slow": slow, "exceptions": exceptions, "deploys": deploys,
        "planted": {p.kind: p for p in (p1, p2, p3, p4, p5, p6)}, "deploy_at": deploy_at, "ramp_start": ramp_start,
    }  # fmt: skip


@pytest.fixture(params=["stl", "medians"])
def seasonal(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The seasonal traffic baseline a test runs with: statsmodels' STL (skipped when it is not
    installed) or the numpy fallback, forced by making the import of statsmodels fail."""
    if request.param == "stl":
        pytest.importorskip("statsmodels.tsa.seasonal")
        return STL
    monkeypatch.setitem(sys.modules, "statsmodels.tsa.seasonal", None)
    return MEDIANS


@pytest.fixture(scope="session")
def background_month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("background")
    path = root / "access.log"
    path.write_text(sa.render(sa.background(days=28, per_minute=6, seed=11)))
    return path


def _iso(ts: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
