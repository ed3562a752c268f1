"""More access-log layouts, the PHP-FPM slow log and sniffing, on lines shaped like real servers'."""

from __future__ import annotations

import json

import pytest

from magesupport.domain.errors import WatchError
from magesupport.services.watch import analyze_logs, read_logs
from magesupport.watch.records import RouteCache
from magesupport.watch.sources.access import parse_access_chunk
from magesupport.watch.sources.detect import sniff
from magesupport.watch.sources.reader import Chunk

TIME = "10/Oct/2026:13:55:36 +0000"
EPOCH = 1791640536


def parse(*lines: str):
    batch = parse_access_chunk(Chunk("a.log", 1, ("\n".join(lines) + "\n").encode()), RouteCache())
    return batch, [batch.client_names.get(int(c), "?") for c in batch.client]


def test_vhost_combined_takes_the_client_not_the_virtual_host():
    batch, clients = parse(
        f'shop.example.com:443 203.0.113.9 - - [{TIME}] "GET /a.html HTTP/1.1" 200 5120 "-" "Mozilla/5.0"',
        f'shop.example.com:80 2001:db8::7 - - [{TIME}] "GET /b.html HTTP/1.1" 301 0 "-" "Mozilla/5.0"',
    )
    assert clients == ["203.0.113.9", "2001:db8::7"] and batch.unparsed_count == 0
    assert batch.status.tolist() == [200, 301]


def test_hostname_clients_are_read_and_sniffed(tmp_path):
    line = f'crawl-66-249-66-1.googlebot.com - - [{TIME}] "GET /b.html HTTP/1.1" 200 5120 "-" "Googlebot/2.1"'
    batch, clients = parse(line)
    assert clients == ["crawl-66-249-66-1.googlebot.com"] and int(batch.ts[0]) == EPOCH
    path = tmp_path / "access_log"
    path.write_text((line + "\n") * 3)
    assert sniff(path) == "access"


def test_extra_quoted_fields_after_the_agent_are_xff_only_when_they_hold_an_address():
    batch, clients = parse(
        f'10.0.0.5 - - [{TIME}] "GET /c.html HTTP/1.1" 200 5120 "-" "UA" "shop.example.com" 0.250',
        f'10.0.0.5 - - [{TIME}] "GET /d.html HTTP/1.1" 200 5120 "-" "UA" "198.51.100.7, 10.0.0.1" "shop.example.com" 0.5',
        f'10.0.0.5 - - [{TIME}] "GET /e.html HTTP/1.1" 200 5120 "-" "UA" "-" "cafe" "x" "y" 0.125',
    )
    assert clients == ["10.0.0.5", "198.51.100.7", "10.0.0.5"]
    assert batch.rt.tolist() == [0.25, 0.5, 0.125] and batch.unparsed_count == 0


def test_json_lines_in_nginx_escape_json_layout(tmp_path):
    rows = [
        {"time_iso8601": "2026-10-10T15:55:36+02:00", "remote_addr": "10.0.0.1", "http_x_forwarded_for": "192.0.2.1",
         "request": "POST /customer/account/loginPost/ HTTP/1.1", "status": "302", "body_bytes_sent": "0",
         "http_user_agent": "curl/8.5.0", "request_time": "0.012"},
        {"time_local": TIME, "remote_addr": "192.0.2.2", "request_method": "GET", "request_uri": "/women.html?p=2",
         "status": 200, "body_bytes_sent": 5120, "http_user_agent": "Mozilla/5.0", "http_x_forwarded_for": "-"},
    ]  # fmt: skip
    lines = [json.dumps(r) for r in rows] + ['{"status": "200", "request": "broken']
    batch, clients = parse(*lines)
    assert clients == ["192.0.2.1", "192.0.2.2"] and batch.ts.tolist() == [EPOCH, EPOCH]
    assert batch.post.tolist() == [True, False] and batch.status.tolist() == [302, 200]
    assert batch.unparsed_count == 1 and batch.unparsed[0][0] == 3
    path = tmp_path / "access.json"
    path.write_text("\n".join(lines) + "\n")
    assert sniff(path) == "access"
    (stats,) = analyze_logs([path], workers=1).sources
    assert (stats.records, stats.unparsed) == (2, 1)


def test_log_format_strings_read_custom_layouts(tmp_path):
    fmt = '$remote_addr [$time_local] $host "$request" $status $body_bytes_sent rt=$request_time "$http_user_agent"'
    path = tmp_path / "custom.log"
    path.write_text(
        f'192.0.2.8 [{TIME}] shop.example.com "GET /x.html?q=1 HTTP/2.0" 404 12 rt=0.123 "Mozilla/5.0 (X11)"\n'
        f'192.0.2.9 [{TIME}] shop.example.com "POST /checkout/ HTTP/2.0" 200 99 rt=1.5 "Mozilla/5.0"\n'
        "not the format\n"
    )
    data = read_logs([path], log_format=fmt)
    assert (data.access.parsed, data.access.unparsed) == (2, 1)
    with pytest.raises(WatchError, match="no \\$status"):
        analyze_logs([path], log_format="$remote_addr [$time_local] $request")


