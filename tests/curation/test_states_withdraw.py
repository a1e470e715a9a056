"""Withdrawal with the real CLI: a 410 tombstone page and API answer, out of search, the sitemap
and the lists, a deleted header in OAI-PMH, every version kept; reinstate undoes all of it."""

from __future__ import annotations

import json

import pytest

from sourcebook.archive.models import Document, Revision
from sourcebook.audit.models import AuditEntry
from tests.support.cli import run_cli

from .states_support import NS, archive, editor, index, indexed_ids, oai, page_text, search_ids

__all__ = ["archive", "index"]  # fixtures

pytestmark = pytest.mark.django_db(transaction=True)

LETTER = "sample-undated-letter"
REASON = "Duplicate of the letter in the Ministry's own series; cite that one"
TEXT = "border crossers"  # in the letter's text only


def _public_everywhere(client) -> dict[str, bool]:
    """Where the letter shows up for an anonymous reader."""
    home = client.get("/?page=1").content.decode()
    api_list = client.get("/api/documents?page_size=500").json()
    sitemap = client.get("/sitemap.xml").content.decode()
    bib = client.get("/export.bib", {"ids": f"{LETTER},208190"}).content.decode()
    return {
        "home": f"/documents/{LETTER}/" in home,
        "api list": LETTER in [r["id"] for r in api_list["results"]],
        "sitemap": f"/documents/{LETTER}/" in sitemap,
        "search": LETTER in search_ids("border crossers"),
        "index": LETTER in indexed_ids(),
        "set download": "Ri Chang-jeong" in bib,
    }


def test_withdraw_then_reinstate(client, archive, settings):
    settings.SOURCEBOOK_OAI_ADMIN_EMAIL = "archive@example.org"  # "admin@testserver" is not valid
    assert all(_public_everywhere(client).values())
    done = run_cli("withdraw", LETTER, "--reason", REASON, "--as", "Ana Editor")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"withdrawn {LETTER}"

    # The page: 410 with the title, reason, date and citation, none of the text.
    page = client.get(f"/documents/{LETTER}/")
    assert page.status_code == 410
    text = page_text(page.content)
    assert "This record has been withdrawn." in text
    assert "Letter from Ri Chang-jeong to the Chinese Embassy in North Korea" in text
    assert REASON in text and "SSC 0000-00-001" in text
    assert TEXT not in text and "illustrative sample record" not in text
    # The API: 410 with the tombstone as JSON.
    api = client.get(f"/api/documents/{LETTER}")
    assert api.status_code == 410
    body = api.json()
    assert set(body) == {"id", "status", "reason", "withdrawn_at", "citation"}
    assert (body["id"], body["status"], body["reason"]) == (LETTER, "withdrawn", REASON)
    assert "Letter from Ri Chang-jeong" in body["citation"]
    doc = Document.objects.get(public_id=LETTER)
    assert body["withdrawn_at"] == doc.deleted_at.isoformat()
    assert client.get(f"/documents/{LETTER}.json").status_code == 410
    assert client.get(f"/api/documents/{LETTER}/citations").status_code == 410
    assert not any(_public_everywhere(client).values()), _public_everywhere(client)

    # OAI-PMH: a deleted header with the time of withdrawal, no metadata; the rest as before.
    identifier = f"oai:testserver:{LETTER}"
    root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    header = root.find(".//o:header", NS)
    assert header.get("status") == "deleted"
    assert header.findtext("o:datestamp", namespaces=NS) == doc.updated_at.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert root.find(".//o:metadata", NS) is None
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    states = {
        h.findtext("o:identifier", namespaces=NS): h.get("status")
        for h in root.iterfind(".//o:header", NS)
    }
    assert states == {f"oai:testserver:{i}": None for i in archive} | {identifier: "deleted"}
    root = oai(client, verb="Identify")
    assert root.findtext(".//o:deletedRecord", namespaces=NS) == "transient"

    # Every version is kept, and the audit log says who did it and why.
    assert Revision.objects.filter(document=doc).count() == 1
    entry = AuditEntry.objects.get(action="withdraw")
    assert (entry.actor, entry.target_id, entry.note) == ("Ana Editor", LETTER, REASON)
    assert entry.before == {"status": "published"}
    assert entry.after["status"] == "withdrawn" and entry.after["reason"] == REASON

    back = run_cli("reinstate", LETTER, "--as", "Ana Editor", process=True)
    assert back.returncode == 0, back.stderr
    assert client.get(f"/documents/{LETTER}/").status_code == 200
    assert client.get(f"/api/documents/{LETTER}").json()["status"] == "published"
    assert all(_public_everywhere(client).values()), _public_everywhere(client)
    root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert root.find(".//o:header", NS).get("status") is None
    assert root.find(".//o:metadata", NS) is not None
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["withdraw", "reinstate"]


def test_withdraw_needs_a_reason_and_a_published_record(archive):
    missing = run_cli("withdraw", LETTER)
    assert missing.returncode != 0 and "--reason" in missing.stderr
    blank = run_cli("withdraw", LETTER, "--reason", "   ")
    assert blank.returncode == 1
    assert blank.stderr.strip() == (
        "error: a withdrawal needs a reason (it is shown on the tombstone page)"
    )
    assert Document.objects.get(public_id=LETTER).status == "published"
    assert run_cli("withdraw", "no-such-id", "--reason", "x").returncode == 1
    assert run_cli("reinstate", LETTER).stderr.strip() == (
        f"error: {LETTER} is published, not withdrawn"
    )
    assert not AuditEntry.objects.exists()


def test_an_editor_sees_the_withdrawn_page_with_a_banner(client, archive):
    from sourcebook.archive import publication

    publication.withdraw(Document.objects.get(public_id=LETTER), REASON, "tester")
    client.force_login(editor())
    page = client.get(f"/documents/{LETTER}/")
    assert page.status_code == 200
    assert page["Cache-Control"].endswith("private")
    text = page_text(page.content)
    assert "Withdrawn — not public." in text and REASON in text and TEXT in text
    api = client.get(f"/api/documents/{LETTER}")
    assert api.status_code == 200
    assert (api.json()["status"], api.json()["withdrawn_reason"]) == ("withdrawn", REASON)


def test_reingest_never_changes_the_status(archive, tmp_path):
    from sourcebook.archive import ingest, publication
    from sourcebook.search import indexer

    publication.withdraw(Document.objects.get(public_id=LETTER), REASON, "tester")
    source = next(p for p in archive_paths() if p.stem == LETTER)
    assert [o.status for o in ingest.ingest_file(source)] == ["unchanged"]
    changed = tmp_path / source.name
    changed.write_text(source.read_text().replace("Comrade Counsellor", "Dear Counsellor"))
    assert [o.status for o in ingest.ingest_file(changed)] == ["updated"]
    doc = Document.objects.get(public_id=LETTER)
    assert (doc.status, doc.version, doc.withdrawn_reason) == ("withdrawn", 2, REASON)
    assert doc.revisions.count() == 2
    indexer.catch_up()  # the re-ingest's upsert event must not put it back in the index
    assert LETTER not in indexed_ids()
    shown = json.loads(run_cli("show", LETTER, "--json").stdout)
    assert (shown["status"], shown["withdrawn_reason"]) == ("withdrawn", REASON)


def archive_paths():
    from .states_support import TXT

    return TXT
