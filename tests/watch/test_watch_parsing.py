"""Parsing: fast and slow paths agree, fingerprints collapse shapes, hostile input never crashes."""

from __future__ import annotations

import gzip
import random

import numpy as np
import watch_synth_logs as sl
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.services.watch import analyze_logs, read_logs
from magesupport.watch.fingerprints import normalise_queries
from magesupport.watch.records import RouteCache
from magesupport.watch.sources.access import parse_access_chunk
from magesupport.watch.sources.reader import Chunk

LINE = '203.0.113.9 - - [10/Oct/2026:13:55:36 +0200] "GET /women/tops.html?p=2 HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (X11)" 0.250\n'


def test_fast_path_fields():
    batch = parse_access_chunk(Chunk("a.log", 1, LINE.encode()), RouteCache())
    assert batch.rows == 1 and batch.unparsed_count == 0
    assert int(batch.ts[0]) == 1791640536 - 7200  # 13:55:36 +0200 is 11:55:36 UTC
    assert int(batch.status[0]) == 200 and int(batch.size[0]) == 5120
    assert abs(float(batch.rt[0]) - 0.25) < 1e-9
    assert batch.client_names[int(batch.client[0])] == "203.0.113.9"


def test_slow_path_agrees_with_fast_path():
    escaped = LINE.replace('"Mozilla/5.0 (X11)"', '"Mozilla/5.0 \\"quoted\\" (X11)"')
    cache = RouteCache()
    fast = parse_access_chunk(Chunk("a.log", 1, LINE.encode()), cache)
    slow = parse_access_chunk(Chunk("a.log", 1, escaped.encode()), RouteCache())
    assert slow.rows == 1
    for name in ("ts", "client", "path", "route", "status", "size"):
        assert getattr(fast, name).tolist() == getattr(slow, name).tolist(), name


def test_xff_client_and_apache_microseconds():
    line = '10.0.0.5 - - [10/Oct/2026:13:55:36 +0000] "POST /customer/account/loginPost/ HTTP/1.1" 302 0 "-" "UA" "198.51.100.7, 10.0.0.1" 250000\n'
    batch = parse_access_chunk(Chunk("a.log", 1, line.encode()), RouteCache())
    assert batch.client_names[int(batch.client[0])] == "198.51.100.7"
    assert abs(float(batch.rt[0]) - 0.25) < 1e-9 and bool(batch.post[0])


def test_fingerprints_yield_exactly_the_shapes():
    rng = np.random.default_rng(3)
    queries = [sl.SHAPES[k % len(sl.SHAPES)](rng) for k in range(1200)]
    shapes = set(normalise_queries(queries))
    assert len(shapes) == len(sl.SHAPES) == 12
    assert any("search_tmp_?" in s for s in shapes) and any("values(?+)" in s for s in shapes)


def test_slow_log_mysql_and_mariadb_give_same_shapes(tmp_path):
    mysql = tmp_path / "mysql.log"
    maria = tmp_path / "maria.log.1.gz"
    mysql.write_text(sl.slow_log(days=2, seed=1))
    maria.write_bytes(gzip.compress(sl.slow_log(days=2, seed=1, mariadb=True).encode()))
    a = read_logs([mysql]).slow
    b = read_logs([maria]).slow
    assert a.queries == b.queries > 200 and a.unparsed == b.unparsed == 0
    assert sorted(a.fingerprints) == sorted(b.fingerprints) and len(a.fingerprints) == 12


