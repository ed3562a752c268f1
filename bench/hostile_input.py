"""The hostile-input campaign, longer than the test suite: the fuzz strategies of tests/fuzz run through the
real CLI (in-process, a timeout per command) and the figures printed: cases tried, commands run, clear
errors (exit 2), internal errors (exit 3), hangs, secrets leaked.

    python bench/hostile_input.py [EXAMPLES_PER_STRATEGY]   (default 40; `make test` runs 5 per strategy)

There is no peer to run beside it: the figure to compare is the issue's campaign (about 190 internal errors,
7 hangs, database passwords printed), and every figure here should be 0 but the first three.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fuzz"))

import cases
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

FIGURES: Counter[str] = Counter()
EXAMPLES: list[str] = []


def record(name: str, outcomes: list[cases.Outcome]) -> None:
    FIGURES["cases"] += 1
    for outcome in outcomes:
        FIGURES["commands"] += 1
        FIGURES[outcome.kind] += 1
        FIGURES["leaked"] += outcome.leaked
        if outcome.kind in ("internal", "hang") or outcome.leaked:
            shown = next((ln for ln in outcome.err.splitlines() if "internal error" in ln), outcome.err[-200:])
            EXAMPLES.append(f"{name}: {outcome.kind} {shown}")


def main(examples: int) -> None:
    fuzz = settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
        database=None,
    )
    strategies = {
        "workspaces": (
            given(
                st.lists(st.tuples(st.sampled_from(cases.STORE_KEYS), cases.SCALARS), min_size=1, max_size=3),
                st.lists(st.tuples(st.sampled_from(cases.QUOTE_KEYS), cases.SCALARS), max_size=3),
                st.sampled_from(["json", "markdown", "table"]),
            ),
            lambda s, q, f: record("workspace", cases.workspace_case(s, q, f)),
        ),
        "exports": (
            given(st.lists(st.lists(cases.CELLS, min_size=8, max_size=8), min_size=1, max_size=6)),
            lambda rows: record("export", cases.export_case(rows)),
        ),
        "php arrays": (
            given(cases.php_values()),
            lambda value: record("php", cases.php_case(f"<?php\nreturn {value};\n")),
        ),
        "log lines": (
            given(st.lists(cases.log_lines(), min_size=1, max_size=12), st.booleans()),
            lambda lines, access: record("log", cases.log_case(lines, access)),
        ),
    }
    started = time.perf_counter()
    for name, (decorate, body) in strategies.items():
        before = FIGURES["cases"]
        t0 = time.perf_counter()
        fuzz(decorate(body))()
        print(f"{name:12} {FIGURES['cases'] - before:5} cases  {time.perf_counter() - t0:7.1f} s")
    print(
        f"\ncases tried {FIGURES['cases']}, commands run {FIGURES['commands']} in {time.perf_counter() - started:.0f} s\n"
        f"ok (exit 0/1) {FIGURES['ok']}, clear errors (exit 2) {FIGURES['clear']}, "
        f"internal errors {FIGURES['internal']}, hangs {FIGURES['hang']}, secrets leaked {FIGURES['leaked']}"
    )
    for line in EXAMPLES[:20]:
        print("  ", line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
