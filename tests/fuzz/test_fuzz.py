"""Hypothesis over workspaces, exports, PHP arrays and log lines: exit 0, 1 or 2, never 3, never a hang,
never a planted secret in the output. Small budgets here (the whole suite within a minute); bench/hostile_input.py
runs the same strategies longer and prints the figures."""

from __future__ import annotations

import cases
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

# no shrinking: a hang found would be shrunk for minutes; the failing example is printed as found
FUZZ = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    database=None,
)


def check(outcomes: list[cases.Outcome]) -> None:
    for outcome in outcomes:
        assert outcome.kind in ("ok", "clear"), (outcome.kind, outcome.code, outcome.err[-600:])
        assert not outcome.leaked


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(cases.STORE_KEYS), cases.SCALARS), min_size=1, max_size=3),
    st.lists(st.tuples(st.sampled_from(cases.QUOTE_KEYS), cases.SCALARS), max_size=3),
    st.sampled_from(["json", "markdown", "table"]),
)
def test_workspaces(store, quote, fmt):
    check(cases.workspace_case(store, quote, fmt))


@FUZZ
@given(st.lists(st.lists(cases.CELLS, min_size=8, max_size=8), min_size=1, max_size=4))
def test_exports(rows):
    check(cases.export_case(rows))


@FUZZ
@given(cases.php_values())
def test_php_arrays(value):
    check(cases.php_case(f"<?php\nreturn {value};\n"))


@FUZZ
@given(st.lists(cases.log_lines(), min_size=1, max_size=6), st.booleans())
def test_log_lines(lines, access):
    check(cases.log_case(lines, access))
