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


def _waiting_slugs(page: str) -> list[str]:
    import re

    return re.findall(r'<tr data-person="([^"]+)">', page)


def test_the_queue_is_for_editors_only(client, xin, django_user_model):
    response = client.get("/proposed/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    reader = django_user_model.objects.create_user("reader", password="a long passphrase 7")
    client.force_login(reader)
    before = _state()
    assert client.get("/proposed/").status_code == 403
    assert client.post("/proposed/", {"person": [xin.slug]}).status_code == 403
    assert _state() == before


def test_editors_reject_proposed_persons_in_bulk_from_the_queue(client, xin, editor):
    from sourcebook.archive.models import Agent

    client.force_login(editor)
    page = client.get("/proposed/")
    assert "no-store" in page["Cache-Control"]
    assert _waiting_slugs(page.content.decode()) == ["ri-chang-jeong", "xin-minsheng"]
    # one bad choice among good ones (each after a good one): nothing changes
    Agent.objects.create(slug="zhou-enlai", name="Zhou Enlai")
    before = _state()
    for bad in (
        ["xin-minsheng", "zhou-enlai"],
        ["xin-minsheng", "zz-nobody"],
        [],
        ["xin-minsheng", "zz\x00"],  # PostgreSQL refuses a NUL in text: no query sees it
        ["xin-minsheng", "x" * 201],
        ["xin-minsheng"] + [f"p-{n}" for n in range(500)],
    ):
        response = client.post("/proposed/", {"person": bad})
        assert response.status_code == 400, bad
        assert response.content.decode().count("\n") == 1
    assert _state() == before
    response = client.post("/proposed/", {"person": ["xin-minsheng", "ri-chang-jeong"]})
    assert response.status_code == 302 and response["Location"] == "/proposed/?rejected=2"
    page = client.get(response["Location"]).content.decode()
    assert "2 proposed persons rejected." in page and _waiting_slugs(page) == []
    assert all(
        a.data["rejected_by"] == "reviewer" for a in Agent.objects.filter(data__candidate=True)
    )


def test_the_queue_reads_on_by_key(client, editor, db):
    from sourcebook.archive.models import Agent

    Agent.objects.bulk_create(
        Agent(slug=f"proposed-{n:03d}", name=f"Proposed {n}", data={"candidate": True})
        for n in range(205)
    )
    Agent.objects.create(slug="accepted", name="Accepted", data={"candidate": False})
    client.force_login(editor)
    seen, url = [], "/proposed/"
    while url and len(seen) < 5:
        page = client.get(url).content.decode()
        seen.append(_waiting_slugs(page))
        nxt = page.split('<a rel="next" href="')[1].split('"')[0] if 'rel="next"' in page else None
        url = f"/proposed/{nxt}" if nxt else None
    assert [len(rows) for rows in seen] == [100, 100, 5]
    assert sum(seen, []) == [f"proposed-{n:03d}" for n in range(205)]
    assert "205 persons" in client.get("/proposed/").content.decode()


@pytest.mark.parametrize("after", ["zz\x00", "a" * 201, "<script>", "../x"])
def test_a_bad_page_key_is_a_400(client, editor, after):
    client.force_login(editor)
    response = client.get("/proposed/", {"after": after})
    assert response.status_code == 400
    assert response.content.decode() == "after must be a slug from the list\n"


def test_an_unreviewed_proposed_person_says_so_and_is_not_indexed(client, xin, editor):
    from sourcebook.archive.models import Agent

    noindex = '<meta name="robots" content="noindex">'
    page = client.get(f"/persons/{xin.slug}/").content.decode()
    assert "no editor has reviewed this person yet" in page and noindex in page
    established = Agent.objects.create(slug="kim-il-sung", name="Kim Il Sung")
    page = client.get(f"/persons/{established.slug}/").content.decode()
    assert "no editor has reviewed" not in page and noindex not in page
    # accepted: an editor confirms its link, and the page is like any other
    from sourcebook.archive.models import DocumentAgent

    client.force_login(editor)
    link = DocumentAgent.objects.get(agent=xin)
    client.post(f"/persons/{xin.slug}/links/", {"link": [link.pk], "action": "confirm"})
    client.logout()
    page = client.get(f"/persons/{xin.slug}/").content.decode()
    assert "no editor has reviewed" not in page and noindex not in page
