"""The document page's cite box, Zotero metadata and JSON-LD, set downloads, sitemap, over HTTP."""

from __future__ import annotations

import json
import urllib.parse

import bibtexparser
import lxml.html
import pytest
import rispy

from sourcebook.archive import ingest
from sourcebook.core import recordtext
from sourcebook.core.formats import ParsedSource
from tests.conftest import SAMPLES
from tests.support.http import get, get_json

from .httpbin import get_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PERMALINK = "https://wilson-center-digital-archive.dvincitest.com/document/208190"
HOSTILE_TITLE = 'Cable </script><script>alert("t")</script> \'quoted\' & "double"'


def _page(url):
    status, ctype, body = get(url)
    assert status == 200 and ctype.startswith("text/html"), (status, body[:300])
    return body, lxml.html.document_fromstring(body)


def _meta(tree):
    out = {}
    for el in tree.xpath("//head/meta[@name]"):
        out.setdefault(el.get("name"), []).append(el.get("content"))
    return out


def test_meta_tags_coins_and_json_ld(live_server, seed_doc):
    _, tree = _page(f"{live_server.url}/documents/208190/")
    meta = _meta(tree)
    assert meta["citation_title"] == [
        "Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department"
    ]
    assert meta["citation_author"] == ["Chinese Embassy in North Korea"]
    assert meta["citation_date"] == ["1959/10/11"]
    assert meta["citation_publication_date"] == ["1959/10/11"]
    assert meta["citation_archive"] == ["Wilson Center Digital Archive"]
    assert meta["citation_archive_location"] == ["PRC FMA 118-01026-01, 33"]
    assert meta["citation_call_number"] == ["PRC FMA 118-01026-01"]
    assert meta["citation_language"] == ["zh"]
    assert meta["citation_public_url"] == [PERMALINK]
    assert meta["citation_pdf_url"] == [f"{live_server.url}/documents/208190.pdf"]
    assert meta["DC.type"] == ["manuscript"]

    (span,) = tree.xpath("//span[@class='Z3988']")
    coins = urllib.parse.parse_qs(span.get("title"))
    assert coins["ctx_ver"] == ["Z39.88-2004"]
    assert coins["rft.type"] == ["manuscript"]
    assert coins["rft.title"] == meta["citation_title"]
    assert coins["rft.date"] == ["1959-10-11"]
    assert coins["rft.identifier"] == [PERMALINK]

    (script,) = tree.xpath("//head/script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ArchiveComponent"
    assert data["name"] == meta["citation_title"][0]
    assert data["dateCreated"] == "1959-10-11"
    assert data["holdingArchive"] == {
        "@type": "ArchiveOrganization",
        "name": "Wilson Center Digital Archive",
    }
    assert data["translator"] == [{"@type": "Person", "name": "David Cowhig"}]


def test_cite_box_shows_every_style_and_downloads(live_server, seed_doc):
    _, tree = _page(f"{live_server.url}/documents/208190/")
    (box,) = tree.xpath("//details[contains(@class,'cite-box')]")
    styles = {p.get("data-style"): p.text_content() for p in box.xpath(".//p[@data-style]")}
    assert list(styles) == ["archive", "chicago", "chicago-bibliography", "mla", "apa"]
    assert styles["archive"] == (
        '"Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs '
        'Department", October 11, 1959, Wilson Center Digital Archive, PRC FMA 118-01026-01, 33. '
        "Translated by David Cowhig."
    )
    assert styles["chicago"].startswith("Chinese Embassy in North Korea, “Cable,")
    # Copy buttons are there for scripts, hidden without them.
    assert len(box.xpath(".//button[@data-copy][@hidden]")) == 5
    links = {a.text_content(): a.get("href") for a in box.xpath(".//p[@class='cite-downloads']/a")}
    assert links["BibTeX"] == "/documents/208190.bib?download=1"
    for label, href in links.items():
        status, _, body, headers = get_bytes(live_server.url + href)
        assert status == 200 and body, label
        if "download=1" in href:
            assert headers["Content-Disposition"].startswith("attachment;"), label
    status, _, body = get(f"{live_server.url}/documents/208190.ris")
    assert rispy.loads(body)[0]["call_number"] == "PRC FMA 118-01026-01"


def test_citations_api(live_server, seed_doc):
    data = get_json(f"{live_server.url}/api/documents/208190/citations")
    assert data["styles"]["archive"].startswith('"Cable, Chinese Embassy')
    assert set(data["styles"]) == {"archive", "chicago", "chicago-bibliography", "mla", "apa"}
    assert "<i>" in data["html"]["apa"]
    assert data["csl"]["archive_location"] == "PRC FMA 118-01026-01, 33"
    assert get(f"{live_server.url}/api/documents/nope/citations")[0] == 404
    schema = get_json(f"{live_server.url}/api/openapi.json")
    assert "/api/documents/{public_id}/citations" in schema["paths"]


def _ingest_samples():
    for path in sorted(SAMPLES.glob("*.txt")):
        assert ingest.ingest_file(path)[0].status == "added"


def test_set_downloads_over_http(live_server, db):
    _ingest_samples()
    ids = "208190,sample-undated-letter,sample-zhou-kim-1958"
    status, ctype, body = get(f"{live_server.url}/export.bib?ids={ids}")
    assert status == 200 and ctype.startswith("application/x-bibtex")
    keys = [e.key for e in bibtexparser.parse_string(body).entries]
    assert keys == ids.split(",")
    status, _, body = get(f"{live_server.url}/export.ris?from=1958&to=1959")
    assert [e["id"] for e in rispy.loads(body)] == [
        "sample-khrushchev-c1957",
        "sample-zhou-kim-1958",
        "208190",
    ]
    status, _, body = get(f"{live_server.url}/export.csl.json?from=1959-10")
    assert [i["id"] for i in json.loads(body)] == ["208190"]
    assert get(f"{live_server.url}/export.ris?from=notadate")[0] == 400
    assert get(f"{live_server.url}/export.txt")[0] == 404


def test_sitemap_and_robots(live_server, db):
    _ingest_samples()
    status, ctype, body = get(f"{live_server.url}/sitemap.xml")
    assert status == 200 and "xml" in ctype
    from lxml import etree

    root = etree.fromstring(body.encode())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = root.xpath("//s:url/s:loc/text()", namespaces=ns)
    assert f"{live_server.url}/documents/208190/" in locs and len(locs) == 5
    assert all(len(x) == 20 for x in root.xpath("//s:lastmod/text()", namespaces=ns))
    status, _, robots = get(f"{live_server.url}/robots.txt")
    assert status == 200 and f"Sitemap: {live_server.url}/sitemap.xml" in robots


def test_hostile_title_is_escaped_everywhere(live_server, db):
    text = (
        f"October 11, 1959\n**{HOSTILE_TITLE}**\n\nCitation:\n\n"
        f'"{HOSTILE_TITLE}", October 11, 1959, Archive <b>x</b>, A 1, 2.\n\n'
        "Contents:\n\nTranslation - English\n\nBody.\n"
    )
    record = recordtext.parse(text, "hostile.txt", "hostile")
    ingest.store(ParsedSource("record-text", [record]), text.encode(), "hostile.txt")
    body, tree = _page(f"{live_server.url}/documents/hostile/")
    assert '<script>alert("t")' not in body
    assert body.count("</script>") == body.count("<script")  # no element closed early
    assert _meta(tree)["citation_title"] == [HOSTILE_TITLE]
    (script,) = tree.xpath("//head/script[@type='application/ld+json']")
    assert json.loads(script.text)["name"] == HOSTILE_TITLE
    (span,) = tree.xpath("//span[@class='Z3988']")
    assert urllib.parse.parse_qs(span.get("title"))["rft.title"] == [HOSTILE_TITLE]
    for p in tree.xpath("//p[@data-style]"):
        assert not p.xpath(".//script") and HOSTILE_TITLE.split(" &")[0] in p.text_content()
    status, _, bib = get(f"{live_server.url}/documents/hostile.bib")
    (entry,) = bibtexparser.parse_string(bib).entries
    assert entry["title"] == "{" + HOSTILE_TITLE.replace("&", r"\&") + "}"


def test_set_downloads_template_links_work(live_server, db):
    from django.template.loader import render_to_string

    _ingest_samples()
    html = render_to_string(
        "sourcebook/citing/set_downloads.html", {"ids": ["208190", "sample-zhou-kim-1958"]}
    )
    tree = lxml.html.fragment_fromstring(html)
    hrefs = [a.get("href") for a in tree.xpath("//a")]
    assert hrefs[0] == "/export.bib?ids=208190%2Csample-zhou-kim-1958"
    status, _, body = get(live_server.url + hrefs[1])
    assert [e["id"] for e in rispy.loads(body)] == ["208190", "sample-zhou-kim-1958"]
    html = render_to_string(
        "sourcebook/citing/set_downloads.html", {"export_query": "from=1959", "total": 1500}
    )
    assert "first 1,000 of these 1,500" in html and 'href="/export.csl.json?from=1959"' in html


@pytest.mark.django_db
def test_downloads_carry_the_url_the_page_cites(client, monkeypatch, tmp_path):
    """Without ``SOURCEBOOK_BASE_URL`` the page's citations name the site the reader came to; a
    download of the same record (one or a set) named no URL at all, so a record imported into
    Zotero had no link back. The CLI, with no site, still names none."""
    import bibtexparser

    from sourcebook.archive import ingest
    from tests.conftest import SAMPLES

    monkeypatch.delenv("SOURCEBOOK_BASE_URL", raising=False)
    assert ingest.ingest_file(SAMPLES / "sample-undated-letter.txt")[0].status == "added"
    page_csl = client.get("/api/documents/sample-undated-letter/citations").json()["csl"]
    url = "http://testserver/documents/sample-undated-letter/"
    assert page_csl["URL"] == url
    csl = client.get("/documents/sample-undated-letter.csl.json").json()
    assert csl[0]["URL"] == url
    bib = bibtexparser.parse_string(
        client.get("/documents/sample-undated-letter.bib").content.decode()
    )
    assert bib.entries[0].fields_dict["url"].value == url
    assert f"UR  - {url}" in client.get("/documents/sample-undated-letter.ris").content.decode()
    many = client.get("/export.csl.json", {"ids": "sample-undated-letter"}).json()
    assert many[0]["URL"] == url
    from sourcebook.core.cite.common import SITE

    assert SITE.get() == ""  # nothing left behind for the next request or the CLI
