"""The Cite box's stored citations (citing.RenderedCitations): served again, never for another
version, pinning or URL, rendered again when the citation code's format changes."""

from __future__ import annotations

import html as htmllib

import pytest
from django.test import Client
from django.test.utils import override_settings

from sourcebook.archive import ingest
from sourcebook.archive.editing import edit_document
from sourcebook.archive.models import Document
from sourcebook.citing import cache
from sourcebook.citing.models import RenderedCitations
from sourcebook.core.cite.csl import STYLES, citations, plain_text
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/documents/208190/"
PAGE_URL = "http://testserver/documents/208190/"
PERMALINK = "https://wilson-center-digital-archive.dvincitest.com/document/208190"
NEW_TITLE = "Cable on the repatriation of overseas Chinese"


@pytest.fixture(autouse=True)
def _no_page_cache():
    """These tests change the stored citation rows behind the page (a table the whole-page cache
    does not watch: page views fill it) and read the page again: the page must be rendered."""
    with override_settings(SOURCEBOOK_PAGE_CACHE=0):
        yield


def _cite_box(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def _fresh(record, page_url: str) -> list[dict[str, str]]:
    plain = citations(record, page_url=page_url)
    html = citations(record, page_url=page_url, html=True)
    return [{"key": k, "text": plain[k], "html": html[k]} for k in plain]


def test_the_stored_citations_equal_fresh_ones_and_are_served(seed_doc):
    client = Client()
    page = _cite_box(client, PAGE)
    (row,) = RenderedCitations.objects.all()
    assert (row.version, row.pinned, row.format) == (1, False, cache.FORMAT)
    # The citations link the permalink, so the page URL only keys the row.
    assert row.page_url == PAGE_URL
    assert row.styles == _fresh(seed_doc.to_record(), PAGE_URL)
    assert [s["key"] for s in row.styles] == ["archive", *STYLES]
    assert row.styles[1]["html"] in page
    # A second view reads the row: a changed row shows (nothing rendered it again).
    row.styles[1]["html"] = "STORED-CHICAGO"
    row.save()
    assert "STORED-CHICAGO" in _cite_box(client, PAGE)
    assert RenderedCitations.objects.count() == 1


def test_an_edit_cites_the_new_version_not_the_stored_one(seed_doc):
    client = Client()
    _cite_box(client, PAGE)
    RenderedCitations.objects.update(
        styles=[{"key": k, "text": "OLD", "html": "STORED-V1"} for k in ["archive", *STYLES]]
    )
    assert "STORED-V1" in _cite_box(client, PAGE)
    edit_document(seed_doc, {"title": NEW_TITLE}, "ann", "catalogue title")
    page = _cite_box(client, PAGE)
    assert "STORED-V1" not in page
    assert htmllib.escape(NEW_TITLE, quote=False) in page
    row = RenderedCitations.objects.get(version=2, pinned=False)
    doc = Document.objects.get(pk=seed_doc.pk)
    assert row.styles == _fresh(doc.to_record(), PAGE_URL)
    assert NEW_TITLE in row.styles[1]["text"]


def test_a_version_page_cites_its_own_version(seed_doc):
    client = Client()
    _cite_box(client, PAGE)
    edit_document(seed_doc, {"title": NEW_TITLE}, "ann", "catalogue title")
    _cite_box(client, PAGE)
    old = _cite_box(client, "/documents/208190/v/1/")
    old_row = RenderedCitations.objects.get(version=1, pinned=True)
    chicago = dict((s["key"], s["text"]) for s in old_row.styles)["chicago"]
    assert NEW_TITLE not in chicago
    assert "Chinese Embassy in North Korea" in chicago
    assert "version 1 of" in chicago
    assert old_row.styles[1]["html"] in old
    assert NEW_TITLE not in old_row.styles[1]["html"]
    # The current page's row for version 1 (no version named) is a different row.
    current_v1 = RenderedCitations.objects.get(version=1, pinned=False)
    assert "version 1 of" not in dict((s["key"], s["text"]) for s in current_v1.styles)["chicago"]
    # And the pinned page of the current version names it, the current page does not.
    pinned_v2 = _cite_box(client, "/documents/208190/v/2/")
    row_v2 = RenderedCitations.objects.get(version=2, pinned=True)
    assert "version 2 of" in dict((s["key"], s["text"]) for s in row_v2.styles)["chicago"]
    assert row_v2.styles[1]["html"] in pinned_v2


def test_a_row_of_another_format_is_rendered_again(seed_doc):
    client = Client()
    _cite_box(client, PAGE)
    RenderedCitations.objects.update(
        format=cache.FORMAT - 1,
        styles=[{"key": k, "text": "OLD", "html": "OLD-FORMAT"} for k in ["archive", *STYLES]],
    )
    page = _cite_box(client, PAGE)
    assert "OLD-FORMAT" not in page
    row = RenderedCitations.objects.get()
    assert row.format == cache.FORMAT
    assert row.styles == _fresh(seed_doc.to_record(), PAGE_URL)


def test_another_host_is_another_row(seed_doc):
    Client().get(PAGE)
    Client(HTTP_HOST="localhost").get(PAGE)
    urls = sorted(RenderedCitations.objects.values_list("page_url", flat=True))
    assert urls == ["http://localhost/documents/208190/", PAGE_URL]


def test_plain_text_is_the_html_without_markup_for_every_sample_and_style(db):
    """The cache stores both forms; the plain one must be the HTML one with the markup taken
    out, for every style of every sample document (citeproc and written-out styles alike)."""
    for path in sorted(SAMPLES.iterdir()):
        ingest.ingest_file(path)
    docs = list(Document.objects.all())
    assert len(docs) > 100
    for doc in docs:
        record = doc.to_record()
        page_url = f"http://testserver/documents/{doc.public_id}/"
        plain = citations(record, page_url=page_url)
        html = citations(record, page_url=page_url, html=True)
        assert list(plain) == list(html) == ["archive", *STYLES]
        for style in plain:
            assert plain_text(html[style]) == plain[style], (doc.public_id, style)