def test_hostile_input_is_counted_not_fatal(tmp_path):
    rnd = random.Random(4)
    garbage = bytes(rnd.getrandbits(8) for _ in range(200_000))
    big = (
        b'1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] "GET /' + b"a" * (1 << 20) + b' HTTP/1.1" 200 1 "-" "x"\n'
    )
    truncated = b'1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] "GET /x HTTP/1.1" 200 1 "-" "unterminated\n'
    wrong = b"this is not a log at all\n" * 10
    access = tmp_path / "access.log"
    access.write_bytes(LINE.encode() * 5 + garbage + b"\n" + big + truncated + wrong + LINE.encode())
    (tmp_path / "blob.bin").write_bytes(garbage)
    (tmp_path / "cut.gz").write_bytes(gzip.compress(LINE.encode() * 100)[:-30])
    report = analyze_logs([access, tmp_path / "blob.bin", tmp_path / "cut.gz"], workers=1)
    stats = {s.kind: s for s in report.sources}
    assert stats["access"].records >= 6 and stats["access"].unparsed >= 12
    assert stats["access"].unparsed_samples and "unknown" in stats
    assert all(len(s.text) <= 200 for s in stats["access"].unparsed_samples)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_parse_without_error(data):
    batch = parse_access_chunk(Chunk("x", 1, data + b"\n"), RouteCache())
    assert batch.rows + batch.unparsed_count <= batch.total_lines


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=30))
def test_in_lists_of_any_length_collapse(values):
    query = f"SELECT * FROM t WHERE id IN ({', '.join(map(str, values))})"
    assert normalise_queries([query]) == ["select * from t where id in(?+)"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [b"a", b"bb\n", b"\n", b"# User@Host: x\n", b"q;\n", b"# Time: 1\n", b"# Query_time: 1\n", b";"]
        ),
        max_size=60,
    ),
    st.integers(1, 40),
    st.sampled_from(["lines", "slowlog"]),
)
def test_byte_ranges_cover_every_record_once(parts, size, cut):
    import tempfile
    from pathlib import Path

    from magesupport.watch.sources.scan import read_records
    from magesupport.watch.sources.slowlog import RECORD_CUT

    marker = None if cut == "lines" else RECORD_CUT

    data = b"".join(parts)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.log"
        path.write_bytes(data)
        pieces = [
            read_records(str(path), a, min(a + size, len(data)), marker) for a in range(0, len(data), size)
        ]
    joined = b"".join(pieces)
    expected = data if not data or data.endswith(b"\n") else data + b"\n"
    # every byte once, in order (a record split only where the file has no final newline)
    assert joined.replace(b"\n", b"") == expected.replace(b"\n", b"")
    assert joined.count(b"# User@Host") == data.count(b"# User@Host")


def test_slow_log_parallel_chunks_match_one_pass(tmp_path):
    import re

    from magesupport.watch.sources.scan import scan_slow

    text = sl.slow_log(days=1, per_hour=10_000, seed=3, mariadb=True)  # several queries a second
    text = text[: text.find("# Time:", 300_000)]
    text = re.sub(r"SET timestamp=\d+;\n", "", text)  # times come from '# Time:' lines only
    lines = text.split("\n")
    kept, last = [], None  # MariaDB writes '# Time:' only when the second changes: drop repeats
    for line in lines:
        if line.startswith("# Time:"):
            if line == last:
                continue
            last = line
        kept.append(line)
    path = tmp_path / "maria-slow.log"
    path.write_text("\n".join(kept))
    one = scan_slow([path], workers=1, chunk_bytes=1 << 26)
    many = scan_slow([path], workers=2, chunk_bytes=2048)
    fp1, ts1, qt1, _ = one.arrays()
    fp2, ts2, qt2, _ = many.arrays()
    assert one.queries == many.queries > 500 and many.unparsed == one.unparsed == 0
    assert text.count("# Time:") > 0 and len(kept) < len(lines)  # some queries rely on an earlier time
    assert np.array_equal(ts1, ts2) and np.array_equal(qt1, qt2)
    assert [one.fingerprints[i] for i in fp1] == [many.fingerprints[i] for i in fp2]
    assert [(e.line, e.text) for e in sorted(one.examples, key=lambda e: e.line)] == [
        (e.line, e.text) for e in sorted(many.examples, key=lambda e: e.line)
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.binary(max_size=3000),
    st.sampled_from(
        [
            b"",
            b"# Time: 261010 13:55:36\n# User@Host: x\n# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1\n",
        ]
    ),
)
def test_slow_and_monolog_parsers_take_any_bytes(data, prefix):
    from magesupport.watch.sources.monolog import parse_log_chunk
    from magesupport.watch.sources.slowlog import parse_slow_chunk

    batch, _ = parse_slow_chunk(Chunk("s", 1, prefix + data + b"\n"))
    assert len(batch.ts) == len(batch.fingerprint) == len(batch.line)
    logs = parse_log_chunk(Chunk("m", 1, b"[2026-10-10 13:55:36] main.ERROR: x\n" + data + b"\n"))
    assert logs.records and logs.lines >= 1


