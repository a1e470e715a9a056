"""The document page's own words in the reader's language where they were English in every
language: the names of the download formats, and a FRUS text's page breaks ("p. 441", its
title), which are worded on the page while the text's cached HTML stays the same for everyone."""

from __future__ import annotations

import pytest

from tests.support.i18n import one_document_volume
from tests.support.i18n import texts as _texts
from tests.support.i18n import tree as _tree

pytestmark = pytest.mark.django_db

VOLUME = "frus-pb-test"
DOC = f"{VOLUME}-d1"


def _downloads(tree) -> list[str]:
    return _texts(tree, "//details[@class='exports']//a")


def test_download_names_speak_the_interface_language(client, settings, seed_doc):
    settings.SOURCEBOOK_PAGE_CACHE = 0
    english = _downloads(_tree(client, "/documents/208190/", "en"))
    german = _downloads(_tree(client, "/documents/208190/", "de"))
    assert "WCDA record text (.txt)" in english and "Record JSON (.json)" in english
    assert "WCDA-Datensatztext (.txt)" in german and "Datensatz als JSON (.json)" in german
    assert "WCDA record text (.txt)" not in german and "Record JSON (.json)" not in german
    # Names that are names stay; the links are the same in both.
    assert "TEI P5 XML (.tei.xml)" in german and "BibTeX (.bib)" in german
    assert len(german) == len(english)
    ru = _downloads(_tree(client, "/documents/208190/", "ru"))
    assert "текст записи WCDA (.txt)" in ru


def test_the_exports_keep_their_english_description(seed_doc):
    """What an export contains and what ``sourcebook export --formats`` lists is unchanged."""
    from django.utils import translation

    from sourcebook.core import formats

    with translation.override("de"):
        assert formats.exporter("record").description == "WCDA record text"
        assert formats.exporter("json").description == "Record JSON"


def _volume(tmp_path) -> None:
    """A volume of one document whose text runs over printed pages 441 and [442]."""
    one_document_volume(
        tmp_path,
        VOLUME,
        'The Ambassador called.<pb n="441"/> He left at noon.<pb n="[442]"/> Then<pb/> nothing.',
    )


def _markers(tree):
    return tree.xpath("//div[contains(@class,'body')]//*[contains(@class,'tei-pb')]")


def test_page_breaks_are_worded_in_the_interface_language(client, settings, tmp_path):
    settings.SOURCEBOOK_PAGE_CACHE = 0
    _volume(tmp_path)
    url = f"/documents/{DOC}/"
    seen = {}
    for language in ("en", "de", "ru", "ko", "zh-hans"):
        seen[language] = [
            (m.tag, m.text, m.get("title"), m.get("lang"), m.get("data-page"))
            for m in _markers(_tree(client, url, language))
        ]
    title = "Page break in the printed volume"
    assert seen["en"] == [
        ("span", "p. 441", title, "en", "441"),
        ("span", "p. [442]", title, "en", "442"),
        ("span", "page break", title, "en", ""),
    ]
    title = "Seitenwechsel im gedruckten Band"
    assert seen["de"] == [
        ("span", "S. 441", title, "de", "441"),
        ("span", "S. [442]", title, "de", "442"),
        ("span", "Seitenwechsel", title, "de", ""),
    ]
    assert [m[1] for m in seen["ru"]] == ["с. 441", "с. [442]", "разрыв страницы"]
    assert [m[1] for m in seen["ko"]] == ["441쪽", "[442]쪽", "쪽 바뀜"]
    assert [m[1] for m in seen["zh-hans"]] == ["第 441 页", "第 [442] 页", "分页"]
    # One cached rendering for every language, and no English words in it.
    from sourcebook.web.models import RenderedPage

    (cached,) = RenderedPage.objects.filter(document__public_id=DOC)
    html = cached.texts[0]["html"]
    assert '<span class="tei-pb page-marker" data-page="441">441</span>' in html
    assert "p. 441" not in html and "Page break" not in html and "page break" not in html


def test_an_english_rendering_cached_before_is_rendered_again(client, settings, tmp_path):
    """A row of the cache written when the TEI HTML held "p. 441" in English is stale."""
    from sourcebook.web.models import RenderedPage

    settings.SOURCEBOOK_PAGE_CACHE = 0
    _volume(tmp_path)
    url = f"/documents/{DOC}/"
    _tree(client, url, "en")
    page = RenderedPage.objects.get(document__public_id=DOC)
    for text in page.texts:
        text["format"] = 3
        text["html"] = text["html"].replace(
            '<span class="tei-pb page-marker" data-page="441">441</span>',
            '<span class="tei-pb page-marker" data-page="441" '
            'title="Page break in the printed volume">p. 441</span>',
        )
    page.save()
    markers = _markers(_tree(client, url, "de"))
    assert [m.text for m in markers] == ["S. 441", "S. [442]", "Seitenwechsel"]


