"""Document pages: rendered once per version, and cut at SOURCEBOOK_MAX_PAGE_BYTES."""

from __future__ import annotations

import re

import pytest

from sourcebook.web import views
from sourcebook.web.models import RenderedPage

from .limits_support import PARAGRAPH, add_record

pytestmark = pytest.mark.django_db


class CountingRenderer:
    """A real TEI renderer (the registered one), counting how often a page view calls it."""

    def __init__(self, real):
        self.real, self.calls = real, 0

    def __call__(self, text, doc):
        self.calls += 1
        return self.real(text, doc)


@pytest.fixture
def counting(monkeypatch):
    renderer = CountingRenderer(views.TEXT_RENDERERS["tei"])
    monkeypatch.setitem(views.TEXT_RENDERERS, "tei", renderer)
    return renderer


@pytest.fixture
def tei_doc(db):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document
    from tests.conftest import SAMPLES

    ingest.ingest_file(SAMPLES / "frus1961-63v22.xml")
    return Document.objects.filter(texts__markup_format="tei").order_by("public_id").first()


def test_second_view_of_a_tei_page_parses_nothing(client, counting, tei_doc):
    first = client.get(f"/documents/{tei_doc.public_id}/")
    assert first.status_code == 200 and counting.calls >= 1
    calls = counting.calls
    second = client.get(f"/documents/{tei_doc.public_id}/")
    assert second.status_code == 200
    assert counting.calls == calls  # served from the rendered-page row
    assert second.content == first.content
    assert 'class="body tei"' in second.content.decode()


def test_a_new_version_is_rendered_again(client, counting, tei_doc):
    from django.db import transaction

    from sourcebook.archive.ingest import save_record

    client.get(f"/documents/{tei_doc.public_id}/")
    calls = counting.calls
    record = tei_doc.to_record()
    record.title = "Edited Title Of The Memorandum"
    with transaction.atomic():
        save_record(record, source=None, document=tei_doc, reason="edit")
    page = client.get(f"/documents/{tei_doc.public_id}/").content.decode()
    assert "Edited Title Of The Memorandum" in page
    assert counting.calls > calls
    assert RenderedPage.objects.get(document=tei_doc).version == tei_doc.version == 2


def test_plain_text_page_is_cached_per_version(client):
    add_record("cached-plain", paragraphs=3)
    page = client.get("/documents/cached-plain/").content.decode()
    row = RenderedPage.objects.get(document__public_id="cached-plain")
    assert row.version == 1 and not row.truncated
    assert 'data-type="handwritten"' in row.texts[0]["html"]
    # The page is the cached HTML with the marks' labels added in the reader's language.
    unlabelled = re.sub(r' title="[^"]*" aria-description="[^"]*"', "", page)
    assert row.texts[0]["html"] in unlabelled
    assert "Shown in part" not in page


def test_a_page_larger_than_the_limit_is_cut_and_says_so(client, settings):
    settings.SOURCEBOOK_MAX_PAGE_BYTES = 50_000
    add_record("very-long", paragraphs=2_000)  # about 700 KB of text
    response = client.get("/documents/very-long/")
    page = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 50_000 + 20_000  # the text HTML stays within the limit
    assert "Shown in part" in page
    for link in ("/documents/very-long.txt", "/documents/very-long.tei.xml"):
        assert f'href="{link}"' in page
    assert 'href="/documents/very-long.json"' in page
    body = re.search(r'<div class="body">(.*?)</div>', page, re.S).group(1)
    assert 10 < body.count("<p>") == body.count("</p>") < 2_000  # cut between paragraphs
    full = client.get("/documents/very-long.txt").content.decode()
    assert full.count(PARAGRAPH.split(" [")[0]) == 2_000  # the download is whole


def test_a_merge_of_persons_renders_tei_pages_again(client, tei_doc):
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.merge import accept
    from sourcebook.authorities.models import MergeProposal

    url = f"/documents/{tei_doc.public_id}/"
    linked = re.findall(r'href="/persons/([^/"]+)/"', client.get(url).content.decode())
    assert linked and RenderedPage.objects.filter(document=tei_doc).exists()
    drop = Agent.objects.get(slug=linked[0])
    keep = Agent.objects.exclude(pk=drop.pk).exclude(slug__in=linked).order_by("slug").first()
    accept(MergeProposal.objects.create(agent=keep, other=drop, reason="same person"))
    assert not RenderedPage.objects.filter(document=tei_doc).exists()
    page = client.get(url).content.decode()
    assert f'href="/persons/{keep.slug}/"' in page
    assert f'href="/persons/{drop.slug}/"' not in page


def test_second_view_of_a_plain_page_runs_no_apparatus_parse(client, monkeypatch):
    from sourcebook.web import pagecache

    calls = []
    real = pagecache.paragraphs
    monkeypatch.setattr(pagecache, "paragraphs", lambda *a: calls.append(1) or real(*a))
    add_record("parsed-once", paragraphs=50)
    first = client.get("/documents/parsed-once/").content
    second = client.get("/documents/parsed-once/").content
    assert len(calls) == 1 and first == second