_PATH = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_/.", min_size=0, max_size=60)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.tuples(st.integers(1, 254), st.integers(0, 255), st.integers(0, 255), st.integers(1, 254)),
            st.integers(0, 86399),
            st.sampled_from(["GET", "POST", "HEAD", "PUT"]),
            _PATH,
            st.one_of(st.none(), st.text(alphabet="abc=&123%", max_size=20)),
            st.integers(100, 599),
            st.one_of(st.just("-"), st.integers(0, 10**9).map(str)),
            st.text(alphabet="ABCxyz /;().0123456789", max_size=80),
            st.one_of(st.none(), st.floats(0, 99, allow_nan=False).map(lambda v: f"{v:.3f}")),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_fast_path_agrees_with_the_regex_on_any_valid_line(rows):
    from magesupport.watch.sources.access_slow import slow_path

    text = ""
    for (a, b, c, d), second, method, path, query, status, size, ua, rt in rows:
        hh, rest = divmod(second, 3600)
        stamp = f"10/Oct/2026:{hh:02d}:{rest // 60:02d}:{rest % 60:02d} +0000"
        request = f"{method} /{path}{'?' + query if query is not None else ''} HTTP/1.1"
        tail = f" {rt}" if rt is not None else ""
        text += f'{a}.{b}.{c}.{d} - - [{stamp}] "{request}" {status} {size} "-" "{ua}"{tail}\n'
    data = text.encode()
    import magesupport.watch.sources.access as access_module

    seen_by_slow_path: list[int] = []

    def counting(data, starts, ends, rows):  # type: ignore[no-untyped-def]
        seen_by_slow_path.append(len(rows))
        return slow_path(data, starts, ends, rows)

    original = access_module.slow_path
    access_module.slow_path = counting
    try:
        batch = parse_access_chunk(Chunk("x", 1, data), RouteCache())
    finally:
        access_module.slow_path = original
    assert seen_by_slow_path == [0]  # every line went through the vectorised fast path
    assert batch.rows == len(rows) and batch.unparsed_count == 0
    ends = np.array([i for i, ch in enumerate(data) if ch == 10], dtype=np.int64)
    starts = np.concatenate([[0], ends[:-1] + 1]).astype(np.int64)
    slow = slow_path(data, starts, ends, np.arange(len(rows)))
    assert batch.ts.tolist() == slow["ts"].tolist()
    assert batch.status.tolist() == slow["status"].tolist() and batch.size.tolist() == slow["size"].tolist()
    assert batch.client.tolist() == slow["client"].tolist() and batch.ua.tolist() == slow["ua"].tolist()
    assert (
        batch.path.tolist() == slow["path"].tolist()
        and batch.post.tolist() == slow["post"].astype(bool).tolist()
    )
    assert np.allclose(batch.rt, slow["rt"], equal_nan=True)


def test_worker_count_follows_input_size_and_idle_cores():
    from magesupport.watch.sources.scan import choose_workers

    mib = 1 << 20
    assert choose_workers(10 * mib, cores=8, load=0.0) == 1  # small input: in-process
    assert choose_workers(200 * mib, cores=8, load=0.0) == 3  # one per 64 MiB
    assert choose_workers(4000 * mib, cores=8, load=0.0) == 8
    assert choose_workers(4000 * mib, cores=8, load=6.2) == 2  # only the idle cores
    assert choose_workers(4000 * mib, cores=2, load=1.4) == 1  # two busy cores: one process
    assert choose_workers(4000 * mib, cores=2, load=0.1) == 2
