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
        DocumentAgent.objects.filter(agent=kim, link="encoded").values_list(
            "document__public_id", flat=True
        )
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


def test_a_mention_in_a_tei_text_opens_marked(client, volume):
    """A TEI text is shown through its markup; asked to mark a mention, the page shows that
    text as its reading text with the mention marked (offsets count in the body)."""
    import re

    from sourcebook.archive.models import DocumentAgent

    row, m = None, None  # an encoded link whose person the text names by surname
    links = DocumentAgent.objects.filter(document__collection__slug=VOLUME, link="encoded")
    for link in links.select_related("document", "agent").order_by("pk"):
        surname = link.agent.name.split(",")[0]
        body = link.document.texts.order_by("position")[0].body
        if m := re.search(rf"\b{re.escape(surname)}\b", body):
            row = link
            break
    assert row is not None
    row.mentions = [{"text": 0, "start": m.start(), "end": m.end(), "surface": m.group()}]
    row.save()
    page = client.get(f"/persons/{row.agent.slug}/").content.decode()
    # The person may be mentioned in other documents too (the linker's own links): this one's.
    own = f"/documents/{row.document.public_id}/"
    urls = re.findall(r'<a class="kwic-keyword" href="([^"]+)">', page)
    url = next(u for u in urls if u.startswith(own))
    doc = client.get(url.replace("&amp;", "&").split("#")[0]).content.decode()
    assert f'<mark class="mention" id="m-0-{m.start()}">{m.group()}</mark>' in doc
    plain = client.get(f"/documents/{row.document.public_id}/").content.decode()
    assert "<mark" not in plain and 'class="body tei"' in plain
