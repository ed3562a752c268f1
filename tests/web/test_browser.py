"""End to end in Debian's chromium (Playwright), against `serve`'s app on uvicorn in a thread: create a
workspace from an example, change a quote's monthly fee and see the verdict change, a bad value refused beside
its field with the file unchanged, a ticket CSV uploaded and the month's report shown, the report downloaded.
No request leaves the server (every other URL is intercepted), every field has a label, the keyboard reaches
the forms. The screenshots of docs/web.md are taken here: into docs/web/ with MAGESUPPORT_SCREENSHOTS=1 (so that
`make test` never rewrites the repository's files), else into the test's temporary folder."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from magesupport.services.compare import compare

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DOCS = Path(__file__).parents[2] / "docs" / "web"
SLA = Path(__file__).parents[1] / "assets" / "sla"
YEARS = "1000"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
]

LABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden')
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.id || e.name)"""


@pytest.fixture
def server(tmp_path):
    import uvicorn

    from magesupport.web.app import create_app
    from magesupport.web.security import Settings

    root = tmp_path / "portfolio"
    root.mkdir()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(root, Settings(port=port))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", root
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def browser_page(tmp_path, server):
    playwright = pytest.importorskip("playwright.sync_api")
    base, _ = server
    outside: list[str] = []
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)

        def guard(route):
            if route.request.url.startswith(base + "/") or route.request.url.startswith("about:"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.set_default_timeout(60_000)
        yield page, outside, errors
        context.close()
        browser.close()


SHOTS: list[Path] = []


@pytest.fixture(autouse=True)
def _shots_folder(tmp_path):
    SHOTS[:] = [DOCS if os.environ.get("MAGESUPPORT_SCREENSHOTS") == "1" else tmp_path / "shots"]


def shot(page, name):
    folder = SHOTS[0]
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)
    assert (folder / f"{name}.png").stat().st_size > 1000


def labels_missing(page):
    return page.evaluate(LABELLED)


def run_compare(page, base, name):
    page.goto(f"{base}/w/{name}/compare")
    page.fill("#years", YEARS)
    page.click("#run-compare")
    page.wait_for_selector("#verdict")
    return page.inner_text("#verdict .pick").split(" from ")[0].strip()


def test_end_to_end(browser_page, server):
    page, outside, errors = browser_page
    base, root = server
    visited = []

    def visit(url):
        page.goto(url)
        visited.append(url)
        assert labels_missing(page) == [], url

    # a workspace from an example, with the keyboard only
    visit(base + "/")
    first = page.evaluate("() => { document.body.focus(); return 1 }")
    assert first == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "new-name":
            break
    assert page.evaluate("document.activeElement.id") == "new-name"
    page.keyboard.type("my-store")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/w/my-store")
    assert (root / "my-store" / "store.yaml").is_file()
    visit(base + "/")
    page.fill("#dup-1", "second-store")
    page.click("form[action='/w/my-store/duplicate'] button")
    page.wait_for_url(f"{base}/w/second-store")
    assert (root / "second-store" / "store.yaml").read_bytes() == (root / "my-store" / "store.yaml").read_bytes()
    visit(base + "/")
    page.wait_for_selector("td:has-text('Managed Commerce Care') >> nth=1")
    shot(page, "home")

    # every page of the workspace renders with a label on every field
    for path in ["", "/edit/store.yaml", "/edit/store.yaml?tab=yaml", "/edit/quotes/acme-growth.yaml",
                 "/new-quote", "/sla", "/audit", "/logs", "/compare"]:
        visit(f"{base}/w/my-store{path}")
    page.goto(f"{base}/w/my-store/edit/quotes/summit-managed.yaml")
    shot(page, "quote-form")

    # the verdict, then a price change that changes it
    before = run_compare(page, base, "my-store")
    expected = compare(root / "my-store", simulate=True, years=int(YEARS), seed=1).verdict
    assert before == expected.pick_name
    page.locator("#verdict").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, document.querySelector('#verdict').getBoundingClientRect().top - 10)")
    shot(page, "verdict")
    with page.expect_download() as download:
        page.click("#download-html")
    assert Path(download.value.path()).read_text().startswith("<!DOCTYPE html>")

    quote = root / "my-store" / "quotes" / "summit-managed.yaml"
    page.goto(f"{base}/w/my-store/edit/quotes/summit-managed.yaml")
    page.fill("#f-pricing-monthly_fee", "40000")
    page.click("#save")
    page.wait_for_selector("#saved")
    assert "monthly_fee: 40000" in quote.read_text()
    after = run_compare(page, base, "my-store")
    assert after != before
    assert after == compare(root / "my-store", simulate=True, years=int(YEARS), seed=1).verdict.pick_name

    # a bad value: the message beside the field, the file unchanged
    saved = quote.read_bytes()
    page.goto(f"{base}/w/my-store/edit/quotes/summit-managed.yaml")
    page.fill("#f-pricing-monthly_fee", "-5")
    page.click("#save")
    error = page.wait_for_selector("#f-pricing-monthly_fee-error")
    assert "cannot be negative" in error.inner_text()
    assert page.get_attribute("#f-pricing-monthly_fee", "aria-invalid") == "true"
    assert quote.read_bytes() == saved
    error.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    shot(page, "field-error")

    # a ticket CSV, then the month's report
    page.goto(f"{base}/w/my-store/sla")
    page.set_input_files("#sla-files", str(SLA / "zendesk_explore.csv"))
    page.select_option("#sla-desk", "zendesk")
    page.click("#sla-import")
    page.wait_for_selector("#imported")
    assert "3 tickets read from zendesk_explore.csv" in page.inner_text("#imported")
    shot(page, "sla-import")
    assert page.input_value("#report-month") == "2026-10"
    page.select_option("#report-quote", "acme-growth")
    page.wait_for_load_state("load")  # the import's report in its frame, so that nothing moves any more
    page.focus("#sla-report")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/sla/report?month=2026-10&quote=acme-growth"))
    assert page.inner_text("h1") == "SLA report 2026-10"
    frame = page.wait_for_selector("iframe.report").content_frame()
    assert frame.inner_text("h1") == "SLA report 2026-10: Growth Retainer 40h (Acme Commerce Ltd)"
    assert labels_missing(page) == []
    shot(page, "sla-report")

    assert outside == [], outside  # no page asked for anything beyond the server
    # the one error the console saw: the refused save's answer (422)
    assert [m for m in errors if "422" not in m] == [], errors
    assert len(visited) >= 11
