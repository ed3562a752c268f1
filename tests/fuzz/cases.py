"""Hostile inputs run through the real CLI in-process, each under a timeout: the fuzz tests and
bench/hostile_input.py share these.

An outcome is one of: "ok" (exit 0/1), "clear" (exit 2, one-line errors), "internal" (exit 3 or a
traceback), "hang" (past its timeout); and `leaked` says whether a planted secret reached the output.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from magesupport.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_STORE = ROOT / "assets" / "sla" / "workspace"
AUDIT_STORE = ROOT / "assets" / "audit" / "store"
SECRET = "PLANTED-S3CRET-7f3a"
TIMEOUT = 30  # seconds per command: generous on a loaded machine; a hang is far past it


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so the CLI's `except Exception` does not swallow it."""


@dataclass
class Outcome:
    code: int | None
    out: str
    err: str
    hung: bool = False

    @property
    def kind(self) -> str:
        if self.hung:
            return "hang"
        if self.code == 3 or "internal error" in self.err or "Traceback" in self.err:
            return "internal"
        return "clear" if self.code == 2 else "ok"

    @property
    def leaked(self) -> bool:
        return SECRET in self.out or SECRET in self.err


def run(args: list[str], timeout: int = TIMEOUT) -> Outcome:
    """`magesupport ARGS` in this process, stdout and stderr captured, stopped after `timeout` seconds."""
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()

    def alarm(_signum: int, _frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
        hung = False
    except Hang:
        code, hung = None, True
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    out.flush()
    raw = out.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]
    return Outcome(code, raw, err.getvalue(), hung)


# ------------------------------------------------------------------ values

HOSTILE_TEXT = st.sampled_from(
    [
        "Shop [/] x",
        "[link=https://evil.example]Click[/link]",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "![](http://evil.example/p.png)",
        "a\x1b[31mred\x1b]8;;http://evil\x1b\\",
        "\u202eevil",
        "x" * 5000,
        "",
        "]",
        ":100:",
    ]
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -0.0, 1e308, 10**5000, 1e-320, 1e20, 1e12]),
)
SCALARS = st.one_of(NUMBERS, HOSTILE_TEXT, st.booleans(), st.none(), st.sampled_from(["1e400", "0001-01-01", "9999-12-31", "2026-02-30"]))
STORE_KEYS = [
    ("name",), ("annual_revenue",), ("timezone",), ("currency",), ("workload", "incidents_per_year", "P1"),
    ("workload", "effort_hours", "P2"), ("workload", "effort_spread"), ("workload", "maintenance_hours_per_month"),
    ("internal_team", "hours_per_week"), ("sla", "cutover"), ("sla", "contract_start"), ("sla", "db"),
]
QUOTE_KEYS = [
    ("name",), ("provider", "name"), ("pricing", "monthly_fee"), ("pricing", "hourly_rate"), ("pricing", "included_hours"),
    ("pricing", "overflow_rate"), ("pricing", "rollover", "expires_after_months"), ("severities", "P1", "response"),
    ("uptime_guarantee",), ("service_credits", "per_breach_pct"),
]


def _yaml_scalar(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        return ".nan" if value != value else ".inf" if value == float("inf") else "-.inf" if value == -float("inf") else repr(value)
    if isinstance(value, int):
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)  # writing a 5,000-digit integer is the point; reading it is ours
        try:
            return str(value)
        finally:
            sys.set_int_max_str_digits(limit)
    return json.dumps(value)  # a double-quoted YAML string, escapes and all


def _set(data: dict, path: tuple[str, ...], value: object) -> None:
    node = data
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[path[-1]] = value


def _dump(data: dict) -> str:
    """Flow-style YAML from plain data (JSON is YAML) with our scalars kept as written."""
    if isinstance(data, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_dump(v)}" for k, v in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(_dump(v) for v in data) + "]"
    if isinstance(data, _Raw):
        return data.text
    return _yaml_scalar(data)


class _Raw:
    def __init__(self, text: str) -> None:
        self.text = text


def workspace_case(store_changes: list[tuple[tuple[str, ...], object]], quote_changes: list[tuple[tuple[str, ...], object]], fmt: str = "json") -> list[Outcome]:
    """A copy of the SLA test workspace with values set in store.yaml and the quote, validated and compared."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    with tempfile.TemporaryDirectory(prefix="fuzz-ws-") as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(EXAMPLE_STORE, ws)
        for file, changes in (("store.yaml", store_changes), (None, quote_changes)):
            path = ws / file if file else sorted((ws / "quotes").glob("*.yaml"))[0]
            data = yaml.load(path.read_text())
            for key, value in changes:
                _set(data, key, _Raw(_yaml_scalar(value)))
            path.write_text(_dump(_plain(data)))
        return [run(["validate", str(ws)]), run(["compare", str(ws), "--no-simulate", "-f", fmt])]


def _plain(value: object) -> object:
    """Dates and other YAML types as the strings they were written as, so that _dump can write them back."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool | _Raw) or value is None:
        return value
    return str(value)


# ------------------------------------------------------------------ exports

