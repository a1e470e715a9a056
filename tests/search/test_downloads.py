"""A search result page offers its whole result as BibTeX, RIS and CSL-JSON (real HTTP)."""

from __future__ import annotations

import json
import re
from html import unescape

import bibtexparser
import pytest
import rispy

from tests.support.http import get, get_json


def body(url: str) -> str:
    status, _, text = get(url)
    assert status == 200, (url, status, text[:300])
    return text


def _links(html: str) -> dict[str, str]:
    box = re.search(r'<p class="set-downloads">(.*?)</p>', html, re.S)
    assert box, "no download box on the search page"
    return {
        label: unescape(href)
        for href, label in re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', box.group(1))
    }


@pytest.mark.django_db(transaction=True)
def test_search_result_downloads_hold_exactly_the_result(live_server, corpus):
    query = "q=Kim&sort=date"
    found = get_json(f"{live_server.url}/api/search?{query}")
    expected = [r["id"] for r in found["results"]]
    assert 1 < len(expected) < len(corpus)

    links = _links(body(f"{live_server.url}/search/?{query}&page=1"))
    assert set(links) == {"BibTeX", "RIS", "CSL-JSON"}

    items = json.loads(body(live_server.url + links["CSL-JSON"]))
    assert [item["id"] for item in items] == expected  # same documents, same order
    bib = bibtexparser.parse_string(body(live_server.url + links["BibTeX"]))
    assert len(bib.entries) == len(expected)
    ris = rispy.loads(body(live_server.url + links["RIS"]))
    assert len(ris) == len(expected)


@pytest.mark.django_db(transaction=True)
def test_facet_filters_carry_into_the_download(live_server, corpus):
    query = "translator=Sarah+Park"
    expected = [r["id"] for r in get_json(f"{live_server.url}/api/search?{query}")["results"]]
    links = _links(body(f"{live_server.url}/search/?{query}"))
    items = json.loads(body(live_server.url + links["CSL-JSON"]))
    assert sorted(item["id"] for item in items) == sorted(expected)
    assert len(expected) == 2


@pytest.mark.django_db(transaction=True)
def test_no_download_box_without_results(live_server, corpus):
    html = body(f"{live_server.url}/search/?q=zzzznothing")
    assert 'class="set-downloads"' not in html
