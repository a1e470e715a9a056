"""Drafts: a crawl of every public route as an anonymous reader never shows one; an editor sees
them with a banner; `sourcebook publish` makes them public."""

from __future__ import annotations

import itertools
import re
import urllib.parse

import pytest
from PIL import Image

from sourcebook.archive.models import Collection, Document, DocumentAgent
from sourcebook.audit.models import AuditEntry
from tests.support.cli import run_cli
from tests.support.routes import all_routes

from .states_support import (
    VOLUME,
    archive,
    editor,
    index,
    indexed_ids,
    oai,
    page_text,
    search_ids,
)

__all__ = ["archive", "index"]  # fixtures

pytestmark = pytest.mark.django_db(transaction=True)

DRAFT_TEXT = """March 3, 1961
**Note on the Unreleased Kaesong Border Survey**

Citation:

"Note on the Unreleased Kaesong Border Survey", March 3, 1961, Sourcebook Sample Collection, SSC 1961-03-003.

Summary:

A note that must stay unpublished until an editor publishes it.

Contents:

Translation - English

The survey teams reached the Imjin crossing on the second day.
"""
DRAFT_ID = "draft-kaesong-survey"


@pytest.fixture
def drafts(archive, tmp_path):
    """A record-text draft and a whole TEI volume as drafts, through `sourcebook ingest --draft`;
    one volume document published, so the volume has published neighbours to leak from."""
    path = tmp_path / f"{DRAFT_ID}.txt"
    path.write_text(DRAFT_TEXT, encoding="utf-8")
    done = run_cli("ingest", "--draft", "--quiet", str(path), str(VOLUME))
    assert done.returncode == 0, done.stderr
    assert Document.objects.get(public_id=DRAFT_ID).status == "draft"
    published = run_cli("publish", "frus1961-63v22-d1", "--as", "Ana Editor", process=True)
    assert published.returncode == 0, published.stderr
    # Scans of a draft in the volume's collection: its IIIF image, manifest and collection
    # entries must stay hidden too.
    scan = tmp_path / "scan.png"
    Image.new("RGB", (60, 40), "white").save(scan)
    attached = run_cli("attach", "frus1961-63v22-d3", str(scan))
    assert attached.returncode == 0, attached.stderr
    return {
        d.public_id: d.title
        for d in Document.objects.filter(status="draft").only("public_id", "title")
    }


def _routes() -> list[str]:
    return all_routes()


PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def _urls(route: str, values: dict[str, list[str]]) -> list[str]:
    """The route filled with every combination of the values for its parameters."""
    names = [a or b for a, b in PARAM.findall(route)]
    unknown = [n for n in names if n not in values]
    assert not unknown, f"the crawl cannot fill {unknown} of {route}: add values for them"
    template = route.replace("^", "").replace("$", "").replace("\\.", ".")
    urls = []
    for combo in itertools.product(*(values[n] for n in names)):
        filled = iter(combo)
        urls.append(PARAM.sub(lambda m, it=filled: urllib.parse.quote(next(it), safe=""), template))
    return urls


def _crawl_urls(drafts: dict[str, str]) -> list[str]:
    from sourcebook.core import formats

    volume_draft = "frus1961-63v22-d3"
    ids = [DRAFT_ID, volume_draft]
    slug = Collection.objects.get().slug
    persons = list(
        DocumentAgent.objects.filter(document__public_id=volume_draft)
        .values_list("agent__slug", flat=True)
        .distinct()[:3]
    )
    assert persons
    extensions = [formats.exporter(n).extension for n in formats.export_names()]
    values = {
        "public_id": ids,
        "slug": [slug, *persons],
        "extension": sorted({*extensions, "bib", "ris", "csl.json"}),
        # Version numbers, for routes of a document's history (version, diff) if there are any.
        **{name: ["1"] for name in ("n", "number", "a", "b", "version")},
        # IIIF image requests (scans): one of each parameter.
        **{"region": ["full"], "size": ["max"], "rotation": ["0"], "name": ["default.jpg"]},
    }
    urls = [u for route in _routes() for u in _urls(route, values)]
    words = "Kaesong Border Survey"
    ident = f"oai:testserver:{DRAFT_ID}"
    urls += [
        f"/search/?q={words}",
        "/search/?q=Memorandum+of+Conversation",
        f"/api/search?q={words}",
        "/api/search?q=Imjin",
        "/api/documents?page_size=500",
        "/api/persons?page_size=500",
        f"/export.bib?ids={','.join(ids)}",
        f"/export.ris?collection={slug}",
        f"/export.csl.json?search=1&q={words}",
        f"/oai?verb=GetRecord&identifier={ident}&metadataPrefix=oai_dc",
        f"/oai?verb=ListMetadataFormats&identifier={ident}",
        "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
        f"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set={slug}",
        "/documents/frus1961-63v22-d1/",
    ]
    return urls


def _leaks(body: str, url: str, drafts: dict[str, str]) -> list[str]:
    """Draft ids and titles in a response, once what the request itself said is taken out."""
    for value in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).values():
        for v in value:
            body = body.replace(v, "")
    found = [i for i in drafts if re.search(rf"{re.escape(i)}(?![0-9])", body)]
    return found + [t for t in drafts.values() if t in body]


