"""The Person facet has one value per authority: two documents that write Kim Il Sung differently
count under one value, the authority's preferred name; links the site does not show never count."""

from __future__ import annotations

import pytest

from sourcebook.search import analysis
from sourcebook.search.service import search

from .corpus import record, write_corpus

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not analysis.names_available(), reason="names module not merged"),
]


def _letter(title: str, date: str) -> str:
    return record(
        date=date,
        title=title,
        summary="A letter.",
        language="English",
        texts=[("Transcript - English", "The letter asks for trucks and fuel before winter.")],
    )


DOCS = {
    # Titles suggest the sender in two spellings; neither document is linked to anyone yet.
    "letter-1950": _letter("Letter from Kim Il-sung to Zhou Enlai", "June 1, 1950"),
    "letter-1951": _letter("Letter from Kim Il Sung to Mao Zedong", "June 1, 1951"),
    "letter-1952": _letter("Letter from Kim Il-sŏng to Peng Dehuai", "June 1, 1952"),
}


@pytest.fixture
def ingested(db, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Agent

    for path in sorted(write_corpus(tmp_path / "letters", DOCS).iterdir()):
        assert ingest.ingest_file(path)[0].status == "added"
    # The linker proposed the senders as candidate authorities; this test brings its own.
    Agent.objects.filter(data__candidate=True).delete()


def _persons(**filters) -> dict[str, int]:
    facet = search("letter", filters=filters or None).facets["person"]
    return {v["value"]: v["count"] for v in facet}


def _kim(name: str = "Kim Il Sung", variants=("Kim Il-sung",)):
    from sourcebook.archive.models import Agent, NameVariant

    kim = Agent.objects.create(slug="kim-il-sung", name=name, kind="person")
    for v in variants:
        NameVariant.objects.create(agent=kim, name=v, system="authority")
    return kim


def _link(public_id: str, agent, link: str):
    from sourcebook.archive.models import Document, DocumentAgent

    DocumentAgent.objects.create(
        document=Document.objects.get(public_id=public_id), agent=agent, role="sender", link=link
    )


def _index():
    from sourcebook.search import indexer

    indexer.catch_up()


def test_spellings_of_one_authority_are_one_facet_value(ingested):
    kim = _kim()
    _link("letter-1950", kim, "encoded")
    _index()
    persons = _persons()
    # 1950 is linked (its title's "Kim Il-sung" is dropped as the same name); 1951 and 1952 are
    # not linked, but their suggested senders name the authority and fold to its spelling.
    assert persons["Kim Il Sung"] == 3
    assert not {"Kim Il-sung", "Kim Il-sŏng"} & set(persons)
    assert {"Zhou Enlai", "Mao Zedong", "Peng Dehuai"} <= set(persons)
    assert search("", filters={"person": ["Kim Il Sung"]}).total == 3


def test_the_value_is_the_authoritys_preferred_name(ingested):
    kim = _kim(name="Kim Il-sung", variants=())
    _link("letter-1951", kim, "automatic")
    _index()
    persons = _persons()
    assert persons["Kim Il-sung"] == 3
    assert "Kim Il Sung" not in persons


def test_without_an_authority_suggested_spellings_stay_as_written(ingested):
    _index()
    persons = _persons()
    assert {"Kim Il-sung", "Kim Il Sung", "Kim Il-sŏng"} <= set(persons)


@pytest.mark.parametrize("link", ["rejected", "candidate"])
def test_links_not_shown_give_no_facet_value(ingested, link):
    from sourcebook.archive.models import Agent

    other = Agent.objects.create(slug="kim-tu-bong", name="Kim Tu-bong", kind="person")
    _link("letter-1950", other, link)
    _index()
    assert "Kim Tu-bong" not in _persons()
    assert search("Kim Tu-bong").total == 0
