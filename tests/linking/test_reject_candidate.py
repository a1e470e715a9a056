"""An editor rejects a person the linker proposed: its links are rejected, it leaves the
gazetteer, and neither its name nor another rendering of it is proposed or linked again, by a
re-link, a re-ingest or a new document. The refused names are tested as keys, read once per
state of the decisions (both databases)."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourcebook.archive.models import Agent, DocumentAgent, IndexEvent, LinkFields
from sourcebook.core import names
from tests.conftest import SEED
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=False)

# Renderings of the same persons and of different ones, in every system the names module reads.
NAMES = [
    "Zhou Enlai", "Chou En-lai", "周恩來", "周恩来", "Zhou Yang",
    "Kim Il Sung", "Kim Il-sung", "Kim Il-sŏng", "김일성", "金日成", "Kim Jong Il", "Kim Il",
    "Pak Hon-yong", "Pak Hŏn-yŏng", "박헌영", "朴憲永",
    "Molotov", "Молотов", "Vyacheslav Molotov", "Puzanov", "Пузанов",
    "Ri Chang-jeong", "Ri Chang Jong", "Xin Minsheng", "Hsin Min-sheng",
    "Mao Zedong", "Mao Tse-tung", "毛泽东", "Item I could", "Syngman Rhee", "Rhee",
]  # fmt: skip


def test_match_keys_share_a_key_exactly_when_same_name_says_so():
    disagree = [
        (a, b)
        for a, b in itertools.product(NAMES, repeat=2)
        if bool(names.match_keys(a) & names.match_keys(b)) != names.same_name(a, b)
    ]
    assert disagree == []
    # and the list holds both answers many times over
    same = sum(names.same_name(a, b) for a, b in itertools.product(NAMES, repeat=2) if a != b)
    assert same >= 20
    assert names.same_name("Xin Minsheng", "Hsin Min-sheng")


def _xin():
    return Agent.objects.get(name="Xin Minsheng")


def _reject(agent, actor="ann") -> int:
    from sourcebook.authorities.review import reject_candidate

    return reject_candidate(agent, actor)


def test_a_rejected_candidate_is_never_linked_or_proposed_again(seed_doc, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.audit.models import AuditEntry
    from sourcebook.authorities.models import Decision
    from sourcebook.linking.entries import gazetteer
    from sourcebook.linking.service import link_documents

    xin = _xin()
    assert xin.data["candidate"] is True
    events = IndexEvent.objects.count()
    assert _reject(xin) == 1
    row = DocumentAgent.objects.get(agent=xin)
    assert (row.link, row.decided_by) == (LinkFields.REJECTED, "ann")
    refused = Decision.objects.filter(action="reject_candidate")
    assert list(refused.values_list("subject", "object", "actor")) == [
        ("Xin Minsheng", "xin-minsheng", "ann")
    ]
    entry = AuditEntry.objects.get(action="reject_candidate")
    assert (entry.target_id, entry.after["links_rejected"]) == ("xin-minsheng", 1)
    assert list(IndexEvent.objects.values_list("public_id", flat=True)[events:]) == ["208190"]
    assert f"agent:{xin.pk}" not in gazetteer()[0].entries
    from sourcebook.authorities import authority_file

    exported = authority_file.export("csv")
    assert "Ri Chang-jeong" in exported and "Xin Minsheng" not in exported

    # a re-link and a changed re-ingest of the seed: the rejection stands, nothing new
    link_documents([seed_doc])
    changed = tmp_path / SEED.name
    changed.write_text(SEED.read_text(encoding="utf-8") + "\nComrade Xin Minsheng agreed.\n")
    assert [o.status for o in ingest.ingest_file(changed)] == ["updated"]
    # a new document names him, once as written and once in Wade-Giles
    other = tmp_path / "other.txt"
    other.write_text(
        'March 3, 1955\n**Record other**\n\nCitation:\n\n"Record other", March 3, 1955, Test '
        "Archive.\n\nContents:\n\nTranslation - English\n\nComrade Xin Minsheng met Comrade "
        "Hsin Min-sheng in Beijing.\n",
        encoding="utf-8",
    )
    assert [o.status for o in ingest.ingest_file(other)] == ["added"]
    assert list(Agent.objects.filter(name__in=["Xin Minsheng", "Hsin Min-sheng"])) == [xin]
    assert list(DocumentAgent.objects.filter(agent=xin).values_list("link", flat=True)) == [
        LinkFields.REJECTED
    ]
    # the candidate that was not rejected is still proposed and linked as before
    ri = Agent.objects.get(name="Ri Chang-jeong")
    assert DocumentAgent.objects.get(agent=ri).link == LinkFields.CANDIDATE


def test_only_an_unreviewed_candidate_can_be_rejected(seed_doc):
    from sourcebook.authorities.review import BadReview

    xin = _xin()
    _reject(xin)
    with pytest.raises(BadReview, match="rejected already"):
        _reject(xin)
    established = Agent.objects.create(slug="established", name="Established Person")
    with pytest.raises(BadReview, match="merge or split"):
        _reject(established)
    assert established.data in ({}, None)


def test_refused_names_are_read_once_per_state_of_the_decisions(db):
    from sourcebook.authorities.models import Decision
    from sourcebook.linking import candidates

    Decision.objects.bulk_create(
        Decision(action="reject_candidate", subject=f"Kim Chol {n}") for n in range(300)
    )
    Decision.objects.create(action="reject_candidate", subject="Chou En-lai")
    keys = candidates.refused_keys()
    assert not keys.isdisjoint(names.match_keys("Zhou Enlai"))
    with CaptureQueriesContext(connection) as queries:
        assert candidates.refused_keys() is keys
    assert len(queries) == 1  # the decisions' token, not the decisions
    # a new decision is seen by the next call
    Decision.objects.create(action="reject_candidate", subject="Molotov")
    assert not candidates.refused_keys().isdisjoint(names.match_keys("Молотов"))


@pytest.mark.django_db(transaction=True)
def test_the_cli_lists_and_rejects_candidates(seed_doc):
    listed = run_cli("authorities", "candidates")
    assert listed.returncode == 0, listed.output
    lines = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [(cols[0], cols[1], cols[2], cols[3]) for cols in lines] == [
        ("ri-chang-jeong", "1", "bracket", "208190"),
        ("xin-minsheng", "1", "honorific", "208190"),
    ]
    rejected = run_cli("authorities", "reject", "nobody", "xin-minsheng", "kim-il-sung")
    assert rejected.returncode == 1
    assert "rejected xin-minsheng (1 links rejected)" in rejected.stdout
    assert "error: nobody: no such person" in rejected.stderr
    assert "error: kim-il-sung: no such person" in rejected.stderr
    assert _xin().data["rejected_by"].startswith("cli:")
    listed = run_cli("authorities", "candidates")
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["ri-chang-jeong"]
