"""The search page's facet values in the reader's language ("Scan", "OCR", "Chinese" were
English on every page); the values the links and filters send stay the stored English ones."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db


def _facet(client, url: str, language: str, name: str) -> dict[str, str]:
    """``{value sent: label shown}`` of the facet ``name``'s links."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content.decode())
    links = tree.xpath(f"//section[@data-facet='{name}']//a[@data-value]")
    return {a.get("data-value"): " ".join(a.text_content().split()) for a in links}


def test_languages_and_available_texts_speak_the_interface_language(client, corpus):
    en = _facet(client, "/search/", "en", "language")
    assert {"Chinese", "Korean", "Russian", "English"} <= set(en)
    assert all(value == label for value, label in en.items())  # English as before
    assert _facet(client, "/search/", "de", "language") == {
        **{v: v for v in en},
        "Chinese": "Chinesisch",
        "Korean": "Koreanisch",
        "Russian": "Russisch",
        "English": "Englisch",
    }
    ru = _facet(client, "/search/", "ru", "language")
    assert ru["Chinese"] == "китайский" and ru["Korean"] == "корейский"
    assert _facet(client, "/search/", "zh-hans", "language")["Russian"] == "俄语"
    has = {lang: _facet(client, "/search/", lang, "has") for lang in ("en", "de", "ko")}
    assert has["en"]["Translation"] == "Translation"
    assert has["de"]["Translation"] == "Übersetzung"
    assert has["de"]["Transcript"] == "Transkription"
    assert has["ko"]["Translation"] == "번역"
    # The link sends the stored value, whatever the label.
    response = client.get("/search/", HTTP_ACCEPT_LANGUAGE="de")
    tree = lxml_html.fromstring(response.content.decode())
    (link,) = tree.xpath("//section[@data-facet='language']//a[@data-value='Chinese']")
    assert "language=Chinese" in link.get("href")


def test_a_chosen_filter_names_its_value_in_the_interface_language(client, corpus):
    url = "/search/?language=Russian&has=Translation"
    chosen = _facet(client, url, "de", "language")
    assert chosen == {"Russian": "✓ Russisch"}
    tree = lxml_html.fromstring(client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    chips = " | ".join(
        " ".join(e.text_content().split()) for e in tree.xpath("//*[@name='remove']")
    )
    assert "Russisch" in chips and "Übersetzung" in chips
    assert tree.xpath("//*[@name='remove']/@value") == ["language:Russian", "has:Translation"]


def test_scan_ocr_and_apparatus_labels(settings):
    from django.utils import translation

    from sourcebook.search.documents import APPARATUS_FACET, HAS
    from sourcebook.search.facet_values import APPARATUS, shown
    from sourcebook.search.facet_values import HAS as SHOWN_HAS

    # Every stored value has a label, so none is left English by a typo.
    assert set(SHOWN_HAS) == set(HAS.values())
    assert set(APPARATUS) == set(APPARATUS_FACET.values())
    with translation.override("de"):
        assert shown("has", "Scan") == "Scan"
        assert shown("has", "OCR") == "Texterkennung"
        assert shown("apparatus", "Handwritten notes") == "Handschriftliche Notizen"
        assert shown("language", "Korean; Chinese") == "Koreanisch, Chinesisch"
        assert shown("language", "Chinese, Xyzzy") == "Chinese, Xyzzy"  # as stored
        assert shown("decade", "1950s") == "1950er"
        assert shown("person", "Kim Il Sung") == "Kim Il Sung"
    with translation.override("ru"):
        assert shown("has", "Scan") == "Скан"
    with translation.override("en"):
        assert shown("has", "OCR") == "OCR" and shown("language", "Chinese") == "Chinese"
