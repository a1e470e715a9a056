"""A FRUS volume's encoded links (``persName/@corresp``) through the pages and the API."""

from __future__ import annotations

import pytest

from tests.tei.conftest import volume_path

pytestmark = pytest.mark.django_db

VOLUME = "frus1958-60v18"


@pytest.fixture
def volume(db):
    from sourcebook.archive import ingest

    assert {o.status for o in ingest.ingest_file(volume_path(VOLUME))} == {"added"}


def test_encoded_links_on_the_person_page_and_in_the_record_json(client, volume):
    from sourcebook.archive.models import DocumentAgent
    from sourcebook.authorities.models import SourceId

    kim = SourceId.objects.get(volume=VOLUME, xml_id="p_KIS1").agent
    docs = sorted(
        DocumentAgent.objects.filter(agent=kim).values_list("document__public_id", flat=True)
    )
    assert docs
    page = client.get(f"/persons/{kim.slug}/").content.decode()
    assert "frus1958-60v18#p_KIS1" in page  # the volume's spelling, with its source id
    for public_id in docs:
        assert f'href="/documents/{public_id}/"' in page
        record = client.get(f"/api/documents/{public_id}").json()
        entry = next(p for p in record["persons"] if p["id"] == kim.slug)
        assert entry["link"] == "encoded" and entry["source_ids"] == ["frus1958-60v18#p_KIS1"]
    found = client.get("/api/persons", {"q": "김일성"}).json()["results"]
    assert kim.slug in [r["id"] for r in found]
    listing = client.get("/api/persons", {"page_size": 500}).json()
    assert listing["total"] == len(listing["results"])
    assert all(r["documents"] > 0 for r in listing["results"])
    everyone = client.get("/api/persons", {"page_size": 500, "all": 1}).json()["total"]
    assert everyone > listing["total"]
