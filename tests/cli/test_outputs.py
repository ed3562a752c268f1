"""Every --out through one writer: clear errors (exit 2), special files never replaced, `-` is stdout."""

import json
import os
import stat

import pytest

from magesupport.cli.main import main
from magesupport.files.write import STDOUT_NAMES


@pytest.fixture
def workspace(tmp_path):
    assert main(["init", str(tmp_path / "ws")]) == 0
    return tmp_path / "ws"


def _compare(workspace, out):
    return main(["compare", str(workspace), "--no-simulate", "-f", "json", "-o", str(out)])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/report.json", "does not exist"),
        ("ws", "is a folder"),
        ("ws/store.yaml/report.json", "is a file, not a folder"),
        ("n" * 300 + ".json", "file name too long"),
        ("/proc/version", "kernel file"),
        ("/dev/full", "no space left"),
    ],
)
def test_bad_out_is_exit_2_with_one_line(workspace, capsys, name, message):
    target = name if name.startswith("/") else workspace.parent / name
    capsys.readouterr()
    assert _compare(workspace, target) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: cannot write") and message in err and "\n" not in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("name", sorted(STDOUT_NAMES - {"/proc/self/fd/1", "/dev/fd/1"}))
def test_stdout_names(workspace, capsys, name):
    capsys.readouterr()
    assert _compare(workspace, name) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["schema_version"]
    assert "wrote" not in captured.err
    assert os.path.islink("/dev/stdout")


def test_workload_out_dev_full_stays_a_device(tmp_path, capsys):
    log = tmp_path / "access.log"
    log.write_text('203.0.113.9 - - [10/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8"\n')
    assert main(["watch", "analyze", str(log), "--workload-out", "/dev/full"]) == 2
    assert "no space left" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
