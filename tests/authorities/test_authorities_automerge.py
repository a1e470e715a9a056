"""One authority per person across the FRUS volumes: automatic merge at ingest (both DBs).
Namesakes in small volumes of their own: test_authorities_namesakes.py."""

from __future__ import annotations

import pytest

from tests.support.kept import kept_for_module

from .support import V03, V18, V22, agent_of, copy_volume, ingest, source_ids

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def three_volumes(django_db_setup, django_db_blocker, tmp_path_factory):
    """The three volumes ingested once for the module: its tests only read them."""
    folder = tmp_path_factory.mktemp("volumes")
    with kept_for_module(django_db_blocker):
        for volume in (V03, V18, V22):
            ingest(copy_volume(folder, volume))
        yield folder


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
