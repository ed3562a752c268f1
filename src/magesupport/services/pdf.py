"""HTML to PDF with Debian's chromium in headless print mode (no other PDF library needed)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from magesupport.domain.errors import UsageError
from magesupport.files.write import atomic_write_bytes

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def find_browser() -> str | None:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def html_to_pdf(html: str, out: Path, timeout: float = 120.0) -> Path:
    """Print `html` to a PDF at `out` (written atomically)."""
    browser = find_browser()
    if browser is None:
        raise UsageError(
            "--format pdf needs Chromium (Debian: apt-get install chromium); "
            "or write --format html and print it from a browser"
        )
    with tempfile.TemporaryDirectory(prefix="magesupport-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(tmp) / "report.pdf"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise UsageError(f"Chromium did not finish printing the PDF within {timeout:.0f} s") from None
        if not target.is_file() or target.stat().st_size == 0:
            raise UsageError("Chromium could not print the PDF (run with --format html to check the report)")
        return atomic_write_bytes(out, target.read_bytes())
