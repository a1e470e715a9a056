"""The shared volumes through the real CLI: documents, collection, persons, links, proposals.

The three volumes are ingested once for the module (the command in this process, committed);
each test runs in a transaction that is rolled back, so what a test changes is undone."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_cli
from tests.support.kept import kept_for_module

from .conftest import DOCUMENT_COUNTS, VOLUMES, volume_path

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ingested(django_db_setup, django_db_blocker):
    """The CLI's JSON lines for the three volumes."""
    with kept_for_module(django_db_blocker):
        result = run_cli("ingest", "--json", *(str(volume_path(v)) for v in VOLUMES))
        assert result.returncode == 0, result.stderr
        yield [json.loads(line) for line in result.stdout.splitlines()]


def test_every_document_of_every_volume_is_added(ingested):
    from sourcebook.archive.models import Collection, Document

    for volume in VOLUMES:
        rows = [r for r in ingested if r["path"] == str(volume_path(volume))]
        assert len(rows) == DOCUMENT_COUNTS[volume]
        assert {r["status"] for r in rows} == {"added"}
        coll = Collection.objects.get(slug=volume)
        assert coll.documents.count() == DOCUMENT_COUNTS[volume]
    assert Document.objects.count() == sum(DOCUMENT_COUNTS.values())
    assert ingested[0]["id"] == "frus1955-57v03-d1"


def test_persons_terms_and_links(ingested):
    from sourcebook.archive.models import Agent, Document, DocumentAgent
    from sourcebook.authorities.models import SourceId, Term

    assert SourceId.objects.filter(volume="frus1955-57v03").count() == 118
    assert SourceId.objects.filter(volume="frus1961-63v22").count() == 149
    assert Term.objects.filter(volume="frus1955-57v03").count() == 161
    assert Term.objects.get(volume="frus1955-57v03", xml_id="t_CIA1").description == (
        "Central Intelligence Agency"
    )
    johnson = SourceId.objects.get(volume="frus1955-57v03", xml_id="p_JUA1").agent
    assert johnson.name == "Johnson, U. Alexis"
    d1 = Document.objects.get(public_id="frus1955-57v03-d1")
    roles = set(
        DocumentAgent.objects.filter(document=d1, agent=johnson).values_list("role", flat=True)
    )
    assert roles == {"sender", "signer", "mentioned"}
    assert d1.collection.slug == "frus1955-57v03"
    encoded_places = d1.place_links.filter(link="encoded")
    assert list(encoded_places.values_list("place__name", flat=True)) == ["Geneva"]

    # 47 distinct people are linked in v03's documents (README), all through the persons list
    # (encoded links; the linker adds its own automatic and candidate ones beside them).
    def linked(volume):
        return (
            DocumentAgent.objects.filter(document__collection__slug=volume, link="encoded")
            .values("agent")
            .distinct()
            .count()
        )

    assert linked("frus1955-57v03") == 47
    assert linked("frus1961-63v22") == 43  # README: 43 distinct people
    # The cross-reference entry "Zhou Enlai, see Chou En-lai" is a variant, not a second person.
    zhou = SourceId.objects.get(volume="frus1961-63v22", xml_id="p_ZE1")
    chou = SourceId.objects.get(volume="frus1961-63v22", xml_id="p_CEZE1")
    assert zhou.agent_id == chou.agent_id
    assert chou.agent.variants.filter(name="Zhou Enlai").exists()
    assert Agent.objects.filter(source_ids__volume="frus1961-63v22").distinct().count() == 148


def test_same_person_in_two_volumes_is_one_agent(ingested):
    """Strong evidence (same name key, descriptions that do not conflict): merged at ingest."""
    from sourcebook.authorities.models import MergeProposal, SourceId

    v03 = SourceId.objects.get(volume="frus1955-57v03", xml_id="p_DJF1").agent
    v18 = SourceId.objects.get(volume="frus1958-60v18", xml_id="p_DJF1").agent
    assert v03.id == v18.id
    # Wang Ping-nan has different ids (p_WP1, p_WPWB1) and a pinyin form in v22.
    wang03 = SourceId.objects.get(volume="frus1955-57v03", xml_id="p_WP1").agent
    wang22 = SourceId.objects.get(volume="frus1961-63v22", xml_id="p_WPWB1").agent
    assert wang03.id == wang22.id
    assert wang03.variants.filter(name="Wang Bingnan").exists()
    assert not MergeProposal.objects.exists()


def _split_off(source_id: str):
    """An editor's split: the volume's person becomes an agent of its own again."""
    from sourcebook.authorities.models import SourceId
    from sourcebook.authorities.split import split

    volume, xml_id = source_id.split("#")
    agent = SourceId.objects.get(volume=volume, xml_id=xml_id).agent
    return agent, split(agent, [source_id], "ed")


