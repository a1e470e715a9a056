"""Linking inside the archive: ingest and edit hooks, candidate authorities, rejected links,
the CLI, and a loose benchmark-style check on one FRUS volume (both databases)."""

from __future__ import annotations

import json
import re

import pytest

from sourcebook.archive.models import (
    Agent,
    Document,
    DocumentAgent,
    IndexEvent,
    LinkFields,
)
from tests.conftest import SEED, SHARED
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=False)


def _ri():
    return Agent.objects.get(name="Ri Chang-jeong")


def test_seed_gets_ri_chang_jeong_as_candidate_authority_with_variant(seed_doc):
    ri = _ri()
    assert ri.data["candidate"] is True
    assert ri.data["proposed_from"] == ["208190"]
    assert list(ri.variants.values_list("name", flat=True)) == ["Ri Chang Jong"]
    row = DocumentAgent.objects.get(document=seed_doc, agent=ri)
    assert row.link == LinkFields.CANDIDATE and row.role == "mentioned"
    body = seed_doc.texts.get(position=0).body
    surfaces = [body[m["start"] : m["end"]] for m in row.mentions]
    assert surfaces == ["Ri Chang-jeong", "Ri Chang Jong", "Ri"]
    assert [m["surface"] for m in row.mentions] == surfaces
    # Offices of the cable are not people.
    assert not Agent.objects.filter(name__icontains="Ministry").exists()


def test_rejected_link_survives_relinking_and_reingest(seed_doc, tmp_path):
    from sourcebook.linking.service import link_documents

    row = DocumentAgent.objects.get(document=seed_doc, agent=_ri())
    row.link, row.decided_by = LinkFields.REJECTED, "ann"
    row.save()
    link_documents([seed_doc])
    changed = tmp_path / SEED.name
    changed.write_text(SEED.read_text(encoding="utf-8") + "\nRi Chang-jeong signed.\n")
    from sourcebook.archive import ingest

    assert [o.status for o in ingest.ingest_file(changed)] == ["updated"]
    rows = DocumentAgent.objects.filter(document=seed_doc, agent=_ri())
    assert [(r.link, r.decided_by) for r in rows] == [(LinkFields.REJECTED, "ann")]
    assert Agent.objects.filter(name="Ri Chang-jeong").count() == 1


def test_confirmed_and_encoded_rows_are_left_alone(seed_doc):
    from sourcebook.linking.service import link_documents

    xin = Agent.objects.get(name="Xin Minsheng")
    DocumentAgent.objects.filter(document=seed_doc, agent=xin).update(
        link=LinkFields.CONFIRMED, confidence=1.0, mentions=[]
    )
    link_documents([seed_doc])
    row = DocumentAgent.objects.get(document=seed_doc, agent=xin)
    assert (row.link, row.mentions) == (LinkFields.CONFIRMED, [])


def test_an_edit_of_a_text_links_the_new_name(seed_doc):
    from sourcebook.archive.editing import edit_document

    kim = Agent.objects.create(slug="kim-il-sung", name="Kim Il-sung", kind=Agent.PERSON)
    body = seed_doc.texts.get(position=0).body
    edit_document(seed_doc, {"texts.0.body": body + "\n\nPremier Kim Il-song approved."}, "ann")
    row = DocumentAgent.objects.get(document=seed_doc, agent=kim)
    assert row.link == LinkFields.AUTOMATIC and row.confidence >= 0.8
    assert [m["surface"] for m in row.mentions] == ["Kim Il-song"]


def test_relinking_queues_an_index_event_only_when_links_change(seed_doc):
    from sourcebook.archive.models import DocumentPlace, Place
    from sourcebook.linking.service import link_documents

    china = Place.objects.create(slug="china", name="China")
    before = IndexEvent.objects.count()
    summary = link_documents([seed_doc])
    row = DocumentPlace.objects.get(document=seed_doc, place=china)
    assert row.link == LinkFields.AUTOMATIC and row.mentions[0]["surface"] == "China"
    assert (summary.changed, IndexEvent.objects.count()) == (1, before + 1)
    assert link_documents([seed_doc]).changed == 0
    assert IndexEvent.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_cli_link_relinks_and_reports(seed_doc):
    Agent.objects.create(slug="xin-2", name="Comrade Nobody Here", kind=Agent.PERSON)
    DocumentAgent.objects.filter(document=seed_doc).delete()
    done = run_cli("link", "208190", "--json", "--no-index")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["documents"] == 1 and figures["candidate"] >= 2
    assert DocumentAgent.objects.filter(document=seed_doc, agent=_ri()).exists()
    bad = run_cli("link", "no-such-doc")
    assert bad.returncode == 1 and bad.stderr.strip().startswith("error: no document")
    both = run_cli("link")
    assert both.returncode == 1 and "--all" in both.stderr


