"""Namesakes across two small volumes: proposed for an editor, never merged at ingest; a new
name form from a later volume re-indexes the earlier volume's documents."""

from __future__ import annotations

import pytest

from tests.hostile.links_support import volume_tei, write

from .support import V03, V22, agent_of, copy_volume, ingest

pytestmark = pytest.mark.django_db


def _two_volumes(tmp_path, first: list, second: list):
    ingest(write(tmp_path, "vol-a.xml", volume_tei("vol-a", first)))
    ingest(write(tmp_path, "vol-b.xml", volume_tei("vol-b", second)))


def test_namesakes_serving_different_nations_are_only_proposed(tmp_path):
    from sourcebook.authorities.models import MergeProposal

    _two_volumes(
        tmp_path,
        [("p_S1", "Smith, John", "British Ambassador to the United States")],
        [("p_S9", "Smith, John", "Japanese Ambassador to the United States")],
    )
    british, japanese = agent_of("vol-a#p_S1"), agent_of("vol-b#p_S9")
    assert british != japanese
    proposal = MergeProposal.objects.get(agent=british, other=japanese)
    assert proposal.status == "pending" and not proposal.descriptions_agree


def test_a_name_listed_twice_in_one_volume_is_not_merged(tmp_path):
    """The volume says there are two John Smiths: which one the next volume means is unknown."""
    from sourcebook.authorities.models import MergeProposal

    _two_volumes(
        tmp_path,
        [("p_S1", "Smith, John", "Consul at Geneva"), ("p_S2", "Smith, John", "Consul at Bern")],
        [("p_S9", "Smith, John", "Consul at Geneva")],
    )
    agents = {agent_of(s) for s in ("vol-a#p_S1", "vol-a#p_S2", "vol-b#p_S9")}
    assert len(agents) == 3
    assert MergeProposal.objects.filter(other=agent_of("vol-b#p_S9")).count() == 2


def test_namesakes_in_another_word_order_are_still_proposed(tmp_path):
    """Weak evidence under the person keys (the old blocking key missed the inverted form)."""
    from sourcebook.authorities.models import MergeProposal

    _two_volumes(
        tmp_path,
        [("p_J1", "Johnson, U. Alexis", "British Consul at Geneva")],
        [("p_J9", "U. Alexis Johnson", "Japanese Consul at Geneva")],
    )
    first, second = agent_of("vol-a#p_J1"), agent_of("vol-b#p_J9")
    assert first != second
    proposal = MergeProposal.objects.get(agent=first, other=second)
    assert "serve different nations" in proposal.reason


def test_a_new_name_form_re_indexes_the_earlier_volumes_documents(tmp_path):
    """Chou En-lai gains "Chou En-lai (Zhou Enlai)" and "Zhou Enlai" from v22: the v03
    documents that name him are searched under them, so they are queued for re-indexing."""
    from sourcebook.archive.models import DocumentAgent, IndexEvent

    ingest(copy_volume(tmp_path, V03))
    chou = agent_of(f"{V03}#p_CE1")
    v03_docs = set(
        DocumentAgent.objects.filter(agent=chou).values_list("document__public_id", flat=True)
    )
    last = IndexEvent.objects.order_by("-id").values_list("id", flat=True).first()
    ingest(copy_volume(tmp_path, V22))
    assert {"Chou En-lai (Zhou Enlai)", "Zhou Enlai"} <= set(
        chou.variants.values_list("name", flat=True)
    )
    queued = set(IndexEvent.objects.filter(id__gt=last).values_list("public_id", flat=True))
    assert v03_docs and v03_docs <= queued
