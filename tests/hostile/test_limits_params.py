"""Request parameters that cost nothing to send: pages, OAI dates, search filters, sitemap ids."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tests.conftest import SHARED

from .limits_support import add_record

pytestmark = pytest.mark.django_db

OAI_XSD = SHARED / "schemas" / "OAI-PMH.xsd"
OAI = {"o": "http://www.openarchives.org/OAI/2.0/"}


@pytest.fixture(autouse=True)
def index_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(tmp_path / "index"))


@pytest.mark.parametrize("path", ["/api/documents", "/api/persons"])
@pytest.mark.parametrize("page", ["1000000000000000000", "0", "-3", "abc", "1e9"])
def test_api_pages_out_of_range_are_400(client, seed_doc, path, page):
    response = client.get(path, {"page": page})
    assert response.status_code == 400, response.content[:300]
    assert client.get(path, {"page": "1"}).status_code == 200


@pytest.mark.parametrize("page", ["1000000000000000", "0", "-1", "x", "2"])
def test_sitemap_pages_out_of_range_are_400(client, seed_doc, page):
    response = client.get("/sitemap.xml", {"page": page})
    assert response.status_code == 400
    assert "page must be a number from 1 to 1" in response.content.decode()


@pytest.mark.parametrize("page", ["1000000000000000000", "-1", "abc"])
def test_html_lists_take_any_page(client, seed_doc, page):
    for path in ("/", "/persons/"):
        assert client.get(path, {"page": page}).status_code == 200


def _oai_error(client, **params) -> str:
    response = client.get("/oai", params)
    assert response.status_code == 200
    schema = etree.XMLSchema(etree.parse(str(OAI_XSD)))
    root = etree.fromstring(response.content)
    schema.assertValid(root)
    return root.xpath("o:error/@code", namespaces=OAI)[0]


@pytest.mark.parametrize(
    "dates",
    [
        {"until": "9999-12-31"},
        {"until": "9999-12-31T23:59:59Z"},
        {"from": "9999-12-31", "until": "9999-12-31"},
        {"from": "0000-01-01"},
    ],
)
def test_oai_dates_out_of_range_are_bad_arguments(client, seed_doc, dates):
    assert _oai_error(client, verb="ListRecords", metadataPrefix="oai_dc", **dates) == (
        "badArgument"
    )


def test_sitemap_paths_are_percent_encoded(client):
    add_record("memo?draft#2 über", paragraphs=1)
    body = client.get("/sitemap.xml").content.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", body)
    assert "http://testserver/documents/memo%3Fdraft%232%20%C3%BCber/" in locs
    assert all(re.fullmatch(r"[\x21-\x7e]+", loc) for loc in locs)


def test_search_filter_values_are_capped(client):
    params = {"language": ["x" * 100 + str(n) for n in range(900)]}
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert "too many filter values: 900, at most 50" in response.content.decode()
    api = client.get("/api/search", params)
    assert api.status_code == 400 and "too many filter values" in api.json()["detail"]
    too_long = client.get("/search/", {"language": "x" * 5000})
    assert too_long.status_code == 400 and "5000 characters" in too_long.content.decode()
    export = client.get("/export.bib", {"search": "1", **params})
    assert export.status_code == 400


def test_filter_chips_grow_linearly(client, seed_doc, settings):
    def size(n: int) -> int:
        params = {"language": [f"{'lang' * 20}{k}" for k in range(n)]}
        response = client.get("/search/", params)
        assert response.status_code == 200
        chips = re.search(r'<ul class="chips".*?</ul>', response.content.decode(), re.S)
        return len(chips.group(0))

    # 4× the filters give about 4× the chips' bytes (each chip used to repeat every filter).
    assert size(40) < 4.5 * size(10)


def test_removing_a_chip_drops_only_that_filter(client, seed_doc):
    response = client.get(
        "/search/", {"q": "Kim", "language": ["en", "zh"], "remove": "language:en"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=Kim&language=zh"
