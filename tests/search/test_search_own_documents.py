"""Search over documents a test ingests or changes for itself: collection, subject and place
facets from authority links, markup in a record escaped in the snippet and title, and absurd
text indexed without stopping the indexer."""

from __future__ import annotations

import pytest

from sourcebook.search.service import search

from .conftest import ids
from .test_search import facet

pytestmark = pytest.mark.django_db


def test_snippet_html_is_escaped(db, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    from .corpus import record

    path = tmp_path / "hostile.txt"
    path.write_text(
        record(
            date="1960",
            title="A <script>alert(1)</script> title",
            summary="Summary with <b>tags</b> & ampersands.",
            language="English",
            texts=[("Original - English", "The <img src=x onerror=alert(1)> tag and the cotton.")],
        )
    )
    assert ingest.ingest_file(path)[0].status == "added"
    indexer.catch_up()
    [r] = search("cotton").results
    assert "<img" not in r["snippet_html"] and "&lt;img" in r["snippet_html"]
    assert "<script>" not in r["title_html"]


def test_hostile_text_is_indexed_and_never_stops_the_indexer(db, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    from .corpus import record

    path = tmp_path / "odd.txt"
    path.write_text(
        record(
            date="1961",
            title="Zhou Enlai " + "a" * 5000,
            summary="x" * 20000,
            language="English",
            texts=[("Original - English", ("Kim" * 3000) + " cotton " + "周" * 3000)],
        )
    )
    assert ingest.ingest_file(path)[0].status == "added"
    indexer.catch_up()
    assert ids(search("cotton")) == ["odd"]
    assert ids(search("Zhou Enlai")) == ["odd"]
    assert search("a" * 5000).notes == []  # an absurd word: no error (and no match)


def test_collection_subject_place_facets_from_authority_links(corpus):
    from sourcebook.archive.models import Collection, Document, IndexEvent, Place, Subject
    from sourcebook.search import indexer

    doc = Document.objects.get(public_id="chou-bandung-1955")
    doc.collection = Collection.objects.create(slug="bandung", name="Bandung Conference, 1955")
    doc.save()
    doc.places.add(Place.objects.create(slug="bandung", name="Bandung"))
    doc.subjects.add(Subject.objects.create(slug="nam", name="Non-Aligned Movement"))
    IndexEvent.objects.create(public_id=doc.public_id, action=IndexEvent.UPSERT)
    indexer.catch_up()
    r = search("")
    assert facet(r, "collection") == {"Bandung Conference, 1955": 1}
    assert facet(r, "place") == {"Bandung": 1}
    assert facet(r, "subject") == {"Non-Aligned Movement": 1}
    assert ids(search("place:bandung")) == ["chou-bandung-1955"]
    assert ids(search("", filters={"subject": ["Non-Aligned Movement"]})) == ["chou-bandung-1955"]
