"""Bots by behaviour, grouped findings and the access-log error and traffic rules, on planted logs."""

from __future__ import annotations

import json

import numpy as np
import pytest
import watch_synth_access as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.domain.severity import FindingSeverity
from magesupport.services.watch import analyze_logs
from magesupport.watch.crawlers import claimed_engine, engine_of, ranges
from magesupport.watch.detectors.traffic import baselines, loo_median

T0 = int(sa.START.timestamp())
DAY, HOUR = 86400, 3600
AUTOMATION = ("python-requests/2.31.0", "Go-http-client/1.1", "curl/8.5.0", "Scrapy/2.11 (+https://scrapy.org)")


def _write(tmp_path, *parts, name="access.log"):
    path = tmp_path / name
    path.write_text(sa.render(*parts))
    return path


def _kinds(report):
    out = {}
    for incident in report.incidents:
        out.setdefault(incident.kind, []).append(incident)
    return out


def wide_scraper(t_start: int, hours: int = 3, addresses: int = 40, seed: int = 21):
    """40 addresses in 40 unrelated /24s, automation agents, ~800 requests an hour together."""
    rng = np.random.default_rng(seed)
    ips = [f"{11 + 5 * k}.{int(rng.integers(1, 250))}.{int(rng.integers(1, 250))}.{int(rng.integers(2, 250))}"
           for k in range(addresses)]  # fmt: skip
    out = []
    per_hour = 800 // addresses
    for h in range(hours):
        for k, ip in enumerate(ips):
            for _ in range(per_hour):
                t = t_start + h * HOUR + int(rng.integers(0, HOUR))
                path = f"/gear/item-{int(rng.integers(0, 200000))}.html"
                out.append((t, sa.line(ip, t, "GET", path, 200, 30000, AUTOMATION[k % 4], 0.4)))
    return out, ips


def test_distributed_scraper_across_40_networks_is_found_in_its_window(tmp_path):
    start = T0 + 4 * DAY + 9 * HOUR
    scraper, ips = wide_scraper(start)
    report = analyze_logs([_write(tmp_path, sa.background(days=7, per_minute=6), scraper)], workers=1)
    found = _kinds(report).get("distributed_scraper", [])
    assert len(found) == 1
    (incident,) = found
    facts = dict(incident.facts)
    assert facts["addresses"] == "40" and facts["networks"] == "40"
    assert abs(incident.start.timestamp() - start) <= 300 and abs(incident.end.timestamp() - (start + 3 * HOUR)) <= 300
    assert incident.severity is FindingSeverity.HIGH
    # and no address of it is also reported one by one
    assert not any(i.subject in ips for i in report.incidents)
    # charts shade only the hours it was active: the three hours of the attack
    assert [(a.timestamp(), b.timestamp()) for a, b in incident.active] == [(start, start + 3 * HOUR)]


def test_shoppers_alone_form_no_cluster(tmp_path):
    report = analyze_logs([_write(tmp_path, sa.background(days=7, per_minute=6))], workers=1)
    assert "distributed_scraper" not in _kinds(report)


def burst_5xx(t_start: int, hours: int = 3, share: float = 0.06, per_minute: float = 6.0, seed: int = 5):
    """Extra 5xx answers: about `share` of the usual requests for `hours` hours."""
    rng = np.random.default_rng(seed)
    n = int(per_minute * 60 * hours * share * sa.diurnal(np.array([t_start]))[0] * 1.0)
    out = []
    for _ in range(n):
        t = t_start + int(rng.integers(0, hours * HOUR))
        ip = f"198.18.{int(rng.integers(0, 250))}.{int(rng.integers(1, 250))}"
        out.append((t, sa.line(ip, t, "GET", f"/product-{t % 900}.html", 503, 512, sa.BROWSERS[0], 30.0)))
    return out