def test_one_frus_volume_without_corresp_links_with_reasonable_precision(tmp_path):
    """Benchmark-style: strip @corresp, ingest, compare automatic links with the encoding."""
    from bench.linking import strip_corresp

    from sourcebook.archive import ingest
    from sourcebook.authorities.models import SourceId
    from sourcebook.core.formats import read_source

    source = SHARED / "corpus" / "frus" / "frus1961-63v22.xml"
    parsed = read_source(source.read_bytes(), source.name)
    gold = {r.id: {p["id"] for p in r.extra.get("persons", [])} for r in parsed.records}
    stripped = tmp_path / source.name
    stripped.write_bytes(strip_corresp(source.read_bytes()))
    assert not re.search(rb"<body.*persName[^>]*corresp", stripped.read_bytes(), re.S)
    ingest.ingest_file(stripped)
    assert not DocumentAgent.objects.filter(link=LinkFields.ENCODED).exists()
    ids = dict(SourceId.objects.values_list("agent_id", "xml_id"))
    true = wrong = 0
    for doc in Document.objects.all():
        found = {
            ids.get(a)
            for a in DocumentAgent.objects.filter(
                document=doc, link=LinkFields.AUTOMATIC
            ).values_list("agent_id", flat=True)
        }
        true += len(found & gold[doc.public_id])
        wrong += len(found - gold[doc.public_id])
    assert true / (true + wrong) >= 0.85
    assert true >= 60  # of 102 encoded document-person links


def test_threshold_setting_decides_automatic_or_candidate(seed_doc, settings):
    from sourcebook.linking.service import link_documents

    kim = Agent.objects.create(slug="kim-il-sung", name="Kim Il-sung", kind=Agent.PERSON)
    text = seed_doc.texts.get(position=0)
    text.body += "\n\nPremier Kim Il-song approved."
    text.save()
    settings.SOURCEBOOK_LINK_THRESHOLD = 0.99
    link_documents([seed_doc])
    assert DocumentAgent.objects.get(document=seed_doc, agent=kim).link == LinkFields.CANDIDATE
    settings.SOURCEBOOK_LINK_THRESHOLD = 0.8
    link_documents([seed_doc])
    assert DocumentAgent.objects.get(document=seed_doc, agent=kim).link == LinkFields.AUTOMATIC


@pytest.mark.parametrize("value", ["abc", "1.5"])
def test_a_bad_threshold_is_one_line_and_exit_2(value):
    done = run_cli("link", "--all", env_extra={"SOURCEBOOK_LINK_THRESHOLD": value})
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2
    assert len(lines) == 1 and lines[0].startswith("error: SOURCEBOOK_LINK_THRESHOLD must be")


def test_a_run_links_the_same_whatever_the_order_of_its_volumes():
    """frus1955-57v03 comes first in a run, but its documents name people that only the later
    volumes list (Harriman, Adenauer): they are linked by the end of the run, as a re-link
    of everything would link them."""
    from sourcebook.archive import ingest
    from sourcebook.linking.service import link_documents

    volumes = sorted((SHARED / "corpus" / "frus").glob("frus*.xml"))
    for outcomes in ingest.ingest_files(volumes):
        assert {o.status for o in outcomes} == {"added"}
    rows = DocumentAgent.objects.values_list("document__public_id", "agent__slug", "link")
    after_run = sorted(rows)
    assert link_documents().changed == 0
    assert sorted(rows) == after_run


def test_relinking_writes_a_batch_of_documents_together():
    """``sourcebook link --all`` and a run's re-link write a batch's rows with a few queries
    and one transaction, not eight queries and a commit per document, and link the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sourcebook.archive import ingest
    from sourcebook.linking.service import link_documents

    volume = SHARED / "corpus" / "frus" / "frus1961-63v22.xml"
    assert {o.status for o in ingest.ingest_file(volume)} == {"added"}
    rows = DocumentAgent.objects.values_list("document__public_id", "agent__slug", "link")
    linked = sorted(rows)
    with CaptureQueriesContext(connection) as queries:
        summary = link_documents()
    deletes = [q for q in queries if q["sql"].startswith('DELETE FROM "archive_documentagent"')]
    assert summary.documents == 18 and summary.changed == 0
    assert len(deletes) == 1  # one batch
    assert sorted(rows) == linked
