"""Stored values the authority pages showed as stored, in English in every interface language:
roles, a link's state, a document's status, a merge proposal's status. Shown in the reader's
language now; the stored value stays in data attributes, form values and links."""

from __future__ import annotations

import pytest

from tests.support.i18n import texts as _texts
from tests.support.i18n import tree as _tree

from .conftest import link

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(archive):
    from sourcebook.authorities.models import MergeProposal

    return MergeProposal.objects.create(
        agent=archive.kim, other=archive.puzanov, reason="Same description"
    )


def test_roles_and_a_proposal_speak_the_interface_language(client, archive, proposal):
    de = _tree(client, "/persons/kim-il-sung/", "de")
    roles = de.xpath("//p[@class='role-counts']/span[@class='role']")
    assert [(r.get("data-role"), r.text) for r in roles] == [
        ("participant", "Teilnehmer (1)"),
        ("mentioned", "erwähnt (1)"),
    ]
    assert _texts(de, "//ol[contains(@class,'person-documents')]//span[@class='roles']") == [
        "(Teilnehmer)",
        "(erwähnt)",
    ]
    assert _texts(de, "//ul[@class='merge-proposals']//span[@class='status']") == ["(offen)"]
    # The same page in English, as before.
    en = _tree(client, "/persons/kim-il-sung/", "en")
    assert _texts(en, "//p[@class='role-counts']/span") == ["participant (1)", "mentioned (1)"]
    assert _texts(en, "//ul[@class='merge-proposals']//span[@class='status']") == ["(pending)"]
    ru = _tree(client, "/persons/kim-il-sung/", "ru")
    assert _texts(ru, "//ul[@class='merge-proposals']//span[@class='status']") == [
        "(ожидает решения)"
    ]


def test_the_role_filter_shows_names_and_sends_values(client, archive):
    de = _tree(client, "/persons/", "de")
    options = de.xpath("//select[@id='f-role']/option")
    assert [(o.get("value"), o.text) for o in options] == [
        ("", "beliebig"),
        ("sender", "Absender"),
        ("recipient", "Empfänger"),
        ("signer", "Unterzeichner"),
        ("participant", "Teilnehmer"),
        ("mentioned", "erwähnt"),
    ]
    en = _tree(client, "/persons/", "en")
    assert [o.text for o in en.xpath("//select[@id='f-role']/option")][1:] == [
        "sender",
        "recipient",
        "signer",
        "participant",
        "mentioned",
    ]


def test_the_document_page_names_roles_in_the_interface_language(client, settings, archive):
    settings.SOURCEBOOK_PAGE_CACHE = 0
    persons = "//ul[@class='person-list']/li"
    assert "Kim Il Sung (Teilnehmer)" in _texts(_tree(client, "/documents/kp-1/", "de"), persons)
    assert "Kim Il Sung (participant)" in _texts(_tree(client, "/documents/kp-1/", "en"), persons)


def test_the_review_table_names_states_in_the_interface_language(client, archive, editor):
    link("kp-draft", archive.kim, [("Kim Il Sung", 0)], role="sender", link="candidate")
    client.force_login(editor)
    rows = {}
    for language in ("de", "en", "zh-hans"):
        tree = _tree(client, "/persons/kim-il-sung/", language)
        rows[language] = [
            (r.xpath("string(td[2]//span[@class='status'])"), " ".join(r[2].text.split()))
            for r in tree.xpath("//table[@class='review-links']/tbody/tr")
        ]
        # The form still sends the link's id and the action's value.
        assert tree.xpath("//button[@name='action']/@value") == ["confirm", "reject"]
    assert rows["de"] == [
        ("", "Kandidat 0,40"),
        ("(Entwurf)", "Kandidat 1,00"),
        ("", "automatisch 0,90"),
    ]
    assert rows["en"] == [
        ("", "candidate 0.40"),
        ("(draft)", "candidate 1.00"),
        ("", "automatic 0.90"),
    ]
    assert rows["zh-hans"][1] == ("(草稿)", "候选 1.00")
    tree = _tree(client, "/persons/kim-il-sung/", "de")
    assert _texts(tree, "//table[@class='review-links']//span[@class='roles']") == [
        "(erwähnt)",
        "(Absender)",
        "(erwähnt)",
    ]


def test_name_sources_speak_the_interface_language(client, archive):
    """A name from a merge, an import or of no known source was shown as stored ("merge")."""
    archive.kim.variants.create(name="Kim Ir Sen", system="", source="")
    archive.kim.variants.create(name="Kim Ilsong", system="", source="import")
    xpath = "//section[@class='names']//li"
    sources = {
        language: {
            li.xpath("string(span[@class='name'])"): li.xpath("span[@class='sources']/span/text()")
            for li in _tree(client, "/persons/kim-il-sung/", language).xpath(xpath)
        }
        for language in ("en", "de", "ru")
    }
    assert [sources["en"][n] for n in ("김일성", "Kim Ilsong", "Kim Ir Sen")] == [
        ["merge"],
        ["import"],
        ["unknown"],
    ]
    assert [sources["de"][n] for n in ("김일성", "Kim Ilsong", "Kim Ir Sen")] == [
        ["Zusammenführung"],
        ["Import"],
        ["unbekannt"],
    ]
    assert sources["ru"]["김일성"] == ["объединение"]
    # Ids of volumes stay as they are; the preferred name is named as before.
    assert sources["de"]["Kim Il-song"] == ["frus1958-60v18#p_KIS1"]
    assert sources["de"]["Kim Il Sung"] == ["bevorzugter Name"]


def test_the_scripts_names_are_grouped_by_speak_the_interface_language(client, archive):
    def scripts(language: str) -> list[tuple]:
        page = _tree(client, "/persons/kim-il-sung/", language)
        return [(d.get("data-script"), d.text) for d in page.xpath("//dt[@class='script']")]

    assert scripts("en") == [("Latin", "Latin"), ("Hangul", "Hangul")]
    assert scripts("de") == [("Latin", "Lateinisch"), ("Hangul", "Hangeul")]
    assert scripts("ko") == [("Latin", "로마자"), ("Hangul", "한글")]