def test_5xx_burst_raises_an_incident_in_its_window(tmp_path):
    start = T0 + 3 * DAY + 14 * HOUR
    bg = sa.background(days=7, per_minute=12)
    report = analyze_logs([_write(tmp_path, bg, burst_5xx(start, per_minute=12))], workers=1)
    (incident,) = _kinds(report)["server_errors"]
    assert incident.start.timestamp() == start and incident.end.timestamp() == start + 3 * HOUR
    assert 0.04 <= float(dict(incident.facts)["peak_share"]) <= 0.12
    assert incident.severity is FindingSeverity.HIGH


def test_background_has_no_5xx_incident(tmp_path):
    report = analyze_logs([_write(tmp_path, sa.background(days=7, per_minute=6))], workers=1)
    assert "server_errors" not in _kinds(report)


def night_rise(days: int, start_hour: int, hours: int, factor: float, per_hour: float = 600.0, seed: int = 3):
    """A steady store (day-to-day noise of 6%) whose requests are `factor` times the usual for `hours`
    hours one Tuesday night: about z = 8 per hour, under the 2x of the spike rule."""
    rng = np.random.default_rng(seed)
    hour_starts = T0 + np.arange(days * 24) * HOUR
    daily = np.repeat(rng.lognormal(0.0, 0.06, days), 24)
    t_from = T0 + 8 * DAY + start_hour * HOUR  # a Tuesday night, with a week of weekdays before it
    boost = np.where((hour_starts >= t_from) & (hour_starts < t_from + hours * HOUR), factor, 1.0)
    counts = rng.poisson(per_hour * sa.diurnal(hour_starts) * daily * boost)
    out = []
    for h0, n in zip(hour_starts.tolist(), counts.tolist(), strict=True):
        for t in (h0 + rng.integers(0, HOUR, n)).tolist():
            ip = f"100.64.{t % 250}.{t % 199 + 1}"
            path = sa.ASSETS[t % len(sa.ASSETS)] if t % 3 else f"/product-{t % 900}.html"
            out.append((t, sa.line(ip, t, "GET", path, 200, 2000, sa.BROWSERS[t % 5], 0.2)))
    return out, [], t_from


def test_sustained_night_rise_of_1_8x_is_found(tmp_path):
    bg, extra, t_from = night_rise(days=14, start_hour=1, hours=4, factor=1.8)
    report = analyze_logs([_write(tmp_path, bg, extra)], workers=1)
    rises = [i for i in report.incidents if i.kind in ("traffic_rise", "traffic_spike")]
    assert any(
        i.kind == "traffic_rise" and i.start.timestamp() <= t_from + HOUR and i.end.timestamp() >= t_from + 3 * HOUR
        for i in rises
    ), [(i.kind, i.start, i.end, i.score) for i in rises]
    (rise,) = [i for i in rises if i.kind == "traffic_rise"]
    assert 1.5 <= int(dict(rise.facts)["peak_requests_per_hour"]) / float(dict(rise.facts)["baseline"]) <= 2.2


def test_a_short_1_8x_bump_is_not_a_sustained_rise(tmp_path):
    bg, extra, _ = night_rise(days=14, start_hour=1, hours=2, factor=1.8)
    report = analyze_logs([_write(tmp_path, bg, extra)], workers=1)
    assert "traffic_rise" not in _kinds(report)


