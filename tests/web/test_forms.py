"""The forms: every key of the format has a field, a save writes only what changed (comments and order kept),
a bad value is refused beside its field with the loader's message and the file left as it was."""

from __future__ import annotations

import re
import typing

import pytest
from markupsafe import escape

from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.services import forms
from magesupport.services.web_quote_models import MODELS
from magesupport.services.workspaces import validate

from .conftest import snapshot

QUOTE = "quotes/acme-growth.yaml"


def digest_of(page_text: str) -> str:
    return re.search(r'name="_digest" value="(\w+)"', page_text).group(1)


def leaf_keys(model, prefix=()):
    for key, info in model.model_fields.items():
        annotation, _ = forms._unwrap(info.annotation)
        if forms._is_model(annotation) and not typing.get_origin(info.annotation):
            yield from leaf_keys(annotation, (*prefix, key))
        else:
            yield ".".join((*prefix, key))


@pytest.mark.parametrize(("path", "model"), [("store.yaml", StoreProfile), (QUOTE, SupportPackage)])
def test_every_key_of_the_model_has_a_labelled_field(client, path, model):
    text = client.get(f"/w/midmarket/edit/{path}").text
    keys = list(leaf_keys(model))
    assert len(keys) > 40
    for key in keys:
        fid = "f-" + key.replace(".", "-")
        assert f'<label for="{fid}">' in text, key
        assert f'id="{fid}" name="{key}"' in text, key


def test_groups_follow_the_docs(client):
    text = client.get(f"/w/midmarket/edit/{QUOTE}").text
    legends = re.findall(r"<legend>(.*?)</legend>", text)
    assert legends == ["General", "Provider", "Pricing", "Severities", "Service credits", "Services", "Contract"]
    assert re.search(r'name="pricing.monthly_fee" value="4100"[^>]*>\s*<span>GBP a month</span>', text)
    assert "default: 15m" in text  # billing_increment's default, as the file would write it


def test_a_save_changes_that_line_only(client, root, csrf):
    path = root / "midmarket" / QUOTE
    before = path.read_text()
    page = client.get(f"/w/midmarket/edit/{QUOTE}").text
    answer = client.post(
        f"/w/midmarket/edit/{QUOTE}",
        data={"csrf": csrf, "_digest": digest_of(page), "pricing.monthly_fee": "3900", "pricing.included_hours": "40"},
    )
    assert answer.status_code == 303
    after = path.read_text()
    assert after == before.replace("monthly_fee: 4100", "monthly_fee: 3900")
    assert after.startswith("# A UK agency's 40-hour retainer")  # the comment is kept
    assert validate(root / "midmarket").packages[0].pricing.monthly_fee == 3900 or any(
        p.pricing.monthly_fee == 3900 for p in validate(root / "midmarket").packages
    )
    assert "Saved quotes/acme-growth.yaml" in client.get(answer.headers["location"]).text


def test_a_new_key_goes_to_the_end_of_its_mapping(client, root, csrf):
    path = root / "midmarket" / "store.yaml"
    page = client.get("/w/midmarket/edit/store.yaml").text
    answer = client.post(
        "/w/midmarket/edit/store.yaml",
        data={"csrf": csrf, "_digest": digest_of(page), "workload.questions_per_month": "6", "b2b": "true"},
    )
    assert answer.status_code == 303
    text = path.read_text()
    assert "  p2_revenue_loss: 0.3\n  questions_per_month: 6\nfx:" in text
    assert text.endswith("b2b: true\n")
    assert validate(root / "midmarket").store.workload.questions_per_month == 6


def test_a_bad_value_is_shown_beside_its_field_and_the_file_is_unchanged(client, root, csrf):
    before = snapshot(root)
    page = client.get(f"/w/midmarket/edit/{QUOTE}").text
    answer = client.post(
        f"/w/midmarket/edit/{QUOTE}",
        data={"csrf": csrf, "_digest": digest_of(page), "pricing.monthly_fee": "-5", "provider.delivery": "moon"},
    )
    assert answer.status_code == 422
    assert snapshot(root) == before
    errors = dict(re.findall(r'<p class="error" id="([^"]+)-error">(.*?)</p>', answer.text))
    assert errors["f-pricing-monthly_fee"] == "an amount of money cannot be negative, got -5"
    assert errors["f-provider-delivery"] == str(escape("expected one of local, offshore, hybrid; got 'moon'"))
    assert 'value="-5"' in answer.text  # what was typed stays in the field
    assert 'aria-describedby="f-pricing-monthly_fee-hint f-pricing-monthly_fee-error" aria-invalid="true"' in answer.text


