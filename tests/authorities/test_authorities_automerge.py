"""One authority per person across the FRUS volumes: automatic merge at ingest (both DBs)."""

from __future__ import annotations

import pytest

from tests.hostile.links_support import volume_tei, write

from .support import V03, V18, V22, agent_of, copy_volume, ingest, source_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_volumes(tmp_path):
    for volume in (V03, V18, V22):
        ingest(copy_volume(tmp_path, volume))
    return tmp_path


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (f"{V03}#p_BCE1", f"{V22}#p_BCE1"),  # Bohlen, Charles E.
        (f"{V18}#p_AK5", f"{V22}#p_AK1"),  # Asakai, Koichiro
        (f"{V03}#p_JUA1", f"{V22}#p_JUA1"),  # Johnson, U. Alexis
        (f"{V03}#p_AGV1", f"{V18}#p_AGV1"),  # Allen, George V.
        (f"{V03}#p_CE1", f"{V22}#p_CEZE1"),  # Chou En-lai / Chou En-lai (Zhou Enlai)
        (f"{V03}#p_MT1", f"{V22}#p_MTMZ1"),  # Mao Tse-tung / (Mao Zedong)
        (f"{V18}#p_YP2", f"{V22}#p_YP1"),  # Yun, Po Sun / Yun Po-sun
    ],
)
def test_one_person_in_two_volumes_is_one_authority(three_volumes, first, second):
    from sourcebook.authorities.models import MergeProposal

    agent = agent_of(first)
    assert agent_of(second) == agent
    assert {first, second} <= source_ids(agent)
    assert not MergeProposal.objects.filter(agent=agent).exists()
    assert not MergeProposal.objects.filter(other=agent).exists()


def test_documents_of_both_volumes_link_the_one_authority(three_volumes):
    from sourcebook.archive.models import DocumentAgent

    bohlen = agent_of(f"{V03}#p_BCE1")
    volumes = set(
        DocumentAgent.objects.filter(agent=bohlen, link="encoded").values_list(
            "document__collection__slug", flat=True
        )
    )
    assert volumes == {V03, V22}


def test_no_name_is_listed_twice(three_volumes):
    """Every name key of the three persons lists leads to one authority."""
    from sourcebook.archive.models import Agent
    from sourcebook.core.authority_match import person_keys

    owner: dict[str, int] = {}
    for agent in Agent.objects.prefetch_related("source_ids"):
        for sid in agent.source_ids.all():
            for key in person_keys(sid.name):
                assert owner.setdefault(key, agent.id) == agent.id, (key, sid)
    names = [a.name for a in Agent.objects.all()]
    assert len(names) == len(set(names))


def test_people_who_share_a_surname_stay_apart(three_volumes):
    allen = agent_of(f"{V03}#p_AGV1")  # Allen, George V.
    allen_dulles = agent_of(f"{V03}#p_DAW1")  # Dulles, Allen W.
    foster_dulles = agent_of(f"{V03}#p_DJF1")  # Dulles, John Foster
    assert len({allen.id, allen_dulles.id, foster_dulles.id}) == 3
    ike, john = agent_of(f"{V03}#p_EDD1"), agent_of(f"{V18}#p_EJSD1")
    assert ike != john and "John" in john.name


def test_each_automatic_merge_is_in_the_audit_log_and_is_no_decision(three_volumes):
    from sourcebook.audit.models import AuditEntry
    from sourcebook.authorities.models import Decision

    bohlen = agent_of(f"{V03}#p_BCE1")
    entry = AuditEntry.objects.get(action="auto_merge", target_id=bohlen.slug)
    assert entry.after == {"source_id": f"{V22}#p_BCE1", "with": f"{V03}#p_BCE1"}
    assert "same name" in entry.note
    assert not Decision.objects.exists()


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
