"""Seeded generator of real-shaped combined access logs: a normal background plus planted attacks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
START = datetime(2026, 9, 7, tzinfo=UTC)  # a Monday
BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Mobile Safari/537.36",
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
ASSETS = (
    "/static/version1725000000/frontend/Magento/luma/en_US/requirejs/require.js",
    "/static/version1725000000/frontend/Magento/luma/en_US/css/styles-m.css",
    "/static/version1725000000/frontend/Magento/luma/en_US/mage/calendar.css",
    "/static/version1725000000/frontend/Magento/luma/en_US/images/logo.svg",
    "/media/catalog/product/cache/1f2e3d/m/b/mb01-blue-0.jpg",
    "/media/catalog/product/cache/1f2e3d/w/s/ws12-orange_main.jpg",
    "/static/version1725000000/frontend/Magento/luma/en_US/fonts/opensans/regular/opensans-400.woff2",
)


def clf_time(epoch: int) -> str:
    t = datetime.fromtimestamp(epoch, UTC)
    return f"{t.day:02d}/{MONTHS[t.month - 1]}/{t.year}:{t.hour:02d}:{t.minute:02d}:{t.second:02d} +0000"


@dataclass(frozen=True)
class Planted:
    """A planted event: its kind, window (epoch seconds) and the clients that did it."""

    kind: str
    start: int
    end: int
    clients: tuple[str, ...]


def diurnal(epoch: np.ndarray) -> np.ndarray:
    """Relative load of a shop: low at night, high in the evening, quieter at weekends."""
    hour = (epoch % 86400) / 3600.0
    day = ((epoch // 86400) + 3) % 7  # 1970-01-01 was a Thursday: 0 = Monday
    shape = 0.25 + 0.75 * np.clip(np.sin((hour - 6) / 24 * 2 * math.pi) * 0.6 + 0.5, 0.05, None)
    return shape * np.where(day >= 5, 0.8, 1.0)


def line(ip: str, t: int, method: str, path: str, status: int, size: int, ua: str, rt: float | None) -> str:
    tail = f" {rt:.3f}" if rt is not None else ""
    return f'{ip} - - [{clf_time(t)}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}"{tail}\n'


def background(
    days: int = 14, per_minute: float = 6.0, seed: int = 7, start: datetime = START
) -> list[tuple[int, str]]:
    """Normal traffic: shoppers (pages + assets), a few logins and orders, Googlebot from Google's range."""
    rng = np.random.default_rng(seed)
    t0 = int(start.timestamp())
    minutes = np.arange(days * 1440) * 60 + t0
    # day-to-day variation (weather, campaigns) and hour-to-hour noise on top of the daily shape
    daily = np.repeat(rng.lognormal(0.0, 0.15, days), 1440)
    hourly = np.repeat(rng.lognormal(0.0, 0.1, days * 24), 60)
    counts = rng.poisson(per_minute * diurnal(minutes) * daily * hourly)
    times = np.repeat(minutes, counts) + rng.integers(0, 60, counts.sum())
    n = times.size
    shoppers = [f"{a}.{b}.{c}.{d}" for a, b, c, d in rng.integers(1, 223, (3000, 4))]
    kind = rng.choice(9, n, p=[0.30, 0.20, 0.24, 0.08, 0.06, 0.03, 0.04, 0.004, 0.046])
    who = rng.zipf(1.3, n) % len(shoppers)
    out: list[tuple[int, str]] = []
    for t, k, w in zip(times.tolist(), kind.tolist(), who.tolist(), strict=True):
        ip, ua = shoppers[w], BROWSERS[w % len(BROWSERS)]
        rt = float(rng.gamma(2.0, 0.15))
        if k == 0:
            path, method, status = ASSETS[t % len(ASSETS)], "GET", 200
        elif k == 1:
            path, method, status = f"/product-{t % 900}.html", "GET", 200
        elif k == 2:
            path, method, status = ASSETS[(t // 7) % len(ASSETS)], "GET", 304
        elif k == 3:
            path, method, status = f"/women/tops-{t % 40}.html?p={t % 3 + 1}", "GET", 200
        elif k == 4:
            path, method, status = f"/catalogsearch/result/?q=shirt{t % 50}", "GET", 200
        elif k == 5:
            path, method, status = "/checkout/cart/", "GET", 200
        elif k == 6:
            path, method, status = "/customer/section/load/?sections=cart", "GET", 200
        elif k == 7:
            path, method, status = (
                ("/customer/account/loginPost/", "POST", 302)
                if t % 2
                else (f"/rest/default/V1/guest-carts/{t % 9999:x}abc/payment-information", "POST", 200)
            )
        else:
            ip, ua = f"66.249.66.{t % 200 + 1}", GOOGLEBOT
            path, method, status = f"/product-{t % 900}.html", "GET", 200
        if t % 997 == 0:
            status = 404
        out.append((t, line(ip, t, method, path, status, 2000 + t % 30000, ua, rt)))
    return out


def scraper(
    t_start: int, minutes: int = 120, per_minute: int = 25, seed: int = 1
) -> tuple[list[tuple[int, str]], Planted]:
    rng = np.random.default_rng(seed)
    ip = "185.220.101.47"
    out = []
    for m in range(minutes):
        for _ in range(per_minute):
            t = t_start + m * 60 + int(rng.integers(0, 60))
            out.append(
                (
                    t,
                    line(
                        ip,
                        t,
                        "GET",
                        f"/product-{int(rng.integers(0, 50000))}.html",
                        200,
                        40000,
                        BROWSERS[0],
                        0.4,
                    ),
                )
            )
    return out, Planted("scraper", t_start, t_start + minutes * 60, (ip,))


def distributed_scraper(
    t_start: int, minutes: int = 90, addresses: int = 24, seed: int = 6
) -> tuple[list[tuple[int, str]], Planted]:
    """One /24 whose addresses each fetch a few pages a minute: no single address passes the per-client rule."""
    rng = np.random.default_rng(seed)
    ips = [f"203.0.113.{k + 10}" for k in range(addresses)]
    out = []
    for m in range(minutes):
        for ip in ips:
            for _ in range(int(rng.integers(0, 3))):
                t = t_start + m * 60 + int(rng.integers(0, 60))
                out.append(
                    (
                        t,
                        line(
                            ip,
                            t,
                            "GET",
                            f"/gear/bags-{int(rng.integers(0, 90000))}.html",
                            200,
                            38000,
                            BROWSERS[2],
                            0.5,
                        ),
                    )
                )
    return out, Planted("distributed_scraper", t_start, t_start + minutes * 60, tuple(ips))


def credential_stuffing(
    t_start: int, minutes: int = 60, per_minute: int = 40, seed: int = 2
) -> tuple[list[tuple[int, str]], Planted]:
    rng = np.random.default_rng(seed)
    ips = [f"45.{int(a)}.{int(b)}.{int(c)}" for a, b, c in rng.integers(1, 250, (150, 3))]
    out = []
    for m in range(minutes):
        for _ in range(per_minute):
            t = t_start + m * 60 + int(rng.integers(0, 60))
            ip = ips[int(rng.integers(0, len(ips)))]
            if rng.random() < 0.3:
                out.append(
                    (
                        t,
                        line(
                            ip,
                            t,
                            "POST",
                            "/rest/default/V1/integration/customer/token",
                            401,
                            120,
                            "python-requests/2.32",
                            0.2,
                        ),
                    )
                )
            else:
                out.append((t, line(ip, t, "POST", "/customer/account/loginPost/", 302, 0, BROWSERS[1], 0.3)))
    return out, Planted("credential_stuffing", t_start, t_start + minutes * 60, tuple(ips))


def carding(
    t_start: int, minutes: int = 45, per_minute: int = 20, seed: int = 3
) -> tuple[list[tuple[int, str]], Planted]:
    rng = np.random.default_rng(seed)
    ips = [f"103.{int(a)}.{int(b)}.{int(c)}" for a, b, c in rng.integers(1, 250, (80, 3))]
    out = []
    for m in range(minutes):
        for _ in range(per_minute):
            t = t_start + m * 60 + int(rng.integers(0, 60))
            ip = ips[int(rng.integers(0, len(ips)))]
            cart = f"{int(rng.integers(0, 1 << 30)):08x}"
            status = 400 if rng.random() < 0.9 else 200
            path = f"/rest/default/V1/guest-carts/{cart}/payment-information"
            out.append((t, line(ip, t, "POST", path, status, 180, BROWSERS[3], 0.9)))
    return out, Planted("carding", t_start, t_start + minutes * 60, tuple(ips))


def probes(t_start: int) -> tuple[list[tuple[int, str]], Planted]:
    ip = "198.51.100.23"
    paths = [
        "/.env",
        "/.git/config",
        "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
        "/downloader/",
        "/app/etc/env.php",
        "/phpmyadmin/",
        "/admin",
        "/backend/admin",
        "/admin123/",
        "/wp-login.php",
    ]
    out = [
        (t_start + i * 5, line(ip, t_start + i * 5, "GET", p, 404, 150, "Mozilla/5.0 zgrab/0.x", 0.01))
        for i, p in enumerate(paths)
    ]
    return out, Planted("probe", t_start, t_start + len(paths) * 5, (ip,))


def fake_googlebot(t_start: int, minutes: int = 60) -> tuple[list[tuple[int, str]], Planted]:
    ip = "91.92.93.94"
    out = [
        (t_start + i * 6, line(ip, t_start + i * 6, "GET", f"/product-{i}.html", 200, 30000, GOOGLEBOT, 0.3))
        for i in range(minutes * 10)
    ]
    return out, Planted("fake_search_engine", t_start, t_start + minutes * 60, (ip,))


def render(*parts: list[tuple[int, str]]) -> str:
    rows = [row for part in parts for row in part]
    rows.sort(key=lambda r: r[0])
    return "".join(text for _, text in rows)
