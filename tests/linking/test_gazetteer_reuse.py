"""The gazetteer is built again only when an authority changed (an ingest asks once per batch).

Reuse must never hide a change: a new name, a variant, a description, a volume's persons list
or a candidate accepted must each give a new gazetteer that links by it.
"""

from __future__ import annotations

import pytest

from sourcebook.archive.models import Agent, NameVariant, Place
from sourcebook.authorities.models import SourceId
from sourcebook.core import linking
from sourcebook.linking.entries import agent_key, gazetteer

pytestmark = pytest.mark.django_db(transaction=False)


def _link(gaz: linking.Gazetteer, text: str) -> set[str]:
    return set(linking.link(gaz, [linking.Segment(text, "en", 0)]).authorities)


@pytest.fixture
def kim(db):
    return Agent.objects.create(slug="kim-il-sung", name="Kim Il-sung", kind=Agent.PERSON)


def test_unchanged_authorities_give_the_same_gazetteer(kim):
    first, _ = gazetteer()
    again, _ = gazetteer()
    assert again is first
    assert _link(again, "Kim Il-sung arrived.") == {agent_key(kim.pk)}


def test_a_new_variant_is_seen(kim):
    before, _ = gazetteer()
    NameVariant.objects.create(agent=kim, name="Suryong Comrade", system="text")
    after, _ = gazetteer()
    assert after is not before
    assert _link(before, "Suryong Comrade arrived.") == set()
    assert _link(after, "Suryong Comrade arrived.") == {agent_key(kim.pk)}


def test_a_renamed_authority_and_a_new_place_are_seen(kim):
    before, _ = gazetteer()
    Agent.objects.filter(pk=kim.pk).update(name="Kim Song-ju")
    place = Place.objects.create(slug="kaesong", name="Kaesong")
    after, _ = gazetteer()
    assert after is not before
    assert _link(after, "Kim Song-ju went to Kaesong.") == {
        agent_key(kim.pk),
        f"place:{place.pk}",
    }


def test_description_scope_and_candidate_flag_are_seen(kim):
    before, candidates = gazetteer()
    assert kim.pk not in candidates
    Agent.objects.filter(pk=kim.pk).update(description="Premier of the DPRK")
    described, _ = gazetteer()
    assert described is not before
    SourceId.objects.create(agent=kim, volume="frus1958-60v18", xml_id="p_KIS1", name="Kim")
    scoped, _ = gazetteer()
    assert scoped is not described
    assert scoped.entries[agent_key(kim.pk)].scopes == frozenset({"frus1958-60v18"})
    Agent.objects.filter(pk=kim.pk).update(data={"candidate": True})
    flagged, candidates = gazetteer()
    assert kim.pk in candidates


def test_a_change_prepares_again_only_the_authority_that_changed(kim, monkeypatch):
    """Preparing every authority's forms is nearly all of a build (3 s for 20,000 persons)."""
    from sourcebook.core.linking import gazetteer as gazetteer_module

    pak = Agent.objects.create(slug="pak-hon-yong", name="Pak Hon-yong", kind=Agent.PERSON)
    Place.objects.create(slug="kaesong", name="Kaesong")
    gazetteer()
    prepared = []
    real = gazetteer_module.prepare
    monkeypatch.setattr(gazetteer_module, "prepare", lambda e: prepared.append(e.key) or real(e))
    Agent.objects.filter(pk=kim.pk).update(name="Kim Song-ju")
    after, _ = gazetteer()
    assert prepared == [agent_key(kim.pk)]
    assert after == linking.build(list(after.entries.values()))  # as if built from nothing
    assert _link(after, "Kim Song-ju met Pak Hon-yong.") == {agent_key(kim.pk), agent_key(pak.pk)}
