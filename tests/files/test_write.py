"""files/write.py: the one writer of every output file (atomic, never a special file replaced)."""

import os
import stat
import threading

import pytest

from magesupport.domain.errors import OutputError
from magesupport.files.write import atomic_write_text, is_stdout, write_file
from magesupport.services.output import write_text


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_failed_write_keeps_old_content(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    atomic_write_text(target, "old")

    def boom(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OutputError, match="no space left"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_disk_full_while_writing_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(OutputError, match="no space left"):
        atomic_write_text(target, "x" * 1000)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("missing/out.json", "the folder .*missing does not exist"),
        ("afile/out.json", "is a file, not a folder|not a folder"),
        ("folder", "is a folder"),
        ("a" * 300, "file name too long"),
    ],
)
def test_bad_targets_are_one_line_errors(tmp_path, name, reason):
    (tmp_path / "afile").write_text("keep")
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError, match=reason) as info:
        write_file(tmp_path / name, b"data")
    assert "\n" not in str(info.value)
    assert (tmp_path / "afile").read_text() == "keep"
    assert (tmp_path / "folder").is_dir()


def test_deeper_path_under_a_file(tmp_path):
    (tmp_path / "afile").write_text("keep")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write_file(tmp_path / "afile" / "deeper" / "out.json", b"x")


@pytest.mark.parametrize("name", ["/proc/version", "/proc/self/nothing/x", "/sys/kernel/x"])
def test_kernel_files_are_refused(name):
    with pytest.raises(OutputError, match="kernel file"):
        write_file(name, b"data")


def test_unwritable_folder(tmp_path, monkeypatch):
    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", denied)
    with pytest.raises(OutputError, match="permission denied"):
        write_file(tmp_path / "out.json", b"x")


def test_dev_full_is_an_error_and_stays_a_device():
    with pytest.raises(OutputError, match="no space left"):
        write_file("/dev/full", b"x" * 10_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dev_null_is_written_as_a_stream():
    write_file("/dev/null", b"x" * 10)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_fifo_without_reader_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO with no reader"):
        write_file(fifo, b"x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_fifo_with_reader_gets_the_stream(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    opened = threading.Event()

    def reader():
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        opened.set()
        chunks = []
        os.set_blocking(fd, True)
        while True:
            chunk = os.read(fd, 65536)
            if not chunk and chunks:
                break
            if chunk:
                chunks.append(chunk)
        os.close(fd)
        got.append(b"".join(chunks))

    thread = threading.Thread(target=reader)
    thread.start()
    opened.wait(5)
    payload = b"line\n" * 50_000  # more than a pipe's buffer: the writer blocks as a stream would
    write_file(fifo, payload)
    thread.join(10)
    assert got == [payload]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_symlink_is_followed_and_kept(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text("old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_file(link, b"new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_dangling_symlink_writes_where_it_points(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    write_file(link, b"{}")
    assert link.is_symlink() and (tmp_path / "made.json").read_text() == "{}"


def test_mode_is_kept(tmp_path):
    target = tmp_path / "store.yaml"
    target.write_text("a: 1\n")
    target.chmod(0o640)
    write_file(target, b"a: 2\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == "a: 2\n"


def test_read_only_file_is_refused(tmp_path):
    target = tmp_path / "store.yaml"
    target.write_text("a: 1\n")
    target.chmod(0o444)
    with pytest.raises(OutputError, match=r"read-only \(mode 0444"):
        write_file(target, b"a: 2\n")
    assert target.read_text() == "a: 1\n"


def test_new_file_gets_the_usual_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        write_file(tmp_path / "new.txt", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_are_standard_output(name, capsys):
    from pathlib import Path

    assert is_stdout(Path(name))
    assert write_text("hello\n", Path(name)) is None
    assert capsys.readouterr().out == "hello\n"
    assert os.path.islink("/dev/stdout") or name == "-"
