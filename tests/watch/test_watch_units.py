"""Numbers checked against hand-computed values; Monolog / PHP-FPM / slow-log details."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import watch_synth_access as sa
import watch_synth_logs as sl

from magesupport.services.watch import analyze_logs, load_deploys
from magesupport.watch.detectors import Settings, poisson_tail_score, robust_spread, runs
from magesupport.watch.detectors.errors import detect_rising_errors
from magesupport.watch.records import ErrorRecord
from magesupport.watch.sources.monolog import parse_log_chunk
from magesupport.watch.sources.reader import Chunk
from magesupport.watch.sources.slowlog import parse_time_header


def test_poisson_tail_score_by_hand():
    # lambda = 2, observed 8: x = 4, h(x) = 4 ln 4 - 4 + 1 = 2.54518; score = 2 * 2.54518 / ln 10
    assert math.isclose(poisson_tail_score(8, 2), 2 * (4 * math.log(4) - 3) / math.log(10), rel_tol=1e-12)
    assert poisson_tail_score(1, 2) == 0.0
    # the bound is conservative: exact P(X >= 8 | 2) = 0.00110 -> -log10 = 2.96 >= 2.21
    exact = 1 - sum(math.exp(-2) * 2**k / math.factorial(k) for k in range(8))
    assert poisson_tail_score(8, 2) <= -math.log10(exact)


def test_robust_spread_and_runs_by_hand():
    median, spread = robust_spread(np.array([1.0, 2.0, 3.0, 4.0, 100.0]))
    assert median == 3.0 and math.isclose(spread, 1.4826 * 1.0)
    assert runs(np.array([0, 1, 1, 0, 1], dtype=bool)) == [(1, 3), (4, 5)]


def _records(counts: list[int], start: float) -> list[ErrorRecord]:
    out = []
    for hour, n in enumerate(counts):
        for k in range(n):
            ts = start + hour * 3600 + k * (3600 / max(n, 1))
            out.append(
                ErrorRecord(ts, "monolog", "ERROR", "E", "m", "-", "E: m @ -", "x.log", hour + 1, "line")
            )
    return out


def test_rising_errors_forecast_by_hand():
    # 48 quiet hours at 2/h, then 24 hours rising by exactly 2/h: 2, 4, ..., 48, then a partial hour
    counts = [2] * 48 + [2 + 2 * k for k in range(24)] + [1]
    start = datetime(2026, 9, 1, tzinfo=UTC).timestamp()
    (incident,) = detect_rising_errors(_records(counts, start), Settings(error_threshold_per_hour=100))
    facts = dict(incident.facts)
    assert math.isclose(float(facts["slope_per_hour"]), 2.0, abs_tol=0.05)
    # the line reaches 100/h 26 hours after the last full hour (48 -> 100 at 2/h); residuals are ~0
    assert abs(float(facts["forecast_hours"]) - 26.0) <= 1.0
    assert (
        float(facts["forecast_low_hours"])
        <= float(facts["forecast_hours"])
        <= float(facts["forecast_high_hours"])
    )
    assert abs(incident.start.timestamp() - (start + 48 * 3600)) <= 2 * 3600


def test_slow_query_regression_located_at_deploy(tmp_path):
    t0 = int(sa.START.timestamp())
    deploy = t0 + 9 * 86400 + 3600
    slow = tmp_path / "slow.log"
    slow.write_text(sl.slow_log(days=14, per_hour=12, slower_shape=4, slower_at=deploy + 600))
    deploys = tmp_path / "deploys.txt"
    deploys.write_text(datetime.fromtimestamp(deploy, UTC).strftime("%Y-%m-%d %H:%M:%S") + "  release\n")
    report = analyze_logs([slow], deploys_file=deploys)
    (step,) = [i for i in report.incidents if i.kind == "slow_query_regression"]
    assert "cataloginventory_stock_item" in dict(step.facts)["fingerprint"]
    assert abs(step.start.timestamp() - (deploy + 600)) <= 3 * 3600
    assert 3.0 <= step.score <= 5.5 and "after the deployment" in step.explanation


def test_deploy_file_formats(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("# comment\n2026-09-14T14:00:00Z a\n2026-09-15 09:30:00 b\n\n2026-09-16\n")
    got = load_deploys(path)
    assert got == [
        datetime(2026, 9, 14, 14, tzinfo=UTC).timestamp(),
        datetime(2026, 9, 15, 9, 30, tzinfo=UTC).timestamp(),
        datetime(2026, 9, 16, tzinfo=UTC).timestamp(),
    ]


def test_slow_log_time_headers():
    assert (
        parse_time_header(b"2026-10-10T13:55:36.123456Z")
        == datetime(2026, 10, 10, 13, 55, 36, 123456, tzinfo=UTC).timestamp()
    )
    assert parse_time_header(b"261010 13:55:36") == datetime(2026, 10, 10, 13, 55, 36, tzinfo=UTC).timestamp()
    assert parse_time_header(b"261010  3:05:06") == datetime(2026, 10, 10, 3, 5, 6, tzinfo=UTC).timestamp()
    assert parse_time_header(b"yesterday") is None


MONOLOG = (
    "[2026-10-10T13:55:36.123456+00:00] main.CRITICAL: Order 000123 failed "
    '{"exception":"[object] (Magento\\\\Framework\\\\Exception\\\\LocalizedException(code: 0): The payment for order '
    "000123 failed at /var/www/html/vendor/magento/module-sales/Model/Service/OrderService.php:245)\n"
    "[stacktrace]\n"
    "#0 /var/www/html/vendor/magento/module-checkout/Model/PaymentInformationManagement.php(132): "
    "Magento\\\\Sales\\\\Model\\\\Service\\\\OrderService->place()\n"
    '#1 {main}\n"} []\n'
    "[2026-10-10 13:56:00] main.ERROR: Unable to send mail to joe@example.com [] []\n"
    "[2026-10-10 13:56:30] main.INFO: Deployment finished: setup:upgrade [] []\n"
    "[10-Oct-2026 13:57:00] WARNING: [pool www] server reached pm.max_children setting (20), consider raising it\n"
    "[10-Oct-2026 13:58:00 UTC] PHP Fatal error:  Uncaught Error: Call to undefined method Foo::bar() in "
    "/var/www/html/app/code/Acme/Pay/Model/Api.php:77\n"
    "Stack trace:\n#0 /var/www/html/app/code/Acme/Pay/Controller/Index.php(20): Acme\\Pay\\Model\\Api->call()\n"
)


def test_monolog_and_php_fpm_records():
    batch = parse_log_chunk(Chunk("exception.log", 1, MONOLOG.encode()))
    records = batch.records
    assert [r.line for r in records] == [1, 6, 8, 9]
    assert records[0].exception == "Magento\\Framework\\Exception\\LocalizedException"
    assert records[0].fingerprint.endswith(
        "Magento\\Sales\\Model\\Service\\OrderService->place() (vendor/magento/module-checkout/Model/PaymentInformationManagement.php)"
    )
    assert "order <n> failed" in records[0].fingerprint
    assert records[1].fingerprint == "main: Unable to send mail to <email> @ -"
    assert records[2].source == "php-fpm" and "pm.max_children setting (<n>)" in records[2].fingerprint
    assert records[3].source == "php" and records[3].exception == "Error"
    assert [d[2] for d in batch.deploys] == [7]
    assert batch.unparsed == 0


def test_deploy_at_start_of_logs_does_not_make_everything_new(tmp_path):
    t0 = int(sa.START.timestamp())
    slow, errors, deploys = tmp_path / "slow.log", tmp_path / "exception.log", tmp_path / "deploys.txt"
    slow.write_text(sl.slow_log(days=4, per_hour=6))
    errors.write_text(sl.exception_log(days=4))
    deploys.write_text(datetime.fromtimestamp(t0 + 600, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") + "\n")
    report = analyze_logs([slow, errors], deploys_file=deploys)
    assert [i.kind for i in report.incidents] == []
