"""Slow-log records and query fingerprints on inputs shaped like the real logs that broke them.

Every fixture here is our own text, written in the layouts of MySQL 5.x/8, Percona Server and MariaDB
slow logs (the shapes percona-toolkit's samples showed us; none of their text is copied).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.services.watch import analyze_logs, read_logs
from magesupport.watch.fingerprints import normalise_queries
from magesupport.watch.sources.reader import Chunk
from magesupport.watch.sources.slowlog import parse_slow_chunk


def parse(text: str):
    batch, _ = parse_slow_chunk(Chunk("slow.log", 1, text.encode()))
    return batch


def fp(query: str) -> str:
    return normalise_queries([query])[0]


def test_overflowed_query_time_is_one_unparsed_record_not_an_exception(tmp_path):
    text = (
        "# Time: 241116 15:07:11 # User@Host: shop[shop] @ web1 [10.1.65.120]\n"
        "# Query_time: 18446744073708.796870.000036  Lock_time: 0.000036  Rows_sent: 1  Rows_examined: 127\n"
        "use magento;\nSELECT * FROM quote;\n"
        "# Time: 241116 15:07:12 # User@Host: shop[shop] @ web1 [10.1.65.120]\n"
        "# Query_time: 1.5  Lock_time: 0.000036  Rows_sent: 1  Rows_examined: 127\n"
        "SELECT * FROM sales_order WHERE entity_id = 7;\n"
    )
    batch = parse(text)
    assert batch.fingerprint == ["select * from sales_order where entity_id = ?"]
    assert batch.query_time == [1.5]
    assert batch.unparsed == 1 and batch.unparsed_samples[0][1] == 2  # line of the bad Query_time
    assert "18446744073708.796870.000036" in batch.unparsed_samples[0][2]
    # a multi-file run goes on past it
    bad = tmp_path / "a-slow.log"
    bad.write_text(text)
    good = tmp_path / "b-slow.log"
    good.write_text(text.replace("18446744073708.796870.000036", "2.0"))
    report = analyze_logs([bad, good], workers=1)
    (stats,) = [s for s in report.sources if s.kind == "slowlog"]
    assert (stats.records, stats.unparsed) == (3, 1)


def test_administrator_command_is_a_record_and_does_not_swallow_the_next():
    text = (
        "# User@Host: app[app] @  [10.0.0.8]\n# Thread_id: 5  Schema: shop\n"
        "# Query_time: 0.000002  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\n"
        "# administrator command: Quit;\n"
        "# User@Host: app[app] @  [10.0.0.8]\n# Thread_id: 6  Schema: shop\n"
        "# Query_time: 0.018799  Lock_time: 0.009453  Rows_sent: 0  Rows_examined: 0\n"
        "SELECT MIN(id),MAX(id) FROM tbl;\n"
        "# User@Host: app[app] @  [10.0.0.8]\n"
        "# Query_time: 0.5  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
        "use shop;\n# administrator command: Ping;\n"
    )
    batch = parse(text)
    assert batch.fingerprint == [
        "administrator command: quit",
        "select min(id), max(id) from tbl",
        "administrator command: ping",
    ]
    assert batch.query_time == [0.000002, 0.018799, 0.5] and batch.unparsed == 0


def test_records_without_user_host_are_each_their_own():
    text = (
        "# Time: 090805 11:00:27\n# Thread_id: 1  Schema: db1\n"
        "# Query_time: 0.726052  Lock_time: 0.100091  Rows_sent: 9  Rows_examined: 51\n"
        "# QC_Hit: No  Full_scan: Yes  Full_join: No  Tmp_table: No  Tmp_table_on_disk: No\n"
        "SELECT * FROM foo;\n"
        "# Query_time: 1.726052  Lock_time: 0.010093  Rows_sent: 1  Rows_examined: 1\n"
        "SELECT id FROM tbl WHERE id = 1;\n"
        "# Query_time: 9.000052  Lock_time: 0.000001  Rows_sent: 900  Rows_examined:10000 \n"
        "SELECT COUNT(*) FROM blah WHERE col > 2;\n"
    )
    batch = parse(text)
    assert len(batch.fingerprint) == 3 and batch.rows_examined == [51, 1, 10000]
    # none has a time of its own: all take the `# Time:` before them
    assert batch.ts == [1249470027.0] * 3


def test_untimed_records_are_kept_and_counted_in_the_shapes(tmp_path):
    text = (
        "# User@Host: app[app] @  [10.1.250.19]\n# Thread_id: 39387  Schema: shop\n"
        "# Query_time: 0.000018  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\nSET autocommit=1;\n"
    ) * 2 + "# Query_time: 1\nUPDATE t SET a = 1;\n"
    batch = parse(text)
    assert len(batch.ts) == 3 and all(math.isnan(t) for t in batch.ts)
    path = tmp_path / "slow.log"
    path.write_text(text)
    slow = read_logs([path]).slow
    shapes = {s.fingerprint: s for s in slow.shapes()}
    assert shapes["set autocommit=?"].count == 2 and shapes["set autocommit=?"].first_seen is None
    assert shapes["update t set a = ?"].count == 1 and slow.untimed == 3
    report = analyze_logs([path])
    assert {q.fingerprint for q in report.query_shapes} == set(shapes)


def test_time_is_carried_from_the_record_before_and_across_chunks():
    head = (
        "# Time: 261010 13:55:36\n# User@Host: m[m] @ localhost []\n"
        "# Query_time: 1.0  Lock_time: 0.0  Rows_sent: 1  Rows_examined: 1\nSELECT 1;\n"
    )
    tail = "# User@Host: m[m] @ localhost []\n# Query_time: 2.0  Lock_time: 0.0  Rows_sent: 1  Rows_examined: 1\nSELECT 2;\n"
    first, carry = parse_slow_chunk(Chunk("s.log", 1, head.encode()))
    second, _ = parse_slow_chunk(Chunk("s.log", 5, tail.encode()), carry)
    assert first.ts == second.ts and carry == first.ts[0]
    assert second.line == [5]


def test_orphan_header_without_query_time_is_unparsed_not_absorbed():
    text = (
        "# Time: 2026-10-10T13:55:36.123456Z\n# User@Host: m[m] @ localhost []  Id: 8\n"
        "# Query_time: 1.0  Lock_time: 0.0  Rows_sent: 1  Rows_examined: 1\nSET timestamp=1791640536;\nSELECT a FROM b;\n"
        "# Time: 2026-10-10T13:55:37.000000Z\n# User@Host: m[m] @ localhost []  Id: 9\n"
        "SELECT broken FROM header;\n"
        "# Time: 2026-10-10T13:55:38.000000Z\n# User@Host: m[m] @ localhost []  Id: 9\n"
        "# Query_time: 3.0  Lock_time: 0.0  Rows_sent: 1  Rows_examined: 1\nSELECT c FROM d;\n"
    )
    batch = parse(text)
    assert batch.fingerprint == ["select a from b", "select c from d"]
    assert batch.ts == [1791640536.0, 1791640538.0]
    assert batch.unparsed == 1 and batch.unparsed_samples[0][1:] == (8, "SELECT broken FROM header;")


@pytest.mark.parametrize(
    "layout",
    [
        # MySQL 8 with log_slow_extra: more fields on the Query_time line
        "# Time: 2026-10-10T13:55:36.000000Z\n# User@Host: m[m] @ localhost []  Id:    8\n"
        "# Query_time: 0.5  Lock_time: 0.1 Rows_sent: 1  Rows_examined: 9 Thread_id: 8 Errno: 0 Killed: 0 "
        "Bytes_received: 0 Bytes_sent: 56 Start: 2026-10-10T13:55:35.500000Z End: 2026-10-10T13:55:36.000000Z\n"
        "SET timestamp=1791640536;\nSELECT x FROM y WHERE z = 'q';\n",
        # MariaDB 10
        "# Time: 261010 13:55:36\n# User@Host: m[m] @ localhost []\n# Thread_id: 8  Schema: magento  QC_hit: No\n"
        "# Query_time: 0.5  Lock_time: 0.1  Rows_sent: 1  Rows_examined: 9\n# Rows_affected: 0  Bytes_sent: 56\n"
        "use magento;\nSET timestamp=1791640536;\nSELECT x FROM y WHERE z = 'q';\n",
        # Percona Server with extended statistics
        "# Time: 261010 13:55:36 # User@Host: m[m] @  []\n# Thread_id: 10\n"
        "# Query_time: 0.5  Lock_time: 0.1  Rows_sent: 1  Rows_examined: 9\n"
        "# QC_Hit: No  Full_scan: No  Full_join: No  Tmp_table: No  Tmp_table_on_disk: No\n"
        "#   InnoDB_IO_r_ops: 0  InnoDB_IO_r_bytes: 0  InnoDB_IO_r_wait: 0.000000\n"
        "SET timestamp=1791640536;\nSELECT x FROM y WHERE z = 'q';\n",
        # MySQL 5.0: whole seconds, a server banner first, single spaces, `# User:`
        "/usr/sbin/mysqld, Version: 5.0.38-log. started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\n"
        "Time                 Id Command    Argument\n# Time: 261010 13:55:36\n# User: m[m] @ [1.2.3.4]\n"
        "# Query_time: 0.5 Lock_time: 0.1 Rows_sent: 1 Rows_examined: 9\nSELECT x FROM y WHERE z = 'q';\n",
    ],
    ids=["mysql8-extra", "mariadb", "percona", "mysql5.0"],
)
def test_layouts_give_the_same_record(layout):
    batch = parse(layout)
    assert batch.fingerprint == ["select x from y where z = ?"] and batch.unparsed == 0
    assert batch.ts == [1791640536.0] and batch.query_time == [0.5] and batch.rows_examined == [9]


# fingerprints


LITERAL_FORMS = [
    "'plain'",
    "'it''s'",
    "'back\\'slash'",
    '"double"',
    "x'0F3A'",
    "X'FF'",
    "b'0101'",
    "_utf8mb4'text'",
    "N'national'",
    "0x1F2E",
    "42",
    "-42",
    "+7",
    "3.14",
    "-0.5e-3",
    "1e10",
    "NULL",
    "TRUE",
    "false",
    "'#not a comment'",
    "'-- not a comment either'",
    "'/* nor this */'",
]


@pytest.mark.parametrize("literal", LITERAL_FORMS)
def test_every_literal_form_is_one_placeholder(literal):
    assert fp(f"SELECT * FROM catalog_product_entity WHERE sku = {literal} AND 1") == (
        "select * from catalog_product_entity where sku = ? and ?"
    )


def test_hash_and_dashes_inside_strings_do_not_cut_the_query():
    a = fp("SELECT * FROM url_rewrite WHERE request_path = 'a#b' AND store_id = 1")
    b = fp("SELECT * FROM url_rewrite WHERE request_path = 'x -- y' AND store_id = 2 # trailing comment")
    c = fp("SELECT * FROM url_rewrite WHERE request_path = 'q' /* hint */ AND store_id = 3 -- trailing")
    assert a == b == c == "select * from url_rewrite where request_path = ? and store_id = ?"


def test_negative_and_positive_numbers_are_one_shape_and_binary_minus_stays():
    shapes = {
        fp(f"UPDATE cataloginventory_stock_item SET qty = {v} WHERE product_id = {p}")
        for v, p in ((-1, 5), (3, -8), (0, 12), ("- 4", "+9"))
    }
    assert shapes == {"update cataloginventory_stock_item set qty = ? where product_id = ?"}
    assert fp("UPDATE t SET qty = qty - 1 WHERE id = -2") == "update t set qty = qty - ? where id = ?"
    assert fp("SELECT a FROM t WHERE b BETWEEN -5 AND -1 OR c IN (-1, -2)") == (
        "select a from t where b between ? and ? or c in(?+)"
    )


def test_in_lists_over_16kb_collapse_to_one_shape(tmp_path):
    queries = [
        "SELECT `e`.* FROM `catalog_product_entity` AS `e` WHERE (`e`.`entity_id` IN("
        + ", ".join(str(1000 + k) for k in range(n))
        + "))"
        for n in (1, 5, 3000, 5000, 9000)  # 9000 ids: about 54 KB
    ]
    assert len(queries[-1]) > 16 << 10
    assert set(normalise_queries(queries)) == {
        "select `e`.* from `catalog_product_entity` as `e` where (`e`.`entity_id` in(?+))"
    }
    # through the parser too: 100 queries with lists of every length give 2 shapes, as pt-query-digest
    records = []
    for k in range(100):
        ids = ", ".join(str(v) for v in range(k * 60))
        table = "catalog_product_entity" if k % 2 else "sales_order"
        records.append(
            f"# Time: 2026-10-10T13:{k // 60:02d}:{k % 60:02d}.000000Z\n# User@Host: m[m] @ localhost []\n"
            f"# Query_time: 1.0  Lock_time: 0.0  Rows_sent: 1  Rows_examined: 1\n"
            f"SELECT * FROM {table} WHERE entity_id IN ({ids or 0});\n"
        )
    path = tmp_path / "slow.log"
    path.write_text("".join(records))
    slow = read_logs([path]).slow
    assert slow.queries == 100 and len(slow.fingerprints) == 2


def test_values_lists_and_tuples_collapse():
    rows = ", ".join(f"({k}, 'sku-{k}', {k * 1.5})" for k in range(4000))
    assert fp(f"INSERT INTO t (a, b, c) VALUES {rows}") == fp("insert into t (a,b,c) values (1,'x',2)") == (
        "insert into t (a, b, c) values(?+)"
    )
    assert fp("SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4))") == "select * from t where (a, b) in(?+)"


def test_admin_use_call_limit_and_generated_tables():
    assert fp("administrator command: Quit") == "administrator command: quit"
    assert fp("use magento_live") == "use ?"
    assert fp("CALL catalog_refresh(1, 'x')") == "call catalog_refresh"
    assert fp("SELECT * FROM t LIMIT 10, 20") == fp("SELECT * FROM t LIMIT 5 OFFSET 40") == "select * from t limit ?"
    assert fp("SELECT * FROM `search_tmp_5f3a9b21c4d7e` AS s") == fp("SELECT * FROM `search_tmp_abc123def456` AS s")
    assert fp("SHOW /*!50002 GLOBAL */ STATUS") == "show global status"
    assert fp("SELECT * FROM p ORDER BY name ASC, shape") == fp("SELECT * FROM p ORDER BY name, shape ASC")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=40),
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30),
)
def test_literals_never_change_the_shape(numbers, word):
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    query = f"SELECT * FROM t WHERE name = {quoted} AND id IN ({', '.join(map(str, numbers))}) AND q = {numbers[0]}"
    assert fp(query) == "select * from t where name = ? and id in(?+) and q = ?"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=20))
def test_one_fingerprint_per_query_whatever_the_text(queries):
    out = normalise_queries(queries)
    assert len(out) == len(queries) and all("\x00" not in q for q in out)


def test_an_orphan_administrator_command_is_one_unparsed_record_never_dropped_in_silence():
    # the shape of percona-toolkit's slow041.txt: the log opens on a command with no header before it
    text = (
        b"# administrator command: Quit;\n"
        b"# Time: 071218 11:48:27\n# User@Host: [SQL_SLAVE] @  []\n"
        b"# Query_time: 0.000012  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\nselect 1;\n"
        b"# Time: 071218 11:48:28\n# User@Host: [SQL_SLAVE] @  []\n"
        b"# Query_time: 0.000012  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\n"
        b"# administrator command: Quit;\n"
    )
    batch, _ = parse_slow_chunk(Chunk("slow.log", 1, text))
    assert batch.unparsed == 1 and batch.unparsed_samples[0][1:] == (1, "# administrator command: Quit;")
    assert len(batch.fingerprint) == 2  # the select and the attributed Quit