def test_300_fake_crawlers_give_one_finding_per_engine_and_genuine_ones_none(tmp_path):
    rng = np.random.default_rng(8)
    engines = {
        "Googlebot": sa.GOOGLEBOT,
        "Bingbot": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "YandexBot": "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Yahoo! Slurp": "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "Applebot": "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17 Safari/605.1.15 (Applebot/0.1)",
    }
    t = T0 + 2 * DAY
    fake = []
    for k in range(300):
        ip = f"45.{k // 200 + 10}.{k % 200}.{int(rng.integers(1, 250))}"
        ua = list(engines.values())[k % len(engines)]
        for _ in range(60):
            t += 7
            fake.append((t, sa.line(ip, t, "GET", f"/p-{t % 5000}.html", 200, 9000, ua, 0.2)))
    genuine = []
    for key, ua in (("google", engines["Googlebot"]), ("bing", engines["Bingbot"]), ("yandex", engines["YandexBot"]),
                    ("yahoo", engines["Yahoo! Slurp"]), ("apple", engines["Applebot"])):  # fmt: skip
        for ip in _addresses_in(key, 5):
            for _ in range(80):
                t += 5
                genuine.append((t, sa.line(ip, t, "GET", f"/p-{t % 5000}.html", 200, 9000, ua, 0.2)))
    # a shopper who sent a few requests as Googlebot counts too (every request's claim, not the main agent)
    mixed = [(t + k, sa.line("77.66.55.44", t + k, "GET", "/x.html", 200, 10, sa.BROWSERS[0] if k % 4 else sa.GOOGLEBOT, 0.1))
             for k in range(400)]  # fmt: skip
    report = analyze_logs([_write(tmp_path, sa.background(days=4, per_minute=3), fake, genuine, mixed)], workers=1)
    found = _kinds(report)["fake_search_engine"]
    assert sorted(i.subject for i in found) == sorted(engines)
    by_name = {i.subject: dict(i.facts) for i in found}
    assert by_name["Googlebot"]["addresses"] == "61"  # 60 fakes and the mixed shopper
    assert all(int(f["genuine_requests"]) >= 400 for f in by_name.values())
    genuine_ips = {line.split(" ", 1)[0] for _, line in genuine}
    assert not any(ip in i.explanation for i in report.incidents for ip in genuine_ips)
    assert len(report.incidents) <= 40  # the background's own findings plus one per engine


def _addresses_in(engine: str, n: int) -> list[str]:
    import ipaddress

    spec = json.loads(
        __import__("importlib.resources").resources.files("magesupport.watch.data").joinpath("crawlers.json").read_text()
    )["engines"][engine]
    out = []
    for raw in spec["networks"]:
        net = ipaddress.ip_network(raw)
        if net.version == 4 and net.num_addresses >= 4:
            out.append(str(net.network_address + 2))
        if len(out) == n:
            break
    return out


@pytest.mark.parametrize(
    ("ua", "ip", "engine"),
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "66.249.66.1", "google"),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "157.55.39.1", "bing"),
        ("Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)", "74.6.67.218", "yahoo"),
        ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "5.255.253.10", "yandex"),
        ("DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", "4.144.182.50", "duckduckgo"),
        ("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "180.76.15.5", "baidu"),
        ("Mozilla/5.0 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)", "114.119.130.7", "petal"),
        ("Mozilla/5.0 (Applebot/0.1; +http://www.apple.com/go/applebot)", "17.22.237.5", "apple"),
    ],
)
def test_genuine_crawlers_of_every_engine_are_recognised(ua, ip, engine):
    assert claimed_engine(ua) == engine and engine_of(ip) == engine


def test_crawler_data_names_its_sources_and_dates():
    table = ranges()
    assert set(table.engines) == {"google", "bing", "apple", "yahoo", "duckduckgo", "yandex", "baidu", "petal"}
    spec = json.loads(
        __import__("importlib.resources").resources.files("magesupport.watch.data").joinpath("crawlers.json").read_text()
    )
    assert spec["taken"]
    for key, engine in spec["engines"].items():
        assert engine["networks"] and engine["sources"] and all(s["url"].startswith("https://") for s in engine["sources"]), key
    assert engine_of("8.8.8.8") is None and engine_of("not an ip") is None


# the O(hours) baseline agrees with the plain leave-one-out definition


def _reference(start: int, counts: np.ndarray, by_week: bool):
    n = counts.size
    ts = start + np.arange(n) * 3600
    hod, day = (ts // 3600) % 24, ts // 86400
    weekend = ((day + 3) % 7) >= 5
    how = ((day + 3) % 7) * 24 + hod
    med, spread, samples = np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int64)
    for i in range(n):
        peers = ((how == how[i]) if by_week else (hod == hod[i]) & (weekend == weekend[i])) & (day != day[i])
        v = counts[peers].astype(float)
        if v.size:
            med[i] = np.median(v)
            spread[i] = 1.4826 * np.median(np.abs(v - med[i]))
        samples[i] = v.size
    return med, spread, samples


