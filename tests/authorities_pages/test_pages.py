"""Person, organization and place pages: names with sources, external ids, documents by year,
co-occurring persons, mentions in context linking to the marked place in the text."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _section(html: str, css: str) -> str:
    m = re.search(rf'<section class="{css}".*?</section>', html, re.S)
    assert m, f"no section {css}"
    return m.group(0)


def test_names_are_grouped_by_script_with_their_sources(client, archive):
    names = _section(_page(client, "/persons/kim-il-sung/"), "names")
    scripts = re.findall(r'<dt class="script" data-script="(\w+)">(\w+)</dt>', names)
    assert scripts == [("Latin", "Latin"), ("Hangul", "Hangul")]
    hangul = names.split('data-script="Hangul"')[1]
    assert '<span class="name">김일성</span> <span class="system">(hangul)</span>' in hangul
    assert '<span class="source">merge</span>' in hangul
    latin = names.split('data-script="Hangul"')[0]
    assert re.search(
        r'<span class="name">Kim Il-sŏng</span> <span class="system">\(mccune-reischauer\)'
        r'</span>\s*<span class="sources">— <span class="source">frus1958-60v18</span>',
        latin,
    )
    # the volume's own spelling, with its source id
    assert re.search(
        r'<span class="name">Kim Il-song</span>\s*'
        r'<span class="sources">— <span class="source">frus1958-60v18#p_KIS1</span>',
        latin,
    )
    # the preferred name first; a name given by several sources is listed once with all
    assert re.findall(r'<span class="name">([^<]+)</span>', latin)[0] == "Kim Il Sung"
    archive.kim.variants.create(name="Kim Il-sŏng", system="mr-breves", source="editor")
    names = _section(_page(client, "/persons/kim-il-sung/"), "names")
    assert names.count('<span class="name">Kim Il-sŏng</span>') == 1
    assert re.search(
        r'<span class="name">Kim Il-sŏng</span> <span class="system">\(mccune-reischauer, '
        r'mr-breves\)</span>\s*<span class="sources">— <span class="source">editor</span>, '
        r'<span class="source">frus1958-60v18</span>',
        names,
    )
    for href in (
        "https://www.wikidata.org/wiki/Q39352",
        "https://viaf.org/viaf/66480437",
        "https://id.loc.gov/authorities/names/n50013937.html",
    ):
        assert f'href="{href}"' in names


def test_an_external_id_not_of_its_form_is_not_a_link(client, archive):
    archive.kim.wikidata = "javascript:alert(1)"
    archive.kim.save()
    names = _section(_page(client, "/persons/kim-il-sung/"), "names")
    assert "wikidata.org" not in names and 'href="javascript' not in names
    assert "Wikidata javascript:alert(1)" in names


def test_sources_and_roles(client, archive):
    part = _section(_page(client, "/persons/kim-il-sung/"), "sources-roles")
    assert "<code>p_KIS1</code>: Kim Il-song, " in part
    assert "Premier of the Democratic People&#x27;s Republic of Korea, 1948–1972" in part
    # roles counted over the shown links of published documents (kp-1 participant, kp-2 mentioned)
    assert '<span class="role" data-role="participant">participant (1)</span>' in part
    assert '<span class="role" data-role="mentioned">mentioned (1)</span>' in part


def test_timeline_lists_shown_links_of_public_documents_by_year(client, archive):
    part = _section(_page(client, "/persons/kim-il-sung/"), "timeline")
    assert "Documents (2)" in part
    years = re.findall(r'<h3 class="year" id="y-(\w+)">', part)
    assert years == ["1955", "1958"]
    docs = re.findall(r'href="/documents/([^/"]+)/"', part)
    assert docs == ["kp-1", "kp-2"]  # kp-3 is a candidate, kp-draft a draft
    assert "automatic link" in part.split("kp-2/")[1]


def test_timeline_lists_an_approximate_date_under_the_year_written(client, archive):
    """ "c. 1957" searches from 1956 (its range is widened) and sorts by that start, but it is a
    document of 1957, as the dates page and the Year facet count it, and 1956 stays before it."""
    from tests.authorities_pages.conftest import _ingest, link

    _ingest("kp-c1957", "c. 1957", "Kim Il Sung spoke at the congress.")
    _ingest("kp-1956", "June 1, 1956", "Kim Il Sung returned from Moscow.")
    for doc_id in ("kp-c1957", "kp-1956"):
        link(doc_id, archive.kim, [("Kim Il Sung", 0)])
    part = _section(_page(client, "/persons/kim-il-sung/"), "timeline")
    assert re.findall(r'<h3 class="year" id="y-(\w+)">', part) == ["1955", "1956", "1957", "1958"]
    in_1957 = part.split('id="y-1957"')[1].split('<h3 class="year"')[0]
    assert "kp-c1957" in in_1957 and "c. 1957" in in_1957


def test_co_occurring_persons_with_counts_in_one_query(client, archive):
    from sourcebook.authorities import profile
    from sourcebook.authorities.kinds import PERSON

    part = _section(_page(client, "/persons/kim-il-sung/"), "peers")
    rows = re.findall(
        r'<a href="/persons/([\w-]+)/">[^<]+</a> <span class="count" '
        r'data-documents="(\d+)">',
        part,
    )
    # Puzanov shares kp-1 and kp-2 (not the draft, not kp-other); Xin only kp-1.
    assert rows == [("puzanov", "2"), ("xin-minsheng", "1")]
    with CaptureQueriesContext(connection) as queries:
        peers = profile.co_occurring(PERSON, archive.kim)
    assert len(queries) == 1
    assert [(p["id"], p["documents"]) for p in peers] == [("puzanov", 2), ("xin-minsheng", 1)]


def test_mentions_in_context_link_to_the_marked_place(client, archive):
    part = _section(_page(client, "/persons/kim-il-sung/"), "mentions")
    links = re.findall(r'<a class="kwic-keyword" href="([^"]+)">([^<]+)</a>', part)
    body1, body2 = archive.body("kp-1"), archive.body("kp-2")
    second = body1.index("Kim Il Sung", body1.index("Kim Il Sung") + 1)
    start2 = body2.index("Kim Il-sung")
    assert [htmllib.unescape(u) for u, _ in links] == [
        f"/documents/kp-1/?hl=0-{body1.index('Kim Il Sung')}-{body1.index('Kim Il Sung') + 11}"
        f"#m-0-{body1.index('Kim Il Sung')}",
        f"/documents/kp-1/?hl=0-{second}-{second + 11}#m-0-{second}",
        f"/documents/kp-2/?hl=0-{start2}-{start2 + 11}#m-0-{start2}",
    ]
    # the context is the text's own words, escaped (no markup from a body gets through)
    assert "&lt;b&gt;in brackets&lt;/b&gt; &amp; more: " in part and "<b>" not in part
    assert "Kim may have" not in part  # the candidate's mention is not shown
    doc = _page(client, htmllib.unescape(links[2][0]).split("#")[0])
    assert f'<mark class="mention" id="m-0-{start2}">Kim Il-sung</mark>' in doc
    plain = _page(client, "/documents/kp-2/")
    assert "<mark" not in plain


def test_a_stale_or_bad_hl_changes_nothing(client, archive):
    def article(url: str) -> str:
        return re.search(r"<article.*</article>", _page(client, url), re.S).group(0)

    plain = article("/documents/kp-2/")
    for hl in ("0-5-999999", "x", "9-1-2", "0-5-5", "0-" + "9" * 30):
        assert article(f"/documents/kp-2/?hl={hl}") == plain


def test_places_and_organizations_have_pages(client, archive):
    place = _page(client, "/places/pyongyang/")
    assert "<h1>Pyongyang</h1>" in place and 'href="/documents/kp-1/"' in place
    peers = _section(place, "peers")
    assert "puzanov" in peers and "kim-il-sung" in peers and "xin-minsheng" in peers
    org = _page(client, "/organizations/workers-party/")
    assert "<h1>Workers&#x27; Party of Korea</h1>" in org and 'href="/documents/kp-2/"' in org
    assert 'class="kwic-keyword"' in org
    # an organization's person URL moves to its own page
    response = client.get("/persons/workers-party/")
    assert response.status_code == 301 and response["Location"] == "/organizations/workers-party/"
    assert client.get("/places/nowhere/").status_code == 404
    assert client.get("/organizations/kim-il-sung/").status_code == 404


def test_persons_list_hides_persons_without_public_documents(client, archive):
    listing = _page(client, "/persons/")
    assert 'href="/persons/kim-il-sung/"' in listing
    assert 'href="/persons/lonely/"' not in listing
    assert 'href="/persons/workers-party/"' not in listing  # an organization
    assert 'href="/persons/lonely/"' in _page(client, "/persons/?all=1")
    assert 'href="/organizations/workers-party/"' in _page(client, "/organizations/")
    assert 'href="/places/pyongyang/"' in _page(client, "/places/")


@pytest.mark.parametrize(
    "q", ["Kim Il-sung", "Kim Il-sŏng", "kim il sung", "김일성", "Kim Il-song"]
)
def test_persons_list_finds_a_person_by_any_romanization(client, archive, q):
    listing = _page(client, f"/persons/?q={q}")
    assert re.findall(r'href="/persons/([\w-]+)/"', listing) == ["kim-il-sung"]


def test_persons_list_filters(client, archive):
    def slugs(query: str) -> list[str]:
        return re.findall(r'<li><a href="/persons/([\w-]+)/"', _page(client, f"/persons/?{query}"))

    assert slugs("") == ["kim-il-sung", "puzanov", "xin-minsheng"]
    assert slugs("q=Puzanov") == ["puzanov"]
    assert slugs("q=Kim+Jong+Il") == []
    assert slugs("role=participant") == ["kim-il-sung", "puzanov"]
    assert slugs("from=1958&to=1958") == ["kim-il-sung", "puzanov"]
    assert slugs("from=1960") == ["puzanov"]
    assert slugs("collection=no-such-volume") == []
    counts = _page(client, "/persons/?from=1958&to=1958")
    assert re.search(r'kim-il-sung/">Kim Il Sung</a> <span class="count">\(1 document\)', counts)


@pytest.mark.parametrize(
    "query",
    ["from=abc", "to=0", "from=1960&to=1950", "q=" + "x" * 201, "q=Kim%00", "role=%00", "from=%00"],
)
def test_bad_list_filters_are_400(client, archive, query):
    response = client.get(f"/persons/?{query}")
    assert response.status_code == 400
    assert response.content.decode().count("\n") == 1


def test_rejected_and_draft_links_leave_the_person_page(client, archive):
    from sourcebook.archive.models import DocumentAgent

    DocumentAgent.objects.filter(pk=archive.links["kim-2"].pk).update(link="rejected")
    page = _page(client, "/persons/kim-il-sung/")
    assert 'href="/documents/kp-2/"' not in page and "Documents (1)" in page
    assert 'href="/persons/kim-il-sung/"' in _page(client, "/persons/")
    DocumentAgent.objects.filter(pk=archive.links["kim-1"].pk).update(link="rejected")
    assert 'href="/persons/kim-il-sung/"' not in _page(client, "/persons/")


def test_page_queries_do_not_grow_with_the_documents(client, archive, editor):
    """Every part of the page is one query or a fixed few, never one per document or mention."""
    from tests.authorities_pages.conftest import _ingest, link

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/persons/kim-il-sung/").status_code == 200
        return len(queries)

    client.force_login(editor)  # the review list too
    before = count()
    for n in range(12):
        _ingest(f"kp-more-{n}", f"May {n + 1}, 1961", f"Kim Il Sung met Puzanov, visit {n}.")
        link(f"kp-more-{n}", archive.kim, [("Kim Il Sung", 0)], link="automatic")
        link(f"kp-more-{n}", archive.puzanov, [("Puzanov", 0)], link="candidate")
    page = client.get("/persons/kim-il-sung/").content.decode()
    assert "Documents (14)" in page and page.count('class="kwic-keyword"') == 15
    assert count() == before