def test_a_page_break_linked_to_the_scan_keeps_its_words(client, settings, tmp_path):
    """With a scan, the scans' filter links the worded marker to its canvas and titles it."""
    from sourcebook.archive.models import Document
    from sourcebook.scans.attaching import attach
    from tests.scans.letter import scan

    settings.SOURCEBOOK_PAGE_CACHE = 0
    _volume(tmp_path)
    attach(Document.objects.get(public_id=DOC), [("volume.pdf", scan(3))])
    markers = _markers(_tree(client, f"/documents/{DOC}/", "de"))
    assert [(m.tag, m.text, m.get("data-canvas"), m.get("title")) for m in markers] == [
        ("a", "S. 441", "1", "Seite 1 des Scans"),
        ("a", "S. [442]", "2", "Seite 2 des Scans"),
        ("a", "Seitenwechsel", "3", "Seite 3 des Scans"),
    ]


def test_editors_read_a_scan_job_in_the_interface_language(client, settings, seed_doc):
    from django.contrib.auth.models import User

    from sourcebook.scans.attaching import attach
    from sourcebook.scans.models import Job
    from tests.scans.letter import scan

    attach(seed_doc, [("scan.pdf", scan(1))])
    Job.objects.create(kind="ocr", document=seed_doc, status=Job.FAILED, total=1)
    client.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw"))
    jobs = {
        language: _texts(_tree(client, "/documents/208190/", language), "//p[@class='scan-job']")
        for language in ("en", "de")
    }
    assert jobs["en"] == ["Job ocr: failed (0/1)", "Job derive: queued (0/1)"]
    assert jobs["de"] == [
        "Auftrag Texterkennung: fehlgeschlagen (0/1)",
        "Auftrag Seitenbilder: wartet (0/1)",
    ]


def _heading_of(tree) -> list[tuple]:
    return [
        (h.text, h.get("lang"))
        for h in tree.xpath("//section[contains(@class,'text')]/h2[contains(@id,'-heading')]")
    ]


def _record_without_contents(public_id: str) -> None:
    """A record text with no Contents section: its one text is headed by its kind alone."""
    from sourcebook.archive import ingest
    from sourcebook.core import recordtext
    from sourcebook.core.formats import ParsedSource

    text = (
        'May 1, 1960\n**Record Of A Conversation**\n\nCitation:\n\n"Record Of A Conversation", '
        "May 1, 1960, Test Archive, TA 1.\n\nOriginal Language:\n\nRussian\n\n"
        "The Ambassador said that the delegation had arrived.\n"
    )
    record = recordtext.parse(text, f"{public_id}.txt", public_id)
    assert [(t.kind, t.label) for t in record.texts] == [("translation", "")]
    ingest.store(ParsedSource("record-text", [record]), text.encode(), f"{public_id}.txt")


def test_a_text_headed_by_its_kind_speaks_the_interface_language(client, seed_doc):
    _record_without_contents("no-contents")
    url = "/documents/no-contents/"
    assert _heading_of(_tree(client, url, "en")) == [("Translation", "en")]
    assert _heading_of(_tree(client, url, "de")) == [("Übersetzung", "de")]
    assert _heading_of(_tree(client, url, "ru")) == [("Перевод", "ru")]
    tabs = _tree(client, url, "ko").xpath("//label[starts-with(@for,'text-tab-')]/text()")
    assert tabs in ([], ["번역"])  # one text: no tabs
    # A label the record writes stays as written, in English.
    headings = _heading_of(_tree(client, "/documents/208190/", "de"))
    assert headings and all(lang == "en" for _, lang in headings)
    assert ("Translation - English", "en") in headings


def test_the_frus_readers_own_label_speaks_the_interface_language(client, tmp_path):
    _volume(tmp_path)
    url = f"/documents/{DOC}/"
    assert _heading_of(_tree(client, url, "en")) == [("Document", "en")]
    assert _heading_of(_tree(client, url, "de")) == [("Dokument", "de")]
    assert _heading_of(_tree(client, url, "zh-hans")) == [("文献", "zh-hans")]
