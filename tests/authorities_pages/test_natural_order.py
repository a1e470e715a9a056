"""Persons listed as "Rusk, Dean" are found by "Dean Rusk": in ``/persons/?q=``, in
``/api/persons?q=`` and by the search's ``person:"…"`` scope.

FRUS persons lists write Western names inverted ("Rusk, Dean", "Dulles, John Foster",
"Johnson, U. Alexis", and "Rhee, Syngman" as the State Department wrote him); readers type them
in natural order. The three volumes of the shared corpus are ingested and indexed once for the
module (its tests only read): v03 links U. Alexis Johnson to his documents, v18 lists Syngman
Rhee beside Francesca Rhee and Dean G. Acheson, v22 lists Rusk, Lyndon B. Johnson and Sir
Patrick Dean.
"""

from __future__ import annotations

import re

import pytest

from tests.authorities.support import V03, V18, V22, agent_of, ingest
from tests.conftest import SHARED
from tests.support.kept import kept_for_module

pytestmark = pytest.mark.django_db

FRUS = SHARED / "corpus" / "frus"
# Query in natural order -> the source id of the one person it names.
NATURAL = {
    "Dean Rusk": f"{V22}#p_RD1",
    "John Foster Dulles": f"{V18}#p_DJF1",
    "Syngman Rhee": f"{V22}#p_RS1",
    "U. Alexis Johnson": f"{V03}#p_JUA1",
    "Alexis Johnson": f"{V03}#p_JUA1",
}


@pytest.fixture(scope="module")
def frus_index(django_db_setup, django_db_blocker, tmp_path_factory):
    """The three volumes ingested and indexed; the index's folder."""
    from sourcebook.search import indexer

    index = tmp_path_factory.mktemp("natural-order") / "index"
    with pytest.MonkeyPatch.context() as patch, kept_for_module(django_db_blocker):
        patch.setenv("SOURCEBOOK_INDEX", str(index))
        for volume in (V03, V18, V22):
            ingest(FRUS / f"{volume}.xml")
        indexer.catch_up()
        yield index


@pytest.fixture
def frus(frus_index, monkeypatch, settings):
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(frus_index))
    settings.SOURCEBOOK_PAGE_CACHE = 0


def _api(client, q: str) -> set[str]:
    answer = client.get("/api/persons", {"q": q, "page_size": 500, "all": 1})
    assert answer.status_code == 200
    return {r["id"] for r in answer.json()["results"]}


def _page(client, q: str) -> set[str]:
    answer = client.get("/persons/", {"q": q, "all": 1})
    assert answer.status_code == 200
    return set(re.findall(r'href="/persons/([\w-]+)/"', answer.content.decode()))


def _person_search(q: str) -> set[str]:
    from sourcebook.search.service import search

    return {r["id"] for r in search(f'person:"{q}"', page_size=200).results}


def _documents_of(slug: str) -> set[str]:
    """The documents the Person facet gives this person (what ``person:`` should find)."""
    from sourcebook.archive.models import Agent
    from sourcebook.search.service import search

    name = Agent.objects.get(slug=slug).name
    return {r["id"] for r in search("", filters={"person": [name]}, page_size=200).results}


@pytest.mark.parametrize("q", sorted(NATURAL))
def test_natural_order_finds_the_inverted_name_in_the_lists(client, frus, q):
    slug = agent_of(NATURAL[q]).slug
    assert _api(client, q) == {slug}
    assert slug in _page(client, q)
    assert _page(client, q) <= {slug}  # links to persons on the page: this one only


@pytest.mark.parametrize("q", sorted(NATURAL))
def test_natural_order_finds_the_persons_documents_in_search(client, frus, q):
    slug = agent_of(NATURAL[q]).slug
    wanted = _documents_of(slug)
    assert wanted
    assert _person_search(q) == wanted
    found = client.get("/api/search", {"q": f'person:"{q}"', "page_size": 100}).json()
    assert {r["id"] for r in found["results"]} == wanted


def test_the_given_name_tells_namesakes_apart(client, frus):
    syngman, francesca = agent_of(f"{V22}#p_RS1").slug, agent_of(f"{V18}#p_RF2").slug
    assert _api(client, "Francesca Rhee") == {francesca}
    assert _api(client, "Syngman Rhee") == {syngman}
    assert _api(client, "John Dulles") == {agent_of(f"{V18}#p_DJF1").slug}  # no middle name
    assert _api(client, "Allen Dulles") == {agent_of(f"{V18}#p_DAW1").slug}


def test_other_words_and_orders_find_no_one_new(client, frus):
    """Given names alone, mixed-up names and surnames alone find what they found before (this
    test passes without natural order too: it holds the change to no new matches)."""
    rusk, acheson = agent_of(f"{V22}#p_RD1").slug, agent_of(f"{V18}#p_ADG2").slug
    sir_patrick = agent_of(f"{V22}#p_DSP1").slug
    syngman, francesca = agent_of(f"{V22}#p_RS1").slug, agent_of(f"{V18}#p_RF2").slug
    assert _api(client, "Dean") == {rusk, acheson, sir_patrick}  # as a substring, as before
    assert _api(client, "John Johnson") == set()
    assert _api(client, "Dean Johnson") == set()
    assert {syngman, francesca} <= _api(client, "Rhee")
    assert _api(client, "Rusk, Dean") == {rusk}
    assert _api(client, "Foster John Dulles") == set()
    assert _person_search("John Johnson") == set()
    assert _person_search("Dean Johnson") == set()
    dean = set().union(*(_documents_of(s) for s in (rusk, acheson, sir_patrick)))
    assert _person_search("Dean") == dean


def test_east_asian_names_keep_their_order_and_romanizations(client, frus):
    """Names written surname first without a comma are not turned round; any romanization
    still meets them."""
    kim = agent_of(f"{V18}#p_KIS1").slug
    for q in ("Kim Il-sung", "Kim Il Sung", "김일성", "金日成"):
        assert kim in _api(client, q), q
    assert kim not in _api(client, "Sung Kim")
    assert _person_search("Kim Il Sung") == _documents_of(kim)