def test_reingest_is_unchanged_and_keeps_one_agent_per_source_id(ingested):
    from sourcebook.archive.models import Agent, DocumentAgent
    from sourcebook.authorities.models import MergeProposal
    from tests.tei.test_hostile import snapshot_all

    before = snapshot_all()
    agents, links, proposals = (
        Agent.objects.count(),
        DocumentAgent.objects.count(),
        MergeProposal.objects.count(),
    )
    result = run_cli("ingest", "--json", str(volume_path("frus1955-57v03")))
    assert {json.loads(x)["status"] for x in result.stdout.splitlines()} == {"unchanged"}
    assert snapshot_all() == before
    assert (
        Agent.objects.count(),
        DocumentAgent.objects.count(),
        MergeProposal.objects.count(),
    ) == (
        agents,
        links,
        proposals,
    )


def test_changed_volume_updates_the_same_agents(tmp_path, ingested):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Agent, Document
    from sourcebook.authorities.models import SourceId

    agents = Agent.objects.count()
    data = volume_path("frus1961-63v22").read_text(encoding="utf-8")
    changed = tmp_path / "frus1961-63v22.xml"
    changed.write_text(data.replace("Quick Thoughts on China", "Quick Thoughts on China (rev.)"))
    outcomes = ingest.ingest_file(changed)  # in this test's transaction: undone after it
    assert {o.status for o in outcomes} == {"updated"}, outcomes
    assert Agent.objects.count() == agents
    assert SourceId.objects.filter(volume="frus1961-63v22").count() == 149
    assert Document.objects.get(public_id="frus1961-63v22-d8").version == 2


def test_accepting_a_merge_proposal_merges_links_and_ids(ingested):
    from sourcebook.archive.models import Agent, Document, DocumentAgent, IndexEvent
    from sourcebook.authorities import merge
    from sourcebook.authorities.models import MergeProposal, SourceId

    keep, drop = _split_off("frus1958-60v18#p_DAW1")
    docs = set(
        DocumentAgent.objects.filter(agent__in=[keep, drop]).values_list("document_id", flat=True)
    )
    last_event = IndexEvent.objects.order_by("-id").values_list("id", flat=True).first()
    proposal = MergeProposal.objects.create(agent=keep, other=drop, reason="editor's doubt")
    merge.accept(proposal, "ada")
    assert not Agent.objects.filter(pk=drop.pk).exists()
    # The audit log says who merged whom (issue 9: every merge is recorded).
    from sourcebook.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="merge")
    assert (entry.actor, entry.target, entry.target_id) == ("ada", "agent", keep.slug)
    assert entry.before["merged"]["slug"] == drop.slug
    # Their documents are queued for re-indexing under the kept agent's names.
    queued = set(IndexEvent.objects.filter(id__gt=last_event).values_list("public_id", flat=True))
    assert queued == set(Document.objects.filter(pk__in=docs).values_list("public_id", flat=True))
    assert SourceId.objects.get(volume="frus1958-60v18", xml_id="p_DAW1").agent_id == keep.id
    assert (
        set(DocumentAgent.objects.filter(agent=keep).values_list("document_id", flat=True)) == docs
    )


def test_admin_accepts_and_rejects_proposals(ingested, client):
    from django.contrib.auth.models import User

    from sourcebook.archive.models import Agent
    from sourcebook.authorities.models import Decision, MergeProposal, SourceId

    client.force_login(User.objects.create_superuser("editor", "e@example.org", "pw"))
    assert client.get("/admin/authorities/mergeproposal/").status_code == 200
    keep, drop = _split_off("frus1958-60v18#p_EDD1")
    proposal = MergeProposal.objects.create(agent=keep, other=drop, reason="r")
    other = MergeProposal.objects.create(
        agent=_split_off("frus1958-60v18#p_DAW1")[0],
        other=_split_off("frus1961-63v22#p_DAW1")[1],
        reason="r",
    )
    url = "/admin/authorities/mergeproposal/"
    response = client.post(url, {"action": "reject", "_selected_action": [other.pk]})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "rejected"
    assert Decision.objects.get(action="reject_merge").subject == other.agent.slug
    response = client.post(url, {"action": "accept", "_selected_action": [proposal.pk]})
    assert response.status_code == 302
    assert not Agent.objects.filter(pk=drop.pk).exists()
    volumes = set(SourceId.objects.filter(agent=keep).values_list("volume", flat=True))
    assert {"frus1955-57v03", "frus1958-60v18"} <= volumes
