"""The words inside a text's HTML in the reader's language: the labels of the editorial marks
(title and aria-description), a low OCR word's label, a TEI text's footnote links. The cached
rendering is one for every language and holds none of these words; the page adds them."""

from __future__ import annotations

import pytest

from tests.support.i18n import one_document_volume
from tests.support.i18n import tree as _tree

pytestmark = pytest.mark.django_db

VOLUME = "frus-words-test"
DOC = f"{VOLUME}-d1"
ENGLISH = (
    "title=",
    "aria-description",
    "aria-label",
    "Footnote",
    "Back to the text",
    "Supplied by the editor",
    "Gap in the original",
    "Handwritten note",
    "Uncertain OCR reading",
    ">[gap]<",
)


def _marks(tree) -> list[tuple]:
    texts = tree.xpath("//div[@class='doc-texts']")[0]
    return [
        (m.get("data-type"), m.get("title"), m.get("aria-description"))
        for m in texts.xpath(".//span[@data-type][not(contains(@class, 'page-marker'))]")
    ]


def _cached_html(public_id: str) -> str:
    from sourcebook.web.models import RenderedPage

    (page,) = RenderedPage.objects.filter(document__public_id=public_id)
    return "".join(t["html"] + (t["reading"] or "") for t in page.texts)


def test_the_marks_of_a_record_text_are_labelled_in_the_interface_language(client, seed_doc):
    url = "/documents/208190/?view=diplomatic"
    english, german = _marks(_tree(client, url, "en")), _marks(_tree(client, url, "de"))
    assert ("handwritten", "Handwritten note (left margin)", "Handwritten note (left margin)") in (
        english
    )
    assert ("seal", "Seal", "Seal") in english
    assert ("supplied", "Supplied by the editor", "Supplied by the editor") in english
    # The place is quoted from the record; the kind of mark is the reader's.
    assert (
        "handwritten",
        "Handschriftliche Notiz (left margin)",
        "Handschriftliche Notiz (left margin)",
    ) in german
    assert ("seal", "Siegel", "Siegel") in german
    assert ("supplied", "Vom Herausgeber ergänzt", "Vom Herausgeber ergänzt") in german
    assert [m[0] for m in german] == [m[0] for m in english]
    # The reading text's supplied words too.
    reading = _marks(_tree(client, "/documents/208190/", "ru"))
    assert ("supplied", "Добавлено редактором", "Добавлено редактором") in reading
    cached = _cached_html("208190")
    assert 'data-place="left margin" data-type="handwritten"' in cached
    assert not [word for word in ENGLISH if word in cached]


def test_low_ocr_words_are_labelled_in_the_interface_language(client, tmp_path):
    from tests.scans.letter import LETTER_ID, add_ocr_text, ingest_letter

    doc = ingest_letter(tmp_path)
    add_ocr_text(doc, [("The", 96), ("delegation", 41), ("arrived", 88)])
    seen = {}
    for language in ("en", "de", "ko"):
        tree = _tree(client, f"/documents/{LETTER_ID}/", language)
        low = tree.xpath("//span[contains(concat(' ', @class, ' '), ' ocr-low ')]")
        seen[language] = [(w.text, w.get("title"), w.get("aria-description")) for w in low]
    label = "Uncertain OCR reading, confidence 41%"
    assert seen["en"] == [("delegation", label, label)]
    label = "Unsichere Lesung der Texterkennung, Konfidenz 41 %"
    assert seen["de"] == [("delegation", label, label)]
    label = "문자 인식 판독 불확실, 신뢰도 41%"
    assert seen["ko"] == [("delegation", label, label)]
    assert "Uncertain OCR" not in _cached_html(LETTER_ID)


def _volume(tmp_path) -> None:
    """A volume of one document with a footnote, a supplied word, a gap the source does not
    describe and a bracketed excision."""
    one_document_volume(
        tmp_path,
        VOLUME,
        'The Ambassador<note n="1" xml:id="d1fn1">Source: Central Files.</note> called on '
        "<supplied>the</supplied> Minister. <gap/> He said [text not declassified].",
    )


def _footnotes(tree) -> dict:
    return {
        "ref": [(a.text, a.get("aria-label")) for a in tree.xpath("//sup[@class='fn-ref']/a")],
        "back": [(a.text, a.get("aria-label")) for a in tree.xpath("//a[@class='fn-back']")],
        "list": tree.xpath("//ol[@class='footnotes']/@aria-label"),
    }


def test_a_tei_text_names_its_footnotes_and_marks_in_the_interface_language(client, tmp_path):
    _volume(tmp_path)
    url = f"/documents/{DOC}/"
    en, de = _tree(client, url, "en"), _tree(client, url, "de")
    assert _footnotes(en) == {
        "ref": [("1", "Footnote 1")],
        "back": [("↩", "Back to the text")],
        "list": ["Footnotes"],
    }
    assert _footnotes(de) == {
        "ref": [("1", "Fußnote 1")],
        "back": [("↩", "Zurück zum Text")],
        "list": ["Fußnoten"],
    }
    assert _footnotes(_tree(client, url, "zh-hans"))["ref"] == [("1", "脚注 1")]
    assert _marks(en) == [
        ("supplied", "Supplied by the editor", "Supplied by the editor"),
        ("gap", "Gap in the original", "Gap in the original"),
        ("gap", "Gap in the original", "Gap in the original"),
    ]
    assert _marks(de) == [
        ("supplied", "Vom Herausgeber ergänzt", "Vom Herausgeber ergänzt"),
        ("gap", "Lücke im Original", "Lücke im Original"),
        ("gap", "Lücke im Original", "Lücke im Original"),
    ]
    # A gap the source does not describe reads "[…]" in every language, not "[gap]".
    assert [s.text for s in de.xpath("//span[@data-type='gap']")][0] == "[…]"
    cached = _cached_html(DOC)
    assert '<sup class="fn-ref" id="fn-1-ref"><a href="#fn-1">1</a></sup>' in cached
    assert not [word for word in ENGLISH if word in cached]


def test_an_english_rendering_cached_before_is_rendered_again(client, tmp_path):
    """A row of the cache written when the marks and footnote links carried English words."""
    from sourcebook.web.models import RenderedPage

    _volume(tmp_path)
    url = f"/documents/{DOC}/"
    _tree(client, url, "en")
    page = RenderedPage.objects.get(document__public_id=DOC)
    for text in page.texts:
        text["format"] = 4
        text["html"] = text["html"].replace(
            '<a href="#fn-1">', '<a href="#fn-1" aria-label="Footnote 1">'
        )
    page.save()
    de = _tree(client, url, "de")
    assert _footnotes(de)["ref"] == [("1", "Fußnote 1")]
    assert "Footnote" not in _cached_html(DOC)