def test_the_yaml_tab_saves_text_and_refuses_a_broken_file(client, root, csrf):
    path = root / "midmarket" / QUOTE
    page = client.get(f"/w/midmarket/edit/{QUOTE}?tab=yaml").text
    before = path.read_text()
    assert str(escape(before)) in page
    broken = before.replace("notice_days: 30", "notice_days: [30")
    answer = client.post(f"/w/midmarket/yaml/{QUOTE}", data={"csrf": csrf, "_digest": digest_of(page), "text": broken})
    assert answer.status_code == 422 and path.read_text() == before
    assert "Not saved" in answer.text
    edited = before.replace("notice_days: 30", "notice_days: 60  # agreed on the phone")
    answer = client.post(f"/w/midmarket/yaml/{QUOTE}", data={"csrf": csrf, "_digest": digest_of(page), "text": edited})
    assert answer.status_code == 303 and path.read_text() == edited


def test_an_edit_made_elsewhere_shows_on_reload_and_is_never_overwritten(client, root, csrf):
    path = root / "midmarket" / QUOTE
    page = client.get(f"/w/midmarket/edit/{QUOTE}").text
    path.write_text(path.read_text().replace("monthly_fee: 4100", "monthly_fee: 4200"))
    edited = path.read_text()
    answer = client.post(
        f"/w/midmarket/edit/{QUOTE}", data={"csrf": csrf, "_digest": digest_of(page), "pricing.hourly_rate": "99"}
    )
    assert answer.status_code == 400 and "changed on disk" in answer.text
    assert path.read_text() == edited
    assert 'name="pricing.monthly_fee" value="4200"' in client.get(f"/w/midmarket/edit/{QUOTE}").text


def test_a_password_in_a_url_is_never_shown_and_survives_a_save(client, root, csrf):
    path = root / "midmarket" / "store.yaml"
    path.write_text(path.read_text() + "sla:\n  db: postgresql://shop:s3cr3t-pw@db.local/sla\n")
    for tab in ("form", "yaml"):
        page = client.get(f"/w/midmarket/edit/store.yaml?tab={tab}").text
        assert "s3cr3t-pw" not in page and "postgresql://shop:(hidden)@db.local/sla" in page
    page = client.get("/w/midmarket/edit/store.yaml").text
    answer = client.post(
        "/w/midmarket/edit/store.yaml",
        data={"csrf": csrf, "_digest": digest_of(page), "sla.db": "postgresql://shop:(hidden)@db.local/sla2"},
    )
    assert answer.status_code == 303
    assert "db: postgresql://shop:s3cr3t-pw@db.local/sla2\n" in path.read_text()


@pytest.mark.parametrize("model", MODELS)
def test_a_new_quote_from_each_model_validates(client, root, csrf, model):
    answer = client.post(
        "/w/startup/new-quote",
        data={"csrf": csrf, "model": model, "quote_id": f"new-{model}", "quote_name": "Offer", "provider": "Acme"},
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/w/startup/edit/quotes/new-{model}.yaml"
    made = {p.id: p for p in validate(root / "startup").packages}[f"new-{model}"]
    assert made.model.value == model and made.currency == validate(root / "startup").store.currency


def test_a_new_quote_never_overwrites_or_escapes(client, root, csrf):
    before = snapshot(root)
    for quote_id in ("studio-hourly", "../x", "a/b"):
        answer = client.post(
            "/w/startup/new-quote",
            data={"csrf": csrf, "model": "hourly", "quote_id": quote_id, "quote_name": "Offer", "provider": "Acme"},
        )
        assert answer.status_code == 400
    assert snapshot(root) == before
