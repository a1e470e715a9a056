"""Interface languages (issue 11): English, 简体中文, 한국어, Русский, Deutsch through Django i18n;
chosen by Accept-Language or the switcher on stable URLs; dates localized; documents as written;
every interface string translated in every catalog, the catalogs compiled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from sourcebook.core.gettext_files import Entry, compile_mo, parse_po, write_po
from tests.support.http import get

LANGUAGES = ["en", "zh-hans", "ko", "ru", "de"]
# "Documents" in the site navigation, in each language.
NAV = {"en": "Documents", "zh-hans": "文献", "ko": "문서", "ru": "Документы", "de": "Dokumente"}


@pytest.fixture(scope="module")
def interface_messages():
    from sourcebook.web import catalogs

    return catalogs.messages()


# --- the catalogs -------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["zh_Hans", "ko", "ru", "de"])
def test_every_interface_string_has_a_translation(folder, interface_messages):
    from sourcebook.web import catalogs

    missing = catalogs.untranslated(folder, interface_messages)
    assert missing == [], f"{folder}: no translation for {missing} (run scripts/messages.py)"


def test_the_check_sees_a_missing_or_fuzzy_translation(interface_messages):
    from sourcebook.web import catalogs

    assert len(interface_messages) > 100
    assert ("Reading text" in e.msgid for e in interface_messages.values())
    extra = {(None, "A string nobody translated"): Entry(msgid="A string nobody translated")}
    assert catalogs.untranslated("de", {**interface_messages, **extra}) == [
        "A string nobody translated"
    ]
    po = 'msgid ""\nmsgstr "Language: de\\n"\n\n#, fuzzy\nmsgid "Cite"\nmsgstr "Zitieren"\n'
    (entry,) = [e for e in parse_po(po) if e.msgid]
    assert not entry.translated


def test_messages_are_found_in_templates_and_python(interface_messages):
    keys = {k[1] for k in interface_messages}
    # {% translate %}, {% blocktranslate %} with variables and plurals, Python gettext.
    assert "Skip to content" in keys
    assert "Page %(number)s of %(pages)s" in keys
    assert interface_messages[(None, "%(n)s document, by date.")].msgid_plural
    assert "Oldest first" in keys and "Unknown interface language: %(code)s" in keys


@pytest.mark.parametrize("folder", ["zh_Hans", "ko", "ru", "de"])
def test_compiled_catalogs_are_shipped_and_current(folder):
    from sourcebook.web import catalogs

    mo = catalogs.po_path(folder).with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run scripts/messages.py"
    assert mo.read_bytes() == catalogs.compiled(folder), f"{mo} is older than its .po"


def test_po_round_trip_and_mo_read_by_python_gettext(tmp_path):
    import gettext

    entries = [
        Entry(
            msgid="",
            msgstr=[
                "Language: ru\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
            ],
        ),
        Entry(msgid='Say "hi"\nnow', msgstr=["Скажи «привет»\nсейчас"]),
        Entry(msgid="%(n)s file", msgid_plural="%(n)s files", msgstr=["файл", "файла", "файлов"]),
        Entry(msgid="Cite", msgctxt="verb", msgstr=["Цитировать"]),
        Entry(msgid="Untranslated", msgstr=[""]),
    ]
    again = parse_po(write_po(entries))
    assert [(e.msgid, e.msgstr, e.msgctxt) for e in again] == [
        (e.msgid, e.msgstr, e.msgctxt) for e in entries
    ]
    path = tmp_path / "x.mo"
    path.write_bytes(compile_mo(again))
    with path.open("rb") as f:
        t = gettext.GNUTranslations(f)
    assert t.gettext('Say "hi"\nnow') == "Скажи «привет»\nсейчас"
    assert [t.ngettext("%(n)s file", "%(n)s files", n) for n in (1, 3, 5, 21)] == [
        "файл",
        "файла",
        "файлов",
        "файл",
    ]
    assert t.pgettext("verb", "Cite") == "Цитировать"
    assert t.gettext("Untranslated") == "Untranslated"


# Templates whose visible words must all be marked for translation: every public template of the
# package (the admin's are Django's own, in Django's catalogs).
PACKAGE = Path(__file__).resolve().parents[2] / "src" / "sourcebook"
PUBLIC_TEMPLATES = sorted(
    str(p.relative_to(PACKAGE))
    for p in PACKAGE.rglob("*.html")
    if "templates" in p.parts and "admin" not in p.parts
)
ALLOWED_WORDS = {"Sourcebook", "TEI", "JSON", "BibTeX", "RIS", "CSL", "API"}


def _unmarked_words(source: str) -> list[str]:
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"{%\s*blocktranslate.*?endblocktranslate\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    # Attributes a reader meets: placeholder, title, aria-label, alt.
    words = re.findall(r'(?:placeholder|title|aria-label|alt)="([^"]*)"', source)
    text = re.sub(r"<[^>]*>", " ", source)
    words += re.findall(r"[^\W\d_]{2,}", text)
    return [w for w in words if re.search(r"[^\W\d_]", w) and w.strip() not in ALLOWED_WORDS]


@pytest.mark.parametrize("template", PUBLIC_TEMPLATES)
def test_template_words_are_marked_for_translation(template):
    assert _unmarked_words((PACKAGE / template).read_text(encoding="utf-8")) == []


def test_every_public_template_is_checked_for_unmarked_words():
    # The collection pages, the volume navigation and the scan viewer were English only while
    # the check read three folders: it reads them all now.
    assert len(PUBLIC_TEMPLATES) > 40
    for template in (
        "authorities/templates/authorities/collection.html",
        "authorities/templates/authorities/collections.html",
        "authorities/templates/authorities/document_section.html",
        "scans/templates/scans/viewer.html",
        "related/templates/related/file.html",
    ):
        assert template in PUBLIC_TEMPLATES


# --- the site in five languages -------------------------------------------------------------

pytestmark_db = pytest.mark.django_db(transaction=True)


def _page(url: str, **headers):
    from urllib.request import Request, urlopen

    with urlopen(Request(url, headers=headers)) as response:
        return response.headers, response.read().decode()


@pytestmark_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_accept_language_chooses_the_interface_not_the_document(live_server, seed_doc, language):
    headers, page = _page(f"{live_server.url}/documents/208190/", **{"Accept-Language": language})
    tree = lxml_html.fromstring(page)
    assert tree.get("lang") == language
    nav = tree.xpath("//nav[@aria-label]/a/text()")
    assert nav[0] == NAV[language]
    assert "Accept-Language" in headers["Vary"]
    # The document as written, whatever the interface language.
    assert tree.xpath("string(//h1)").startswith("Cable, Chinese Embassy in North Korea")
    assert tree.xpath("string(//p[@class='date']/time)") == "October 11, 1959"
    assert "Ri Chang-jeong [Ri Chang Jong]" in tree.xpath("string(//div[@class='body'])")


@pytestmark_db
def test_the_switcher_remembers_the_choice_on_the_same_url(live_server, seed_doc):
    import http.client
    from urllib.parse import urlsplit

    host = urlsplit(live_server.url).netloc
    conn = http.client.HTTPConnection(host)
    conn.request("GET", "/language/?lang=ko&next=/documents/208190/")
    response = conn.getresponse()
    response.read()
    assert response.status == 302 and response.getheader("Location") == "/documents/208190/"
    cookie = response.getheader("Set-Cookie").split(";")[0]
    assert cookie == "sourcebook_language=ko"
    # The cookie wins over Accept-Language; the URL has no language in it.
    _, page = _page(
        f"{live_server.url}/documents/208190/", Cookie=cookie, **{"Accept-Language": "de"}
    )
    assert '<html lang="ko">' in page and "읽기 텍스트" in page
    # The switcher is a plain GET form on every page, the current language chosen.
    tree = lxml_html.fromstring(page)
    (form,) = tree.xpath("//form[@action='/language/']")
    assert form.get("method") == "get"
    assert form.xpath(".//option[@selected]/@value") == ["ko"]
    assert form.xpath(".//input[@name='next']/@value") == ["/documents/208190/"]
    # Only local pages as next; an unknown language is a one-line 400 that sets nothing.
    conn.request("GET", "/language/?lang=de&next=https://evil.example/")
    response = conn.getresponse()
    response.read()
    assert response.getheader("Location") == "/"
    conn.request("GET", "/language/?lang=xx")
    response = conn.getresponse()
    body = response.read().decode()
    assert response.status == 400 and body == "Unknown interface language: xx\n"
    assert response.getheader("Set-Cookie") is None
    assert get(f"{live_server.url}/de/documents/208190/")[0] == 404


@pytestmark_db
def test_interface_dates_are_localized(live_server, seed_doc):
    from django.utils import formats, translation

    from sourcebook.archive import versions

    created = versions.get_revision(seed_doc, 1).created_at
    shown = {}
    for language in LANGUAGES:
        _, page = _page(f"{live_server.url}/documents/208190/v/1/", **{"Accept-Language": language})
        banner = lxml_html.fromstring(page).xpath(
            "string(//aside[contains(@class,'version-banner')])"
        )
        with translation.override(language):
            shown[language] = formats.date_format(created, "DATE_FORMAT")
        assert shown[language] in banner, (language, banner)
    assert shown["en"] == f"{created.day} {created.strftime('%B')} {created.year}"
    assert len(set(shown.values())) == len(LANGUAGES)  # five different ways of writing it


@pytestmark_db
def test_python_messages_are_translated(live_server, seed_doc):
    _, page = _page(f"{live_server.url}/search/?q=Kim", **{"Accept-Language": "ru"})
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//select[@name='sort']/option/text()") == [
        "По релевантности",
        "Сначала старые",
        "Сначала новые",
    ]


def test_updating_a_catalog_keeps_translations_and_adds_new_strings(tmp_path, monkeypatch):
    from sourcebook.web import catalogs

    monkeypatch.setattr(catalogs, "LOCALE", tmp_path)
    po = catalogs.po_path("de")
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Cite"\nmsgstr "Zitieren"\n\n'
        'msgid "Gone and translated"\nmsgstr "Weg und übersetzt"\n\n'
        'msgid "Gone, never translated"\nmsgstr ""\n',
        encoding="utf-8",
    )
    found = {
        (None, "Cite"): Entry(msgid="Cite", comments=["#: web/x.html"]),
        (None, "New"): Entry(msgid="New", comments=["#: web/y.html"]),
    }
    catalogs.update("de", found)
    entries = {e.msgid: e for e in parse_po(po.read_text(encoding="utf-8"))}
    assert entries["Cite"].msgstr == ["Zitieren"] and entries["New"].msgstr == [""]
    assert entries["Gone and translated"].msgstr == ["Weg und übersetzt"]
    assert "Gone, never translated" not in entries
    assert "Plural-Forms: nplurals=2" in entries[""].msgstr[0]
    assert catalogs.untranslated("de", found) == ["New"]
    assert po.with_suffix(".mo").read_bytes() == catalogs.compiled("de")


@pytestmark_db
def test_the_apparatus_legend_speaks_the_interface_language(live_server, seed_doc):
    url = f"{live_server.url}/documents/208190/?view=diplomatic"
    legends = {}
    for language in ("de", "ru", "en"):
        _, page = _page(url, **{"Accept-Language": language})
        legend = lxml_html.fromstring(page).xpath("//details[contains(@class,'legend')]//li")
        legends[language] = [li.text_content().split("]", 1)[1].strip() for li in legend]
    assert "Handschriftliche Notiz: 1" in legends["de"] and "Siegel: 1" in legends["de"]
    assert "Рукописная помета: 1" in legends["ru"]
    assert "Handwritten note: 1" in legends["en"]
    # One line per apparatus type, in every language.
    assert len(legends["de"]) == len(legends["ru"]) == len(legends["en"])


# --- pages that were English only ---------------------------------------------------------


def _volume_archive(settings):
    """A volume of 24 live documents (one undated) in three chapters, some in none, with the
    front data a FRUS volume brings: editors, imprint, id."""
    from sourcebook.archive.models import Collection, Document

    settings.SOURCEBOOK_PAGE_CACHE = 0
    coll = Collection.objects.create(slug="vol", name="A Volume")
    docs = [
        Document(public_id=f"v-{i:02d}", title=f"Doc {i}", collection=coll, date_text="1958")
        for i in range(25)
    ]
    docs[7].status = Document.DRAFT
    docs[4].date_text = ""
    Document.objects.bulk_create(docs)
    coll.data = {
        "editors": [{"name": "Edward C. Keefer", "role": "General Editor"}],
        "publisher": "Government Printing Office",
        "pub_place": "Washington",
        "publication_date": "1993",
        "id": "frus1958-60v18",
        "chapters": [
            {"id": "ch1", "title": "One", "documents": ["v-05", "v-03", "v-01", "v-07"]},
            {"id": "ch3", "title": "Three", "documents": [f"v-{i:02d}" for i in range(8, 25)]},
        ],
    }
    coll.save()


COLLECTION_PAGE = {
    # language: (labels that must be there, in page order)
    "de": [
        "Herausgeber",
        "Erschienen",
        "Kennung des Bandes",
        "Personen",
        "0 im Personenverzeichnis des Bandes",
        "24 Dokumente, 3 Seiten.",
        "Weitere Dokumente",
        "o. D.",
        "Seite 1 von 3",
        "Weiter",
        "Herunterladen",
        "Die ganze Sammlung als ein TEI-Korpus (.tei.xml)",
        "JSON-API",
    ],
    "ru": [
        "Редакторы",
        "Выходные данные",
        "Идентификатор тома",
        "Лица",
        "0 в именном указателе тома",
        "24 документа, 3 страницы.",
        "Прочие документы",
        "б. д.",
        "Страница 1 из 3",
        "Далее",
        "Скачать",
        "Всё собрание одним корпусом TEI (.tei.xml)",
    ],
}
COLLECTION_ENGLISH = [
    "Editors",
    "Published",
    "Volume id",
    "in the volume's list of persons",
    "documents,",
    "Other documents",
    "n.d.",
    "Page 1 of 3",
    "Next →",
    "Download",
    "The whole collection",
    "No collections yet",
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "ru"])
def test_a_collection_page_and_the_list_speak_the_interface_language(
    client, settings, monkeypatch, language
):
    from sourcebook.authorities import queries

    monkeypatch.setattr(queries, "OUTLINE_PAGE", 10)
    _volume_archive(settings)
    pages = {}
    for url in ("/collections/vol/", "/collections/vol/?page=3", "/collections/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        tree = lxml_html.fromstring(response.content.decode())
        pages[url] = " ".join(tree.xpath("//main")[0].text_content().split())
    first, last = pages["/collections/vol/"], pages["/collections/vol/?page=3"]
    seen = first + " " + last
    for label in COLLECTION_PAGE[language]:
        assert label in seen, (language, label)
    for english in COLLECTION_ENGLISH:
        assert english not in seen and english not in pages["/collections/"], (language, english)
    # The volume's own words stay as written.
    assert "Edward C. Keefer (General Editor)" in first and "frus1958-60v18" in first
    assert "Government Printing Office, Washington, 1993" in first
    assert {"de": "Sammlungen", "ru": "Собрания"}[language] in pages["/collections/"]
    assert "A Volume" in pages["/collections/"]


@pytest.mark.django_db
def test_the_empty_collection_list_and_the_volume_navigation_are_translated(client, settings):
    _volume_archive(settings)
    page = client.get("/documents/v-03/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    nav = lxml_html.fromstring(page).xpath("//nav[contains(@class,'volume-nav')]")[0]
    assert nav.get("aria-label") == "Stelle im Band"
    assert " ".join(nav.xpath("string(p)").split()) == (
        "In A Volume, Dokument 2 von 20; Kapitel One (2 von 3)"
    )
    # The links sit where the German sentence puts them, with their targets.
    assert nav.xpath("p/a/@href") == ["/collections/vol/", "/collections/vol/#chapter-ch1"]
    assert "Voriges: Doc 5" in nav.text_content() and "Nächstes: Doc 1" in nav.text_content()
    english = client.get("/documents/v-03/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'In <a href="/collections/vol/">A Volume</a>, document 2 of 20; chapter' in english
    from sourcebook.archive.models import Collection

    Collection.objects.all().delete()
    empty = client.get("/collections/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Собраний пока нет" in empty and "No collections yet" not in empty


@pytest.mark.django_db
def test_search_notes_and_list_errors_speak_the_interface_language(client):
    """What a reader typed wrong is said in the reader's language (the API's and CLI's English
    unchanged without one)."""
    page = client.get(
        "/search/", {"q": "x", "from": "abc", "sort": "foo"}, HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "&#x27;abc&#x27; ist kein Datum: 1959, 1959-10 oder 1959-10-11 verwenden" in page
    assert "unbekannte Sortierung &#x27;foo&#x27;; nach Relevanz sortiert" in page
    swapped = client.get(
        "/search/", {"from": "1960", "to": "1958"}, HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "диапазон дат кончается раньше, чем начинается (с 1960 по 1958)" in swapped
    persons = client.get("/persons/", {"from": "abc"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert persons.status_code == 400
    assert "from은(는) 1년부터 9999년 사이의 연도여야 합니다" in persons.content.decode()
    english = client.get("/api/search", {"q": "x", "from": "abc"}).json()
    assert "'abc' is not a date: use 1959, 1959-10 or 1959-10-11" in english["notes"]