def test_php_fpm_slow_log_and_max_children(tmp_path):
    trace = (
        "[10-Oct-2026 13:55:{s:02d}]  [pool www] pid 1234{s}\n"
        "script_filename = /var/www/magento/pub/index.php\n"
        "[0x00007f3c2a4150d0] curl_exec() /var/www/magento/vendor/magento/framework/HTTP/Client/Curl.php:432\n"
        "[0x00007f3c2a414f80] makeRequest() /var/www/magento/vendor/magento/framework/HTTP/Client/Curl.php:250\n\n"
    )
    warning = "[10-Oct-2026 14:{m:02d}:00] WARNING: [pool www] server reached pm.max_children setting (50), consider raising it\n"
    path = tmp_path / "php8.2-fpm.log"
    path.write_text("".join(trace.format(s=s) for s in range(5)) + "".join(warning.format(m=m) for m in range(0, 50, 5)))
    assert sniff(path) == "errors"
    report = analyze_logs([path])
    (shape,) = [e for e in report.error_shapes if "slow request" in e.fingerprint]
    assert shape.count == 5 and "curl_exec()" in shape.fingerprint
    (saturation,) = [i for i in report.incidents if i.kind == "fpm_max_children"]
    assert saturation.subject == "pool www" and saturation.score == 10 and saturation.severity.value == "critical"


def test_a_file_whose_head_is_not_a_log_line_is_still_sniffed(tmp_path):
    path = tmp_path / "access.log"
    path.write_text(
        "# exported by the hosting panel\n" * 60
        + f'203.0.113.9 - - [{TIME}] "GET /a.html HTTP/1.1" 200 5120 "-" "Mozilla/5.0"\n' * 5
    )
    assert sniff(path) == "access"
    slow = tmp_path / "mysql-slow.log"
    slow.write_text(
        "D:\\MySQL\\bin\\mysqld, Version: 5.1.30-community-log (MySQL Community Server (GPL)). started with:\n"
        "TCP Port: 3306, Named Pipe: (null)\nTime                 Id Command    Argument\n"
        "# Time: 090127  1:23:34\n# User@Host: u[u] @ host [1.2.3.4]\n"
        "# Query_time: 0.45  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1\nSELECT 1;\n"
    )
    assert sniff(slow) == "slowlog"
    assert read_logs([slow]).slow.unparsed == 0


def test_rule_pack_is_data_and_exploit_paths_extend_it(tmp_path):
    from magesupport.watch.routes import Route, Topic, classify, rules

    pack = rules()
    for name in ("probe", "secret", "login", "admin", "payment", "graphql"):
        assert pack[name]["patterns"], name
    assert classify("/rest/default/V1/integration/customer/token") == (Route.REST, Topic.LOGIN)
    assert classify("/graphql")[1] is Topic.GRAPHQL
    lines = [
        f'198.51.100.4 - - [{TIME}] "GET {path} HTTP/1.1" 404 10 "-" "zgrab"'
        for path in ("/.env", "/wp-login.php", "/rss/catalog/notifystock/?x=1", "/rss/catalog/notifystock/")
    ]
    log = tmp_path / "access.log"
    log.write_text("\n".join(lines) + "\n")
    csv = tmp_path / "magevulndb.csv"
    csv.write_text('Name,Relevant URI\nRSS notify,/rss/catalog/notifystock/\nno path,see advisory\n')
    assert not [i for i in analyze_logs([log]).incidents if i.kind == "exploit_probe"]
    (probe,) = [i for i in analyze_logs([log], exploit_paths=csv).incidents if i.kind == "exploit_probe"]
    assert probe.subject == "198.51.100.4" and probe.score == 3
    assert not [i for i in analyze_logs([log]).incidents if i.kind == "exploit_probe"]  # not kept between runs
    bad = tmp_path / "bad.csv"
    bad.write_text("name,cve\nx,y\n")
    with pytest.raises(WatchError, match="relevant URI"):
        analyze_logs([log], exploit_paths=bad)


def test_magento_1_zend_log_with_the_exception_on_the_next_line(tmp_path):
    path = tmp_path / "exception.log"
    path.write_text(
        "2014-05-30T00:45:32+00:00 ERR (3): \n"
        "exception 'Mage_Core_Exception' with message 'Invalid block type: Mage_Foo_Block_Bar' in "
        "/srv/magento/app/Mage.php:595\nStack trace:\n"
        "#0 /srv/magento/app/code/core/Mage/Core/Model/Layout.php(495): Mage::throwException('Invalid block t...')\n"
        "#1 {main}\n"
        "2014-05-30T00:46:00+00:00 DEBUG (7): cache cleaned\n"
        "2014-05-30T00:47:12+00:00 CRIT (2): Warning: Division by zero in /srv/magento/app/x.php on line 12\n"
    )
    assert sniff(path) == "errors"
    report = analyze_logs([path])
    (stats,) = report.sources
    assert (stats.records, stats.unparsed) == (2, 0)
    shapes = {e.fingerprint.split(":")[0] for e in report.error_shapes}
    assert "Mage_Core_Exception" in shapes
