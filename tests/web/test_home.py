"""The home page, new from an example and duplicate: what they show and what they write."""

from __future__ import annotations

from markupsafe import escape

from magesupport.services.compare import compare
from magesupport.services.workspaces import validate


def test_home_lists_the_workspaces_with_their_store(client, root):
    page = client.get("/")
    assert page.status_code == 200
    for name in ("midmarket", "startup"):
        store = validate(root / name).store.name
        assert f'href="/w/{name}"' in page.text and escape(store) in page.text
    assert 'name="csrf"' in page.text  # every form carries the token


def test_summary_names_the_quick_view_pick_and_archetype(client, root):
    fragment = client.get("/w/midmarket/summary")
    result = compare(root / "midmarket", simulate=False)
    pick = result.verdict.pick_name if result.verdict else result.recommendation.recommended_name
    assert escape(pick) in fragment.text and escape(result.archetype.label) in fragment.text


def test_new_from_example_writes_a_workspace_that_validates(client, root, csrf):
    answer = client.post("/new", data={"csrf": csrf, "name": "acme", "example": "enterprise"})
    assert answer.status_code == 303 and answer.headers["location"] == "/w/acme"
    assert len(validate(root / "acme").packages) >= 5
    assert client.get("/w/acme").status_code == 200


def test_duplicate_copies_every_file(client, root, csrf):
    answer = client.post("/w/startup/duplicate", data={"csrf": csrf, "new_name": "startup-b"})
    assert answer.status_code == 303
    copied = sorted(p.relative_to(root / "startup-b") for p in (root / "startup-b").rglob("*.yaml"))
    original = sorted(p.relative_to(root / "startup") for p in (root / "startup").rglob("*.yaml"))
    assert copied == original and len(copied) == 6
    assert (root / "startup-b" / "store.yaml").read_bytes() == (root / "startup" / "store.yaml").read_bytes()


def test_an_existing_name_is_refused(client, root, csrf):
    answer = client.post("/new", data={"csrf": csrf, "name": "startup", "example": "midmarket"})
    assert answer.status_code == 400 and "already exists" in answer.text


def test_the_workspace_page_lists_its_files(client):
    page = client.get("/w/midmarket")
    assert page.status_code == 200
    assert 'href="/w/midmarket/edit/store.yaml"' in page.text
    assert 'href="/w/midmarket/edit/quotes/acme-growth.yaml"' in page.text
    assert "Growth Retainer 40h" in page.text
