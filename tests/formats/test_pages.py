"""The watch and SLA pages: jinja2 templates on the report's base (same CSP), charts through svg.to_svg."""

from __future__ import annotations

import re

from hostile import Page

from magesupport.formats import sla as sla_format
from magesupport.formats import watch
from magesupport.formats.html import report
from magesupport.formats.money import money

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def csp_of(html: str) -> str | None:
    page = Page(html)
    metas = [a for tag, a in page.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    return metas[0]["content"] if metas else None


def external(page: Page) -> list[str]:
    urls = [v or "" for _, attrs in page.tags for k, v in attrs.items() if k in {"src", "href", "xlink:href"}]
    return [u for u in urls if not u.startswith("#")]


def test_every_page_shares_the_base_and_its_policy(watched, sla_results, quick):
    pages = [
        report.render(quick),
        watch.to_html(watched),
        *(sla_format.render(r, "html") for r in sla_results),
    ]
    for html in pages:
        assert html.startswith('<!DOCTYPE html>\n<html lang="en">') and html.rstrip().endswith("</html>")
        assert csp_of(html) == CSP
        assert not external(Page(html)) and "@import" not in html and "url(http" not in html
        assert "sans-serif" in html and "&#34;" not in html.split("</style>")[0]  # CSS inlined as written


def test_watch_page_shows_the_report(watched):
    html = watch.to_html(watched)
    page = Page(html)
    figures = [a.get("id") for tag, a in page.tags if tag == "figure"]
    assert figures == ["chart-1"]  # one charted series
    svgs = [a for tag, a in page.tags if tag == "svg"]
    assert len(svgs) == 1 and svgs[0]["role"] == "img"
    assert svgs[0]["aria-label"].startswith("requests per hour (requests) over time in UTC")
    assert "<metadata>" not in html and "<?xml" not in html  # through svg.to_svg
    words = page.words
    assert f"{svgs[0]['aria-label']}" in words  # the caption says it too
    assert "access: 100 lines, 99 records, 1 unparsed" in words
    assert "critical carding 2026-09-01 01:00 – 2026-09-01 02:00 1.2.3.4 12.5 many failed payments" in words
    assert 'access.log:7: 1.2.3.4 - - "POST /checkout" 200 "curl/8"' in words  # the evidence
    assert re.search(r'<td class="critical">critical</td>', html)


def test_sla_page_marks_numbers_and_bad_verdicts(sla_results):
    sla = next(r for r in sla_results if type(r).__name__ == "SlaReport")
    page = Page(sla_format.render(sla, "html"))
    assert page.words.startswith(f"SLA report {sla.month}: {sla.quote_name} ({sla.provider}) SLA report")
    tds = [a.get("class") for tag, a in page.tags if tag == "td"]
    assert "num" in tds  # figures right-aligned
    owed = money(sla.credit.amount, sla.credit.currency, cents=True)
    assert f"Service credit owed for {sla.month}: {owed} ({sla.credit.credit_pct:g}% of the" in page.words
    assert page.words.endswith("Written by magesupport.")
    check = next(r for r in sla_results if type(r).__name__ == "InvoiceCheck")
    html = sla_format.render(check, "html")
    bad = re.findall(r'<td class="bad">([A-Z]+)</td>', html)
    assert bad and len(bad) == check.differences  # one red status per line to query