CELLS = st.one_of(
    st.sampled_from(["", "-", "1e20", "1e308", "inf", "nan", "-5", "0", "99999999999999999999", "0001-01-01 00:00", "9999-12-31 23:59", "1970-01-01 00:00", "2026-10-05 10:00", "2026-02-30 10:00", "P1", "P9", "closed", "open"]),
    HOSTILE_TEXT,
    st.text(max_size=20),
)


ZENDESK = ROOT / "assets" / "sla" / "zendesk_tickets.csv"
EXPORT_FIELDS = ("Priority", "Created at", "Solved at", "Status", "Reopens", "First reply time in minutes", "Full resolution time in minutes", "Subject")


def export_case(rows: list[list[str]]) -> list[Outcome]:
    """A Zendesk export whose rows carry hostile cells, imported into a fresh store and reported; and a
    store URL with a planted password."""
    import csv

    with tempfile.TemporaryDirectory(prefix="fuzz-sla-") as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(EXAMPLE_STORE, ws)
        with ZENDESK.open(newline="", encoding="utf-8") as handle:
            table = list(csv.reader(handle))
        header, template = table[0], table[1]
        export = Path(tmp) / "tickets.csv"
        with export.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for index, cells in enumerate(rows):
                row = list(template)
                row[header.index("Id")] = str(1000 + index)
                for name, cell in zip(EXPORT_FIELDS, cells, strict=False):
                    row[header.index(name)] = cell
                writer.writerow(row)
        db = str(Path(tmp) / "sla.sqlite")
        return [
            run(["sla", "import", str(ws), str(export), "--from", "zendesk", "--db", db]),
            run(["sla", "import", str(ws), str(export), "--from", "zendesk", "--db", db, "--skip-bad-rows"]),
            run(["sla", "report", str(ws), "-m", "2026-10", "--db", db]),
            run(["sla", "report", str(ws), "-m", "2026-10", "--db", f"postgresql://shop:{SECRET}@127.0.0.1:1/x?password={SECRET}"]),
        ]


# ------------------------------------------------------------------ PHP arrays


@st.composite
def php_values(draw: st.DrawFn, depth: int = 0) -> str:
    leaf = st.one_of(
        st.sampled_from(["'x'", '"\\u{110000}"', '"\\u{' + "f" * 40 + '}"', '"\\x41\\101\\e"', "1e400", "9" * 500, "0x" + "f" * 40, "true", "null", "-0", f"'{SECRET}'", '"$interp"', "<<<EOT\nx\nEOT\n", "'unterminated"]),
        st.integers().map(str),
    )
    if depth > 3 or draw(st.booleans()):
        return draw(leaf)
    items = draw(st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["'password'", "'db'", "'key'", "1", "-5", "1.5", "true"])), php_values(depth + 1)), max_size=5))
    body = ", ".join(f"{k} => {v}" if k else v for k, v in items)
    return draw(st.sampled_from([f"[{body}]", f"array({body})"]))


def php_case(env_php: str) -> list[Outcome]:
    """The audit test store with a hostile env.php (its password planted)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-audit-") as tmp:
        store = Path(tmp) / "store"
        shutil.copytree(AUDIT_STORE, store, symlinks=True)
        (store / "app" / "etc" / "env.php").write_text(env_php, encoding="utf-8", errors="surrogateescape")
        return [run(["audit", str(store), "-f", "json"]), run(["audit", str(store)])]


# ------------------------------------------------------------------ log lines

YEARS = st.sampled_from([1, 1969, 1970, 1999, 2000, 2016, 2026, 2099, 2100, 9999])
MONTHS = ["Jan", "Feb", "Mar", "Oct", "Xyz"]


@st.composite
def log_lines(draw: st.DrawFn) -> str:
    year = draw(YEARS)
    text = draw(HOSTILE_TEXT)
    kind = draw(st.sampled_from(["access", "monolog", "garbage"]))
    if kind == "access":
        month = draw(st.sampled_from(MONTHS))
        ua = text.replace('"', "'")
        return f'203.0.113.{draw(st.integers(0, 300))} - - [{draw(st.integers(0, 32)):02d}/{month}/{year:04d}:10:00:00 +0000] "GET /{ua[:40]} HTTP/1.1" {draw(st.integers(0, 999))} 512 "-" "{ua}"'
    if kind == "monolog":
        return f"[{year:04d}-{draw(st.integers(0, 13)):02d}-10 10:00:00] main.{draw(st.sampled_from(['ERROR', 'CRITICAL', 'INFO']))}: {text} {{\"exception\":\"{text[:20]}\"}} []"
    return draw(st.text(max_size=80))


def log_case(lines: list[str], access: bool) -> list[Outcome]:
    """A log of the lines (with a few good ones around), analysed as JSON, Markdown and a table."""
    good = (
        '203.0.113.9 - - [10/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8"'
        if access
        else "[2026-03-10 10:00:00] main.ERROR: good [] []"
    )
    with tempfile.TemporaryDirectory(prefix="fuzz-log-") as tmp:
        log = Path(tmp) / ("access.log" if access else "system.log")
        log.write_text("\n".join([good, *lines, good]) + "\n", encoding="utf-8", errors="surrogateescape")
        return [run(["watch", "analyze", str(log), "-f", fmt]) for fmt in ("json", "table")]
