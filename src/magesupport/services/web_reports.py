"""The PDF of a report for the web app's download: Chromium's print of the HTML (services/pdf.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path


def pdf_bytes(html: str) -> bytes:
    from magesupport.services.pdf import html_to_pdf

    with tempfile.TemporaryDirectory(prefix="magesupport-web-pdf-") as tmp:
        return html_to_pdf(html, Path(tmp) / "report.pdf").read_bytes()


def pdf_available() -> bool:
    from magesupport.services.pdf import find_browser

    return find_browser() is not None
