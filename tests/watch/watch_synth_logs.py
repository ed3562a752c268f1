"""Seeded generators of MySQL/MariaDB slow logs and Magento exception logs with planted events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
from watch_synth_access import START

Rng = np.random.Generator


def _ids(rng: Rng) -> str:
    return ", ".join(str(int(v)) for v in rng.integers(1, 99999, int(rng.integers(1, 40))))


def _hex(rng: Rng) -> str:
    return f"{int(rng.integers(1 << 40, 1 << 52)):x}"


def _date(rng: Rng) -> str:
    return f"2026-0{int(rng.integers(1, 9))}-{int(rng.integers(10, 28))} 0{int(rng.integers(0, 9))}:00:00"


SHAPES: tuple[Callable[[Rng], str], ...] = (
    lambda r: f"SELECT `e`.* FROM `catalog_product_entity` AS `e` WHERE (`e`.`entity_id` IN({_ids(r)}))",
    lambda r: (
        f"SELECT `main_table`.* FROM `sales_order_grid` AS `main_table` WHERE (created_at >= '{_date(r)}') ORDER BY created_at DESC LIMIT 20 OFFSET {int(r.integers(0, 900))}"
    ),
    lambda r: (
        f"INSERT INTO `search_tmp_{_hex(r)}` SELECT `main_select`.`entity_id`, SUM(score) AS `relevance` FROM (SELECT `search_index`.`entity_id`, (((0)) * {r.random():.4f}) AS `score` FROM `catalogsearch_fulltext_scope1` AS `search_index` WHERE (MATCH (data_index) AGAINST ('{'shirt' * int(r.integers(1, 3))}*' IN BOOLEAN MODE))) AS `main_select` GROUP BY `entity_id` ORDER BY `relevance` DESC, `entity_id` DESC LIMIT 10000"
    ),
    lambda r: (
        f"SELECT `search_result`.`entity_id` FROM `search_tmp_{_hex(r)}` AS `search_result` ORDER BY `score` DESC LIMIT {int(r.integers(10, 50))}"
    ),
    lambda r: (
        f"UPDATE `cataloginventory_stock_item` SET `qty` = {int(r.integers(0, 500))} WHERE (`product_id` = {int(r.integers(1, 99999))})"
    ),
    lambda r: (
        f"SELECT COUNT(DISTINCT e.entity_id) FROM `catalog_product_entity` AS `e`\n INNER JOIN `catalog_category_product_index_store1` AS `cat_index` ON cat_index.product_id=e.entity_id AND cat_index.store_id=1 AND cat_index.category_id='{int(r.integers(2, 90))}'"
    ),
    lambda r: f"DELETE FROM `customer_visitor` WHERE (last_visit_at < '{_date(r)}')",
    lambda r: (
        "INSERT INTO `catalog_product_index_price_tmp` (`entity_id`,`customer_group_id`,`website_id`,`price`) VALUES "
        + ", ".join(
            f"({int(r.integers(1, 9999))}, {int(r.integers(0, 4))}, 1, {r.random() * 100:.2f})"
            for _ in range(int(r.integers(1, 30)))
        )
    ),
    lambda r: (
        f"SELECT `quote`.* FROM `quote` WHERE (`quote`.`customer_id`='{int(r.integers(1, 9999))}') AND (is_active = '1')"
    ),
    lambda r: (
        "SELECT `url_rewrite`.* FROM `url_rewrite` WHERE (`request_path` IN("
        + ", ".join(f"'p-{int(v)}.html'" for v in r.integers(1, 9999, int(r.integers(1, 6))))
        + ")) AND (`store_id` IN(1))"
    ),
    lambda r: (
        f"SELECT `core_config_data`.* FROM `core_config_data` WHERE (path = 'web/secure/base_url_{int(r.integers(1, 9))}')"
    ),
    lambda r: (
        f"SELECT `e`.`entity_id`, `price_index`.`price` FROM `catalog_product_index_price` AS `price_index` WHERE (price_index.customer_group_id = {int(r.integers(0, 4))}) AND (price_index.website_id = 1) AND (e.entity_id IN ({_ids(r)}))"
    ),
)


def NEW_SHAPE(r):
    return f"SELECT `sales_order_item`.* FROM `sales_order_item` WHERE (product_id = {int(r.integers(1, 9999))}) AND (created_at > '{_date(r)}')"


def _entry(ts: float, qt: float, rows: int, sql: str, mariadb: bool) -> str:
    when = datetime.fromtimestamp(ts, UTC)
    if mariadb:
        head = f"# Time: {when:%y%m%d %H:%M:%S}\n# User@Host: magento[magento] @ localhost []\n# Thread_id: 42  Schema: magento  QC_hit: No\n"
        tail = "# Rows_affected: 0  Bytes_sent: 1234\n"
    else:
        head = f"# Time: {when:%Y-%m-%dT%H:%M:%S}.{when.microsecond:06d}Z\n# User@Host: magento[magento] @ localhost []  Id:    42\n"
        tail = ""
    return (
        f"{head}# Query_time: {qt:.6f}  Lock_time: 0.000120 Rows_sent: 10  Rows_examined: {rows}\n{tail}"
        f"SET timestamp={int(ts)};\n{sql};\n"
    )


def slow_log(days: int = 14, deploy_at: int | None = None, per_hour: float = 6.0, seed: int = 5, mariadb: bool = False,
             shapes: int = len(SHAPES), slower_shape: int | None = None, slower_at: int | None = None) -> str:  # fmt: skip
    rng = np.random.default_rng(seed)
    t0 = int(START.timestamp())
    n = int(rng.poisson(per_hour * 24 * days))
    times = np.sort(rng.uniform(t0, t0 + days * 86400, n))
    parts = []
    header = "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\nTcp port: 3306  Unix socket: /run/mysqld/mysqld.sock\nTime                 Id Command    Argument\n"
    for ts in times.tolist():
        k = int(rng.integers(0, shapes))
        qt = float(rng.lognormal(np.log(1.5), 0.3))
        if slower_at is not None and k == slower_shape and ts >= slower_at:
            qt *= 4.0  # a deployment made this shape four times slower
        parts.append(_entry(ts, qt, int(rng.integers(100, 100000)), SHAPES[k](rng), mariadb))
        if deploy_at is not None and ts >= deploy_at + 1800 and rng.random() < 0.5:
            parts.append(
                _entry(ts + 1, float(rng.lognormal(np.log(4.0), 0.2)), 2_000_000, NEW_SHAPE(rng), mariadb)
            )
    return ("" if mariadb else header) + "".join(parts)


BACKGROUND_ERRORS = (
    "main.ERROR: Unable to send mail: Sending the email to {e} failed [] []",
    "main.CRITICAL: Magento\\Framework\\Exception\\NoSuchEntityException: The product that was requested doesn't exist. Verify the product and try again. in /var/www/html/vendor/magento/module-catalog/Model/ProductRepository.php:{n}",
    "main.ERROR: Cannot gather stats! Warning!stat(): stat failed for /var/www/html/pub/media/catalog/product/cache/{h}.jpg [] []",
    "report.CRITICAL: Magento\\Framework\\Exception\\LocalizedException: Invalid state of cart {n}. in /var/www/html/vendor/magento/module-quote/Model/QuoteRepository.php:{n}",
)
DEPLOY_ERROR = "main.CRITICAL: Error: Call to a member function getId() on null in /var/www/html/app/code/Acme/Checkout/Plugin/AddressPlugin.php:{n}\nStack trace:\n#0 /var/www/html/vendor/magento/framework/Interception/Interceptor.php(135): Acme\\Checkout\\Plugin\\AddressPlugin->afterGetShippingAddress()\n#1 {{main}}"
RAMP_ERROR = "main.CRITICAL: Magento\\Framework\\DB\\Adapter\\DeadlockException: SQLSTATE[40001]: Serialization failure: 1213 Deadlock found when trying to get lock; try restarting transaction, query was: UPDATE `inventory_reservation` SET quantity = {n} in /var/www/html/vendor/magento/framework/DB/Statement/Pdo/Mysql.php:{n}"


def _monolog(ts: float, body: str) -> str:
    when = datetime.fromtimestamp(ts, UTC)
    return f"[{when:%Y-%m-%dT%H:%M:%S}.{when.microsecond:06d}+00:00] {body}\n"


def exception_log(days: int = 14, deploy_at: int | None = None, ramp_start: int | None = None, seed: int = 9,
                  ramp_hours: int = 48, ramp_peak: float = 40.0) -> str:  # fmt: skip
    rng = np.random.default_rng(seed)
    t0 = int(START.timestamp())
    rows: list[tuple[float, str]] = []
    for hour in range(days * 24):
        for _ in range(int(rng.poisson(1.5))):
            ts = t0 + hour * 3600 + float(rng.uniform(0, 3600))
            tpl = BACKGROUND_ERRORS[int(rng.integers(0, len(BACKGROUND_ERRORS)))]
            body = tpl.format(
                e=f"user{int(rng.integers(1, 999))}@example.com", n=int(rng.integers(1, 999)), h=_hex(rng)
            )
            rows.append((ts, body))
    if deploy_at is not None:
        for ts in np.sort(rng.uniform(deploy_at + 3600, deploy_at + 3 * 86400, 25)).tolist():
            rows.append((ts, DEPLOY_ERROR.format(n=int(rng.integers(40, 60)))))
    if ramp_start is not None:
        for h in range(ramp_hours):
            rate = 1.0 + (ramp_peak - 1.0) * h / ramp_hours
            for _ in range(int(rng.poisson(rate))):
                rows.append(
                    (
                        ramp_start + h * 3600 + float(rng.uniform(0, 3600)),
                        RAMP_ERROR.format(n=int(rng.integers(1, 99))),
                    )
                )
    rows.sort(key=lambda r: r[0])
    return "".join(_monolog(ts, body) for ts, body in rows if ts < t0 + days * 86400)
