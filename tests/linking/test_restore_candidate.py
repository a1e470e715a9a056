"""An editor takes back the rejection of a proposed person: the links the rejection closed wait
for review again (one an editor rejected on its own stays rejected), the name may be found and
linked again, and a second rejection refuses it again (both databases)."""

from __future__ import annotations

import pytest

from sourcebook.archive.models import Agent, DocumentAgent, IndexEvent, LinkFields
from sourcebook.core import names
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=False)

# A record naming Xin Minsheng as the seed does ("Comrade ..."), under its own id.
OTHER = (
    'March 3, 1955\n**Record {n}**\n\nCitation:\n\n"Record {n}", March 3, 1955, Test Archive.'
    "\n\nContents:\n\nTranslation - English\n\nComrade {name} met the delegation in Beijing.\n"
)


def _xin():
    return Agent.objects.get(name="Xin Minsheng")


def _ingest(tmp_path, n: int, name: str) -> str:
    from sourcebook.archive import ingest

    path = tmp_path / f"record-{n}.txt"
    path.write_text(OTHER.format(n=n, name=name), encoding="utf-8")
    (outcome,) = ingest.ingest_file(path)
    assert outcome.status == "added", outcome
    return outcome.id


def _links(agent) -> dict[str, str]:
    rows = DocumentAgent.objects.filter(agent=agent).values_list("document__public_id", "link")
    return dict(rows)


def test_a_restored_proposal_is_reviewable_and_found_again(seed_doc, tmp_path):
    from sourcebook.audit.models import AuditEntry
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.models import Decision
    from sourcebook.authorities.review import decide, reject_candidate, restore_candidate
    from sourcebook.linking import candidates
    from sourcebook.linking.entries import gazetteer

    xin = _xin()
    other = _ingest(tmp_path, 2, "Xin Minsheng")
    assert _links(xin) == {"208190": LinkFields.CANDIDATE, other: LinkFields.CANDIDATE}
    # an editor rejects the link of the second record on its own, then the whole proposal
    decide(PERSON, xin, "reject", [DocumentAgent.objects.get(document__public_id=other).pk], "bo")
    assert reject_candidate(xin, "ann") == 1
    assert not candidates.refused_keys().isdisjoint(names.match_keys("Hsin Min-sheng"))

    events = IndexEvent.objects.count()
    assert restore_candidate(xin, "cy") == 1
    xin.refresh_from_db()
    assert xin.data["candidate"] is True and "rejected_by" not in xin.data
    assert _links(xin) == {"208190": LinkFields.CANDIDATE, other: LinkFields.REJECTED}
    assert DocumentAgent.objects.get(agent=xin, document__public_id="208190").decided_by == ""
    assert list(IndexEvent.objects.values_list("public_id", flat=True)[events:]) == ["208190"]
    restored = Decision.objects.get(action="restore_candidate")
    assert (restored.subject, restored.object, restored.actor) == ("Xin Minsheng", xin.slug, "cy")
    entry = AuditEntry.objects.get(action="restore_candidate")
    assert (entry.before, entry.after["links_restored"]) == ({"rejected_by": "ann"}, 1)
    # the name is no longer refused, and he is in the gazetteer: a new record in Wade-Giles
    # links to him (a candidate link), and proposes nobody new
    assert candidates.refused_keys().isdisjoint(names.match_keys("Hsin Min-sheng"))
    assert f"agent:{xin.pk}" in gazetteer()[0].entries
    third = _ingest(tmp_path, 3, "Hsin Min-sheng")
    assert _links(xin)[third] == LinkFields.CANDIDATE
    assert Agent.objects.filter(name__in=["Xin Minsheng", "Hsin Min-sheng"]).count() == 1

    # rejected a second time: refused again, all its linker-made links closed
    assert reject_candidate(xin, "ann") == 2
    assert not candidates.refused_keys().isdisjoint(names.match_keys("Xin Minsheng"))
    assert set(_links(xin).values()) == {LinkFields.REJECTED}


def test_a_rejection_of_another_person_stands_after_a_restore(seed_doc):
    from sourcebook.authorities.review import reject_candidate, restore_candidate
    from sourcebook.linking import candidates

    ri = Agent.objects.get(name="Ri Chang-jeong")
    reject_candidate(_xin(), "ann")
    reject_candidate(ri, "ann")
    restore_candidate(_xin(), "ann")
    refused = candidates.refused_keys()
    assert refused.isdisjoint(names.match_keys("Xin Minsheng"))
    assert not refused.isdisjoint(names.match_keys("Ri Chang-jeong"))


def test_only_a_rejected_proposal_can_be_restored(seed_doc):
    from sourcebook.authorities.models import Decision
    from sourcebook.authorities.review import BadReview, restore_candidate

    with pytest.raises(BadReview, match="only a proposed person that was rejected"):
        restore_candidate(_xin(), "ann")
    established = Agent.objects.create(slug="established", name="Established Person")
    with pytest.raises(BadReview):
        restore_candidate(established, "ann")
    assert not Decision.objects.filter(action="restore_candidate").exists()


@pytest.mark.django_db(transaction=True)
def test_the_cli_restores_and_goes_on_past_a_bad_slug(seed_doc):
    assert run_cli("authorities", "reject", "xin-minsheng").returncode == 0
    restored = run_cli("authorities", "restore", "ri-chang-jeong", "xin-minsheng", "nobody")
    assert restored.returncode == 1
    assert "restored xin-minsheng (1 links to review)" in restored.stdout
    assert "error: ri-chang-jeong: only a proposed person that was rejected" in restored.stderr
    assert "error: nobody: no such person" in restored.stderr
    assert "rejected_by" not in _xin().data
    listed = run_cli("authorities", "candidates")
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [
        "ri-chang-jeong",
        "xin-minsheng",
    ]
