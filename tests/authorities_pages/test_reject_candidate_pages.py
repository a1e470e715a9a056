"""A person the linker proposed, rejected from its page by an editor: readers cannot, a bad
request changes nothing, and afterwards the page and the API answer 410 to readers while an
editor still sees the record with a banner saying who rejected it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _state():
    from sourcebook.archive.models import Agent, DocumentAgent
    from sourcebook.authorities.models import Decision

    return (
        sorted(DocumentAgent.objects.values_list("pk", "link", "decided_by")),
        sorted(Agent.objects.values_list("slug", "data")),
        Decision.objects.count(),
    )


@pytest.fixture
def xin(seed_doc):
    from sourcebook.archive.models import Agent

    agent = Agent.objects.get(name="Xin Minsheng")
    assert agent.data["candidate"] is True
    return agent


def test_readers_cannot_reject(client, xin, django_user_model):
    before = _state()
    assert client.post(f"/persons/{xin.slug}/reject/").status_code == 403
    reader = django_user_model.objects.create_user("reader", password="a long passphrase 7")
    client.force_login(reader)
    assert client.post(f"/persons/{xin.slug}/reject/").status_code == 403
    assert "reject-candidate" not in client.get(f"/persons/{xin.slug}/").content.decode()
    assert _state() == before


def test_editor_rejects_a_proposed_person(client, xin, editor):
    client.force_login(editor)
    page = client.get(f"/persons/{xin.slug}/").content.decode()
    form = page.split('class="reject-candidate"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" in form and "Reject this proposed person" in form
    response = client.post(f"/persons/{xin.slug}/reject/")
    assert response.status_code == 302
    assert response["Location"] == f"/persons/{xin.slug}/?reviewed=1#review"
    page = client.get(response["Location"]).content.decode()
    assert "rejected by reviewer" in page and 'class="reject-candidate"' not in page
    assert client.get(f"/api/persons/{xin.slug}").status_code == 200  # editors still read it
    # twice is refused, and changes nothing
    before = _state()
    again = client.post(f"/persons/{xin.slug}/reject/")
    assert again.status_code == 400 and "rejected already" in again.content.decode()
    assert _state() == before

    client.logout()
    gone = client.get(f"/persons/{xin.slug}/")
    assert gone.status_code == 410
    body = gone.content.decode()
    assert "rejected by an editor" in body and '<meta name="robots" content="noindex">' in body
    api = client.get(f"/api/persons/{xin.slug}")
    assert api.status_code == 410 and "rejected by an editor" in api.json()["detail"]
    assert xin.slug not in client.get("/persons/").content.decode()


def test_an_established_person_has_no_reject_form_and_refuses(client, xin, editor):
    from sourcebook.archive.models import Agent

    kim = Agent.objects.create(slug="kim-il-sung", name="Kim Il Sung")
    client.force_login(editor)
    assert 'class="reject-candidate"' not in client.get("/persons/kim-il-sung/").content.decode()
    before = _state()
    refused = client.post("/persons/kim-il-sung/reject/")
    assert refused.status_code == 400 and "merge or split" in refused.content.decode()
    assert client.post("/persons/nobody-at-all/reject/").status_code == 404
    assert client.get(f"/persons/{xin.slug}/reject/").status_code == 405
    assert _state() == before and kim.data in ({}, None)


def test_rejecting_needs_csrf(xin, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    before = _state()
    assert client.post(f"/persons/{xin.slug}/reject/").status_code == 403
    assert _state() == before


def test_openapi_lists_the_410_of_a_person(client, xin):
    spec = client.get("/api/openapi.json").json()
    answers = spec["paths"]["/api/persons/{slug}"]["get"]["responses"]
    assert answers["410"]["content"]["application/json"]["schema"]["$ref"].endswith("/Problem")
    documents = spec["paths"]["/api/documents/{public_id}"]["get"]["responses"]
    assert documents["410"]["content"]["application/json"]["schema"]["$ref"].endswith("/Tombstone")
