"""The edition's contents: every published document and its exports, no draft, tombstones for
withdrawn records, a sitemap, and no internal link that points nowhere."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html
import pytest

from .support import DRAFT_ID, SEARCH_PART, WITHDRAWN_ID, edition

assert edition  # used by name below

pytestmark = pytest.mark.django_db


def _published_ids() -> list[str]:
    from sourcebook.archive.models import Document

    return sorted(Document.live.values_list("public_id", flat=True))


def test_every_published_document_is_there_with_its_exports(edition):
    folder, summary = edition
    ids = _published_ids()
    assert summary.documents == len(ids) == 21
    for public_id in ids:
        page = (folder / "documents" / public_id / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in page
        for extension in ("txt", "tei.xml", "json", "bib", "ris", "csl.json", "dc.xml"):
            assert (folder / "documents" / f"{public_id}.{extension}").stat().st_size > 0
        assert not (folder / "documents" / f"{public_id}.pdf").exists()  # not asked for
    record = json.loads((folder / "documents" / "208190.json").read_text(encoding="utf-8"))
    assert record["id"] == "208190"
    assert (folder / "documents" / "208190" / "diplomatic" / "index.html").is_file()


def test_exports_are_the_live_sites_bytes(edition, client):
    folder, _summary = edition
    for name in ("208190.txt", "sample-zhou-kim-1958.tei.xml", "frus1961-63v22-d1.ris"):
        live = client.get(f"/documents/{name}")
        assert live.status_code == 200
        assert (folder / "documents" / name).read_bytes() == live.content


def test_drafts_are_left_out_and_withdrawn_records_are_tombstones(edition):
    folder, summary = edition
    everything = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    )
    assert DRAFT_ID not in everything
    assert "Kaesong Border Survey" not in everything
    tombstone = (folder / "documents" / WITHDRAWN_ID / "index.html").read_text(encoding="utf-8")
    assert "Duplicate of another record" in tombstone
    assert "data-pagefind-body" not in tombstone
    assert not list((folder / "documents").glob(f"{WITHDRAWN_ID}.*"))
    assert summary.tombstones == 1


def test_authority_collection_and_list_pages(edition):
    folder, _summary = edition
    for page in ("index.html", "persons/index.html", "collections/index.html", "search/index.html"):
        assert (folder / page).is_file(), page
    collection = folder / "collections" / "frus1961-63v22" / "index.html"
    assert "data-pagefind-body" in collection.read_text(encoding="utf-8")
    assert (folder / "collections" / "frus1961-63v22.tei.xml").stat().st_size > 0
    persons = list((folder / "persons").glob("*/index.html"))
    assert persons, "no person pages"
    assert all("data-pagefind-body" in p.read_text(encoding="utf-8") for p in persons)
    assert (folder / "static" / "sourcebook" / "site.css").is_file()
    assert (folder / "pagefind" / "pagefind-ui.js").is_file()
    search = (folder / "search" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../pagefind/pagefind-ui.js">' in search  # not the server's search page


def test_a_large_search_index_comes_in_parts(edition):
    """Pagefind holds every page it indexes in memory (about 200 KB each): past ``PART`` pages
    the index is built in parts, each by its own run, and listed for the search page."""
    folder, summary = edition
    indexed = sorted(summary.indexed)
    parts = json.loads((folder / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    count = -(-len(indexed) // SEARCH_PART)
    assert count >= 3 and parts == [f"part-{n}/" for n in range(2, count + 1)]
    for part in ["", *parts]:
        assert (folder / "pagefind" / part / "pagefind-entry.json").is_file(), part
    indexed_by_part = re.findall(r"Indexed (\d+) pages?\b", summary.pagefind)
    assert len(indexed_by_part) == count and sum(map(int, indexed_by_part)) == len(indexed)
    assert not (folder / ".search-part").exists()
    # The browser tests search for these: one beyond the first part, one in the first.
    size = int(indexed_by_part[0])
    assert "documents/sample-zhou-kim-1958/index.html" not in indexed[:size]
    assert indexed.index("documents/208190/index.html") < size


def test_the_parts_follow_the_length_of_the_texts(edition, tmp_path, monkeypatch, settings):
    """The export tells Pagefind's parts how long each page's text is: with a part allowed
    the memory of 20,000 bytes of text (and no page count reached), the archive's pages are
    indexed in as many parts as their texts, read back from the edition, fill."""
    from sourcebook.edition import pagefind
    from sourcebook.edition.export import export_site

    monkeypatch.setattr(pagefind, "PART", 10_000)
    monkeypatch.setattr(pagefind, "PAGE_MEMORY", 0)
    monkeypatch.setattr(pagefind, "TEXT_MEMORY", 1)
    settings.SOURCEBOOK_EDITION_INDEX_MEMORY = 20_000
    folder = tmp_path / "edition"
    summary = export_site(folder, formats=["record"])
    texts = []
    for page in sorted(summary.indexed):
        tree = lxml.html.parse(str(folder / page))
        texts.append(sum(len("".join(m.itertext()).encode()) for m in tree.iter("main")))
    parts = json.loads((folder / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    assert 3 <= len(parts) + 1 <= math.ceil(sum(texts) / 20_000)
    indexed_by_part = [int(n) for n in re.findall(r"Indexed (\d+) pages?\b", summary.pagefind)]
    assert len(indexed_by_part) == len(parts) + 1 and sum(indexed_by_part) == len(texts)
    for n in indexed_by_part:  # each part within what it may hold, give or take one page
        part, texts = texts[:n], texts[n:]
        assert sum(part) <= 20_000 + max(part), part


def test_one_part_reads_only_the_pages_it_indexes(tmp_path):
    """Pagefind reads every page it is given to skip those without ``data-pagefind-body``:
    2 GB for a 5,000-document edition. Given only the indexed pages, half of it."""
    from sourcebook.edition import pagefind

    for name, body in [("documents/a/index.html", True), ("documents/a/v/1/index.html", False)]:
        page = tmp_path / name
        page.parent.mkdir(parents=True)
        main = "<main data-pagefind-body>" if body else "<main>"
        page.write_text(f"<html><body>{main}<p>Kaesong armistice</p></main></body></html>")
    summary = pagefind.build(tmp_path, "en", ["documents/a/index.html"])
    assert re.search(r"Found 1 files? matching", summary), summary
    assert json.loads((tmp_path / "pagefind" / "parts.json").read_text()) == []


def test_sitemap_lists_every_document_on_the_base_url(edition):
    folder, _summary = edition
    tree = lxml.etree.parse(str(folder / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = set(tree.xpath("//s:loc/text()", namespaces=ns))
    for public_id in _published_ids():
        assert f"https://example.org/edition/documents/{public_id}/" in locations
    assert "https://example.org/edition/" in locations
    assert not any(WITHDRAWN_ID in loc or DRAFT_ID in loc for loc in locations)
    for loc in locations:
        path = unquote(loc.removeprefix("https://example.org/edition/"))
        assert (folder / path / "index.html").is_file(), loc


def _links(page: Path):
    tree = lxml.html.parse(str(page))
    for element, attribute, link, _pos in tree.getroot().iterlinks():
        if attribute in ("href", "src", "action"):
            yield element, link


def test_every_internal_link_resolves_to_a_file(edition):
    """Crawl the edition as a browser on a disk would: each relative link names a file."""
    folder, _summary = edition
    pages = list(folder.rglob("*.html"))
    assert len(pages) > 50
    checked = 0
    for page in pages:
        for _element, link in _links(page):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                assert not link.startswith("/"), f"{page}: root-relative {link}"
                continue
            assert not link.startswith("/"), f"{page}: root-relative {link}"
            assert not parts.query, f"{page}: query string in {link}"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_relative_to(folder.resolve()), f"{page}: {link} leaves the edition"
            assert target.is_file(), f"{page.relative_to(folder)}: {link} -> {target}"
            checked += 1
    assert checked > 1000


def test_links_to_the_server_are_unlinked_not_broken(edition):
    folder, _summary = edition
    page = (folder / "documents" / "208190" / "index.html").read_text(encoding="utf-8")
    assert "/api/" not in page and "/admin/" not in page
    assert 'class="language"' not in page  # the language switch needs the server
    assert "https://example.org/edition/documents/208190/" in page  # citations name the edition


def test_running_again_gives_the_same_folder(edition, tmp_path):
    from sourcebook.edition.export import export_site

    folder, _summary = edition
    stray = folder / "documents" / "gone-since" / "index.html"
    stray.parent.mkdir()
    stray.write_text("old", encoding="utf-8")
    before = {
        p.relative_to(folder): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "pagefind" not in p.parts and p != stray
    }
    export_site(
        folder,
        base_url="https://example.org/edition",
        formats=["record", "tei", "json", "bibtex", "ris", "csl-json", "dc"],
    )
    after = {
        p.relative_to(folder): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "pagefind" not in p.parts
    }
    assert not stray.exists()
    assert after.keys() == before.keys()
    changed = [str(p) for p in after if after[p] != before[p]]
    assert changed == []


def test_the_home_list_is_numbered_to_its_end(edition, tmp_path, monkeypatch, settings):
    """The live site numbers only the first pages (then cursors, which have no folder on a
    static host); the edition numbers them all, so its home list holds every document."""
    from sourcebook.edition.export import export_site
    from sourcebook.web import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 3)
    settings.SOURCEBOOK_NUMBERED_PAGES = 2
    folder = tmp_path / "edition"
    export_site(folder, search=False, formats=["record"])
    pages = [folder / "index.html", *sorted((folder / "page").glob("*/index.html"))]
    listed = set()
    for page in pages:
        listed |= set(
            re.findall(r'href="(?:\.\./)*documents/([^/"]+)/index\.html"', page.read_text())
        )
    assert len(pages) == math.ceil(len(_published_ids()) / 3) > 2
    assert sorted(listed) == _published_ids()
