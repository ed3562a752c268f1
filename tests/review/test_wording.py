"""Reviews that fit a page: absent keys are questions, evidence is in words, five findings a package."""

from __future__ import annotations

import pytest
from review_helpers import DROP, EXAMPLES, context, example_store, package

from magesupport.formats import review as review_format
from magesupport.formats.review import TOP, shown
from magesupport.review.rule import REGISTRY
from magesupport.review.runner import evaluate, evidence_words, is_stated
from magesupport.services.review import review


def ticketing_finding(*patches):
    outcome = evaluate(REGISTRY["PROV-007"], context(example_store("midmarket"), package(*patches)))
    assert outcome is not None
    return outcome[0]


def test_a_key_left_out_is_a_question_not_a_finding_against_the_provider() -> None:
    absent = ticketing_finding({"provider": {"ticketing": DROP}})
    assert absent is not None and absent.stated is False
    stated = ticketing_finding({"provider": {"ticketing": {"system": None, "client_visibility": False}}})
    assert stated is not None and stated.stated is True  # written down as "no system": a finding
    result = review(EXAMPLES / "midmarket")
    pkg = result.packages[0].model_copy(update={"findings": (absent,)})
    text = review_format.render_table(result.model_copy(update={"packages": (pkg,)}), width=200)
    assert "Not stated in the quote (ask)" in text
    assert "no ticketing system" not in text  # not reported as a fact
    assert absent.question in " ".join(text.split())


def test_is_stated_follows_the_keys_written() -> None:
    pkg = package({"provider": {"ticketing": DROP}})
    assert is_stated(pkg, "provider.ticketing") is False
    assert is_stated(pkg, "provider.on_call_staffing") is True
    assert is_stated(pkg, "severities.P1.response") is True
    assert is_stated(pkg, "severities.P9.response") is False
    assert is_stated(pkg, "something.not.a.field") is True  # a path the walk cannot follow counts as stated


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("provider.on_call_staffing", "none", "the quote's on-call staffing: none"),
        ("services.security_patching.included", "false", "the quote's security patching included: no"),
        ("severities.P1.response", "4 business hours", "the quote's P1 response: 4 business hours"),
        ("contract.ip_ownership", "(not stated)", "the quote's ip ownership: not stated in the quote"),
    ],
)
def test_evidence_in_words(path, value, words) -> None:
    assert evidence_words(path, value) == words


def test_review_fits_a_page_and_all_shows_everything(capsys) -> None:
    result = review(EXAMPLES / "midmarket")
    for pkg in result.packages:
        top, asks, more = shown(pkg, everything=False)
        assert len(top) <= TOP and len(top) + len(asks) + more == len(pkg.findings)
        assert [f.severity.order for f in top] == sorted(f.severity.order for f in top)  # most serious first
    short = review_format.render_table(result, width=100)
    full = review_format.render_table(result, width=100, everything=True)
    total = sum(len(p.findings) for p in result.packages)
    assert total > 100  # the page would not fit without the cut
    assert len(short.splitlines()) <= 150 < len(full.splitlines())
    assert "magesupport review DIR --all" in short and "--all" not in full
    for pkg in result.packages:
        for f in pkg.findings:
            assert f.rule_id in full
    # evidence in words first, the key path in small print after it
    assert "the quote's P1 coverage: 24x5" in " ".join(full.split())
