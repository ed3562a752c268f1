"""The simulation's progress bar: off without a terminal, drawn only once its delay has passed, and fed
increasing counts up to the total by the run (read back from rich's output on a forced terminal)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import magesupport.cli.commands as commands
from magesupport.cli import simulate_progress
from magesupport.cli.main import main
from magesupport.cli.simulate_progress import progress_bar
from magesupport.services.workspaces import example_path
from magesupport.simulate.run import simulate_workspace
from magesupport.simulate.sensitivity import RERUNS
from magesupport.workspace.loader import load_workspace

HIDE_CURSOR, SHOW_CURSOR, ERASE_LINE = "\x1b[?25l", "\x1b[?25h", "\x1b[2K"


@pytest.fixture
def terminal(monkeypatch):
    """Make rich treat the captured standard error as an interactive terminal."""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("TTY_INTERACTIVE", "1")
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def clock(monkeypatch):
    """The bar's clock, moved by hand."""
    now = SimpleNamespace(t=100.0)
    monkeypatch.setattr(simulate_progress, "time", SimpleNamespace(monotonic=lambda: now.t))
    return now


def test_no_bar_without_a_terminal(capsys):
    with progress_bar("x") as update:  # standard error is not a terminal under pytest
        assert update is None
    assert capsys.readouterr().err == ""


def test_the_bar_is_drawn_only_after_its_delay(terminal, clock, capsys):
    with progress_bar("simulating", after_seconds=1.0, force=True) as update:
        assert update is not None
        clock.t = 100.9
        update(1, 3)  # 0.9 s in: nothing drawn
        assert capsys.readouterr().err == ""
        clock.t = 101.2
        update(2, 3)  # past the delay: the bar starts
        update(3, 3)
    err = capsys.readouterr().err
    assert err.startswith(HIDE_CURSOR) and "simulating" in err
    assert "3/3" in err and "1/3" not in err
    assert err.rstrip().endswith(ERASE_LINE) and SHOW_CURSOR in err  # transient: erased when done


def test_a_long_delay_draws_nothing(terminal, capsys):
    with progress_bar("x", after_seconds=3600, force=True) as update:
        assert update is not None
        update(1, 10)
        update(10, 10)
    assert capsys.readouterr().err == ""


def test_the_run_feeds_increasing_counts_up_to_the_total(terminal, capsys):
    seen: list[tuple[int, int]] = []
    workspace = load_workspace(example_path("startup"))
    with progress_bar("simulating", after_seconds=0, force=True) as update:
        assert update is not None

        def spy(done: int, total: int) -> None:
            seen.append((done, total))
            update(done, total)

        simulate_workspace(workspace, years=200, seed=1, sensitivity_years=100, progress=spy)
    total = seen[-1][1]
    # one step per package and chunk of years, plus the sensitivity reruns (low and high of three)
    assert total == len(workspace.packages) + 2 * len(RERUNS) == 11
    assert seen == [(done, total) for done in range(1, total + 1)]
    err = capsys.readouterr().err
    assert "simulating" in err and f"{total}/{total}" in err


def test_compare_draws_the_bar_on_a_terminal(terminal, capsys, monkeypatch):
    monkeypatch.setattr(
        commands, "progress_bar", lambda label: progress_bar(label, after_seconds=0, force=True)
    )
    args = ["compare", str(example_path("startup")), "--years", "200", "--format", "json"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "simulating" in err and "11/11" in err  # 200 years: one chunk per package, and the reruns
