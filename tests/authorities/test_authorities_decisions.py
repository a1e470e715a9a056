"""Editors' merges, splits, rejections and link decisions survive re-ingest with new bytes."""

from __future__ import annotations

import pytest

from tests.hostile.links_support import volume_tei, write

from .support import V03, V22, agent_of, copy_volume, ingest, source_ids, touch

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_volumes(tmp_path):
    paths = [copy_volume(tmp_path, v) for v in (V03, V22)]
    for path in paths:
        ingest(path)
    return paths


def _again(paths, n=1):
    for path in paths:
        outcomes = ingest(touch(path, n))
        assert {o.status for o in outcomes} == {"updated"}


def test_a_split_survives_re_ingest(two_volumes):
    from sourcebook.archive.models import DocumentAgent
    from sourcebook.authorities.models import Decision
    from sourcebook.authorities.split import split

    bohlen = agent_of(f"{V03}#p_BCE1")
    assert source_ids(bohlen) == {f"{V03}#p_BCE1", f"{V22}#p_BCE1"}
    new = split(bohlen, [f"{V22}#p_BCE1"], "ed")
    v22_docs = set(DocumentAgent.objects.filter(agent=new).values_list("document_id", flat=True))
    assert v22_docs  # the links of the volume the split-off source id came from moved along
    decision = Decision.objects.get(action="split")
    assert (decision.subject, decision.object, decision.actor) == (new.slug, bohlen.slug, "ed")

    _again(two_volumes)

    assert agent_of(f"{V22}#p_BCE1") == new
    assert source_ids(agent_of(f"{V03}#p_BCE1")) == {f"{V03}#p_BCE1"}
    linked = set(DocumentAgent.objects.filter(agent=new).values_list("document_id", flat=True))
    assert linked == v22_docs
    assert not DocumentAgent.objects.filter(agent=bohlen, document_id__in=v22_docs).exists()


def test_an_editors_merge_survives_re_ingest(two_volumes):
    from sourcebook.authorities.merge import merge_slugs, resolve_slug
    from sourcebook.authorities.models import Decision, Redirect

    # Tsiang Ting-fu: "Tsiang, Tingfu F." in one volume, "Tsiang, Ting-fu" in the other.
    first, second = agent_of(f"{V03}#p_TTF1"), agent_of(f"{V22}#p_TT1")
    assert first != second
    old_slug = second.slug
    merge_slugs(second.slug, first.slug, "ed")
    assert Redirect.objects.get(old_slug=old_slug).new_slug == first.slug
    assert Decision.objects.get(action="merge").data["source_ids"] == [f"{V22}#p_TT1"]

    _again(two_volumes)

    assert agent_of(f"{V22}#p_TT1") == agent_of(f"{V03}#p_TTF1") == first
    assert resolve_slug("person", old_slug) == first.slug


def _conflicting(tmp_path, second_description: str, n: int):
    return write(
        tmp_path,
        "vol-b.xml",
        volume_tei("vol-b", [("p_D9", "Doe, Jane", second_description)]) + f"<!-- {n} -->\n",
    )


def test_a_rejected_merge_is_neither_merged_nor_proposed_again(tmp_path):
    from sourcebook.authorities.merge import reject
    from sourcebook.authorities.models import Decision, MergeProposal

    ingest(
        write(
            tmp_path,
            "vol-a.xml",
            volume_tei("vol-a", [("p_D1", "Doe, Jane", "British Consul at Geneva")]),
        )
    )
    ingest(_conflicting(tmp_path, "Japanese Consul at Geneva", 0))
    proposal = MergeProposal.objects.get()
    reject(proposal, "ed")
    assert Decision.objects.get(action="reject_merge").actor == "ed"

    # The second volume again, now describing her so that nothing conflicts: strong evidence,
    # but the editor said these are two people.
    ingest(_conflicting(tmp_path, "Consul at Geneva", 1))
    assert agent_of("vol-a#p_D1") != agent_of("vol-b#p_D9")
    assert list(MergeProposal.objects.values_list("status", flat=True)) == ["rejected"]


