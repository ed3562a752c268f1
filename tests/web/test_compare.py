"""The compare page: the work runs in a worker thread, the verdict names what `compare` names, the downloads
are the CLI's renderings."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest
from markupsafe import escape

from magesupport.cli.main import main
from magesupport.services import compare as compare_service
from magesupport.services.compare import compare

from .conftest import snapshot


def run(client, csrf, name, years=200, simulate=True):
    data = {"csrf": csrf, "years": str(years), "seed": "1", **({"simulate": "on"} if simulate else {})}
    answer = client.post(f"/w/{name}/compare", data=data, headers={"HX-Request": "true"})
    assert answer.status_code == 200, answer.text
    job = re.search(rf'/w/{name}/jobs/(\d+)', answer.text).group(1)
    for _ in range(600):
        fragment = client.get(f"/w/{name}/jobs/{job}")
        if 'hx-trigger="every' not in fragment.text:
            return job, fragment.text
        time.sleep(0.05)
    raise AssertionError("the compare did not finish")


def shown_pick(text):
    return re.search(r'<p class="pick">(.*?)(?: <span|</p>)', text).group(1)


def pick_of(result):
    return result.verdict.pick_name if result.verdict is not None else result.recommendation.recommended_name


def test_the_verdict_names_the_package_compare_names(client, root, csrf, capsys):
    _, text = run(client, csrf, "midmarket", years=20_000)
    assert main(["compare", str(root / "midmarket"), "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    picked = (cli.get("verdict") or {}).get("pick_name") or cli["recommendation"]["recommended_name"]
    assert shown_pick(text) == str(escape(picked))
    assert "20,000 simulated store-years" in text
    # the same page reloaded shows the finished compare of the files as they are
    assert escape(picked) in client.get("/w/midmarket/compare").text


def test_the_price_and_reasons_are_the_results(client, root, csrf):
    _, text = run(client, csrf, "startup", years=200)
    result = compare(root / "startup", simulate=True, years=200, seed=1)
    assert shown_pick(text) == str(escape(pick_of(result)))
    from magesupport.formats.money import money

    price = result.verdict.price_per_month if result.verdict else result.recommendation.price_per_month
    assert f"{money(price, result.store.currency)} a month" in text
    reasons = result.verdict.reasons if result.verdict else result.recommendation.reasons
    assert reasons and all(escape(reason) in text for reason in reasons)


def test_downloads_are_the_cli_renderings(client, csrf):
    job, _ = run(client, csrf, "startup", years=200)
    html = client.get(f"/w/startup/jobs/{job}/download/html")
    assert html.text.startswith("<!DOCTYPE html>") and "attachment" in html.headers["content-disposition"]
    assert '"schema_version"' in client.get(f"/w/startup/jobs/{job}/download/json").text
    assert client.get(f"/w/startup/jobs/{job}/download/md").text.startswith("#")
    assert client.get(f"/w/startup/jobs/{job}/download/exe").status_code == 400
    inline = client.get(f"/w/startup/jobs/{job}/report.html")
    assert inline.text == html.text and "content-disposition" not in inline.headers


def test_questions_are_text_to_paste(client, root, csrf):
    _, text = run(client, csrf, "midmarket", years=200)
    result = compare(root / "midmarket", simulate=True, years=200, seed=1)
    asked = [q for q in result.recommendation.questions if q.questions]
    assert asked
    for q in asked:
        assert f"Hello {escape(q.provider)}," in text
        assert all(f"- {escape(line)}" in text for line in q.questions)


def test_a_workspace_with_an_error_says_where(client, root, csrf):
    quote = root / "startup" / "quotes" / "studio-hourly.yaml"
    quote.write_text(quote.read_text().replace("hourly_rate:", "hourly_rate: -5\n  old_rate:", 1))
    _, text = run(client, csrf, "startup")
    assert "could not run" in text and "studio-hourly.yaml:" in text


def test_the_event_loop_answers_while_a_compare_runs(client, root, csrf, monkeypatch):
    release = threading.Event()
    real = compare_service.compare

    def slow(folder, progress=None, **kwargs):
        progress(3, 12)
        assert release.wait(30)
        return real(folder, simulate=False)

    monkeypatch.setattr(compare_service, "compare", slow)
    answer = client.post("/w/startup/compare", data={"csrf": csrf, "years": "200"}, headers={"HX-Request": "true"})
    job = re.search(r"/w/startup/jobs/(\d+)", answer.text).group(1)
    assert client.get("/").status_code == 200  # the server answers while the compare runs
    for _ in range(100):
        fragment = client.get(f"/w/startup/jobs/{job}").text
        if 'value="3"' in fragment:
            break
        time.sleep(0.02)
    assert '<progress max="12" value="3">' in fragment and "25%" in fragment
    release.set()
    for _ in range(200):
        if 'hx-trigger="every' not in (fragment := client.get(f"/w/startup/jobs/{job}").text):
            break
        time.sleep(0.05)
    assert 'id="verdict"' in fragment


def test_years_outside_the_range_are_refused(client, root, csrf):
    before = snapshot(root)
    answer = client.post("/w/startup/compare", data={"csrf": csrf, "years": "5"})
    assert answer.status_code == 400 and "outside 100 to 1,000,000" in answer.text
    assert snapshot(root) == before


def test_an_unknown_job_is_a_plain_message(client):
    answer = client.get("/w/startup/jobs/999")
    assert answer.status_code == 400 and "run it again" in answer.text


@pytest.mark.browser
def test_pdf_download(client, csrf):
    from magesupport.services.web_reports import pdf_available

    if not pdf_available():
        pytest.skip("Debian's chromium is not installed")
    job, _ = run(client, csrf, "startup", years=200)
    assert client.get(f"/w/startup/jobs/{job}/download/pdf").content.startswith(b"%PDF")
