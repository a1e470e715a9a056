"""Editors confirm or reject links, singly and in bulk; readers cannot; a rejected link leaves
the pages, the API and the list, with a Decision, an audit entry and an index event."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _state():
    from sourcebook.archive.models import DocumentAgent, IndexEvent
    from sourcebook.audit.models import AuditEntry
    from sourcebook.authorities.models import Decision

    return (
        sorted(DocumentAgent.objects.values_list("pk", "link", "decided_by")),
        Decision.objects.count(),
        AuditEntry.objects.filter(action__endswith="_link").count(),
        IndexEvent.objects.count(),
    )


def test_readers_cannot_review(client, archive, django_user_model):
    before = _state()
    pk = archive.links["kim-3"].pk
    response = client.post("/persons/kim-il-sung/links/", {"link": [pk], "action": "confirm"})
    assert response.status_code == 403
    reader = django_user_model.objects.create_user("reader", password="a long passphrase 7")
    client.force_login(reader)
    response = client.post("/persons/kim-il-sung/links/", {"link": [pk], "action": "confirm"})
    assert response.status_code == 403
    assert 'id="review"' not in client.get("/persons/kim-il-sung/").content.decode()
    assert _state() == before


def test_editor_confirms_a_candidate(client, archive, editor):
    from sourcebook.archive.models import DocumentAgent, IndexEvent
    from sourcebook.audit.models import AuditEntry
    from sourcebook.authorities.models import Decision

    client.force_login(editor)
    page = client.get("/persons/kim-il-sung/").content.decode()
    review = page.split('id="review"')[1]

    # candidates and automatic links wait for review, least sure first; encoded ones do not
    def box(name: str) -> str:
        return f'value="{archive.links[name].pk}"'

    assert review.index(box("kim-3")) < review.index(box("kim-2"))
    assert box("kim-1") not in review
    assert "csrfmiddlewaretoken" in review
    assert "<strong>Kim</strong> may have visited" in review
    events = IndexEvent.objects.count()
    pk = archive.links["kim-3"].pk
    response = client.post("/persons/kim-il-sung/links/", {"link": [pk], "action": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == "/persons/kim-il-sung/?reviewed=1#review"
    row = DocumentAgent.objects.get(pk=pk)
    assert (row.link, row.decided_by) == ("confirmed", "reviewer")
    decision = Decision.objects.get()
    assert (decision.action, decision.subject, decision.object, decision.actor) == (
        "confirm_link",
        "kim-il-sung",
        "kp-3",
        "reviewer",
    )
    assert decision.data["was"] == "candidate"
    entry = AuditEntry.objects.get(action="confirm_link")
    assert entry.actor == "reviewer" and entry.before["link"] == "candidate"
    assert list(IndexEvent.objects.values_list("public_id", flat=True)[events:]) == ["kp-3"]
    client.logout()
    public = client.get("/persons/kim-il-sung/").content.decode()
    assert 'href="/documents/kp-3/"' in public and "Documents (3)" in public


def test_editor_rejects_in_bulk_and_the_links_disappear(client, archive, editor):
    from sourcebook.archive.models import DocumentAgent
    from sourcebook.authorities.models import Decision

    client.force_login(editor)
    ids = [archive.links["kim-2"].pk, archive.links["kim-3"].pk]
    response = client.post("/persons/kim-il-sung/links/", {"link": ids, "action": "reject"})
    assert response.status_code == 302
    assert set(DocumentAgent.objects.filter(pk__in=ids).values_list("link", flat=True)) == {
        "rejected"
    }
    assert Decision.objects.filter(action="reject_link").count() == 2
    client.logout()
    page = client.get("/persons/kim-il-sung/").content.decode()
    assert 'href="/documents/kp-2/"' not in page and "Documents (1)" in page
    record = client.get("/api/documents/kp-2").json()
    assert [p["id"] for p in record["persons"]] == ["puzanov"]
    person = client.get("/api/persons/kim-il-sung").json()
    assert [d["id"] for d in person["documents"]] == ["kp-1"]


@pytest.mark.parametrize(
    "form",
    [
        {"action": "confirm"},  # nothing chosen
        {"action": "delete", "link": ["KIM"]},
        {"action": "publish", "link": ["1"]},
        {"action": "confirm", "link": ["9" * 30]},
        {"action": "confirm", "link": ["-1"]},
        "another's",
    ],
)
def test_bad_review_forms_change_nothing(client, archive, editor, form):
    client.force_login(editor)
    if form == "another's":  # Puzanov's link sent to Kim's page
        form = {"action": "reject", "link": [archive.links["puz-2"].pk, archive.links["kim-2"].pk]}
    before = _state()
    response = client.post("/persons/kim-il-sung/links/", form)
    assert response.status_code == 400
    assert response.content.decode().count("\n") == 1
    assert _state() == before


def test_review_needs_csrf(archive, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    pk = archive.links["kim-3"].pk
    response = client.post("/persons/kim-il-sung/links/", {"link": [pk], "action": "confirm"})
    assert response.status_code == 403
    assert client.get("/persons/kim-il-sung/links/").status_code == 405


def test_confirming_a_link_accepts_a_candidate_authority(client, editor, seed_doc):
    """The linker proposed Ri Chang-jeong from the seed's text; an editor confirming his link
    vouches for him: he is no longer a candidate, and the audit log says who accepted him."""
    from sourcebook.archive.models import Agent, DocumentAgent
    from sourcebook.audit.models import AuditEntry

    ri = Agent.objects.get(name__startswith="Ri Chang")
    assert ri.data["candidate"] is True
    link = DocumentAgent.objects.get(agent=ri, document=seed_doc)
    client.force_login(editor)
    response = client.post(f"/persons/{ri.slug}/links/", {"link": [link.pk], "action": "confirm"})
    assert response.status_code == 302
    ri.refresh_from_db()
    assert ri.data["candidate"] is False and ri.data["accepted_by"] == "reviewer"
    assert AuditEntry.objects.filter(action="accept_candidate", target_id=ri.slug).exists()
