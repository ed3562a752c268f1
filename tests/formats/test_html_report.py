"""The HTML decision report: self-contained, every chart present, accessible; rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile import Page

from magesupport.cli.main import main
from magesupport.formats.html.report import render
from magesupport.formats.money import money, money_range
from magesupport.services.compare import compare
from magesupport.services.workspaces import EXAMPLES, example_path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHART_KEYS = {
    False: ["cost-breakdown", "cost-vs-risk", "p1-heatmap", "score-breakdown"],
    True: ["cost-distribution", "cost-vs-risk", "p1-heatmap", "tornado", "score-breakdown"],
}


class Outline(HTMLParser):
    """Collects headings, figures and what each figure holds, and every URL-bearing attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.figures: list[dict] = []
        self.urls: list[str] = []
        self._figure: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name in ("src", "href", "xlink:href", "action"):
            if attributes.get(name):
                self.urls.append(attributes[name])
        if tag == "figure":
            self._figure = {"id": attributes.get("id"), "svg_label": None, "caption": False, "paths": 0}
            self.figures.append(self._figure)
        elif self._figure is not None:
            if tag == "svg" and self._figure["svg_label"] is None:
                self._figure["svg_label"] = (
                    attributes.get("aria-label") if attributes.get("role") == "img" else ""
                )
            elif tag in {"path", "rect", "use"}:
                self._figure["paths"] += 1
            elif tag == "figcaption":
                self._figure["caption"] = True

    def handle_endtag(self, tag):
        if tag == "figure":
            self._figure = None


@pytest.fixture(
    scope="module",
    params=[(name, sim) for name in EXAMPLES for sim in (True, False)],
    ids=lambda p: f"{p[0]}-{'simulated' if p[1] else 'quick'}",
)
def report(request, tmp_path_factory):
    name, simulate = request.param
    result = compare(example_path(name), simulate=simulate, years=2000)
    html = render(result)
    path = tmp_path_factory.mktemp(name) / "report.html"
    path.write_text(html, encoding="utf-8")
    keys = CHART_KEYS[simulate]
    if result.simulation is not None and not any(r.changes_best for r in result.simulation.sensitivity):
        keys = [k for k in keys if k != "tornado"]  # nothing changes: one sentence instead (test_figures.py)
    return name, path, html, keys, result


def test_self_contained_and_accessible(report):
    _, _, html, keys, _ = report
    outline = Outline()
    outline.feed(html)
    assert all(not re.match(r"(?i)(https?:)?//", url) for url in outline.urls), outline.urls
    assert "url(http" not in html and "@import" not in html
    assert outline.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False)), (
        outline.headings
    )
    assert [f["id"] for f in outline.figures] == [f"chart-{k}" for k in keys]
    for figure in outline.figures:
        assert figure["svg_label"], figure  # a text alternative on the image itself
        assert figure["caption"], figure
        assert figure["paths"] > 5, figure


def test_numbers_in_store_currency(report):
    _, _, html, _, result = report
    cur = result.store.currency
    mine, others = {"USD": ("$", ("£", "€")), "GBP": ("£", ("$", "€"))}[cur]
    assert mine in html  # quotes in other currencies were converted
    assert not any(symbol in html for symbol in others)
    text = Page(html).words
    for p in result.packages:  # the summary row of every package, in the store's currency
        r = p.ranges
        committed = (
            money_range(r.committed_annual.low, r.committed_annual.high, cur)
            if r
            else money(p.committed_annual, cur)
        )
        total = (
            money_range(r.workload_total_annual.low, r.workload_total_annual.high, cur)
            if r
            else money(p.workload_total_annual, cur)
        )
        cells = [p.model.replace("_", " "), committed, money(p.workload_variable_annual, cur), total]
        assert f"{p.name} {p.id} · {p.provider} {' '.join(cells)} " in text, p.id
        assert f" {p.needs_passed} / {len(p.needs)} " in text
    rec = result.recommendation
    assert rec is not None
    assert f"Recommendation {rec.recommended_name} ({rec.recommended_id}," in text
    assert f"{money(rec.expected_cost, cur)} a year, {money(rec.p95_cost, cur)} in a bad year" in text
    assert (
        f"Contract price: {money(rec.price_per_month, cur)} a month" in text
        or rec.price_per_month_low is not None
    )


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_renders_in_headless_chromium(report, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    name, path, _, keys, _ = report
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1200, "height": 900},
        )
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri(), wait_until="load")
        sizes = page.eval_on_selector_all(
            "figure.chart svg",
            "els => els.map(e => [e.closest('figure').id, e.getBoundingClientRect().width,"
            " e.getBoundingClientRect().height, e.querySelectorAll('path,rect,use').length])",
        )
        shot = tmp_path / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        context.close()
    assert requests == [path.as_uri()], requests  # nothing left the file
    assert [s[0] for s in sizes] == [f"chart-{k}" for k in keys]
    for key, width, height, elements in sizes:
        assert width > 200 and height > 100 and elements > 5, (key, width, height, elements)
    assert shot.stat().st_size > 50_000


def test_cli_html_and_pdf_need_out(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["compare", str(example_path("startup")), "--format", "html", "--out", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert main(["compare", str(example_path("startup")), "--format", "pdf"]) == 2
    assert "--format pdf needs --out" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_pdf(tmp_path):
    out = tmp_path / "r.pdf"
    assert main(["compare", str(example_path("startup")), "--format", "pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_demo_writes_the_report(tmp_path, capsys):
    target = tmp_path / "out" / "demo.html"
    assert main(["demo", "--report", str(target)]) == 0
    assert f"Full report: {target.resolve()}" in capsys.readouterr().out
    assert Path(target).stat().st_size > 10_000