def test_an_anonymous_crawl_never_shows_a_draft(client, drafts, settings):
    settings.SOURCEBOOK_OAI_ADMIN_EMAIL = "archive@example.org"
    assert DRAFT_ID in drafts and len(drafts) == 18  # the note and 17 of the volume's 18
    search_ids("Kaesong")  # the outbox applied: the drafts' events have reached the index
    assert not set(drafts) & indexed_ids()  # the indexer skipped every draft
    crawled = 0
    for url in _crawl_urls(drafts):
        response = client.get(url)
        body = page_text(b"".join(response) if response.streaming else response.content)
        assert response.status_code in (200, 302, 400, 403, 404, 405), (url, response.status_code)
        if "/documents/" in url and any(i in url for i in drafts):
            # Not found; a route for editors only may also send to the login page or refuse.
            assert response.status_code in (302, 403, 404, 405), url
        assert not _leaks(body, url, drafts), (url, _leaks(body, url, drafts))
        crawled += 1
    assert crawled > 40
    # The published volume document has no draft neighbours to link to.
    page = client.get("/documents/frus1961-63v22-d1/").content.decode()
    assert 'rel="next"' not in page and 'rel="prev"' not in page
    counts = {c["slug"]: c["documents"] for c in client.get("/api/collections").json()["results"]}
    assert counts == {"frus1961-63v22": 1}
    assert "/documents/" not in oai_draft_record(client)


def oai_draft_record(client) -> str:
    from lxml import etree

    root = oai(
        client, verb="GetRecord", identifier=f"oai:testserver:{DRAFT_ID}", metadataPrefix="oai_dc"
    )
    assert root.find("{http://www.openarchives.org/OAI/2.0/}error").get("code") == (
        "idDoesNotExist"
    )
    return etree.tostring(root.find("{http://www.openarchives.org/OAI/2.0/}error"), encoding=str)


def test_an_editor_sees_drafts_with_a_banner_and_publishes_them(client, drafts):
    client.force_login(editor())
    page = client.get(f"/documents/{DRAFT_ID}/")
    assert page.status_code == 200
    assert "Draft — not public." in page_text(page.content)
    assert "Imjin crossing" in page_text(page.content)
    assert page["Cache-Control"].endswith("private")
    api = client.get(f"/api/documents/{DRAFT_ID}")
    assert api.status_code == 200 and api.json()["status"] == "draft"
    assert client.get(f"/documents/{DRAFT_ID}.txt").status_code == 200
    client.logout()
    assert client.get(f"/documents/{DRAFT_ID}/").status_code == 404

    trial = run_cli("publish", "--query", "kaesong survey", "--dry-run")
    assert trial.returncode == 0 and trial.stdout.split("\t")[0] == DRAFT_ID
    assert Document.objects.get(public_id=DRAFT_ID).status == "draft"
    done = run_cli("publish", "--query", "kaesong survey", "--as", "Ana Editor")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"published {DRAFT_ID}"
    page = client.get(f"/documents/{DRAFT_ID}/")
    assert page.status_code == 200 and "Draft — not public" not in page_text(page.content)
    assert DRAFT_ID in search_ids("Kaesong")
    assert f"/documents/{DRAFT_ID}/" in client.get("/sitemap.xml").content.decode()
    entry = AuditEntry.objects.get(action="publish", target_id=DRAFT_ID)
    assert (entry.actor, entry.before, entry.after) == (
        "Ana Editor",
        {"status": "draft"},
        {"status": "published"},
    )
    rest = run_cli("publish", "--collection", "frus1961-63v22")
    assert rest.returncode == 0, rest.stderr
    assert not Document.objects.filter(status="draft").exists()


def test_publish_refuses_withdrawn_records_and_changes_nothing(drafts):
    from sourcebook.archive import publication

    publication.withdraw(Document.objects.get(public_id="208190"), "Duplicate", "tester")
    done = run_cli("publish", DRAFT_ID, "208190")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: 208190 is withdrawn; bring it back with: sourcebook reinstate 208190; "
        "nothing was published"
    )
    assert Document.objects.get(public_id=DRAFT_ID).status == "draft"
    assert run_cli("publish").returncode == 1


def test_default_status_setting(archive, tmp_path):
    path = tmp_path / f"{DRAFT_ID}.txt"
    path.write_text(DRAFT_TEXT, encoding="utf-8")
    bad = run_cli("ingest", str(path), env_extra={"SOURCEBOOK_DEFAULT_STATUS": "hidden"})
    assert bad.returncode == 1
    assert "SOURCEBOOK_DEFAULT_STATUS must be 'published' or 'draft', not 'hidden'" in bad.stderr
    assert not Document.objects.filter(public_id=DRAFT_ID).exists()
    done = run_cli("ingest", str(path), env_extra={"SOURCEBOOK_DEFAULT_STATUS": "draft"})
    assert done.returncode == 0, done.stderr
    assert Document.objects.get(public_id=DRAFT_ID).status == "draft"
    listed = run_cli("show", "--list", "--status", "draft")
    assert listed.stdout.split("\t")[0] == DRAFT_ID
