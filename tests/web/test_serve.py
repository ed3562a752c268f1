"""`magesupport serve` as a user starts it: a process that prints its address and answers there, on loopback."""

from __future__ import annotations

import re
import subprocess
import sys

import httpx

from magesupport.services.workspaces import example_path


def test_serve_prints_its_address_and_answers(tmp_path):
    import shutil

    shutil.copytree(example_path("startup"), tmp_path / "startup")
    code = "import sys; from magesupport.cli.main import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", str(tmp_path), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        line = process.stdout.readline()
        url = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line).group(1)
        answer = httpx.get(url, timeout=180)
        assert answer.status_code == 200 and 'href="/w/startup"' in answer.text
        assert httpx.get(url, headers={"Host": "evil.example"}, timeout=180).status_code == 421
    finally:
        process.terminate()
        process.wait(30)
        process.stdout.close()
