"""Planted events are found in the right window; the background produces few false alarms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import watch_synth_access as sa
import watch_synth_logs as sl

from magesupport.domain.severity import FindingSeverity
from magesupport.services.watch import analyze_logs
from magesupport.watch.analysis import incidents_per_month
from magesupport.watch.detectors.traffic import SEASONAL_MEANING, STL


def _ts(dt: datetime) -> float:
    return dt.timestamp()


def _near(incident, start: float, end: float, slack: float) -> bool:
    return abs(_ts(incident.start) - start) <= slack and abs(_ts(incident.end) - end) <= slack


def test_attacks_found_in_their_windows(planted):
    report = analyze_logs([planted["access"]], workers=1)
    by_kind = {}
    for incident in report.incidents:
        by_kind.setdefault(incident.kind, []).append(incident)
    p = planted["planted"]
    scraper = [i for i in by_kind["scraper"] if i.subject == p["scraper"].clients[0]]
    assert len(scraper) == 1 and _near(scraper[0], p["scraper"].start, p["scraper"].end, 120)
    (stuffing,) = by_kind["credential_stuffing"]
    assert _near(stuffing, p["credential_stuffing"].start, p["credential_stuffing"].end, 120)
    assert stuffing.severity is FindingSeverity.HIGH and dict(stuffing.facts)["clients"] == "150"
    (carding,) = by_kind["carding"]
    assert _near(carding, p["carding"].start, p["carding"].end, 120)
    assert carding.severity is FindingSeverity.CRITICAL
    assert carding.evidence and "payment-information" in carding.evidence[0].text
    (probe,) = by_kind["exploit_probe"]
    assert probe.subject == "198.51.100.23" and probe.score == 7
    (fake,) = by_kind["fake_search_engine"]  # one finding per claimed engine, naming the addresses
    assert fake.subject == "Googlebot" and dict(fake.facts)["top_addresses"] == "91.92.93.94"
    assert _near(fake, p["fake_search_engine"].start, p["fake_search_engine"].end, 120)
    (spread,) = [i for i in by_kind["scraper"] if i.subject == "203.0.113.0/24"]
    assert _near(spread, p["distributed_scraper"].start, p["distributed_scraper"].end, 180)
    assert dict(spread.facts)["addresses"] == "24"
    assert not any(
        i.subject.startswith("203.0.113.") and i.subject != "203.0.113.0/24" for i in report.incidents
    )
    # genuine Googlebot (66.249.66.x) is never reported
    assert not any(i.subject.startswith("66.249.") for i in report.incidents)
    # the evidence points at real lines of the file
    lines = planted["access"].read_text().splitlines()
    for incident in report.incidents:
        for ev in incident.evidence:
            if ev.line:
                assert lines[ev.line - 1].startswith(ev.text[:60])


def test_traffic_spikes_cover_the_bursts(planted):
    report = analyze_logs([planted["access"]], workers=1)
    spikes = [i for i in report.incidents if i.kind == "traffic_spike"]
    for kind in ("scraper", "credential_stuffing"):
        event = planted["planted"][kind]
        assert any(_ts(i.start) <= event.start < _ts(i.end) for i in spikes), kind


def test_background_month_has_few_false_alarms(background_month, seasonal):
    report = analyze_logs([background_month], workers=1)
    # 4 weeks of normal shoppers and Googlebot (~145,000 requests, day-to-day and hour-to-hour variation)
    assert [i.kind for i in report.incidents] == []
    assert report.sources[0].unparsed == 0
    assert dict(report.settings)["traffic_baseline"] == seasonal


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_background_months_false_alarm_rate(tmp_path, seed, seasonal):
    """Measured on seeds 20-29 (access + exception + slow logs): 4 incidents in 10 months with STL, 5
    with the numpy fallback, all low or medium traffic spikes. Here: at most 2 a month and never high
    or critical, with either baseline."""
    access, errors, slow = tmp_path / "access.log", tmp_path / "exception.log", tmp_path / "slow.log"
    access.write_text(sa.render(sa.background(days=28, per_minute=6, seed=seed)))
    errors.write_text(sl.exception_log(days=28, seed=seed))
    slow.write_text(sl.slow_log(days=28, seed=seed, per_hour=2))
    report = analyze_logs([access, errors, slow], workers=1)
    assert len(report.incidents) <= 2
    assert all(i.severity in (FindingSeverity.LOW, FindingSeverity.MEDIUM) for i in report.incidents)


def test_slow_query_after_deploy_and_error_detectors(planted):
    report = analyze_logs([planted["slow"], planted["exceptions"]], deploys_file=planted["deploys"])
    deploy_at, ramp_start = planted["deploy_at"], planted["ramp_start"]
    (new_query,) = [i for i in report.incidents if i.kind == "new_slow_query"]
    assert 0 < _ts(new_query.start) - deploy_at <= 3600 + 600
    assert "sales_order_item" in dict(new_query.facts)["fingerprint"]
    assert "after the deployment" in new_query.explanation
    new_errors = [i for i in report.incidents if i.kind == "new_error" and "AddressPlugin" in i.explanation]
    assert len(new_errors) == 1 and new_errors[0].severity is FindingSeverity.HIGH
    assert 0 < _ts(new_errors[0].start) - deploy_at <= 3 * 86400
    (rising,) = [i for i in report.incidents if i.kind == "rising_errors"]
    assert abs(_ts(rising.start) - ramp_start) <= 6 * 3600
    facts = dict(rising.facts)
    assert (
        float(facts["forecast_low_hours"])
        <= float(facts["forecast_hours"])
        <= float(facts["forecast_high_hours"])
    )
    assert len(report.query_shapes) == 13  # the twelve background shapes and the one the deploy brought


def test_workload_per_month(planted):
    report = analyze_logs([planted["access"]], workers=1)
    months = incidents_per_month(report)
    assert set(months) == {"2026-09"}
    counts = report.counts()
    sep = months["2026-09"]
    assert sep["P1"] == counts["critical"] and sep["P2"] == counts["high"]
    assert sep["P3"] == counts["medium"] and sep["P4"] == counts["low"]


def test_since_until_window(planted):
    start = datetime(2026, 9, 15, tzinfo=UTC)
    report = analyze_logs([planted["access"]], since="2026-09-15", until="2026-09-16T12:00", workers=1)
    kinds = {i.kind for i in report.incidents}
    assert (
        "carding" in kinds
        and "credential_stuffing" not in kinds
        and "scraper" not in {i.kind for i in report.incidents if i.subject == "185.220.101.47"}
    )
    assert all(i.start >= start for i in report.incidents)


def test_seasonal_model_with_four_weeks(tmp_path, seasonal):
    """With 3+ weeks the traffic baseline is a seasonal model (statsmodels' robust STL, or the numpy
    fallback without statsmodels): a scraper burst in week 4 stands out."""
    t0 = int(sa.START.timestamp())
    burst, planted = sa.scraper(t0 + 24 * 86400 + 9 * 3600, minutes=60, per_minute=40)
    path = tmp_path / "access.log"
    path.write_text(sa.render(sa.background(days=28, per_minute=6, seed=12), burst))
    report = analyze_logs([path], workers=1)
    spikes = [i for i in report.incidents if i.kind == "traffic_spike"]
    assert len(spikes) == 1 and spikes[0].score_meaning == SEASONAL_MEANING[seasonal]
    assert ("STL" in spikes[0].score_meaning) == (seasonal == STL)
    assert _ts(spikes[0].start) == planted.start and _ts(spikes[0].end) == planted.end
    assert dict(report.settings)["traffic_baseline"] == seasonal


def test_seasonal_model_finds_an_outage(tmp_path, seasonal):
    """Three hours without requests on a weekday evening of week 4: one high traffic drop, that window."""
    t0 = int(sa.START.timestamp())
    outage = t0 + 23 * 86400 + 17 * 3600
    lines = [r for r in sa.background(days=28, per_minute=6, seed=13) if not outage <= r[0] < outage + 3 * 3600]
    path = tmp_path / "access.log"
    path.write_text(sa.render(lines))
    report = analyze_logs([path], workers=1)
    assert [i.kind for i in report.incidents] == ["traffic_drop"]
    (drop,) = report.incidents
    assert drop.severity is FindingSeverity.HIGH and drop.score <= -6
    assert _ts(drop.start) == outage and _ts(drop.end) == outage + 3 * 3600


def test_rotations_in_any_order_give_the_same_incidents(planted, tmp_path):
    import gzip

    lines = planted["access"].read_text().splitlines(keepends=True)
    third = len(lines) // 3
    (tmp_path / "access.log.2.gz").write_bytes(gzip.compress("".join(lines[:third]).encode()))
    (tmp_path / "access.log.1").write_text("".join(lines[third : 2 * third]))
    (tmp_path / "access.log").write_text("".join(lines[2 * third :]))
    shuffled = [tmp_path / "access.log", tmp_path / "access.log.2.gz", tmp_path / "access.log.1"]
    whole = analyze_logs([planted["access"]], workers=1)
    parts = analyze_logs(shuffled, workers=2)
    assert [(i.kind, i.subject, i.start, i.end, i.score) for i in whole.incidents] == [
        (i.kind, i.subject, i.start, i.end, i.score) for i in parts.incidents
    ]
    assert parts.sources[0].lines == whole.sources[0].lines
    # evidence names the rotation and the line within it
    for incident in parts.incidents:
        for ev in incident.evidence:
            if ev.line:
                path = tmp_path / ev.file.rsplit("/", 1)[-1]
                text = (
                    gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
                )
                assert text.splitlines()[ev.line - 1].startswith(ev.text[:60])