@settings(max_examples=40, deadline=None)
@given(st.integers(24, 24 * 30), st.booleans(), st.integers(0, 10_000))
def test_grouped_baseline_equals_the_leave_one_out_definition(hours, by_week, seed):
    counts = np.random.default_rng(seed).poisson(40, hours)
    start = T0 + (seed % 24) * 3600
    for got, want in zip(baselines(start, counts, by_week), _reference(start, counts, by_week), strict=True):
        assert np.allclose(got, want)


@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=30))
def test_loo_median(values):
    v = np.array(values)
    expected = [np.median(np.delete(v, i)) for i in range(v.size)]
    assert np.allclose(loo_median(v), expected)


def test_two_lines_five_years_apart(tmp_path):
    a = sa.line("203.0.113.5", T0, "GET", "/", 200, 10, sa.BROWSERS[0], 0.1)
    b = sa.line("203.0.113.5", T0 + 5 * 365 * DAY, "GET", "/", 200, 10, sa.BROWSERS[0], 0.1)
    path = tmp_path / "access.log"
    path.write_text(a + b)
    report = analyze_logs([path], workers=1)
    (stats,) = report.sources
    assert stats.records == 2 and report.end.year - report.start.year == 5


def test_alert_budget_folds_related_findings_and_keeps_the_worst(tmp_path):
    rng = np.random.default_rng(4)
    probes, t = [], T0 + DAY
    paths = ("/.git/config", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/wp-login.php", "/phpmyadmin/")
    for k in range(12):
        ip = f"198.51.{100 + k}.{int(rng.integers(1, 250))}"
        for path in paths:
            t += 11
            status = 200 if (k == 9 and path == "/.git/config") else 404
            probes.append((t, sa.line(ip, t, "GET", path, status, 300, "Mozilla/5.0 zgrab/0.x", 0.01)))
    report = analyze_logs([_write(tmp_path, sa.background(days=3, per_minute=3), probes)], workers=1)
    found = _kinds(report)["exploit_probe"]
    assert len(found) == 6
    (folded,) = [i for i in found if i.subject.startswith("and ")]
    assert folded.subject == "and 7 more" and dict(folded.facts)["folded"] == "7"
    shown = [i for i in found if i is not folded]
    assert shown[0].severity is FindingSeverity.CRITICAL and ".git/config" in shown[0].explanation
    assert len(set(dict(folded.facts)["subjects"].split(", ")) | {i.subject for i in shown}) == 12


def test_charts_shade_only_the_hours_a_finding_was_active():
    from datetime import UTC, datetime, timedelta

    from magesupport.domain.results_watch import Incident, Series, WatchReport
    from magesupport.formats.html.watch_page import series_chart

    t0 = datetime(2026, 9, 1, tzinfo=UTC)
    spans = ((t0 + timedelta(days=3), t0 + timedelta(days=3, hours=2)), (t0 + timedelta(days=20), t0 + timedelta(days=20, hours=1)))
    incident = Incident(id="x", kind="fake_search_engine", severity="medium", start=t0, end=t0 + timedelta(days=29),
                        subject="Googlebot", score=1, score_meaning="", explanation="", active=spans)  # fmt: skip
    series = Series(name="requests per hour", unit="requests", start=t0, step_seconds=3600,
                    values=tuple(float(v % 24) for v in range(24 * 30)), kinds=("fake_search_engine",))  # fmt: skip
    report = WatchReport(start=t0, end=t0 + timedelta(days=30), sources=(), incidents=(incident,), query_shapes=(),
                         error_shapes=(), series=(series,), deploys=(), workload=())  # fmt: skip
    svg = series_chart(report, series).svg
    red = svg.count("fill: #ff0000") or svg.count('fill="#ff0000"')
    assert red == 2
    whole = report.model_copy(update={"incidents": (incident.model_copy(update={"active": ()}),)})
    assert series_chart(whole, series).svg.count("fill: #ff0000") + series_chart(whole, series).svg.count('fill="#ff0000"') == 1
