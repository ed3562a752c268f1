"""Hostile names (quote, provider and store names, ids, user agents, file paths) through every output come out
inert: Markdown renders no HTML, link or image from them; HTML pages run and fetch nothing; rich shows them
as typed (no markup, no link, no emoji)."""

from __future__ import annotations

import pytest
from hostile import LINK, assert_inert_html, assert_inert_markdown, poison

from magesupport.formats import audit as audit_format
from magesupport.formats import compare_markdown, compare_table, watch
from magesupport.formats import plan as plan_format
from magesupport.formats import review as review_format
from magesupport.formats import sla as sla_format
from magesupport.formats.html import report

MARKDOWN = {
    "compare-simulated": ("simulated", compare_markdown.render),
    "compare-quick": ("quick", compare_markdown.render),
    "review": ("reviewed", review_format.render_markdown),
    "plan": ("planned", plan_format.render_markdown),
    "audit": ("audited", audit_format.report_markdown),
    "integrity": ("integrity", audit_format.integrity_markdown),
    "baseline": ("baselined", lambda r: audit_format.baseline_text(r, "markdown")),
    "watch": ("watched", watch.to_markdown),
}
HTML = {
    "compare-simulated": ("simulated", report.render),
    "compare-quick": ("quick", report.render),
    "watch": ("watched", watch.to_html),
}
TABLES = {
    "compare-simulated": ("simulated", lambda r: compare_table.render(r, width=400)),
    "compare-quick": ("quick", lambda r: compare_table.render(r, width=400)),
    "review": ("reviewed", lambda r: review_format.render_table(r, width=400)),
    "plan": ("planned", lambda r: plan_format.render_table(r, width=400)),
    "audit": ("audited", audit_format.report_table),
    "integrity": ("integrity", audit_format.integrity_table),
    "watch": ("watched", lambda r: watch.to_table(r, width=400)),
}


@pytest.mark.parametrize("name", MARKDOWN)
def test_markdown_is_inert(name, request):
    fixture, render = MARKDOWN[name]
    text = render(poison(request.getfixturevalue(fixture)))
    if name == "baseline":  # one line of text: no table, no script shown twice
        assert_inert_markdown(text + "\n")
    else:
        assert_inert_markdown(text)


@pytest.mark.parametrize("name", HTML)
def test_html_is_inert(name, request):
    fixture, render = HTML[name]
    page = assert_inert_html(render(poison(request.getfixturevalue(fixture))))
    assert LINK in page.all_text


@pytest.mark.parametrize("name", TABLES)
def test_tables_show_markup_as_typed(name, request):
    fixture, render = TABLES[name]
    text = render(poison(request.getfixturevalue(fixture)))  # a MarkupError would be raised here
    assert "Shop [/] x" in text and ":warning:" in text and "⚠" not in text
    assert LINK in text or "[link=https://evil.example]" in text  # long cells fold, at a space


def test_sla_documents_are_inert_in_every_format(sla_results):
    for result in sla_results:
        hostile = poison(result)
        assert_inert_markdown(sla_format.render(hostile, "markdown"))
        assert LINK in assert_inert_html(sla_format.render(hostile, "html")).all_text
        table = sla_format.render(hostile, "table")
        assert "Shop [/] x" in table and "[link=https://evil.example]" in table, type(result).__name__


def test_compare_table_shows_bracketed_names_literally(quick):
    """The brief's two names: a store `Shop [/] x` and a package `[link=https://evil.example]Click[/link]`."""
    package = quick.packages[0].model_copy(update={"name": LINK, "provider": LINK})
    result = quick.model_copy(
        update={
            "store": quick.store.model_copy(update={"name": "Shop [/] x"}),
            "packages": (package, *quick.packages[1:]),
        }
    )
    for color in (False, True):
        text = compare_table.render(result, color=color)
        assert "Shop [/] x" in text
        assert f"{LINK}, {LINK}" in text  # the package line: name, provider
        assert "\x1b]8;" not in text  # no terminal hyperlink


def test_review_audit_and_watch_tables_show_bracketed_names_literally(reviewed, audited, watched):
    first = reviewed.packages[0].model_copy(update={"name": "Shop [/] x", "provider": LINK})
    text = review_format.render_table(reviewed.model_copy(update={"packages": (first,)}), color=True)
    assert f"Shop [/] x, {LINK}" in text and "\x1b]8;" not in text
    finding = audited.findings[0].model_copy(update={"title": "Shop [/] x", "advice": LINK})
    text = audit_format.report_table(audited.model_copy(update={"findings": (finding,)}))
    assert "Shop [/] x" in text and "[link=https://evil.example]Click" in text
    client = watched.top_clients[0].model_copy(update={"user_agent": "Shop [/] x"})
    incident = watched.incidents[0].model_copy(update={"subject": LINK})
    text = watch.to_table(
        watched.model_copy(update={"top_clients": (client,), "incidents": (incident,)}), width=300
    )
    assert "Shop [/] x" in text and LINK in text
