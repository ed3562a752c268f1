"""store.yaml rewritten by `calibrate`: comments, CRLF, mode and a symlink to it all kept."""

import os
import stat
from pathlib import Path

import pytest

from magesupport.domain.errors import OutputError
from magesupport.workspace.yamlwrite import update_workload

STORE = Path(__file__).resolve().parent.parent / "assets" / "sla" / "workspace" / "store.yaml"
UPDATES = {"incidents_per_year": {"P1": 1.5, "P2": 0, "P3": 4, "P4": 8}}


def _store(tmp_path: Path, crlf: bool = False) -> Path:
    path = tmp_path / "store.yaml"
    raw = b"# my comment\n" + STORE.read_bytes()
    path.write_bytes(raw.replace(b"\n", b"\r\n") if crlf else raw)
    return path


def test_crlf_and_comments_kept(tmp_path):
    path = _store(tmp_path, crlf=True)
    update_workload(path, UPDATES)
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") and b"\r\n" in raw
    assert raw.startswith(b"# my comment\r\n")
    assert b"incidents_per_year: {P1: 1.5, P2: 0, P3: 4, P4: 8}   # a guess, to be calibrated\r\n" in raw


def test_lf_file_stays_lf(tmp_path):
    path = _store(tmp_path)
    update_workload(path, UPDATES)
    assert b"\r" not in path.read_bytes()


def test_mode_0640_kept(tmp_path):
    path = _store(tmp_path)
    path.chmod(0o640)
    update_workload(path, UPDATES)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert b"P1: 1.5" in path.read_bytes()


def test_read_only_store_refused_and_untouched(tmp_path):
    path = _store(tmp_path)
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        update_workload(path, UPDATES)
    assert path.read_bytes() == before


def test_symlinked_store_followed_and_link_kept(tmp_path):
    real = _store(tmp_path)
    (tmp_path / "ws").mkdir()
    link = tmp_path / "ws" / "store.yaml"
    link.symlink_to(real)
    update_workload(link, UPDATES)
    assert os.path.islink(link)
    assert b"P1: 1.5" in real.read_bytes()