def test_re_ingest_merges_duplicates_made_before_automatic_merging(tmp_path):
    """An archive with one agent per volume (as ingested before) gets one by ingesting again."""
    from sourcebook.audit.models import AuditEntry
    from sourcebook.authorities.merge import resolve_slug

    ingest(
        write(
            tmp_path,
            "vol-a.xml",
            volume_tei("vol-a", [("p_D1", "Doe, Jane", "British Consul at Geneva")]),
        )
    )
    ingest(_conflicting(tmp_path, "Japanese Consul at Geneva", 0))
    kept, dropped = agent_of("vol-a#p_D1"), agent_of("vol-b#p_D9")
    assert kept != dropped
    ingest(_conflicting(tmp_path, "Consul at Geneva, later at Bern", 1))
    assert agent_of("vol-b#p_D9") == kept
    assert resolve_slug("person", dropped.slug) == kept.slug
    assert AuditEntry.objects.filter(action="auto_merge", target_id=kept.slug).exists()


def test_link_decisions_survive_re_ingest(two_volumes):
    from sourcebook.archive.models import DocumentAgent

    encoded = list(DocumentAgent.objects.filter(link="encoded").order_by("id")[:3])
    rejected, confirmed, guessed = encoded
    DocumentAgent.objects.filter(pk=rejected.pk).update(link="rejected", decided_by="ed")
    DocumentAgent.objects.filter(pk=confirmed.pk).update(link="confirmed", decided_by="ed")
    # The linker guessed a link the source also encodes: the source's encoding wins.
    DocumentAgent.objects.filter(pk=guessed.pk).update(link="automatic", confidence=0.9)

    _again(two_volumes)

    rows = DocumentAgent.objects.filter(document=rejected.document, agent=rejected.agent)
    assert list(rows.values_list("link", flat=True)) == ["rejected"]
    assert DocumentAgent.objects.get(pk=confirmed.pk).link == "confirmed"
    assert (
        DocumentAgent.objects.get(
            document=guessed.document, agent=guessed.agent, role=guessed.role
        ).link
        == "encoded"
    )
    # The linker's own rows (automatic, candidate) are its to recompute after the re-ingest;
    # it never writes one beside an editor's decision.
    assert not DocumentAgent.objects.filter(
        document=rejected.document, agent=rejected.agent, link__in=["automatic", "candidate"]
    ).exists()


def _duplicate_as_before(source_id: str):
    """The archive as ingested before automatic merging: this volume's person on an agent of
    its own, with the links of its volume's documents (no decision: nobody chose it)."""
    from sourcebook.archive.models import Agent, DocumentAgent
    from sourcebook.authorities.models import SourceId

    volume, xml_id = source_id.split("#")
    sid = SourceId.objects.get(volume=volume, xml_id=xml_id)
    agent = Agent.objects.create(slug=f"{sid.agent.slug}-2", name=sid.name)
    DocumentAgent.objects.filter(agent=sid.agent, document__collection=sid.collection).update(
        agent=agent
    )
    sid.agent = agent
    sid.save()
    return agent


def test_dedupe_merges_earlier_duplicates_but_not_editors_splits(two_volumes):
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.hooks import merge_duplicates
    from sourcebook.authorities.merge import resolve_slug
    from sourcebook.authorities.split import split

    bohlen = agent_of(f"{V03}#p_BCE1")
    duplicate = _duplicate_as_before(f"{V22}#p_BCE1")
    johnson = agent_of(f"{V03}#p_JUA1")
    split_off = split(johnson, [f"{V22}#p_JUA1"], "ed")
    agents = Agent.objects.count()

    assert merge_duplicates() == 1

    assert agent_of(f"{V22}#p_BCE1") == bohlen
    assert resolve_slug("person", duplicate.slug) == bohlen.slug
    assert agent_of(f"{V22}#p_JUA1") == split_off != johnson
    assert Agent.objects.count() == agents - 1
    assert merge_duplicates() == 0
