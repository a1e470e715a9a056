"""The OpenAPI schema says what the JSON API really answers: each route's answers and errors,
checked against ``/api/openapi.json`` by openapi-core over real HTTP, on every sample record."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db(transaction=True)
WITHDRAWN = "sample-undated-letter"
DRAFT = "sample-zhou-kim-1958"


@pytest.fixture
def archive(tmp_path):
    """Every sample, one record with a second version, one withdrawn, one a draft, indexed."""
    from sourcebook.archive import ingest, publication
    from sourcebook.archive.models import Document
    from sourcebook.search import indexer

    for path in sorted(SAMPLES.iterdir()):
        status = "draft" if path.stem == DRAFT else None
        assert all(o.status == "added" for o in ingest.ingest_file(path, status=status)), path
    changed = tmp_path / "wcda-208190.txt"
    text = (SAMPLES / "wcda-208190.txt").read_text(encoding="utf-8")
    changed.write_text(text.replace("North Korean and Chinese", "Chinese and North Korean", 1))
    assert ingest.ingest_file(changed)[0].status == "updated"
    publication.withdraw(Document.objects.get(public_id=WITHDRAWN), "Duplicate of 208190", "ed")
    indexer.catch_up()


def _checker(base: str):
    spec = requests.get(f"{base}/api/openapi.json", timeout=30).json()
    openapi = OpenAPI.from_dict(spec)

    def check(path: str, status: int = 200) -> requests.Response:
        response = requests.get(base + path, timeout=60, allow_redirects=False)
        assert response.status_code == status, (path, response.status_code, response.text[:300])
        openapi.validate_response(
            RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response)
        )
        return response

    return spec, openapi, check


def test_every_route_names_its_answers(live_server):
    spec, _, _ = _checker(live_server.url)
    routes = [(p, op) for p, ops in spec["paths"].items() for op in ops.values()]
    assert len(routes) >= 10
    for path, op in routes:
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in ok or "$ref" in ok.get("items", {}), path
    # The facet filters, read by name from the query string, are parameters of the schema too.
    from sourcebook.search.documents import FACETS

    search = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert set(FACETS) <= search and {"q", "from", "facets"} <= search
    for name, model in spec["components"]["schemas"].items():
        if name not in {"Version", "Editor"}:  # open by design (see schemas.Version, .Editor)
            assert model.get("additionalProperties") is False, name


def test_every_answer_is_what_the_schema_says(live_server, archive):
    from sourcebook.archive.models import Agent, Collection, Document

    _, _, check = _checker(live_server.url)
    page = check("/api/documents?page_size=50").json()
    seen = [r["id"] for r in page["results"]]
    while page["next"]:
        page = check(page["next"]).json()
        seen += [r["id"] for r in page["results"]]
    assert len(seen) == Document.objects.filter(status="published").count() > 100
    for public_id in seen:
        check(f"/api/documents/{quote(public_id)}")
    for path in (
        "/api/documents/208190/versions",
        "/api/documents/208190/versions/1",
        "/api/documents/208190/versions/2",
        "/api/documents/208190/citations",
        "/api/documents/208190/citations?version=1",
        "/api/search?q=Kim",
        "/api/search?q=%EA%B9%80%EC%9D%BC%EC%84%B1&facets=person,year",
        "/api/search?q=&language=Chinese&sort=-date&undated=include",
        "/api/search?q=zzzqqq&facets=",
        "/api/persons",
        "/api/persons?q=Kim&role=mentioned&from=1950&to=1970",
        "/api/collections",
    ):
        check(path)
    for slug in Agent.objects.filter(kind="person").values_list("slug", flat=True)[:40]:
        check(f"/api/persons/{slug}")
    for slug in Collection.objects.values_list("slug", flat=True):
        check(f"/api/collections/{slug}")


# One test for all of them: each case alone cost an ingest of every sample (about 4 s each,
# a minute of the suite per database); a failure names every case that failed.
ERRORS = [
    ("/api/documents/nope", 404),
    (f"/api/documents/{DRAFT}", 404),
    (f"/api/documents/{WITHDRAWN}", 410),
    (f"/api/documents/{WITHDRAWN}/citations", 410),
    (f"/api/documents/{WITHDRAWN}/versions", 410),
    (f"/api/documents/{WITHDRAWN}/versions/1", 410),
    ("/api/documents/208190/versions/9", 404),
    ("/api/documents/208190/citations?version=abc", 400),
    ("/api/documents?page=abc", 400),
    ("/api/documents?page=100000", 400),
    ("/api/documents?after=forged", 400),
    ("/api/documents/208190/versions?page=0", 400),
    ("/api/search?from=1990&to=1950", 400),
    ("/api/search?facets=colour", 400),
    ("/api/persons?from=abc", 400),
    ("/api/persons/nope", 404),
    ("/api/collections/nope", 404),
    ("/api/collections/frus1961-63v22?page=0", 400),
]


def test_every_error_is_one_the_schema_lists(live_server, archive):
    _, _, check = _checker(live_server.url)
    failed = []
    for path, status in ERRORS:
        try:
            body = check(path, status).json()
            if status == 410:  # the same tombstone from the record, its citations and history
                assert body["status"] == "withdrawn" and body["reason"] == "Duplicate of 208190"
        except Exception as exc:  # noqa: BLE001 (every case is reported, not the first)
            failed.append(f"{path} -> {status}: {exc!r:.300}")
    assert not failed, "\n".join(failed)


def test_an_answer_with_a_field_the_schema_lacks_fails_the_check(live_server, archive):
    """The check is strict: were a route to add a field without its model, the tests fail."""
    from openapi_core.exceptions import OpenAPIError

    _, openapi, check = _checker(live_server.url)
    response = check("/api/documents/208190")
    response._content = response.content.replace(b'{"id"', b'{"surprise": 1, "id"', 1)
    with pytest.raises(OpenAPIError):
        openapi.validate_response(
            RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response)
        )
