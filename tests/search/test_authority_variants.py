"""Names added to people and places by editors (authority variants) find their documents
through search, and an admin edit reindexes them."""

from __future__ import annotations

import pytest

from sourcebook.search.service import search

from .conftest import ids

pytestmark = pytest.mark.django_db


def test_variant_names_on_authority_records_find_their_documents(corpus):
    from sourcebook.archive.models import (
        Agent,
        Document,
        DocumentAgent,
        IndexEvent,
        NameVariant,
        Place,
    )
    from sourcebook.search import indexer

    doc = Document.objects.get(public_id="kim-pyongyang-1958")
    ho = Agent.objects.create(slug="ho-chi-minh", name="Ho Chi Minh", kind=Agent.PERSON)
    NameVariant.objects.create(agent=ho, name="Nguyễn Ái Quốc", system="vietnamese")
    DocumentAgent.objects.create(document=doc, agent=ho, role="mentioned")
    place = Place.objects.create(slug="pyongyang", name="Pyongyang")
    NameVariant.objects.create(place=place, name="Heijō", system="japanese")
    doc.places.add(place)
    IndexEvent.objects.create(public_id=doc.public_id, action=IndexEvent.UPSERT)
    indexer.catch_up()
    assert ids(search('person:"Nguyen Ai Quoc"')) == ["kim-pyongyang-1958"]
    assert ids(search("Nguyễn Ái Quốc")) == ["kim-pyongyang-1958"]
    assert ids(search("place:Heijo")) == ["kim-pyongyang-1958"]
    assert ids(search("Heijō")) == ["kim-pyongyang-1958"]
    # The variant is searchable, not a facet value.
    facets = {f["value"] for f in search("").facets["person"]}
    assert "Ho Chi Minh" in facets and "Nguyễn Ái Quốc" not in facets


def test_editing_an_authority_in_the_admin_reindexes_its_documents(corpus, admin_client):
    """A variant name added to a person in the admin finds that person's documents."""
    from sourcebook.archive.models import Agent, Document, DocumentAgent, IndexEvent
    from sourcebook.search import indexer

    doc = Document.objects.get(public_id="kim-pyongyang-1958")
    ho = Agent.objects.create(slug="ho-chi-minh", name="Ho Chi Minh", kind=Agent.PERSON)
    DocumentAgent.objects.create(document=doc, agent=ho, role="mentioned")
    IndexEvent.objects.create(public_id=doc.public_id, action=IndexEvent.UPSERT)
    indexer.catch_up()
    assert ids(search("Nguyễn Ái Quốc")) == []

    response = admin_client.post(
        f"/admin/archive/agent/{ho.pk}/change/",
        {
            "slug": "ho-chi-minh",
            "name": "Ho Chi Minh",
            "description": "",
            "data": "{}",
            "kind": "person",
            "variants-TOTAL_FORMS": "1",
            "variants-INITIAL_FORMS": "0",
            "variants-MIN_NUM_FORMS": "0",
            "variants-MAX_NUM_FORMS": "1000",
            "variants-0-name": "Nguyễn Ái Quốc",
            "variants-0-system": "vietnamese",
            "variants-0-source": "editor",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert ho.variants.get().name == "Nguyễn Ái Quốc"
    indexer.catch_up()
    assert ids(search("Nguyễn Ái Quốc")) == ["kim-pyongyang-1958"]

    response = admin_client.post(f"/admin/archive/agent/{ho.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    indexer.catch_up()
    assert ids(search("Nguyễn Ái Quốc")) == []
    assert "Ho Chi Minh" not in {f["value"] for f in search("").facets["person"]}
