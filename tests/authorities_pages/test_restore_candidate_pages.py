"""An editor takes a rejection of a proposed person back from its page or from the queue's
"Rejected lately": readers cannot, a bad request changes nothing, and afterwards the page is
public again and waits for review."""

from __future__ import annotations

import pytest

from tests.authorities_pages.test_reject_candidate_pages import _state

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected_xin(seed_doc):
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.review import reject_candidate

    agent = Agent.objects.get(name="Xin Minsheng")
    reject_candidate(agent, "reviewer")
    return agent


def test_readers_cannot_restore(client, rejected_xin, django_user_model):
    before = _state()
    assert client.post(f"/persons/{rejected_xin.slug}/restore/").status_code == 403
    reader = django_user_model.objects.create_user("reader", password="a long passphrase 7")
    client.force_login(reader)
    assert client.post(f"/persons/{rejected_xin.slug}/restore/").status_code == 403
    assert client.get(f"/persons/{rejected_xin.slug}/").status_code == 410
    assert _state() == before


def test_editor_restores_a_rejected_proposal_from_its_page(client, rejected_xin, editor):
    slug = rejected_xin.slug
    client.force_login(editor)
    page = client.get(f"/persons/{slug}/").content.decode()
    form = page.split('class="restore-candidate"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" in form and "Restore this proposed person" in form
    assert 'class="reject-candidate"' not in page
    assert client.get(f"/persons/{slug}/restore/").status_code == 405
    response = client.post(f"/persons/{slug}/restore/")
    assert response.status_code == 302
    assert response["Location"] == f"/persons/{slug}/?restored=1#review"
    page = client.get(response["Location"]).content.decode()
    assert "Proposal restored: 1 link waits for review again." in page
    assert 'class="reject-candidate"' in page and 'class="restore-candidate"' not in page
    assert "no editor has reviewed this person yet" in page
    # twice is refused, and changes nothing
    before = _state()
    again = client.post(f"/persons/{slug}/restore/")
    assert again.status_code == 400 and again.content.decode().count("\n") == 1
    assert _state() == before
    client.logout()
    assert client.get(f"/persons/{slug}/").status_code == 200
    assert client.get(f"/api/persons/{slug}").status_code == 200


def test_restoring_needs_csrf_and_a_person(client, rejected_xin, editor):
    from django.test import Client

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(editor)
    before = _state()
    assert checked.post(f"/persons/{rejected_xin.slug}/restore/").status_code == 403
    client.force_login(editor)
    assert client.post("/persons/nobody/restore/").status_code == 404
    assert _state() == before


def test_the_queue_lists_rejections_to_take_back(client, rejected_xin, editor):
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.review import reject_candidate

    reject_candidate(Agent.objects.get(name="Ri Chang-jeong"), "other-editor")
    client.force_login(editor)
    page = client.get("/proposed/").content.decode()
    lately = page.split('class="rejected-lately"')[1].split("</section>")[0]
    # newest first, each with who rejected it and a form that restores it
    assert lately.index("Ri Chang-jeong") < lately.index("Xin Minsheng")
    assert "rejected by other-editor" in lately
    assert 'action="/persons/xin-minsheng/restore/"' in lately
    response = client.post("/persons/xin-minsheng/restore/")
    assert response.status_code == 302
    lately = client.get("/proposed/").content.decode().split('class="rejected-lately"')[1]
    assert "xin-minsheng" not in lately.split("</section>")[0]
